import { toInternal } from '../distributions/distribution-values.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { Distribution } from '../protocol/distribution.js';
import type { FrozenTrial } from '../protocol/frozen-trial.js';
import { logGaussMass } from '../samplers/tpe/truncated-normal.js';
import type { ImportanceEvaluator, ImportanceInput } from './importance-evaluator.js';

export interface PedAnovaImportanceEvaluatorOptions {
  /**
   * The "good" trials are the best `targetQuantile` of the trials (γ' in the paper): importances
   * say which parameters it took to get there. In [0, 1]; default 0.1. At least 2 trials are
   * always taken (ties at the cut are all taken).
   */
  readonly targetQuantile?: number;
  /** Optuna's name for `targetQuantile` (`baseline_quantile`); give one or the other. */
  readonly baselineQuantile?: number;
  /**
   * The region the good trials are compared with: the best `regionQuantile` of the trials (γ in
   * the paper), in (0, 1] and >= `targetQuantile`. Default 1: every trial, which with
   * `evaluateOnLocal` is Optuna's behaviour. Smaller values ask "within the top γ, what made the
   * top γ'?".
   */
  readonly regionQuantile?: number;
  /**
   * `true` (default): compare with the density of the region's trials, i.e. importance during
   * this study. `false`: compare with the uniform density on the search space, i.e. importance in
   * the whole space (then `regionQuantile` must be 1).
   */
  readonly evaluateOnLocal?: boolean;
}

// Optuna's PED-ANOVA settings: numeric domains discretised into at most 50 grid points, a prior
// kernel of weight 1, and at least 2 trials in the top set.
const N_STEPS = 50;
const PRIOR_WEIGHT = 1;
const MIN_TOP_TRIALS = 2;
// Added to both densities before the ratio (Optuna), so empty grid cells do not divide by zero.
const EPSILON = 1e-12;

/**
 * PED-ANOVA (Watanabe, Bansal and Hutter, "PED-ANOVA: Efficiently Quantifying Hyperparameter
 * Importance in Arbitrary Subspaces", IJCAI 2023), as Optuna 3.6+'s `PedAnovaImportanceEvaluator`.
 * A parameter's importance is the Pearson divergence `Σ_x p_region(x) (p_top(x) / p_region(x) − 1)²`
 * between the density of its values among the top trials and among the region's trials (or the
 * uniform density), each a 1-D Parzen estimator with Scott's-rule bandwidth over a grid of at
 * most 50 points (log space for `log: true`), or a smoothed table of choices for a categorical.
 *
 * Needs no model fitting, so it is fast (Optuna Dashboard's evaluator); it measures what the top
 * trials have in common, so with a sampler that converged it reflects where the sampler went as
 * much as the objective. With a `target`, lower targets are better (as Optuna).
 */
export class PedAnovaImportanceEvaluator implements ImportanceEvaluator {
  readonly name = 'PED-ANOVA';
  readonly targetQuantile: number;
  readonly regionQuantile: number;
  readonly evaluateOnLocal: boolean;

  constructor(options: PedAnovaImportanceEvaluatorOptions = {}) {
    if (options.targetQuantile !== undefined && options.baselineQuantile !== undefined && options.targetQuantile !== options.baselineQuantile) {
      throw new InvalidArgumentError('PedAnovaImportanceEvaluator.baselineQuantile', options.baselineQuantile, `undefined or the same as targetQuantile (${options.targetQuantile}): it is Optuna's name for it`);
    }
    const targetField = options.targetQuantile === undefined && options.baselineQuantile !== undefined ? 'baselineQuantile' : 'targetQuantile';
    this.targetQuantile = options.targetQuantile ?? options.baselineQuantile ?? 0.1;
    if (!(this.targetQuantile >= 0 && this.targetQuantile <= 1)) throw new InvalidArgumentError(`PedAnovaImportanceEvaluator.${targetField}`, this.targetQuantile, 'a number in [0, 1]');
    this.regionQuantile = options.regionQuantile ?? 1;
    if (!(this.regionQuantile > 0 && this.regionQuantile <= 1) || this.regionQuantile < this.targetQuantile) {
      throw new InvalidArgumentError('PedAnovaImportanceEvaluator.regionQuantile', this.regionQuantile, `a number in (0, 1], at least ${targetField} (${this.targetQuantile})`);
    }
    this.evaluateOnLocal = options.evaluateOnLocal ?? true;
    if (!this.evaluateOnLocal && this.regionQuantile !== 1) {
      throw new InvalidArgumentError('PedAnovaImportanceEvaluator.regionQuantile', this.regionQuantile, '1 when evaluateOnLocal is false (the region is then the whole search space)');
    }
  }

