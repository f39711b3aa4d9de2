import { useEffect, useState } from 'react';
import type { CommandOutput } from '../../../shared/contract.ts';
import { loupe } from '../loupe.ts';
import { useAppStore } from '../state/appStore.ts';
import { Dialog } from './Dialog.tsx';
import { imageName } from './ImageRow.tsx';
import { refreshList, useImageListStore } from './imageListStore.ts';
import { modelLabel, useModels } from '../state/models.ts';
import { useReviewStore } from './reviewStore.ts';

type Progress = CommandOutput<'predict.status'>;
/**
 * Predictions from the review screen: run any model on the chosen images, the images the list
 * shows, or all; see the jobs' progress; retry the failed; remove the open image from the
 * workspace (its file stays).
 */
export function PredictPanel() {
  const [progress, setProgress] = useState<Progress | undefined>();
  const [dialog, setDialog] = useState<'run' | 'remove' | undefined>();
  const report = useAppStore((state) => state.report);

  useEffect(() => {
    const read = () =>
      void loupe.invoke('predict.status', {}).then((result) => result.ok && setProgress(result.value));
    read();
    return loupe.on('predict.progress', (next) =>
      setProgress((previous) => ({ ...next, blockedBy: previous?.blockedBy ?? null })),
    );
  }, []);

  const retry = async () => {
    report(await loupe.invoke('predict.retryFailed', {}));
  };

  return (
    <section className="predict-panel" aria-label="Predictions">
      <div className="row">
        <button type="button" onClick={() => setDialog('run')}>
          Run a model…
        </button>
        <button type="button" onClick={() => setDialog('remove')}>
          Remove image…
        </button>
      </div>
      {progress && progress.queued + progress.failed > 0 && (
        <p className="muted" data-testid="predict-progress" role="status">
          Predictions: {progress.queued} waiting, {progress.done} done, {progress.failed} failed
          {progress.blockedBy ? ` — paused: ${progress.blockedBy}` : ''}
          {progress.failed > 0 && (
            <>
              {' '}
              <button type="button" className="link" onClick={() => void retry()}>
                Retry failed
              </button>
            </>
          )}
        </p>
      )}
      {dialog === 'run' && <RunModelDialog onClose={() => setDialog(undefined)} />}
      {dialog === 'remove' && <RemoveImageDialog onClose={() => setDialog(undefined)} />}
    </section>
  );
}

function RunModelDialog({ onClose }: { onClose: () => void }) {
  const models = useModels();
  const settings = useAppStore((state) => state.settings);
  const report = useAppStore((state) => state.report);
  const chosen = useImageListStore((state) => state.chosen);
  // predict.run takes a status: "the images the list shows" is offered when that is the whole filter.
  const filter = useImageListStore(({ filter }) =>
    filter.concept || filter.verdict || filter.hasUnreviewed ? undefined : filter.status,
  );
  const imageId = useReviewStore((state) => state.detail?.image.id);
  const [modelId, setModelId] = useState(settings?.model.modelId ?? '');
  const [scope, setScope] = useState<'chosen' | 'shown' | 'all'>(chosen.size > 0 ? 'chosen' : 'all');
  const ids = chosen.size > 0 ? [...chosen] : imageId !== undefined ? [imageId] : [];
  const run = async () => {
    const input =
      scope === 'chosen'
        ? { imageIds: ids, model: { modelId } }
        : scope === 'shown' && filter
          ? { status: filter, model: { modelId } }
          : { model: { modelId } };
    const result = report(await loupe.invoke('predict.run', input));
    if (result) {
      useReviewStore.setState({
        notice: `${result.queued} image(s) queued for ${modelLabel(models, modelId)}`,
      });
      onClose();
    }
  };
  return (
    <Dialog title="Run a model" onClose={onClose}>
      <label>
        <span>Model</span>
        <select
          aria-label="Model to run"
          value={modelId}
          onChange={(event) => setModelId(event.target.value)}
        >
          {!models.some((model) => model.id === modelId) && <option value={modelId}>{modelId}</option>}
          {models.map((model) => (
            <option key={model.id} value={model.id}>
              {model.name}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="radios">
        <legend>On</legend>
        <label className="radio">
          <input type="radio" checked={scope === 'chosen'} onChange={() => setScope('chosen')} />
          <span>{chosen.size > 0 ? `The ${chosen.size} chosen image(s)` : 'This image'}</span>
        </label>
        {filter && (
          <label className="radio">
            <input type="radio" checked={scope === 'shown'} onChange={() => setScope('shown')} />
            <span>The images the list shows ({filter.replace('_', ' ')})</span>
          </label>
        )}
        <label className="radio">
          <input type="radio" checked={scope === 'all'} onChange={() => setScope('all')} />
          <span>Every image without a prediction of this model</span>
        </label>
      </fieldset>
      <div className="row dialog-buttons">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          disabled={!modelId || (scope === 'chosen' && ids.length === 0)}
          onClick={() => void run()}
        >
          Run
        </button>
      </div>
    </Dialog>
  );
}

function RemoveImageDialog({ onClose }: { onClose: () => void }) {
  const report = useAppStore((state) => state.report);
  const chosen = useImageListStore((state) => state.chosen);
  const detail = useReviewStore((state) => state.detail);
  const ids = chosen.size > 0 ? [...chosen] : detail ? [detail.image.id] : [];
  const what =
    chosen.size > 0 ? `${chosen.size} chosen image(s)` : detail ? imageName(detail.image.source) : 'no image';
  const remove = async () => {
    if (report(await loupe.invoke('images.remove', { imageIds: ids }))) {
      refreshList();
      onClose();
    }
  };
  return (
    <Dialog title="Remove from the workspace" onClose={onClose}>
      <p>
        Remove {what} from this workspace, with its predictions and reviews? The image files stay where they
        are.
      </p>
      <div className="row dialog-buttons">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="danger" disabled={ids.length === 0} onClick={() => void remove()}>
          Remove
        </button>
      </div>
    </Dialog>
  );
}
