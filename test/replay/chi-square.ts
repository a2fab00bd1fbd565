/** Pearson's statistic X² = Σ_i (O_i − n·P_i)² / (n·P_i), n = Σ_i O_i. */
export function chiSquare(counts: ArrayLike<number>, probabilities: readonly number[]): number {
  let n = 0;
  for (let i = 0; i < counts.length; i++) n += counts[i];
  let x2 = 0;
  for (let i = 0; i < counts.length; i++) {
    const expected = n * probabilities[i];
    x2 += (counts[i] - expected) ** 2 / expected;
  }
  return x2;
}

/**
 * Upper 0.1 % points of the χ² distribution by degrees of freedom (scipy.stats.chi2.ppf(0.999, df)):
 * a correct sampler exceeds them with probability 0.001.
 */
export const CHI2_CRITICAL_0_001: Readonly<Record<number, number>> = {
  3: 16.266236,
  4: 18.466827,
  5: 20.515006,
  7: 24.321886,
  9: 27.877165,
};