  evaluate(input: ImportanceInput): Record<string, number> {
    const sign = input.direction === 'maximize' ? -1 : 1;
    const losses = input.targets.map((value) => sign * value);
    const top = quantileFilter(input.trials, losses, this.targetQuantile);
    const region = this.regionQuantile === 1 ? input.trials : quantileFilter(input.trials, losses, this.regionQuantile);
    const result: Record<string, number> = {};
    for (const [name, dist] of Object.entries(input.space)) {
      const topDensity = gridDensity(name, dist, top);
      const regionDensity = this.evaluateOnLocal ? gridDensity(name, dist, region) : new Float64Array(topDensity.length).fill(1 / topDensity.length);
      let divergence = 0;
      for (let k = 0; k < topDensity.length; k++) {
        const p = (topDensity[k] as number) + EPSILON;
        const q = (regionDensity[k] as number) + EPSILON;
        divergence += q * (p / q - 1) ** 2;
      }
      result[name] = divergence;
    }
    return result;
  }
}

/**
 * Trials whose loss is at most the `quantile` quantile of the losses (numpy's "higher" rule), and
 * at least the `MIN_TOP_TRIALS` best (Optuna's `QuantileFilter`).
 */
function quantileFilter(trials: readonly FrozenTrial[], losses: readonly number[], quantile: number): FrozenTrial[] {
  const sorted = losses.slice().sort((a, b) => a - b);
  const n = sorted.length;
  const cutoff = Math.max(sorted[Math.min(n, MIN_TOP_TRIALS) - 1] as number, sorted[Math.ceil(quantile * (n - 1))] as number);
  return trials.filter((_, i) => (losses[i] as number) <= cutoff);
}

/** The top/region density of one parameter on its grid (numbers) or its choices (categorical). */
function gridDensity(name: string, dist: Distribution, trials: readonly FrozenTrial[]): Float64Array {
  if (dist.type === 'categorical') {
    const counts = new Float64Array(dist.choices.length);
    for (const trial of trials) {
      const index = toInternal(dist, trial.params[name] as NonNullable<FrozenTrial['params'][string]>, name);
      counts[index] = (counts[index] as number) + 1;
    }
    return categoricalDensity(counts);
  }
  return numericDensity(numericGridCounts(name, dist, trials));
}

/** Counts of trials per grid point: `nSteps` points evenly spaced on [low, high] (log space if log). */
function numericGridCounts(name: string, dist: Exclude<Distribution, { type: 'categorical' }>, trials: readonly FrozenTrial[]): Float64Array {
  let nSteps = N_STEPS;
  if (dist.type === 'int' && dist.log) nSteps = Math.min(Math.ceil(Math.log2(dist.high - dist.low + 1)) + 1, nSteps);
  else if (dist.step !== undefined) nSteps = Math.min(Math.round((dist.high - dist.low) / dist.step) + 1, nSteps);
  const scale = dist.log ? Math.log : (x: number) => x;
  const low = scale(dist.low);
  const stepSize = (scale(dist.high) - low) / (nSteps - 1);
  const grid = Array.from({ length: nSteps }, (_, k) => low + k * stepSize);
  const counts = new Float64Array(nSteps);
  for (const trial of trials) {
    // The nearest grid point: the first with grid[k] >= x − stepSize / 2.
    const x = scale(toInternal(dist, trial.params[name] as NonNullable<FrozenTrial['params'][string]>, name)) - stepSize / 2;
    let lo = 0;
    let hi = nSteps - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((grid[mid] as number) >= x) hi = mid;
      else lo = mid + 1;
    }
    counts[lo] = (counts[lo] as number) + 1;
  }
  return counts;
}

