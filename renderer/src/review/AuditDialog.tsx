import { useState } from 'react';
import { startAudit } from './auditStore.ts';
import { focusCanvas } from './canvasFocus.ts';
import { Dialog } from './Dialog.tsx';
import { useReviewStore } from './reviewStore.ts';

/** Starts an audit (docs/qa-estimates.md, "Audit mode"): target half-width, strata, seed. */
export function AuditDialog() {
  const [target, setTarget] = useState('2');
  const [byConcept, setByConcept] = useState(false);
  const [seed, setSeed] = useState('');
  const close = () => {
    useReviewStore.setState({ dialog: undefined });
    requestAnimationFrame(focusCanvas);
  };
  const halfWidth = Number(target) / 100;
  const seedNumber = seed.trim() === '' ? undefined : Number(seed);
  const valid =
    Number.isFinite(halfWidth) &&
    halfWidth >= 0.001 &&
    halfWidth <= 0.5 &&
    (seedNumber === undefined || (Number.isInteger(seedNumber) && seedNumber >= 0 && seedNumber < 2 ** 31));
  const start = async () => {
    if (!valid) return;
    const started = await startAudit({
      targetHalfWidth: halfWidth,
      byConcept,
      ...(seedNumber === undefined ? {} : { seed: seedNumber }),
    });
    if (started) close();
  };
  return (
    <Dialog title="Start an audit" onClose={close}>
      <p className="muted">
        A stratified random sample of every predicted region in the workspace, reviewed one by one until the
        precision is known to the target.
      </p>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          void start();
        }}
      >
        <label>
          Target half-width at 95 % (±%)
          <input
            autoFocus
            type="number"
            min={0.1}
            max={50}
            step={0.1}
            value={target}
            onChange={(event) => setTarget(event.target.value)}
          />
        </label>
        <label>
          <input
            type="checkbox"
            checked={byConcept}
            onChange={(event) => setByConcept(event.target.checked)}
          />
          Strata by concept as well as by confidence
        </label>
        <label>
          Seed (empty: a random one)
          <input
            type="number"
            min={0}
            step={1}
            value={seed}
            onChange={(event) => setSeed(event.target.value)}
          />
        </label>
        <div className="dialog-buttons">
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" disabled={!valid}>
            Start audit
          </button>
        </div>
      </form>
    </Dialog>
  );
}
