import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erfc, normalSf, wilcoxonSignedRankTest } from './wilcoxon-signed-rank-test.js';

// Reference p-values marked "SciPy" come from scipy.stats.wilcoxon(d, alternative=...,
// zero_method='zsplit') in SciPy 1.17.1 (the call Optuna's WilcoxonPruner makes).
describe('wilcoxonSignedRankTest', () => {
  it('uses the exact null distribution without ties or zeros (worked by hand)', () => {
    // |d| ranks: 0.3→1(-) 0.7→2 0.9→3 1.1→4(-) 1.5→5 2.2→6 2.8→7 3.4→8, so R+ = 36 - 5 = 31.
    // P(R+ >= 31) = P(R+ <= 5) = #subsets of {1..8} with sum <= 5 / 2^8 = (1+1+1+2+2+3)/256.
    // P(R+ <= 31) = 1 - P(R+ <= 4) = 1 - 7/256.
    const d = [1.5, -0.3, 2.2, 0.7, -1.1, 3.4, 0.9, 2.8];
    const greater = wilcoxonSignedRankTest(d, 'greater');
    expect(greater).toEqual({ statistic: 31, pValue: 10 / 256, method: 'exact' });
    expect(wilcoxonSignedRankTest(d, 'less').pValue).toBe(249 / 256);
    expect(wilcoxonSignedRankTest(d, 'two-sided').pValue).toBe(20 / 256);
    // Two differences, both positive: only 1 of the 4 sign patterns is as extreme.
    expect(wilcoxonSignedRankTest([2, 3], 'greater').pValue).toBe(0.25);
    expect(wilcoxonSignedRankTest([-2, 3], 'greater').pValue).toBe(0.5);
  });

  it('is exact conditional on the ranks with ties and zeros up to 13 values (worked by hand)', () => {
    // |d|: 0→1, 1,1→2.5, 2,2→4.5, 3→6. R+ = 2.5 + 4.5 + 4.5 + 6 + 1/2 (half the zero's rank) = 18.
    // Doubled non-zero ranks 5,5,9,9,12 (sum 40), observed positive part 35: P(S >= 35) needs the
    // excluded ranks to sum to <= 5: {}, {5}, {5'} → 3/32. P(S <= 35) = 1 - P(S >= 36) = 1 - 1/32.
    const d = [1, -1, 2, 2, 3, 0];
    expect(wilcoxonSignedRankTest(d, 'greater')).toEqual({ statistic: 18, pValue: 3 / 32, method: 'exact-conditional' });
    expect(wilcoxonSignedRankTest(d, 'less').pValue).toBe(31 / 32);
    expect(wilcoxonSignedRankTest(d, 'two-sided').pValue).toBe(6 / 32);
    // All zeros: every sign pattern gives the same R+, p = 1 both ways.
    expect(wilcoxonSignedRankTest([0, 0, 0], 'greater').pValue).toBe(1);
    expect(wilcoxonSignedRankTest([0, 0, 0], 'less').pValue).toBe(1);
  });

  it('switches from exact conditional to the normal approximation after 13 tied values (SciPy)', () => {
    const t13 = [1, 1, 2, -2, 3, 3, 4, -4, 5, 5, 6, -0.5, 7];
    const t13Result = wilcoxonSignedRankTest(t13, 'greater');
    expect(t13Result.method).toBe('exact-conditional');
    expect(t13Result.pValue).toBeCloseTo(0.0125732421875, 15);
    expect(wilcoxonSignedRankTest(t13, 'less').pValue).toBeCloseTo(0.98876953125, 15);
    const t14 = [...t13, 8];
    const t14Result = wilcoxonSignedRankTest(t14, 'greater');
    expect(t14Result.method).toBe('normal');
    expect(t14Result.pValue).toBeCloseTo(0.007762888667545996, 13);
    expect(wilcoxonSignedRankTest(t14, 'less').pValue).toBeCloseTo(0.992237111332454, 13);
  });

  it('applies the tie and zero corrections of the normal approximation (SciPy)', () => {
    const d = [0.5, -0.5, 1, 1, 2, -2, 0, 0, 3, 1.5, -0.25, 2.5, 0.75, 1, -1.5, 4, 0.5, 2, -3, 1.25];
    const greater = wilcoxonSignedRankTest(d, 'greater');
    expect(greater.method).toBe('normal');
    expect(greater.statistic).toBe(154.5);
    expect(greater.pValue).toBeCloseTo(0.03212893300839056, 13);
    expect(wilcoxonSignedRankTest(d, 'less').pValue).toBeCloseTo(0.9678710669916094, 13);
    expect(wilcoxonSignedRankTest(d, 'two-sided').pValue).toBeCloseTo(0.06425786601678111, 13);
    // 20 zeros: R+ equals its mean, z = 0, p = 0.5.
    expect(wilcoxonSignedRankTest(Array(20).fill(0), 'greater').pValue).toBeCloseTo(0.5, 15);
  });

  it('is exact up to 50 untied values and normal beyond (SciPy)', () => {
    const d20 = [
      0.645584, 1.121618, 0.630437, -1.003157, 1.205356, 0.746375, -0.236953, 0.881118, 0.664572, 0.594132,
      0.328422, 0.846713, -0.436454, 0.13709, -0.182119, 0.898846, 0.339722, 0.007543, -0.481908, 0.042808,
    ];
    const r20 = wilcoxonSignedRankTest(d20, 'greater');
    expect(r20).toMatchObject({ method: 'exact', statistic: 166 });
    expect(r20.pValue).toBeCloseTo(0.0107421875, 15);
    expect(wilcoxonSignedRankTest(d20, 'less').pValue).toBeCloseTo(0.9903831481933594, 15);

    const d60 = [
      -0.191858, -0.475603, 1.094064, 0.806724, -2.911162, -2.089013, -0.374772, -0.62219, 0.013643, 0.017322,
      1.917839, -1.312021, -0.577605, 1.842772, 0.446703, 0.463063, -0.714006, -1.848075, -0.032535, -0.090986,
      -1.427352, -0.883227, -0.272044, -1.144752, -0.29827, -0.104517, -0.164414, -0.706292, 0.393748, 0.691167,
      0.120848, -1.01823, 0.531652, -0.70144, 0.679161, -1.271787, 0.714467, -0.220063, -1.448749, -0.513899,
      -0.145898, 0.072791, -1.182188, -1.307373, -0.000415, -0.66675, 0.035506, 0.55952, -1.848787, 0.054388,
      1.024647, -0.497527, -1.010815, 0.552244, 0.053447, 0.695883, -0.545216, -1.681818, -0.310011, -0.645828,
    ];
    const r60 = wilcoxonSignedRankTest(d60, 'less');
    expect(r60).toMatchObject({ method: 'normal', statistic: 578 });
    expect(r60.pValue).toBeCloseTo(0.006553288085315706, 13);
    expect(wilcoxonSignedRankTest(d60, 'two-sided').pValue).toBeCloseTo(0.013106576170631412, 13);
  });

  it('returns NaN for an empty sample or non-finite differences', () => {
    expect(wilcoxonSignedRankTest([], 'greater').pValue).toBeNaN();
    expect(wilcoxonSignedRankTest([1, Number.NaN], 'greater').pValue).toBeNaN();
    expect(wilcoxonSignedRankTest([1, Infinity], 'less').pValue).toBeNaN();
  });
});

