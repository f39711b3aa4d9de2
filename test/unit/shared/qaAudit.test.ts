import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../shared/random.ts';
import { auditEstimate, auditOrder, confidenceStratum, type StratumTally } from '../../../shared/qaAudit.ts';

/** A synthetic population: five confidence bands, each with its own true precision. */
function population(size: number, seed: number) {
  const random = createRandom(seed).next;
  const bands = [
    { share: 0.1, precision: 0.3 },
    { share: 0.15, precision: 0.55 },
    { share: 0.2, precision: 0.75 },
    { share: 0.25, precision: 0.9 },
    { share: 0.3, precision: 0.97 },
  ];
  const units: { id: string; stratum: string; correct: boolean }[] = [];
  bands.forEach((band, index) => {
    for (let n = 0; n < Math.round(size * band.share); n++) {
      const confidence = (index + random()) / 5;
      units.push({
        id: `u${units.length}`,
        stratum: confidenceStratum(confidence),
        correct: random() < band.precision,
      });
    }
  });
  return { units, truth: units.filter((unit) => unit.correct).length / units.length };
}

function runAudit(units: ReturnType<typeof population>['units'], seed: number, target: number) {
  const tallies = new Map<string, StratumTally>();
  for (const unit of units) {
    const tally = tallies.get(unit.stratum) ?? { size: 0, judged: 0, correct: 0 };
    tally.size++;
    tallies.set(unit.stratum, tally);
  }
  for (const unit of auditOrder(units, seed)) {
    const tally = tallies.get(unit.stratum)!;
    tally.judged++;
    if (unit.correct) tally.correct++;
    const estimate = auditEstimate([...tallies.values()], target);
    if (estimate.done) return estimate;
  }
  return auditEstimate([...tallies.values()], target);
}

describe('audit by sampling', () => {
  it('is seeded: the same population and seed give the same order, whatever order the units came in', () => {
    const { units } = population(500, 1);
    const once = auditOrder(units, 42).map((unit) => unit.id);
    expect(auditOrder([...units].reverse(), 42).map((unit) => unit.id)).toEqual(once);
    expect(auditOrder(units, 43).map((unit) => unit.id)).not.toEqual(once);
    expect(new Set(once).size).toBe(units.length);
  });

  it('keeps every prefix of the order proportional to the strata', () => {
    const { units } = population(1000, 2);
    const order = auditOrder(units, 7);
    const share = (list: typeof units, stratum: string) =>
      list.filter((unit) => unit.stratum === stratum).length / list.length;
    for (const prefix of [20, 100, 333]) {
      for (const stratum of new Set(units.map((unit) => unit.stratum))) {
        expect(Math.abs(share(order.slice(0, prefix), stratum) - share(units, stratum))).toBeLessThanOrEqual(
          1 / prefix + 1e-9,
        );
      }
    }
  });

  it('the stratified estimate and its remaining count, by hand', () => {
    // Two strata of 100: 8 of 10 and 1 of 10 correct. p = ½·0.8 + ½·0.1 = 0.45.
    const estimate = auditEstimate(
      [
        { size: 100, judged: 10, correct: 8 },
        { size: 100, judged: 10, correct: 1 },
      ],
      0.05,
    );
    expect(estimate.estimate).toBeCloseTo(0.45, 12);
    // Var = ¼·(0.75·0.25/10)·0.9 + ¼·(⅙·⅚/10)·0.9 = 0.0042188 + 0.0031250; half = z·√Var.
    expect(estimate.halfWidth).toBeCloseTo(1.959964 * Math.sqrt(0.00421875 + 0.003125), 6);
    // n₀ = z²·(½·0.1875 + ½·0.138889)/0.05² = 250.9; n = n₀/(1 + n₀/200) = 111.3 → 112, less 20 given.
    expect(estimate.remaining).toBe(92);
    expect(estimate.done).toBe(false);
    // Until every stratum has a verdict there is no estimate, but there is a count.
    const early = auditEstimate(
      [
        { size: 100, judged: 3, correct: 3 },
        { size: 100, judged: 0, correct: 0 },
      ],
      0.05,
    );
    expect([early.estimate, early.remaining > 0]).toEqual([null, true]);
  });

  it('in 1,000 seeded audits of a known population the 95 % interval covers the truth ≥ 93 % of the time, and each stops within the target', () => {
    const { units, truth } = population(8000, 3);
    const target = 0.02;
    let covered = 0;
    for (let seed = 1; seed <= 1000; seed++) {
      const result = runAudit(units, seed, target);
      expect(result.done).toBe(true);
      expect(result.halfWidth!).toBeLessThanOrEqual(target);
      if (result.low! <= truth && truth <= result.high!) covered++;
    }
    expect(covered / 1000).toBeGreaterThanOrEqual(0.93);
  });
});
