import { useEffect } from 'react';
import { endAudit, loadAudit, useAuditStore, watchAudit } from './auditStore.ts';

const percent = (value: number | null, digits = 1) =>
  value === null ? '—' : `${(value * 100).toFixed(digits)} %`;

/**
 * The open audit, live (docs/qa-estimates.md, "Audit mode"): the stratified estimate of precision
 * with its 95 % interval, the verdicts given, and how many more reach the target; once reached it
 * says so and the audit stops drawing regions.
 */
export function AuditPanel() {
  const audit = useAuditStore((state) => state.audit);
  useEffect(() => {
    void loadAudit();
    return watchAudit();
  }, []);
  if (!audit) return null;
  return (
    <section
      className="audit-bar audit-open"
      aria-label="Audit"
      data-testid="audit-panel"
      data-done={audit.done}
      data-judged={audit.judged}
      data-remaining={audit.remaining}
    >
      <strong>Audit</strong>
      <span className="muted">
        seed {audit.seed} · target ±{percent(audit.targetHalfWidth)} at 95 %
        {audit.byConcept ? ' · by confidence and concept' : ' · by confidence'} · {audit.population} regions
      </span>
      <span data-testid="audit-estimate">
        Precision {percent(audit.estimate)}
        {audit.halfWidth !== null && (
          <>
            {' '}
            ({percent(audit.low)} – {percent(audit.high)}, ±{percent(audit.halfWidth)})
          </>
        )}
      </span>
      <span data-testid="audit-progress">
        {audit.judged} judged ·{' '}
        {audit.done
          ? 'target reached: the audit stops here'
          : `${audit.remaining} more to reach ±${percent(audit.targetHalfWidth)}`}
      </span>
      <button type="button" onClick={() => void endAudit()}>
        End audit
      </button>
    </section>
  );
}
