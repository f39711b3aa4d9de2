import { describe, expect, it } from 'vitest';
import { JobLoop, type StepOutcome } from '../../../../../electron/main/jobs/jobLoop.ts';

/** A loop over a scripted list of outcomes; records the steps it took and the errors it reported. */
function scripted(outcomes: (StepOutcome | Error)[]) {
  const errors: unknown[] = [];
  let steps = 0;
  const loop = new JobLoop({
    step: () => {
      const next = outcomes[steps++] ?? { kind: 'idle' };
      if (next instanceof Error) throw next;
      return next;
    },
    onStorageError: (error) => errors.push(error),
  });
  return { loop, errors, steps: () => steps };
}

describe('JobLoop: the one loop of prediction jobs and deliveries', () => {
  it('a one-pass run stops at the first job not yet due; a run to empty waits for it', async () => {
    const once = scripted([{ kind: 'worked' }, { kind: 'due', ms: 60_000 }, { kind: 'worked' }]);
    await once.loop.drain('once');
    expect(once.steps()).toBe(2);

    const empty = scripted([
      { kind: 'worked' },
      { kind: 'due', ms: 5 },
      { kind: 'worked' },
      { kind: 'idle' },
    ]);
    await empty.loop.drain('empty');
    expect(empty.steps()).toBe(4);
  });

  it('a foreground run ends when held (paused, blocked) or when the workspace file refuses', async () => {
    const held = scripted([{ kind: 'held' }, { kind: 'worked' }]);
    await held.loop.drain('empty');
    expect(held.steps()).toBe(1);

    const refused = scripted([new Error('disk I/O error'), { kind: 'worked' }]);
    await refused.loop.drain('empty');
    expect(refused.steps()).toBe(1);
    expect(refused.errors).toHaveLength(1);
  });

  it('in the background it sleeps while idle, wakes on new work, and stops on stop()', async () => {
    const { loop, steps } = scripted([{ kind: 'idle' }, { kind: 'worked' }, { kind: 'idle' }]);
    loop.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(steps()).toBe(1);
    loop.wake();
    await expect.poll(steps).toBe(3);
    await loop.stop();
    expect(loop.running).toBe(false);
  });

  it('in the background a refusing workspace file is reported and tried again', async () => {
    const { loop, errors, steps } = scripted([new Error('database is locked'), { kind: 'idle' }]);
    loop.start();
    await expect.poll(steps, { timeout: 3000 }).toBe(2);
    expect(errors).toHaveLength(1);
    await loop.stop();
  });
});
