import { loupe } from '../loupe.ts';
import { verdictLabels } from '../review/ImageList.tsx';
import type { TriageVerdict } from '../../../shared/regionTriage.ts';
import { clickCrop } from './triageActions.ts';
import { rowAt, rowId, useTriageStore } from './triageStore.ts';

export const cropCellId = (index: number): string => `triage-crop-${index}`;

const triageVerdictLabels: Record<TriageVerdict, string> = { ...verdictLabels, unreviewed: 'Unreviewed' };

/**
 * One crop of the grid: the region cut from its image (the crop route, docs/triage.md), its label,
 * confidence and verdict; a verdict carried from an earlier model version looks apart until
 * confirmed. Subscribes to its own row only, so a page arriving re-renders its crops, not the grid.
 */
export function TriageCrop(props: { index: number }) {
  const { index } = props;
  const row = useTriageStore((state) => rowAt(state, index));
  const focused = useTriageStore((state) => state.focus === index);
  const selected = useTriageStore((state) => (row ? state.selection.has(rowId(row)) : false));
  if (!row)
    return <div className="triage-crop loading" role="gridcell" id={cropCellId(index)} aria-busy="true" />;
  const confidence = row.confidence === null ? '—' : `${Math.round(row.confidence * 100)}%`;
  const verdict = triageVerdictLabels[row.verdict];
  return (
    <div
      id={cropCellId(index)}
      role="gridcell"
      className={`triage-crop verdict-${row.verdict}${row.carried ? ' carried' : ''}${focused ? ' focused' : ''}`}
      aria-selected={selected}
      aria-label={`${row.concept ?? 'no label'}, ${confidence}, ${verdict}${row.carried ? ' (carried)' : ''}, ${row.imageName}`}
      data-index={index}
      data-prediction={row.predictionId}
      data-region={row.regionKey}
      data-verdict={row.verdict}
      data-carried={row.carried}
      data-focused={focused}
      onMouseDown={(event) => {
        // The grid keeps the keyboard; a Shift-click must not select text.
        event.preventDefault();
        event.currentTarget.closest<HTMLElement>('[role="grid"]')?.focus();
        clickCrop(index, { shift: event.shiftKey, toggle: event.ctrlKey || event.metaKey });
      }}
    >
      <img
        src={loupe.cropUrl(row.predictionId, row.regionKey)}
        alt=""
        width={192}
        height={192}
        decoding="async"
        draggable={false}
      />
      <div className="triage-caption">
        <span className="triage-label" data-testid="crop-label">
          {row.concept ?? '—'}
        </span>
        <span className="triage-confidence">{confidence}</span>
      </div>
      <span className={`triage-verdict verdict-${row.verdict}`} data-testid="crop-verdict">
        {row.carried ? `${verdict} · carried` : verdict}
      </span>
    </div>
  );
}
