import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { normalCdf } from '../../math/normal.js';
import { symmetricEigen } from '../../math/symmetric-eigen.js';
import type { SeededRandom } from '../../utils/seeded-random.js';
import { ndtriExp } from '../tpe/truncated-normal.js';

/**
 * A discretised coordinate: the real line is cut into `size` consecutive cells, each standing for
 * one value (an integer, a step of a stepped float). CMA-ES samples the coordinate continuously;
 * the cell a sample falls in is the value evaluated.
 */
export interface DiscreteDimension {
  /** Number of cells (>= 2). */
  readonly size: number;
  /** The boundary between cell `k - 1` and cell `k`, for `k` in `1..size-1`; increasing in `k`. */
  threshold(k: number): number;
  /** The cell containing `u`, clamped to `0..size-1` (cells extend to ±∞ at the ends). */
  cellOf(u: number): number;
  /** A coordinate inside cell `k` (what a sample of that cell is evaluated at). */
  centre(k: number): number;
}

/** `size` equal cells tiling `[low, high]` (a value's cell is `[low + k w, low + (k+1) w)`). */
export function uniformCells(size: number, low = 0, high = 1): DiscreteDimension {
  if (!Number.isSafeInteger(size) || size < 2) throw new InvalidArgumentError('uniformCells size', size, 'an integer >= 2');
  const width = (high - low) / size;
  return {
    size,
    threshold: (k) => low + k * width,
    cellOf: (u) => Math.min(size - 1, Math.max(0, Math.floor((u - low) / width))),
    centre: (k) => low + (k + 0.5) * width,
  };
}

export interface CmaEsOptions {
  /** Initial mean (its length is the dimension, >= 1). */
  readonly mean: ArrayLike<number>;
  /** Initial step size (> 0). */
  readonly sigma: number;
  /** Per-dimension `[lower, upper]` box; samples outside are redrawn (then clipped). Default: unbounded. */
  readonly bounds?: readonly (readonly [number, number])[];
  /** λ, samples per generation (>= 2). Default `4 + floor(3 ln n)` (Hansen 2016, Table 1). */
  readonly popsize?: number;
  /** Per-dimension discretisation; `undefined` entries are continuous. */
  readonly discrete?: readonly (DiscreteDimension | undefined)[];
  /**
   * CMA-ES with margin (Hamano et al. 2022) for the discrete dimensions: the marginal probability of
   * leaving the mean's cell is kept >= `margin` so that discrete coordinates never freeze. Default
   * `1 / (n λ)` (the paper's choice); `false` gives plain CMA-ES with the samples merely rounded.
   */
  readonly margin?: number | false;
  /** Stop when the best and worst values of the last `10 + ceil(30 n / λ)` generations lie within this. Default 1e-12. */
  readonly tolFun?: number;
  /** Stop when every coordinate's standard deviation and evolution path is below this. Default `1e-12 σ0`. */
  readonly tolX?: number;
  /** Stop when `σ` times the largest axis exceeds this (divergence). Default 1e4. */
  readonly tolXUp?: number;
  /** Stop when the covariance's condition number exceeds this. Default 1e14. */
  readonly tolConditionCov?: number;
  /** Redraws of a sample that leaves `bounds` before it is clipped. Default 100 (as the `cmaes` library). */
  readonly maxResampling?: number;
  /**
   * sep-CMA-ES (Ros & Hansen 2008): learn only the diagonal of the covariance, with a learning rate
   * `(n + 2) / 3` times larger. Linear cost per sample; better on separable and high-dimensional
   * problems, worse where parameters interact. Default false.
   */
  readonly separable?: boolean;
}

/** One sample: `x` is what `tell` needs back, `point` is where to evaluate the objective. */
export interface CmaEsSample {
  readonly x: Float64Array;
  /** `x` with discrete coordinates moved to their cell's `centre` (and, with a margin, scaled per the paper). */
  readonly point: Float64Array;
}

/** A sample and its objective value (minimised). */
export interface CmaEsSolution {
  readonly x: ArrayLike<number>;
  readonly value: number;
}

const SIGMA_MAX = 1e32;
const EIGEN_FLOOR = 1e-8;

