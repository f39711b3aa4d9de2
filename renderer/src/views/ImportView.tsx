import { useEffect, useState } from 'react';
import type { CommandOutput } from '../../../shared/contract.ts';
import { imageExtensions, type PathPickRequest } from '../../../shared/fileBrowsing.ts';
import type { ImportReportView } from '../../../shared/workspaceViews.ts';
import { loupe } from '../loupe.ts';
import { useAppStore } from '../state/appStore.ts';
import { ForeignImportPanel } from './ForeignImportPanel.tsx';
import { BrowseButton } from './PathPicker.tsx';

const imagePick: PathPickRequest = { kind: 'file', extensions: [...imageExtensions], multiple: true };

/**
 * Import from the UI: files and folders by path, typed or chosen with Browse… (the picker of
 * PathPicker.tsx), or dropped on the page (DropImport.tsx); URL lists, and predictions made elsewhere (ForeignImportPanel).
 */
export function ImportView() {
  const report = useAppStore((state) => state.report);
  const [paths, setPaths] = useState('');
  const [urls, setUrls] = useState('');
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<
    { done: number; total: number; stage?: 'reading' | 'matching' } | undefined
  >();
  const [result, setResult] = useState<ImportReportView | undefined>();
  const [versionId, setVersionId] = useState('');
  const [awaitingOnly, setAwaitingOnly] = useState(true);
  const [appResult, setAppResult] = useState<CommandOutput<'images.importFromApp'> | undefined>();
  const platformApp = useAppStore((state) =>
    state.settings ? `${state.settings.platform.userId}/${state.settings.platform.appId}` : '',
  );

  useEffect(() => loupe.on('import.progress', setProgress), []);

  const run = async (work: () => ReturnType<typeof loupe.invoke<'images.import'>>) => {
    setBusy(true);
    setResult(undefined);
    setResult(report(await work()));
    setBusy(false);
    setProgress(undefined);
  };
  const lines = (text: string) =>
    text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);

  return (
    <section className="import" aria-labelledby="import-title">
      <h1 id="import-title">Import</h1>
      <div className="form">
        <fieldset className="fieldset">
          <legend>Images</legend>
          <label>
            <span>Files or folders (one path per line; folders are read recursively)</span>
            <textarea rows={3} value={paths} onChange={(event) => setPaths(event.target.value)} />
          </label>
          <div className="row">
            <BrowseButton
              what="images"
              request={imagePick}
              allowFolder
              onPick={(picked) => setPaths((current) => [...lines(current), ...picked].join('\n'))}
            />
            <span className="muted">or drop image files anywhere on the page</span>
          </div>
          <label>
            <span>Image URLs (one per line)</span>
            <textarea rows={3} value={urls} onChange={(event) => setUrls(event.target.value)} />
          </label>
          <button
            type="button"
            disabled={busy || (!paths.trim() && !urls.trim())}
            onClick={() =>
              void run(() => loupe.invoke('images.import', { paths: lines(paths), urls: lines(urls) }))
            }
          >
            Import images
          </button>
        </fieldset>
        <ForeignImportPanel busy={busy} setBusy={setBusy} />
        <fieldset className="fieldset">
          <legend>Clarifai app (review the platform&apos;s own annotations)</legend>
          <p className="muted">
            The annotations a model version made in the app {platformApp} (Settings ▸ Delivery) become
            predictions to review; submitting sets each one&apos;s status and adds the correction beside it.
          </p>
          <label>
            <span>Model version id</span>
            <input value={versionId} onChange={(event) => setVersionId(event.target.value)} />
          </label>
          <label className="radio">
            <input
              type="checkbox"
              checked={awaitingOnly}
              onChange={(event) => setAwaitingOnly(event.target.checked)}
            />
            <span>Only annotations awaiting review</span>
          </label>
          <button
            type="button"
            disabled={busy || !versionId.trim()}
            onClick={() =>
              void (async () => {
                setBusy(true);
                setAppResult(undefined);
                setAppResult(
                  report(
                    await loupe.invoke('images.importFromApp', {
                      modelVersionId: versionId.trim(),
                      awaitingReviewOnly: awaitingOnly,
                    }),
                  ),
                );
                setBusy(false);
                setProgress(undefined);
              })()
            }
          >
            Import from app
          </button>
          {appResult && (
            <div role="status" data-testid="app-import-result">
              <p>
                {appResult.annotations} annotation(s) on {appResult.inputs} input(s) of {appResult.app}:{' '}
                {appResult.predictions} new prediction(s) to review, {appResult.alreadyImported} already here.
              </p>
              {appResult.skipped.length > 0 && (
                <ul className="error-text">
                  {appResult.skipped.map((skipped) => (
                    <li key={skipped.inputId}>
                      input {skipped.inputId}: {skipped.reason}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </fieldset>
      </div>
      {busy && progress && (
        <p className="muted">
          {progress.stage === 'reading' ? 'Reading the file… ' : ''}
          <progress max={progress.total} value={progress.done} aria-label="Import progress" />
        </p>
      )}
      {result && (
        <div role="status" data-testid="import-result">
          <p>
            Imported {result.added} image(s); {result.duplicates} were already in the workspace.
          </p>
          {result.failed.length > 0 && (
            <ul className="error-text">
              {result.failed.map((failure) => (
                <li key={failure.source}>
                  {failure.source}: {failure.reason}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
