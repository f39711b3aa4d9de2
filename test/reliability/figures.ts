import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { soak } from '../support/soak.ts';

export type Figures = Record<string, number | string | boolean | Record<string, number | string>>;

const folder = fileURLToPath(new URL('../../.tmp/reliability/', import.meta.url));

/**
 * Records what a reliability test measured (trials, cases, faults, hits), printed and written to
 * `.tmp/reliability/<name>.<smoke|soak>.json`, so the README's figures are copied from a real
 * run rather than from the tests' intentions.
 */
export function recordFigures(name: string, figures: Figures): void {
  const run = soak ? 'soak' : 'smoke';
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    `${folder}${name}.${run}.json`,
    `${JSON.stringify({ run, at: new Date().toISOString(), ...figures }, null, 2)}\n`,
  );
  console.log(`[reliability] ${name} (${run}): ${JSON.stringify(figures)}`);
}
