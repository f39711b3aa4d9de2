import { join } from 'node:path';
import { createLoupeApp, type LoupeApp } from '../../../electron/main/loupeApp.ts';
import { sampleImage, seedWorkspace, workspaceFile } from '../../support/seedWorkspace.ts';
import type { Benchmark } from '../harness/benchmark.ts';
import { perCallMs } from '../harness/pairs.ts';
import { row, type Row } from '../harness/results.ts';
import { pairedRatios, summarize } from '../harness/stats.ts';
import { gridRegions } from './regionGrid.ts';

const regionCounts = [200, 2000, 5000];
const samples = 9;
const callsPerSample = 40;

async function invoke(app: LoupeApp, name: string, input: unknown): Promise<unknown> {
  const result = await app.dispatch(name, input);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.message}`);
  return result.value;
}

/**
 * `review.apply` on the main side at several region counts: the cost of one key press (a nudge of
 * one region) should follow what it changes, not how many regions the review has.
 */
export const editsBenchmark: Benchmark = {
  name: 'edits',
  title: 'Edits: review.apply at 200, 2,000 and 5,000 regions',
  async run({ dir, log }) {
    const dataDir = join(dir, 'data');
    const seeded = await seedWorkspace(
      dataDir,
      regionCounts.map((count) => ({ file: sampleImage(4), regions: gridRegions(count) })),
    );
    const app = createLoupeApp({ dataDir: join(dir, 'app'), transport: 'bridge', log: () => {} });
    const perCount = new Map<number, number[]>();
    try {
      await invoke(app, 'workspace.open', { file: workspaceFile(dataDir) });
      const nudges = seeded.map(({ predictionId }) => {
        let step = 0;
        return () => {
          step++;
          const shift = (step % 2) * 0.001;
          const box = { top: 0.2 + shift, left: 0.2 + shift, bottom: 0.21 + shift, right: 0.21 + shift };
          // The first region of the grid: one region changes per call, as a nudge does.
          return invoke(app, 'review.apply', {
            predictionId,
            op: { type: 'setBox', key: `r-0-0`, box },
          });
        };
      });
      // Taking turns: each round measures every region count, in an order that rotates.
      for (let round = -1; round < samples; round++) {
        for (let offset = 0; offset < regionCounts.length; offset++) {
          const index = (round + offset + regionCounts.length) % regionCounts.length;
          const ms = await perCallMs(callsPerSample, nudges[index]!);
          if (round >= 0) perCount.set(index, [...(perCount.get(index) ?? []), ms]);
        }
      }
    } finally {
      await app.close();
    }
    const base = perCount.get(0)!;
    const rows: Row[] = regionCounts.map((count, index) => {
      const values = perCount.get(index)!;
      const summary = summarize(values);
      log(`review.apply at ${count} regions: ${summary.median.toFixed(3)} ms`);
      return index === 0
        ? row({
            case: `review.apply (one region moved) at ${count} regions`,
            metric: 'time per call',
            unit: 'ms',
            loupe: summary,
          })
        : row({
            case: `review.apply (one region moved) at ${count} regions`,
            metric: 'time per call',
            unit: 'ms',
            loupe: summary,
            reference: { name: `the same at ${regionCounts[0]} regions`, value: summarize(base) },
            ratio: summarize(pairedRatios(values, base)),
            target: { on: 'ratio', atMost: 1.5 },
          });
    });
    const at2000 = summarize(perCount.get(1)!);
    rows.push(
      row({
        case: 'review.apply (one region moved) at 2000 regions, absolute',
        metric: 'time per call',
        unit: 'ms',
        loupe: at2000,
        target: { on: 'value', atMost: 2 },
      }),
    );
    return {
      references:
        'Loupe: the contract command `review.apply` called in-process through the dispatcher (input validated, the edit journaled and committed with synchronous=FULL, the receipt validated), moving one region of a review of 200, 2,000 or 5,000 regions. Reference: the same call on the 200-region review, in the same round (the counts take turns at going first).',
      rows,
      findings: [],
    };
  },
};