describe('wilcoxonSignedRankTest properties', () => {
  /** R+ (zsplit) of `d` with the signs flipped where `mask` has a 1 bit, by direct ranking. */
  function flippedStatistic(d: readonly number[], mask: number): number {
    const flipped = d.map((x, i) => ((mask >> i) & 1 ? -x : x));
    const abs = flipped.map(Math.abs);
    let total = 0;
    flipped.forEach((x, i) => {
      const below = abs.filter((a) => a < (abs[i] as number)).length;
      const equal = abs.filter((a) => a === abs[i]).length;
      const rank = below + (equal + 1) / 2;
      total += x > 0 ? rank : x === 0 ? rank / 2 : 0;
    });
    return total;
  }

  // Small integers make ties and zeros frequent; up to 13 values every case is enumerated exactly.
  const sample = fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 1, maxLength: 10 });

  it('equals brute-force enumeration of all 2^n sign flips for n <= 13', () => {
    fc.assert(
      fc.property(sample, (d) => {
        const observed = flippedStatistic(d, 0);
        let atLeast = 0;
        let atMost = 0;
        const patterns = 2 ** d.length;
        for (let mask = 0; mask < patterns; mask++) {
          const value = flippedStatistic(d, mask);
          if (value >= observed - 1e-9) atLeast++;
          if (value <= observed + 1e-9) atMost++;
        }
        const greater = wilcoxonSignedRankTest(d, 'greater');
        expect(greater.statistic).toBeCloseTo(observed, 12);
        expect(greater.pValue).toBeCloseTo(atLeast / patterns, 12);
        expect(wilcoxonSignedRankTest(d, 'less').pValue).toBeCloseTo(atMost / patterns, 12);
      }),
      { numRuns: 300 },
    );
  });

  it('is symmetric under negation and stays within [0, 1], for every method', () => {
    const anySize = fc.array(fc.double({ min: -10, max: 10, noNaN: true }).map((x) => Math.round(x * 4) / 4), {
      minLength: 1,
      maxLength: 70,
    });
    fc.assert(
      fc.property(anySize, (d) => {
        const greater = wilcoxonSignedRankTest(d, 'greater').pValue;
        const lessOfNegated = wilcoxonSignedRankTest(d.map((x) => -x), 'less').pValue;
        expect(greater).toBeGreaterThanOrEqual(0);
        expect(greater).toBeLessThanOrEqual(1);
        expect(lessOfNegated).toBeCloseTo(greater, 12);
      }),
      { numRuns: 300 },
    );
  });
});

describe('erfc and normalSf', () => {
  it('match reference values (Python math.erfc) to about 1e-13 relative', () => {
    const reference: Array<[number, number]> = [
      [-1, 1.842700792949715], [0, 1], [0.5, 0.47950012218695348], [1, 0.15729920705028513],
      [2, 0.0046777349810472654], [2.49, 0.00042928786773391297], [2.51, 0.00038570548172427979],
      [4, 1.541725790028002e-8], [6, 2.1519736712498916e-17], [20, 5.3958656116079005e-176],
    ];
    for (const [x, expected] of reference) {
      expect(Math.abs(erfc(x) - expected) / expected, `erfc(${x})`).toBeLessThan(2e-13);
    }
    expect(erfc(30)).toBe(0);
    expect(normalSf(0)).toBe(0.5);
    expect(normalSf(1.6448536269514722)).toBeCloseTo(0.05, 14);
  });
});