/**
 * The covariance matrix adaptation evolution strategy, (μ/μ_w, λ)-CMA-ES with active (negative)
 * recombination weights, constants and updates as in Hansen, "The CMA Evolution Strategy: A
 * Tutorial" (2016), minimising. A pure state machine: `ask(rng)` draws a sample (call it `popsize`
 * times, or more: extra samples are simply not told), `tell(solutions)` updates the distribution
 * with exactly `popsize` evaluated samples and advances `generation`. Deterministic given the
 * samples told, which is what lets `CmaEsSampler` rebuild it by replaying a study's history.
 */
export class CmaEs {
  readonly dim: number;
  readonly popsize: number;
  readonly #mu: number;
  readonly #weights: Float64Array;
  readonly #muEff: number;
  readonly #cSigma: number;
  readonly #dSigma: number;
  readonly #cc: number;
  readonly #c1: number;
  readonly #cMu: number;
  readonly #chiN: number;
  readonly #bounds: readonly (readonly [number, number])[] | undefined;
  readonly #discrete: readonly (DiscreteDimension | undefined)[];
  readonly #margin: number | undefined;
  readonly #tolFun: number;
  readonly #tolX: number;
  readonly #tolXUp: number;
  readonly #tolConditionCov: number;
  readonly #maxResampling: number;
  readonly #separable: boolean;
  readonly #funHistory: number[] = [];
  readonly #funHistoryTerm: number;
  #mean: Float64Array;
  #sigma: number;
  #c: Float64Array;
  #pSigma: Float64Array;
  #pc: Float64Array;
  /** Eigenbasis of C (columns) and the square roots of its eigenvalues; undefined when stale. */
  #b: Float64Array | undefined;
  #d: Float64Array | undefined;
  /** Margin scaling of each coordinate (1 for continuous ones). */
  readonly #a: Float64Array;
  #generation = 0;

