import { formatCombo } from '../shortcuts/keyCombo.ts';
import type { ShortcutTable } from '../shortcuts/shortcutRegistry.ts';
import { useReviewStore } from './reviewStore.ts';

/** Under the canvas: what just happened, whether edits are still being saved, where help is. */
export function StatusLine(props: { table: ShortcutTable }) {
  const notice = useReviewStore((state) => state.notice);
  const pending = useReviewStore((state) => state.pending);
  const tool = useReviewStore((state) => state.tool);
  return (
    <div className="review-status">
      <span role="status" data-testid="review-notice">
        {notice}
      </span>
      <span className="spacer" />
      {tool === 'draw' && (
        <span className="draw-hint">Draw mode: drag a box, or press Enter to place one.</span>
      )}
      <span className="muted" data-testid="review-saving" data-pending={pending}>
        {pending > 0 ? 'Saving…' : 'All changes saved'}
      </span>
      <span className="muted">
        <kbd>{formatCombo(props.table.keysOf.get('help.toggle') ?? '?')}</kbd> shortcuts
      </span>
    </div>
  );
}
