import { formatCombo } from '../shortcuts/keyCombo.ts';
import type { ActionId } from '../shortcuts/shortcutActions.ts';
import type { ShortcutTable } from '../shortcuts/shortcutRegistry.ts';
import { doneAndNext } from './imageNavigation.ts';
import { acceptAllRemaining, toggleDrawMode } from './regionActions.ts';
import { redo, undo } from './reviewCommands.ts';
import { activeReview, setThreshold, useReviewStore } from './reviewStore.ts';
import { fit, showActualSize, zoomIn, zoomOut, zoomToSelected } from './viewActions.ts';
import { useViewportStore } from './viewportStore.ts';

/** Buttons for what the keys do (each names its keys), the zoom level and the confidence threshold. */
export function ReviewToolbar(props: { table: ShortcutTable }) {
  const scale = useViewportStore((state) => state.viewport.scale);
  const tool = useReviewStore((state) => state.tool);
  const threshold = useReviewStore((state) => state.threshold);
  const canUndo = useReviewStore((state) => activeReview(state)?.canUndo ?? false);
  const canRedo = useReviewStore((state) => activeReview(state)?.canRedo ?? false);
  const open = useReviewStore((state) => state.predictionId !== undefined);
  const keys = (id: ActionId) => formatCombo(props.table.keysOf.get(id) ?? '');
  const button = (
    id: ActionId,
    label: string,
    run: () => void,
    extra: { pressed?: boolean; disabled?: boolean } = {},
  ) => (
    <button
      type="button"
      title={`${label} (${keys(id)})`}
      aria-keyshortcuts={props.table.keysOf.get(id)}
      aria-pressed={extra.pressed}
      disabled={extra.disabled}
      onClick={run}
    >
      {label}
    </button>
  );
  return (
    <div className="review-toolbar" role="toolbar" aria-label="Review tools">
      {button('view.zoomOut', '−', zoomOut)}
      <span className="zoom-level" data-testid="zoom-level">
        {Math.round(scale * 100)}%
      </span>
      {button('view.zoomIn', '+', zoomIn)}
      {button('view.fit', 'Fit', fit)}
      {button('view.actualSize', '1:1', showActualSize)}
      {button('view.zoomToRegion', 'Zoom to region', zoomToSelected)}
      <span className="separator" />
      {button('region.drawMode', 'Draw', toggleDrawMode, { pressed: tool === 'draw', disabled: !open })}
      {button('region.acceptAll', 'Accept all', acceptAllRemaining, { disabled: !open })}
      {button('review.undo', 'Undo', undo, { disabled: !canUndo })}
      {button('review.redo', 'Redo', redo, { disabled: !canRedo })}
      <label className="threshold">
        Confidence threshold
        <input
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={threshold}
          onChange={(event) => setThreshold(Number(event.target.value))}
        />
        <output>{Math.round(threshold * 100)}%</output>
      </label>
      <span className="spacer" />
      {button('image.doneAndNext', 'Done & next', () => void doneAndNext(), { disabled: !open })}
      {button('help.toggle', 'Shortcuts', () => useReviewStore.setState({ dialog: 'shortcuts' }))}
    </div>
  );
}
