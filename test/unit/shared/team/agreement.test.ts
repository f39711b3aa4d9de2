import { describe, expect, it } from 'vitest';
import { cohenKappa, fleissKappa } from '../../../../shared/team/agreement.ts';

describe("Cohen's kappa", () => {
  it('matches a hand-computed table', () => {
    // 50 units: both yes 20, a yes/b no 5, a no/b yes 10, both no 15.
    // p_o = 35/50 = 0.7; p_a(yes) = 25/50, p_b(yes) = 30/50; p_e = 0.5·0.6 + 0.5·0.4 = 0.5; κ = 0.4.
    const pairs: [string, string][] = [
      ...Array.from({ length: 20 }, (): [string, string] => ['yes', 'yes']),
      ...Array.from({ length: 5 }, (): [string, string] => ['yes', 'no']),
      ...Array.from({ length: 10 }, (): [string, string] => ['no', 'yes']),
      ...Array.from({ length: 15 }, (): [string, string] => ['no', 'no']),
    ];
    expect(cohenKappa(pairs)).toBeCloseTo(0.4, 12);
  });

  it('is 1 for perfect agreement, negative below chance, null without pairs', () => {
    expect(
      cohenKappa([
        ['a', 'a'],
        ['b', 'b'],
      ]),
    ).toBe(1);
    expect(
      cohenKappa([
        ['a', 'a'],
        ['a', 'a'],
      ]),
    ).toBe(1); // one category only: p_e = 1
    expect(
      cohenKappa([
        ['a', 'b'],
        ['b', 'a'],
      ]),
    ).toBeCloseTo(-1, 12);
    expect(cohenKappa([])).toBeNull();
  });
});

describe("Fleiss' kappa", () => {
  it("matches Fleiss' (1971) worked example", () => {
    // The 10 subjects × 14 raters × 5 categories table of the Wikipedia article; κ ≈ 0.210.
    const table = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    const units = table.map((row) =>
      row.flatMap((count, category) => Array<string>(count).fill(`c${category}`)),
    );
    expect(fleissKappa(units)).toBeCloseTo(0.20993, 4);
  });

  it('equals the hand computation with unequal raters per unit, and leaves out single ratings', () => {
    // Units: [a,a,a] P=1; [a,b] P=0; [b,b] P=1; [a] left out. P̄ = 2/3.
    // p_a = 4/7, p_b = 3/7; P_e = 25/49; κ = (2/3 − 25/49) / (24/49) = 23/72.
    expect(fleissKappa([['a', 'a', 'a'], ['a', 'b'], ['b', 'b'], ['a']])).toBeCloseTo(23 / 72, 12);
    expect(fleissKappa([['a']])).toBeNull();
  });
});