  constructor(options: CmaEsOptions) {
    const n = options.mean.length;
    if (n < 1) throw new InvalidArgumentError('CmaEs.mean', options.mean, 'at least one coordinate');
    for (let i = 0; i < n; i++) if (!Number.isFinite(options.mean[i])) throw new InvalidArgumentError('CmaEs.mean', Array.from(options.mean), 'finite numbers');
    if (!(options.sigma > 0) || !Number.isFinite(options.sigma)) throw new InvalidArgumentError('CmaEs.sigma', options.sigma, 'a finite number > 0');
    const lambda = options.popsize ?? 4 + Math.floor(3 * Math.log(n));
    if (!Number.isSafeInteger(lambda) || lambda < 2) throw new InvalidArgumentError('CmaEs.popsize', lambda, 'an integer >= 2');
    if (options.bounds !== undefined) {
      if (options.bounds.length !== n) throw new InvalidArgumentError('CmaEs.bounds', options.bounds, `${n} [lower, upper] pairs`);
      for (const [lower, upper] of options.bounds) if (!(lower < upper)) throw new InvalidArgumentError('CmaEs.bounds', options.bounds, 'lower < upper in every dimension');
    }
    if (options.discrete !== undefined && options.discrete.length !== n) throw new InvalidArgumentError('CmaEs.discrete', options.discrete.length, `${n} entries`);
    this.dim = n;
    this.popsize = lambda;
    this.#bounds = options.bounds;
    this.#discrete = options.discrete ?? Array<undefined>(n).fill(undefined);
    const hasDiscrete = this.#discrete.some((dimension) => dimension !== undefined);
    const margin = options.margin ?? 1 / (n * lambda);
    if (margin !== false && !(margin > 0 && margin < 0.5)) throw new InvalidArgumentError('CmaEs.margin', margin, 'a number in (0, 0.5), or false');
    this.#margin = margin === false || !hasDiscrete ? undefined : margin;

    this.#separable = options.separable ?? false;
    // Recombination weights, learning rates and damping: Hansen (2016), Table 1 and eq. (49)-(53).
    const mu = Math.floor(lambda / 2);
    const raw = Array.from({ length: lambda }, (_, i) => Math.log((lambda + 1) / 2) - Math.log(i + 1));
    const positive = raw.slice(0, mu);
    const negative = raw.slice(mu);
    const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
    const muEff = sum(positive) ** 2 / sum(positive.map((w) => w * w));
    const muEffMinus = negative.length === 0 ? 0 : sum(negative) ** 2 / sum(negative.map((w) => w * w));
    const c1 = 2 / ((n + 1.3) ** 2 + muEff);
    const cMu = Math.min(1 - c1, (2 * (muEff - 2 + 1 / muEff)) / ((n + 2) ** 2 + muEff));
    const alphaMinus = Math.min(1 + c1 / cMu, 1 + (2 * muEffMinus) / (muEff + 2), (1 - c1 - cMu) / (n * cMu));
    const positiveSum = sum(positive);
    const negativeSum = -sum(negative);
    this.#mu = mu;
    this.#muEff = muEff;
    if (this.#separable) {
      // sep-CMA-ES: positive weights only, the rank-μ rate scaled by (n + 2) / 3 (Ros & Hansen 2008,
      // with the constants of the `cmaes` library that Optuna uses).
      this.#weights = Float64Array.from(raw, (w) => (w >= 0 ? w / positiveSum : 0));
      const cMuFull = 2 / muEff / (n + Math.SQRT2) ** 2 + (1 - 1 / muEff) * Math.min(1, (2 * muEff - 1) / ((n + 2) ** 2 + muEff));
      this.#c1 = c1;
      this.#cMu = Math.min(1 - c1, ((n + 2) / 3) * cMuFull);
      this.#cSigma = (muEff + 2) / (n + muEff + 3);
      this.#cc = 4 / (n + 4);
    } else {
      this.#weights = Float64Array.from(raw, (w) => (w >= 0 ? w / positiveSum : negativeSum > 0 ? (alphaMinus * w) / negativeSum : 0));
      this.#c1 = c1;
      this.#cMu = cMu;
      this.#cSigma = (muEff + 2) / (n + muEff + 5);
      this.#cc = (4 + muEff / n) / (n + 4 + (2 * muEff) / n);
    }
    this.#dSigma = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + this.#cSigma;
    this.#chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));

    this.#tolFun = options.tolFun ?? 1e-12;
    this.#tolX = options.tolX ?? 1e-12 * options.sigma;
    this.#tolXUp = options.tolXUp ?? 1e4;
    this.#tolConditionCov = options.tolConditionCov ?? 1e14;
    this.#maxResampling = options.maxResampling ?? 100;
    this.#funHistoryTerm = 10 + Math.ceil((30 * n) / lambda);

    this.#mean = Float64Array.from(options.mean);
    this.#sigma = options.sigma;
    this.#c = new Float64Array(n * n);
    for (let i = 0; i < n; i++) this.#c[i * n + i] = 1;
    this.#pSigma = new Float64Array(n);
    this.#pc = new Float64Array(n);
    this.#a = new Float64Array(n).fill(1);
  }

  /** Number of `tell`s so far. */
  get generation(): number {
    return this.#generation;
  }

  get sigma(): number {
    return this.#sigma;
  }

  /** A copy of the current mean. */
  get mean(): Float64Array {
    return this.#mean.slice();
  }

