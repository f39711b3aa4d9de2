/**
 * Agreement between reviewers on categorical verdicts (docs/team-collector.md, "Agreement").
 *
 * Cohen's kappa (two raters, units both rated):
 *   p_o = share of units where the two gave the same category
 *   p_e = Σ_c p_a(c) · p_b(c), where p_x(c) is the share of x's ratings that are c
 *   κ = (p_o − p_e) / (1 − p_e)
 *
 * Fleiss' kappa (any number of raters per unit, n_i ≥ 2; the usual generalisation to unequal n_i):
 *   P_i = (Σ_c n_ic² − n_i) / (n_i (n_i − 1))      agreement within unit i
 *   P̄  = mean of P_i over units
 *   p_c = Σ_i n_ic / Σ_i n_i                         share of all ratings that are c
 *   P_e = Σ_c p_c²
 *   κ = (P̄ − P_e) / (1 − P_e)
 *
 * When chance agreement is already total (p_e = 1: every rating is one category) kappa is
 * undefined; both functions then answer 1 if the raters agree everywhere (they do, by
 * construction), and null when there are no units to judge.
 */

/** Cohen's kappa of two raters over paired ratings; null with no pairs. */
export function cohenKappa<C extends string>(pairs: readonly (readonly [C, C])[]): number | null {
  if (pairs.length === 0) return null;
  const a = new Map<C, number>();
  const b = new Map<C, number>();
  let same = 0;
  for (const [first, second] of pairs) {
    if (first === second) same += 1;
    a.set(first, (a.get(first) ?? 0) + 1);
    b.set(second, (b.get(second) ?? 0) + 1);
  }
  const n = pairs.length;
  const observed = same / n;
  let chance = 0;
  for (const [category, count] of a) chance += (count / n) * ((b.get(category) ?? 0) / n);
  if (chance >= 1) return 1;
  return (observed - chance) / (1 - chance);
}

/**
 * Fleiss' kappa over units, each the list of categories its raters gave. Units with fewer than
 * two ratings say nothing about agreement and are left out; null when none is left.
 */
export function fleissKappa<C extends string>(units: readonly (readonly C[])[]): number | null {
  const rated = units.filter((unit) => unit.length >= 2);
  if (rated.length === 0) return null;
  const totals = new Map<C, number>();
  let ratings = 0;
  let agreementSum = 0;
  for (const unit of rated) {
    const counts = new Map<C, number>();
    for (const category of unit) counts.set(category, (counts.get(category) ?? 0) + 1);
    let squares = 0;
    for (const [category, count] of counts) {
      squares += count * count;
      totals.set(category, (totals.get(category) ?? 0) + count);
    }
    const n = unit.length;
    agreementSum += (squares - n) / (n * (n - 1));
    ratings += n;
  }
  const observed = agreementSum / rated.length;
  let chance = 0;
  for (const count of totals.values()) chance += (count / ratings) ** 2;
  if (chance >= 1) return 1;
  return (observed - chance) / (1 - chance);
}
