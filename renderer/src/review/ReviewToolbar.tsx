import { formatCombo } from '../shortcuts/keyCombo.ts';
import type { ShortcutTable } from '../shortcuts/shortcutRegistry.ts';
import { DisplayControls } from './DisplayControls.tsx';
import { actionsById, type ActionId } from './reviewActions.ts';
import { setThreshold, useReviewStore } from './reviewStore.ts';
import { runAction } from './useReviewShortcuts.ts';
import { useViewportStore } from './viewportStore.ts';

/**
 * A button for an action, made from its record: its label, its keys as remapped in the tooltip
 * and `aria-keyshortcuts`, disabled and pressed as the record says.
 */
export function ActionButton(props: {
  id: ActionId;
  table: ShortcutTable;
  /** How the button runs its action (the triage grid runs its own); the review screen's by default. */
  run?: (id: ActionId) => boolean;
}) {
  const action = actionsById.get(props.id)!;
  const enabled = useReviewStore((state) => action.enabled?.(state) ?? true);
  const pressed = useReviewStore((state) => action.pressed?.(state));
  const keys = props.table.keysOf.get(props.id);
  return (
    <button
      type="button"
      title={`${action.label} (${formatCombo(keys ?? '')})`}
      aria-keyshortcuts={keys}
      aria-pressed={pressed}
      disabled={!enabled}
      data-action={props.id}
      onClick={() => (props.run ?? runAction)(props.id)}
    >
      {action.button ?? action.label}
    </button>
  );
}

/** Buttons for what the keys do (each names its keys), the zoom level and the confidence threshold. */
export function ReviewToolbar(props: { table: ShortcutTable }) {
  const scale = useViewportStore((state) => state.viewport.scale);
  const threshold = useReviewStore((state) => state.threshold);
  const button = (id: ActionId) => <ActionButton id={id} table={props.table} />;
  return (
    <div className="review-toolbar" role="toolbar" aria-label="Review tools">
      {button('view.zoomOut')}
      <span className="zoom-level" data-testid="zoom-level">
        {Math.round(scale * 100)}%
      </span>
      {button('view.zoomIn')}
      {button('view.fit')}
      {button('view.actualSize')}
      {button('view.zoomToRegion')}
      {button('view.minimap')}
      <span className="separator" />
      {button('region.drawMode')}
      {button('region.acceptAll')}
      {button('review.undo')}
      {button('review.redo')}
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
      <DisplayControls table={props.table} />
      <span className="spacer" />
      <button
        type="button"
        title="Audit by sampling: review a stratified sample until the precision is known"
        onClick={() => useReviewStore.setState({ dialog: 'audit' })}
      >
        Audit…
      </button>
      {button('triage.open')}
      {button('image.doneAndNext')}
      {button('help.toggle')}
    </div>
  );
}
