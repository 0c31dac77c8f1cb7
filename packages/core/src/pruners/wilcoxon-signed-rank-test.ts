/**
 * The one-sample Wilcoxon signed-rank test on paired differences, as `scipy.stats.wilcoxon(d,
 * alternative, zero_method='zsplit')` computes it with its default `method='auto'` and
 * `correction=False` (SciPy >= 1.13), which is what Optuna's `WilcoxonPruner` calls.
 *
 * Statistic: `R+`, the sum of the ranks of `|d|` (ties get their average rank) over the positive
 * differences, plus half the ranks of the zero differences ("zsplit", Pratt-style: zeros keep their
 * ranks and count half on each side, so an all-zero sample gives p = 1 or 0.5 instead of failing).
 *
 * p-value, by sample size `n` and data:
 * - `n <= 50`, no ties, no zeros: exact null distribution of `R+` (all `2^n` sign patterns equally
 *   likely), by counting subsets of `{1..n}` with each sum.
 * - `n <= 13` with ties or zeros: exact *conditional* distribution given the observed ranks (the
 *   `2^n` sign flips SciPy enumerates as a permutation test).
 * - otherwise: normal approximation, mean `n(n+1)/4`, variance
 *   `(n(n+1)(2n+1) - Σ(t³ - t)/2) / 24` over tie groups of size `t` (zeros included), no
 *   continuity correction.
 *
 * `alternative: 'greater'` tests whether the differences tend to be positive (small p when `R+` is
 * large), `'less'` whether they tend to be negative.
 */
export type SignedRankAlternative = 'greater' | 'less' | 'two-sided';

export interface SignedRankResult {
  /** `R+` (with zsplit). */
  readonly statistic: number;
  /** NaN for an empty sample or non-finite differences. */
  readonly pValue: number;
  readonly method: 'exact' | 'exact-conditional' | 'normal';
}

/** Exact (no ties) up to this many differences, as SciPy's `method='auto'`. */
const MAX_EXACT = 50;
/** Exact conditional (ties or zeros) up to this many differences: 2^13 sign patterns, as SciPy. */
const MAX_EXACT_CONDITIONAL = 13;

export function wilcoxonSignedRankTest(
  differences: readonly number[],
  alternative: SignedRankAlternative,
): SignedRankResult {
  const n = differences.length;
  if (n === 0 || differences.some((d) => !Number.isFinite(d))) {
    return { statistic: Number.NaN, pValue: Number.NaN, method: 'normal' };
  }
  const { ranks, tieSizes } = averageRanks(differences.map(Math.abs));
  let statistic = 0;
  let nZero = 0;
  differences.forEach((d, i) => {
    const rank = ranks[i] as number;
    if (d > 0) statistic += rank;
    else if (d === 0) {
      statistic += rank / 2;
      nZero += 1;
    }
  });
  const hasTies = tieSizes.some((t) => t > 1);

  if (n <= MAX_EXACT && !hasTies && nZero === 0) {
    return { statistic, pValue: exactPValue(differences, ranks, alternative), method: 'exact' };
  }
  if (n <= MAX_EXACT_CONDITIONAL) {
    return { statistic, pValue: exactPValue(differences, ranks, alternative), method: 'exact-conditional' };
  }
  const mean = (n * (n + 1)) / 4;
  const tieCorrection = tieSizes.reduce((sum, t) => sum + (t * t * t - t), 0);
  const sd = Math.sqrt((n * (n + 1) * (2 * n + 1) - tieCorrection / 2) / 24);
  const z = (statistic - mean) / sd;
  const pValue =
    alternative === 'greater' ? normalSf(z) : alternative === 'less' ? normalSf(-z) : Math.min(1, 2 * normalSf(Math.abs(z)));
  return { statistic, pValue, method: 'normal' };
}

/**
 * P-value from the distribution of `R+` over all sign flips of the non-zero differences (zeros
 * contribute the same half ranks to every pattern, so they cancel). Ranks are multiples of 1/2, so
 * doubled ranks are integers and the distribution is a subset-sum count.
 */
function exactPValue(differences: readonly number[], ranks: readonly number[], alternative: SignedRankAlternative): number {
  const weights: number[] = [];
  let observed = 0;
  differences.forEach((d, i) => {
    if (d === 0) return;
    const weight = Math.round(2 * (ranks[i] as number));
    weights.push(weight);
    if (d > 0) observed += weight;
  });
  const total = weights.reduce((sum, w) => sum + w, 0);
  // counts[s] = number of sign patterns whose doubled positive rank sum is s.
  let counts = new Float64Array(total + 1);
  counts[0] = 1;
  let reach = 0;
  for (const weight of weights) {
    const next = counts.slice();
    for (let s = 0; s <= reach; s++) next[s + weight] = (next[s + weight] as number) + (counts[s] as number);
    counts = next;
    reach += weight;
  }
  const patterns = 2 ** weights.length;
  let atMost = 0;
  let atLeast = 0;
  for (let s = 0; s <= total; s++) {
    const count = counts[s] as number;
    if (s <= observed) atMost += count;
    if (s >= observed) atLeast += count;
  }
  const less = atMost / patterns;
  const greater = atLeast / patterns;
  if (alternative === 'greater') return greater;
  if (alternative === 'less') return less;
  return Math.min(1, 2 * Math.min(less, greater));
}

/** Average ranks (1-based) of `values`, and the size of each tie group. */
function averageRanks(values: readonly number[]): { ranks: number[]; tieSizes: number[] } {
  const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
  const ranks = new Array<number>(values.length).fill(0);
  const tieSizes: number[] = [];
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && values[order[end] as number] === values[order[start] as number]) end += 1;
    const rank = (start + 1 + end) / 2; // mean of ranks start+1 .. end
    for (let k = start; k < end; k++) ranks[order[k] as number] = rank;
    tieSizes.push(end - start);
    start = end;
  }
  return { ranks, tieSizes };
}

/** Upper tail of the standard normal distribution, `P(Z > z)`. */
export function normalSf(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/**
 * Complementary error function to about 1e-14 relative accuracy: the series
 * `erf(x) = 2/√π · e^{-x²} · Σ 2^k x^{2k+1} / (1·3···(2k+1))` (all terms positive) below 2.5, and
 * the continued fraction `erfc(x) = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))` above,
 * evaluated with the modified Lentz method.
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 2.5) {
    let term = x;
    let sum = x;
    for (let k = 1; k < 200 && term > sum * 1e-17; k++) {
      term *= (2 * x * x) / (2 * k + 1);
      sum += term;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
  }
  if (x > 27) return 0; // e^{-729} underflows
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let j = 1; j < 500; j++) {
    const a = j / 2;
    d = x + a * d;
    if (d === 0) d = tiny;
    c = x + a / c;
    if (c === 0) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}