  /** Draw one sample from `N(m, σ² C)`, redrawn while it leaves `bounds` (discrete coordinates under a margin are never out of bounds). */
  ask(rng: SeededRandom): CmaEsSample {
    const { b, d } = this.#eigen();
    const n = this.dim;
    let x = this.#draw(rng, b, d);
    for (let attempt = 0; attempt < this.#maxResampling && !this.#feasible(x); attempt++) x = this.#draw(rng, b, d);
    if (!this.#feasible(x)) x = this.#repair(x);
    const point = x.slice();
    for (let i = 0; i < n; i++) {
      const dimension = this.#discrete[i];
      if (dimension === undefined) continue;
      const m = this.#mean[i] as number;
      const scaled = this.#margin === undefined ? (x[i] as number) : ((x[i] as number) - m) * (this.#a[i] as number) + m;
      point[i] = dimension.centre(dimension.cellOf(scaled));
    }
    return { x, point };
  }

  /**
   * Update the distribution with exactly `popsize` samples (values minimised; ties keep their
   * order). Throws `InvalidArgumentError` for a wrong count, a wrong length or a non-finite value.
   */
  tell(solutions: readonly CmaEsSolution[]): void {
    const n = this.dim;
    if (solutions.length !== this.popsize) throw new InvalidArgumentError('CmaEs.tell solutions', solutions.length, `${this.popsize} solutions (the population size)`);
    for (const solution of solutions) {
      if (solution.x.length !== n) throw new InvalidArgumentError('CmaEs.tell x', solution.x.length, `${n} coordinates`);
      if (!Number.isFinite(solution.value)) throw new InvalidArgumentError('CmaEs.tell value', solution.value, 'a finite number');
    }
    const { b, d } = this.#eigen();
    const sorted = solutions.map((solution, index) => ({ solution, index })).sort((p, q) => p.solution.value - q.solution.value || p.index - q.index);
    this.#recordValues((sorted[0] as (typeof sorted)[number]).solution.value, (sorted[sorted.length - 1] as (typeof sorted)[number]).solution.value);

    const sigma = this.#sigma;
    const ys = sorted.map(({ solution }) => Float64Array.from({ length: n }, (_, i) => ((solution.x[i] as number) - (this.#mean[i] as number)) / sigma));
    const yw = new Float64Array(n);
    for (let k = 0; k < this.#mu; k++) {
      const w = this.#weights[k] as number;
      const y = ys[k] as Float64Array;
      for (let i = 0; i < n; i++) yw[i] = (yw[i] as number) + w * (y[i] as number);
    }
    for (let i = 0; i < n; i++) this.#mean[i] = (this.#mean[i] as number) + sigma * (yw[i] as number); // c_m = 1

    // Step-size control (cumulative step-size adaptation), eq. (43)-(44).
    const cInvSqrtYw = applyInverseSqrt(b, d, yw, n);
    const sigmaPathFactor = Math.sqrt(this.#cSigma * (2 - this.#cSigma) * this.#muEff);
    let normPSigma = 0;
    for (let i = 0; i < n; i++) {
      const value = (1 - this.#cSigma) * (this.#pSigma[i] as number) + sigmaPathFactor * (cInvSqrtYw[i] as number);
      this.#pSigma[i] = value;
      normPSigma += value * value;
    }
    normPSigma = Math.sqrt(normPSigma);
    this.#sigma = Math.min(SIGMA_MAX, sigma * Math.exp((this.#cSigma / this.#dSigma) * (normPSigma / this.#chiN - 1)));

    // Covariance update, eq. (45)-(47), with the stall of p_c when ||p_σ|| is large (h_σ).
    const hSigma = normPSigma / Math.sqrt(1 - (1 - this.#cSigma) ** (2 * (this.#generation + 1))) < (1.4 + 2 / (n + 1)) * this.#chiN ? 1 : 0;
    const pathFactor = hSigma * Math.sqrt(this.#cc * (2 - this.#cc) * this.#muEff);
    for (let i = 0; i < n; i++) this.#pc[i] = (1 - this.#cc) * (this.#pc[i] as number) + pathFactor * (yw[i] as number);
    let weightSum = 0;
    for (const w of this.#weights) weightSum += w;
    const deltaH = (1 - hSigma) * this.#cc * (2 - this.#cc);
    const decay = 1 + this.#c1 * deltaH - this.#c1 - this.#cMu * weightSum;
    const rankMu = new Float64Array(n * n);
    for (let k = 0; k < this.popsize; k++) {
      let w = this.#weights[k] as number;
      const y = ys[k] as Float64Array;
      if (w < 0) {
        // Negative weights are rescaled by n / ||C^{-1/2} y||² so that C stays positive definite.
        const z = applyInverseSqrt(b, d, y, n);
        let squared = 0;
        for (let i = 0; i < n; i++) squared += (z[i] as number) ** 2;
        w *= n / Math.max(squared, 1e-30);
      }
      if (w === 0) continue;
      for (let i = 0; i < n; i++) for (let j = this.#separable ? i : 0; j <= i; j++) rankMu[i * n + j] = (rankMu[i * n + j] as number) + w * (y[i] as number) * (y[j] as number);
    }
    for (let i = 0; i < n; i++) {
      for (let j = this.#separable ? i : 0; j <= i; j++) {
        const value = decay * (this.#c[i * n + j] as number) + this.#c1 * (this.#pc[i] as number) * (this.#pc[j] as number) + this.#cMu * (rankMu[i * n + j] as number);
        this.#c[i * n + j] = value;
        this.#c[j * n + i] = value;
      }
    }
    this.#b = undefined;
    this.#d = undefined;
    this.#generation++;
    if (this.#margin !== undefined) this.#applyMargin();
  }

  /**
   * Hansen's termination criteria (as the `cmaes` library applies them): TolFun over the recent
   * generations, TolX, TolXUp, NoEffectAxis, NoEffectCoord, ConditionCov. Restart strategies
   * (IPOP, BIPOP) start a fresh optimizer when this is true.
   */
  shouldStop(): boolean {
    const n = this.dim;
    const { b, d } = this.#eigen();
    if (this.#generation > this.#funHistoryTerm && this.#funHistory.length > 0 && Math.max(...this.#funHistory) - Math.min(...this.#funHistory) < this.#tolFun) return true;
    let allSmall = true;
    for (let i = 0; i < n; i++) {
      if (!(this.#sigma * (this.#c[i * n + i] as number) < this.#tolX && this.#sigma * Math.abs(this.#pc[i] as number) < this.#tolX)) allSmall = false;
    }
    if (allSmall) return true;
    let maxD = 0;
    let minD = Infinity;
    for (const value of d) {
      maxD = Math.max(maxD, value);
      minD = Math.min(minD, value);
    }
    if (this.#sigma * maxD > this.#tolXUp) return true;
    for (let i = 0; i < n; i++) {
      const m = this.#mean[i] as number;
      if (m === m + 0.2 * this.#sigma * Math.sqrt(this.#c[i * n + i] as number)) return true;
    }
    const axis = this.#generation % n;
    let noEffect = true;
    for (let i = 0; i < n; i++) {
      const m = this.#mean[i] as number;
      if (m !== m + 0.1 * this.#sigma * (d[axis] as number) * (b[i * n + axis] as number)) noEffect = false;
    }
    if (noEffect) return true;
    return maxD / minD > this.#tolConditionCov;
  }

  #recordValues(best: number, worst: number): void {
    this.#funHistory.push(best, worst);
    while (this.#funHistory.length > 2 * this.#funHistoryTerm) this.#funHistory.shift();
  }

  #draw(rng: SeededRandom, b: Float64Array, d: Float64Array): Float64Array {
    const n = this.dim;
    const z = Float64Array.from({ length: n }, (_, i) => (d[i] as number) * rng.normal());
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let y = 0;
      for (let j = 0; j < n; j++) y += (b[i * n + j] as number) * (z[j] as number);
      x[i] = (this.#mean[i] as number) + this.#sigma * y;
    }
    return x;
  }

  /** Inside `bounds`, ignoring discrete coordinates when a margin handles them. */
  #feasible(x: Float64Array): boolean {
    if (this.#bounds === undefined) return true;
    for (let i = 0; i < this.dim; i++) {
      if (this.#margin !== undefined && this.#discrete[i] !== undefined) continue;
      const [lower, upper] = this.#bounds[i] as readonly [number, number];
      if (!((x[i] as number) >= lower && (x[i] as number) <= upper)) return false;
    }
    return true;
  }

  #repair(x: Float64Array): Float64Array {
    const repaired = x.slice();
    if (this.#bounds === undefined) return repaired;
    for (let i = 0; i < this.dim; i++) {
      if (this.#margin !== undefined && this.#discrete[i] !== undefined) continue;
      const [lower, upper] = this.#bounds[i] as readonly [number, number];
      repaired[i] = Math.min(upper, Math.max(lower, x[i] as number));
    }
    return repaired;
  }

  #eigen(): { b: Float64Array; d: Float64Array } {
    if (this.#b !== undefined && this.#d !== undefined) return { b: this.#b, d: this.#d };
    const n = this.dim;
    if (this.#separable) {
      // A diagonal covariance: the axes are the coordinates.
      const b = new Float64Array(n * n);
      const d = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        b[i * n + i] = 1;
        const variance = this.#c[i * n + i] as number;
        if (!(variance > 0)) this.#c[i * n + i] = EIGEN_FLOOR;
        d[i] = Math.sqrt(this.#c[i * n + i] as number);
      }
      this.#b = b;
      this.#d = d;
      return { b, d };
    }
    const { values, vectors } = symmetricEigen(this.#c, n);
    // Round-off can make tiny eigenvalues negative: floor them and rebuild C from the spectrum (as the `cmaes` library does).
    const squared = Float64Array.from(values, (value) => (value < 0 ? EIGEN_FLOOR : value));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let sum = 0;
        for (let k = 0; k < n; k++) sum += (vectors[i * n + k] as number) * (squared[k] as number) * (vectors[j * n + k] as number);
        this.#c[i * n + j] = sum;
        this.#c[j * n + i] = sum;
      }
    }
    this.#b = vectors;
    this.#d = Float64Array.from(squared, Math.sqrt);
    return { b: this.#b, d: this.#d };
  }

  /**
   * The margin correction of Hamano et al. (2022), Algorithm 1, after each update: in the two end
   * cells, pull the mean back towards the inner boundary so that crossing it keeps probability
   * `margin`; in inner cells, rescale the coordinate (`A`) so that leaving the cell on each side
   * keeps probability >= `margin / 2`.
   */
  #applyMargin(): void {
    const alpha = this.#margin as number;
    const n = this.dim;
    const sigma = this.#sigma;
    const quantile = inverseNormalCdf(1 - alpha);
    for (let i = 0; i < n; i++) {
      const dimension = this.#discrete[i];
      if (dimension === undefined) continue;
      const m = this.#mean[i] as number;
      const std = Math.sqrt(this.#c[i * n + i] as number);
      const scale = sigma * (this.#a[i] as number) * std;
      if (!(scale > 0) || !Number.isFinite(scale)) continue;
      const cell = dimension.cellOf(m);
      const lower = dimension.threshold(cell === 0 ? 1 : cell === dimension.size - 1 ? dimension.size - 1 : cell);
      const upper = dimension.threshold(cell === 0 ? 1 : cell === dimension.size - 1 ? dimension.size - 1 : cell + 1);
      const pLow = normalCdf((lower - m) / scale);
      const pUp = 1 - normalCdf((upper - m) / scale);
      if (Math.max(pLow, pUp) > 0.5) {
        // End cell: the mean lies beyond the only boundary; crossing it must keep probability alpha.
        if (Math.min(pLow, pUp) < alpha) this.#mean[i] = upper + Math.sign(m - upper) * scale * quantile;
        continue;
      }
      const pMid = 1 - pLow - pUp;
      const low = Math.max(pLow, alpha / 2);
      const up = Math.max(pUp, alpha / 2);
      const excess = 1 - low - up - pMid;
      const denominator = low + pMid + up - (3 * alpha) / 2;
      const clamp = (p: number) => Math.min(0.5 - 1e-10, Math.max(1e-10, p));
      const modifiedLow = clamp(low + (excess * (low - alpha / 2)) / denominator);
      const modifiedUp = clamp(up + (excess * (up - alpha / 2)) / denominator);
      const spread = inverseNormalCdf(1 - modifiedLow) + inverseNormalCdf(1 - modifiedUp);
      this.#a[i] = (upper - lower) / (spread * sigma * std);
    }
  }
}

/** C^{-1/2} v = B D^{-1} Bᵀ v. */
function applyInverseSqrt(b: Float64Array, d: Float64Array, v: ArrayLike<number>, n: number): Float64Array {
  const projected = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += (b[i * n + k] as number) * (v[i] as number);
    projected[k] = sum / (d[k] as number);
  }
  const result = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += (b[i * n + k] as number) * (projected[k] as number);
    result[i] = sum;
  }
  return result;
}

/** Φ⁻¹(p) for p in (0, 1); ±Infinity outside. */
export function inverseNormalCdf(p: number): number {
  if (!(p > 0 && p < 1)) return p <= 0 ? -Infinity : Infinity;
  return ndtriExp(Math.log(p));
}