/**
 * A Parzen estimator on grid indices 0..n−1: a discretised truncated normal on each occupied
 * index (weighted by its count) with one bandwidth from Scott's rule, plus a prior kernel centred
 * on the grid with width n and weight 1. Scott's rule, not TPE's bandwidth, because TPE's is too
 * wide for this analysis (Optuna's `_ScottParzenEstimator`; Scott 1992,
 * "Multivariate Density Estimation").
 */
function numericDensity(counts: Float64Array): Float64Array {
  const n = counts.length;
  const mus: number[] = [];
  const weights: number[] = [];
  for (let k = 0; k < n; k++) {
    if ((counts[k] as number) > 0) {
      mus.push(k);
      weights.push(counts[k] as number);
    }
  }
  const total = weights.reduce((a, b) => a + b, 0);
  const mean = mus.reduce((sum, mu, j) => sum + mu * (weights[j] as number), 0) / total;
  const std = Math.sqrt(mus.reduce((sum, mu, j) => sum + (mu - mean) ** 2 * (weights[j] as number), 0) / Math.max(1, total - 1));
  // Interquartile range from cumulative counts (numpy searchsorted left/right, as Optuna).
  const cumulative: number[] = [];
  let running = 0;
  for (const weight of weights) cumulative.push((running += weight));
  const q25 = cumulative.findIndex((c) => c >= Math.floor(total / 4));
  let q75 = cumulative.findIndex((c) => c > Math.floor((total * 3) / 4));
  if (q75 < 0) q75 = mus.length - 1;
  const iqr = (mus[Math.min(mus.length - 1, q75)] as number) - (mus[Math.max(0, q25)] as number);
  // 1.059 and 1.34: Scott's rule with the robust spread min(σ, IQR / 1.34); the floor keeps
  // 1.64σ (90%) of a kernel within half a grid step.
  const sigma = Math.max(1.059 * Math.min(iqr / 1.34, std) * total ** -0.2, 0.5 / 1.64);
  const kernels = mus.map((mu, j) => ({ mu, sigma, weight: weights[j] as number }));
  kernels.push({ mu: (n - 1) / 2, sigma: n, weight: PRIOR_WEIGHT });
  const weightSum = total + PRIOR_WEIGHT;
  const density = new Float64Array(n);
  for (const { mu, sigma: s, weight } of kernels) {
    const logNormaliser = logGaussMass((-0.5 - mu) / s, (n - 0.5 - mu) / s);
    for (let k = 0; k < n; k++) {
      const mass = Math.exp(logGaussMass((k - 0.5 - mu) / s, (k + 0.5 - mu) / s) - logNormaliser);
      density[k] = (density[k] as number) + (weight / weightSum) * mass;
    }
  }
  return density;
}

/**
 * TPE's categorical kernel (Optuna): one kernel per observed choice, weighted by its count, that
 * puts `1 + prior / nKernels` on its choice and `prior / nKernels` on the others, plus a uniform
 * prior kernel of weight 1.
 */
function categoricalDensity(counts: Float64Array): Float64Array {
  const nChoices = counts.length;
  const observed = [...counts.keys()].filter((c) => (counts[c] as number) > 0);
  const nKernels = observed.length + 1;
  const total = observed.reduce((sum, c) => sum + (counts[c] as number), 0) + PRIOR_WEIGHT;
  const base = PRIOR_WEIGHT / nKernels;
  const rowSum = base * nChoices + 1;
  const density = new Float64Array(nChoices).fill((PRIOR_WEIGHT / total) * (1 / nChoices));
  for (const c of observed) {
    const weight = (counts[c] as number) / total;
    for (let k = 0; k < nChoices; k++) density[k] = (density[k] as number) + (weight * (base + (k === c ? 1 : 0))) / rowSum;
  }
  return density;
}
