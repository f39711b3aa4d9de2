import { useShallow } from 'zustand/react/shallow';
import type { Judgement, ReviewedConcept } from '../../../shared/review.ts';
import { AddConceptField } from './AddConceptField.tsx';
import { ConceptList } from './ConceptList.tsx';
import { LabelKeys } from './LabelKeys.tsx';
import { modelLabel, useModels } from '../state/models.ts';
import { PredictPanel } from './PredictPanel.tsx';
import { imageName } from './ImageRow.tsx';
import {
  acceptAndNext,
  copySelected,
  judge,
  removeSelected,
  resetSelected,
  restoreSelected,
} from './regionActions.ts';
import { regionLook, type RegionLook } from './regionStatus.ts';
import { showPrediction } from './reviewCommands.ts';
import { isNewConcept } from './conceptCatalog.ts';
import { activeVocabulary, useReviewStore, type ConceptTarget } from './reviewStore.ts';

export const lookLabels: Record<RegionLook, string> = {
  unreviewed: 'Unreviewed',
  accurate: 'Accurate',
  misplaced: 'Misplaced',
  false_positive: 'False positive',
  not_detected: 'Not detected (drawn)',
  deleted: 'Deleted',
};

function judgeAt(target: ConceptTarget, index: number, judgement: Judgement) {
  useReviewStore.setState({ conceptTarget: target, conceptIndex: index });
  judge(judgement);
}

/** What the canvas cannot show well: counts, the selected region's verdict and concepts, the image's concepts. */
export function Inspector() {
  const detail = useReviewStore((state) => state.detail);
  const predictionId = useReviewStore((state) => state.predictionId);
  const status = useReviewStore((state) =>
    state.predictionId === undefined ? undefined : state.reviews.get(state.predictionId)?.status,
  );
  const counts = useReviewStore(
    useShallow((state) => {
      const tally: Record<RegionLook, number> = {
        unreviewed: 0,
        accurate: 0,
        misplaced: 0,
        false_positive: 0,
        not_detected: 0,
        deleted: 0,
      };
      for (const region of state.regions) tally[regionLook(region)]++;
      return tally;
    }),
  );
  const region = useReviewStore((state) =>
    state.selectedKey === undefined ? undefined : state.regionsByKey.get(state.selectedKey),
  );
  const selectionCount = useReviewStore((state) => state.selection.size);
  const imageConcepts = useReviewStore((state) => state.imageConcepts);
  const conceptTarget = useReviewStore((state) =>
    state.selectedKey === undefined ? 'image' : state.conceptTarget,
  );
  const conceptIndex = useReviewStore((state) => state.conceptIndex);
  const vocabulary = useReviewStore((state) => activeVocabulary(state));
  const isNew = (concept: ReviewedConcept) => isNewConcept(concept, vocabulary);
  const models = useModels();
  if (!detail) return <aside className="inspector" aria-label="Review" />;
  const reviewed = detail.predictions.filter((prediction) => prediction.review);
  const failed = detail.predictions.filter((prediction) => !prediction.review);
  const look = region ? regionLook(region) : undefined;

  return (
    <aside className="inspector" aria-label="Review">
      <header>
        <h2 title={detail.image.source}>{imageName(detail.image.source)}</h2>
        {reviewed.length > 1 && (
          <label>
            Model{' '}
            <select value={predictionId} onChange={(event) => showPrediction(Number(event.target.value))}>
              {reviewed.map((prediction) => (
                <option key={prediction.predictionId} value={prediction.predictionId}>
                  {modelLabel(models, prediction.modelId)}
                  {/* Two versions of one model: the version tells them apart. */}
                  {prediction.modelVersionId &&
                  reviewed.some((other) => other !== prediction && other.modelId === prediction.modelId)
                    ? ` · ${prediction.modelVersionId}`
                    : ''}
                </option>
              ))}
            </select>
          </label>
        )}
        {failed.map((prediction) => (
          <p key={prediction.predictionId} className="error-text">
            {modelLabel(models, prediction.modelId)}: {prediction.statusDescription} ({prediction.statusCode})
          </p>
        ))}
        <PredictPanel />
        {status && (
          <p className="muted" data-testid="review-status">
            Review {status.replace('_', ' ')}
          </p>
        )}
      </header>
      <dl className="region-counts" data-testid="region-counts">
        {(['unreviewed', 'accurate', 'misplaced', 'false_positive', 'not_detected'] as const).map((kind) => (
          <div key={kind} className={`count count-${kind}`}>
            <dt>{lookLabels[kind]}</dt>
            <dd data-count={kind}>{counts[kind]}</dd>
          </div>
        ))}
      </dl>
      {selectionCount > 0 ? (
        <MultiSelection count={selectionCount} />
      ) : region && look ? (
        <section
          className="selected-region"
          aria-label="Selected region"
          data-testid="selected-region"
          data-key={region.key}
          data-look={look}
          data-carried={region.carried ? (region.carried.confirmed ? 'confirmed' : 'carried') : undefined}
        >
          <h3>
            Region · <span className={`look look-${look}`}>{lookLabels[look]}</span>
          </h3>
          {region.carried && (
            <p className="muted carried-note">
              {region.carried.confirmed ? 'Was carried' : 'Carried'} from the earlier version (
              {lookLabels[region.carried.verdict]}, IoU {region.carried.iou.toFixed(2)})
              {region.carried.confirmed ? '' : ' · V confirms every carried verdict'}
            </p>
          )}
          <div className="row">
            {region.source === 'predicted' && !region.removed && (
              <button type="button" onClick={acceptAndNext}>
                Accept
              </button>
            )}
            {region.removed ? (
              <button type="button" onClick={restoreSelected}>
                Restore
              </button>
            ) : (
              <button type="button" onClick={removeSelected}>
                {region.source === 'predicted' ? 'False positive' : 'Delete'}
              </button>
            )}
            {look === 'misplaced' && (
              <button type="button" onClick={resetSelected}>
                Reset box
              </button>
            )}
          </div>
          <ConceptList
            title="Region concepts"
            testId="region-concepts"
            concepts={region.concepts}
            focusedIndex={conceptTarget === 'region' ? conceptIndex : undefined}
            onJudge={(index, judgement) => judgeAt('region', index, judgement)}
            isNew={isNew}
          />
          {!region.removed && <LabelKeys />}
        </section>
      ) : (
        <p className="muted">No region selected: Tab selects one, N draws one.</p>
      )}
      <ConceptList
        title="Image concepts"
        testId="image-concepts"
        concepts={imageConcepts}
        focusedIndex={conceptTarget === 'image' ? conceptIndex : undefined}
        onJudge={(index, judgement) => judgeAt('image', index, judgement)}
        isNew={isNew}
      />
      <AddConceptField />
    </aside>
  );
}

/** Several regions selected: the verdict and label buttons act on all of them, each as one undo step. */
function MultiSelection(props: { count: number }) {
  return (
    <section
      className="selected-region"
      aria-label="Selected regions"
      data-testid="selected-regions"
      data-count={props.count}
    >
      <h3>{props.count} regions selected</h3>
      <div className="row">
        {(
          [
            [`Accept all ${props.count}`, acceptAndNext],
            ['False positive', removeSelected],
            ['Restore', restoreSelected],
            ['Reset boxes', resetSelected],
            ['Copy', copySelected],
          ] as const
        ).map(([label, run]) => (
          <button key={label} type="button" onClick={run}>
            {label}
          </button>
        ))}
      </div>
      <LabelKeys />
      <p className="muted">
        Shift-click adds or takes out a region, Esc clears; one undo takes back a bulk edit.
      </p>
    </section>
  );
}
