import { cholesky, choleskyInverse, choleskyWithJitter, solveLower, solveLowerTransposed } from '../../math/cholesky.js';
import { minimizeLbfgsb } from '../../math/lbfgsb.js';
import { matern52, matern52Derivative, scaledSquaredDistance } from './matern-kernel.js';

/** Training data of a GP: `n` points of `dim` coordinates (row-major) and their targets. */
export interface GPData {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly n: number;
  readonly dim: number;
  /** 1 where the dimension is categorical (Hamming distance), 0 where it is numeric. */
  readonly isCategorical: Uint8Array;
}

/** Hyperparameters of the Matérn 5/2 ARD kernel plus observation noise. */
export interface KernelParams {
  /** One inverse squared lengthscale per dimension. */
  readonly inverseSquaredLengthscales: Float64Array;
  readonly kernelScale: number;
  readonly noiseVariance: number;
}

/** Noise floor (standardised targets), as Optuna's `DEFAULT_MINIMUM_NOISE_VAR`. */
const DEFAULT_MINIMUM_NOISE_VARIANCE = 1e-6;

/** Optuna's starting point: every hyperparameter 1. */
function defaultKernelParams(dim: number): KernelParams {
  return { inverseSquaredLengthscales: new Float64Array(dim).fill(1), kernelScale: 1, noiseVariance: 1 };
}

/**
 * The loss minimised to fit the kernel: −(log marginal likelihood + log prior) as a function of
 * the raw (log) parameters `[log λ_1..log λ_D, log s, log(σ²_noise − minimumNoise)]`, with its
 * analytic gradient `∂/∂θ = −½ tr((ααᵀ − K⁻¹) ∂K/∂θ) − ∂ log prior/∂θ` (R&W 2006, eq. 5.9).
 *
 * Priors (Optuna 4's `default_log_prior`, weak, keep the fit away from degenerate corners):
 * `−(0.1/λ + 0.1 λ)` per inverse squared lengthscale, Gamma(2, 1) on the kernel scale and
 * Gamma(1.1, 30) on the noise variance (unnormalised).
 */
export class KernelLossFunction {
  readonly #data: GPData;
  readonly #deterministic: boolean;
  readonly #minimumNoise: number;
  readonly #pairs: number;
  /** Per dimension, per pair i > j (row order): δ² (Hamming 0/1 for categoricals). */
  readonly #pairDistances: Float64Array;
  readonly #d2: Float64Array;
  readonly #kernelValues: Float64Array;
  readonly #kernelDerivatives: Float64Array;
  readonly #matrix: Float64Array;
  readonly #factor: Float64Array;
  readonly #inverse: Float64Array;
  readonly #work: Float64Array;
  readonly #alpha: Float64Array;

  constructor(data: GPData, deterministic: boolean, minimumNoise: number) {
    this.#data = data;
    this.#deterministic = deterministic;
    this.#minimumNoise = minimumNoise;
    const { n, dim, x, isCategorical } = data;
    const pairs = (n * (n - 1)) / 2;
    this.#pairs = pairs;
    this.#pairDistances = new Float64Array(pairs * dim);
    let p = 0;
    for (let i = 1; i < n; i++) {
      for (let j = 0; j < i; j++) {
        for (let d = 0; d < dim; d++) {
          const diff = (x[i * dim + d] as number) - (x[j * dim + d] as number);
          this.#pairDistances[d * pairs + p] = isCategorical[d] === 1 ? (diff !== 0 ? 1 : 0) : diff * diff;
        }
        p++;
      }
    }
    this.#d2 = new Float64Array(pairs);
    this.#kernelValues = new Float64Array(pairs);
    this.#kernelDerivatives = new Float64Array(pairs);
    this.#matrix = new Float64Array(n * n);
    this.#factor = new Float64Array(n * n);
    this.#inverse = new Float64Array(n * n);
    this.#work = new Float64Array(n * n);
    this.#alpha = new Float64Array(n);
  }

  /** Raw (log) parameters of `params`. */
  toRaw(params: KernelParams): Float64Array {
    const dim = this.#data.dim;
    const raw = new Float64Array(dim + 2);
    for (let d = 0; d < dim; d++) raw[d] = Math.log(params.inverseSquaredLengthscales[d] as number);
    raw[dim] = Math.log(params.kernelScale);
    // As Optuna: start the noise slightly above the floor so that its log is finite.
    raw[dim + 1] = Math.log(Math.max(params.noiseVariance - 0.99 * this.#minimumNoise, 0.01 * this.#minimumNoise));
    return raw;
  }

  /** Kernel parameters of raw (log) parameters. */
  fromRaw(raw: ArrayLike<number>): KernelParams {
    const dim = this.#data.dim;
    const inverseSquaredLengthscales = new Float64Array(dim);
    for (let d = 0; d < dim; d++) inverseSquaredLengthscales[d] = Math.exp(raw[d] as number);
    return {
      inverseSquaredLengthscales,
      kernelScale: Math.exp(raw[dim] as number),
      noiseVariance: this.#deterministic ? this.#minimumNoise : this.#minimumNoise + Math.exp(raw[dim + 1] as number),
    };
  }

  /** The loss at `raw`, its gradient written into `gradient`; Infinity when K is not positive definite. */
  evaluate(raw: Float64Array, gradient: Float64Array): number {
    const { n, dim, y } = this.#data;
    const pairs = this.#pairs;
    const scale = Math.exp(raw[dim] as number);
    const rawNoise = Math.exp(raw[dim + 1] as number);
    const noise = this.#deterministic ? this.#minimumNoise : this.#minimumNoise + rawNoise;
    const d2 = this.#d2;
    d2.fill(0);
    for (let d = 0; d < dim; d++) {
      const lambda = Math.exp(raw[d] as number);
      const offset = d * pairs;
      for (let p = 0; p < pairs; p++) d2[p] = (d2[p] as number) + lambda * (this.#pairDistances[offset + p] as number);
    }
    const matrix = this.#matrix;
    let p = 0;
    for (let i = 0; i < n; i++) {
      const row = i * n;
      for (let j = 0; j < i; j++) {
        const r2 = d2[p] as number;
        const value = matern52(r2);
        this.#kernelValues[p] = value;
        this.#kernelDerivatives[p] = matern52Derivative(r2);
        matrix[row + j] = scale * value;
        p++;
      }
      matrix[row + i] = scale + noise;
    }
    const factor = this.#factor;
    if (!cholesky(matrix, n, factor)) {
      gradient.fill(0);
      return Infinity;
    }
    const alpha = this.#alpha;
    alpha.set(y);
    solveLower(factor, n, alpha);
    let quadratic = 0;
    for (let i = 0; i < n; i++) quadratic += (alpha[i] as number) ** 2;
    solveLowerTransposed(factor, n, alpha);
    let logDeterminant = 0;
    for (let i = 0; i < n; i++) logDeterminant += 2 * Math.log(factor[i * n + i] as number);
    const logLikelihood = -0.5 * quadratic - 0.5 * logDeterminant - 0.5 * n * Math.log(2 * Math.PI);

    // W = ααᵀ − K⁻¹; ∂ log L/∂θ = ½ Σ_ij W_ij ∂K_ij/∂θ.
    const inverse = this.#inverse;
    choleskyInverse(factor, n, inverse, this.#work);
    const w = this.#work; // reused: W per pair (i > j)
    let traceW = 0;
    let scaleSum = 0;
    p = 0;
    for (let i = 0; i < n; i++) {
      const row = i * n;
      const ai = alpha[i] as number;
      for (let j = 0; j < i; j++) {
        const wij = ai * (alpha[j] as number) - (inverse[row + j] as number);
        w[p] = wij;
        scaleSum += wij * (this.#kernelValues[p] as number);
        p++;
      }
      traceW += ai * ai - (inverse[row + i] as number);
    }
    let logPrior = 0;
    for (let d = 0; d < dim; d++) {
      const lambda = Math.exp(raw[d] as number);
      const offset = d * pairs;
      let sum = 0;
      for (let q = 0; q < pairs; q++) sum += (w[q] as number) * (this.#kernelDerivatives[q] as number) * (this.#pairDistances[offset + q] as number);
      const dLikelihood = lambda * scale * sum;
      logPrior -= 0.1 / lambda + 0.1 * lambda;
      gradient[d] = -(dLikelihood + (0.1 / lambda - 0.1 * lambda));
    }
    logPrior += Math.log(scale) - scale;
    gradient[dim] = -(scale * (0.5 * traceW + scaleSum) + (1 - scale));
    logPrior += 0.1 * Math.log(noise) - 30 * noise;
    gradient[dim + 1] = this.#deterministic ? 0 : -(rawNoise * (0.5 * traceW + (0.1 / noise - 30)));
    return -(logLikelihood + logPrior);
  }
}

export interface FitKernelOptions {
  /** Fix the noise at `minimumNoise` instead of fitting it. */
  readonly deterministic?: boolean;
  readonly minimumNoise?: number;
  /** Start from these parameters (the previous fit); the defaults are tried when that fails. */
  readonly warmStart?: KernelParams;
  /** L-BFGS tolerance on the projected gradient of the loss. Default 1e-2 (Optuna's). */
  readonly gtol?: number;
}

/**
 * Fit the kernel hyperparameters by maximising the log marginal likelihood plus the log prior
 * (L-BFGS on the log parameters). Tries the warm start first, then Optuna's defaults; when both
 * fail (a matrix that is never positive definite), returns the defaults.
 */
export function fitKernelParams(data: GPData, options: FitKernelOptions = {}): KernelParams {
  const minimumNoise = options.minimumNoise ?? DEFAULT_MINIMUM_NOISE_VARIANCE;
  const loss = new KernelLossFunction(data, options.deterministic ?? false, minimumNoise);
  const starts = options.warmStart !== undefined && options.warmStart.inverseSquaredLengthscales.length === data.dim ? [options.warmStart, defaultKernelParams(data.dim)] : [defaultKernelParams(data.dim)];
  for (const start of starts) {
    // A warm start is near the optimum (one observation more): take a short first step, and stop
    // once the loss stalls (relative change 1e-6; the posterior no longer moves measurably).
    const warm = start === options.warmStart;
    const result = minimizeLbfgsb((raw, gradient) => loss.evaluate(raw, gradient), loss.toRaw(start), {
      gtol: options.gtol ?? 1e-2,
      ftol: 1e-6,
      maxIterations: 500,
      initialStepLength: warm ? 0.1 : 1,
    });
    if (!result.failed && Number.isFinite(result.value)) {
      const params = loss.fromRaw(result.x);
      if (Number.isFinite(params.kernelScale) && Number.isFinite(params.noiseVariance) && params.inverseSquaredLengthscales.every(Number.isFinite)) return params;
    }
  }
  const fallback = defaultKernelParams(data.dim);
  return options.deterministic === true ? { ...fallback, noiseVariance: minimumNoise } : fallback;
}

/**
 * A fitted Gaussian-process regressor (zero prior mean): caches the Cholesky factor of
 * `K + σ²I` and `α = (K + σ²I)⁻¹ y`, and gives the posterior mean and variance at new points,
 * with their gradients over the numeric dimensions.
 */
export class GaussianProcess {
  readonly data: GPData;
  readonly params: KernelParams;
  readonly #factor: Float64Array;
  readonly #alpha: Float64Array;
  readonly #kx: Float64Array;
  readonly #dk: Float64Array;
  readonly #solved: Float64Array;
  readonly #point: Float64Array;

  constructor(data: GPData, params: KernelParams) {
    this.data = data;
    this.params = params;
    const { n, dim, x, isCategorical } = data;
    const matrix = new Float64Array(n * n);
    const lambda = params.inverseSquaredLengthscales;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) matrix[i * n + j] = params.kernelScale * matern52(scaledSquaredDistance(x, i, x, j, dim, lambda, isCategorical));
      matrix[i * n + i] = params.kernelScale + params.noiseVariance;
    }
    this.#factor = new Float64Array(n * n);
    // Near-duplicate points with a tiny noise can make K + σ²I numerically singular.
    const jitter = choleskyWithJitter(matrix, n, this.#factor, 1e-10 * params.kernelScale, 12);
    if (Number.isNaN(jitter)) throw new Error('GaussianProcess: the kernel matrix is not positive definite even with jitter');
    this.#alpha = new Float64Array(data.y);
    solveLower(this.#factor, n, this.#alpha);
    solveLowerTransposed(this.#factor, n, this.#alpha);
    this.#kx = new Float64Array(n);
    this.#dk = new Float64Array(n);
    this.#solved = new Float64Array(n);
    this.#point = new Float64Array(dim);
  }

  /**
   * Posterior mean and variance (clamped at 0) at `point` (length `dim`), written into `out`
   * as `[mean, variance]`. With `meanGradient` and `varianceGradient` (length `dim`), also their
   * gradients with respect to the numeric coordinates (0 for categorical ones).
   */
  posterior(point: ArrayLike<number>, out: Float64Array, meanGradient?: Float64Array, varianceGradient?: Float64Array): void {
    const { n, dim, x, isCategorical } = this.data;
    const lambda = this.params.inverseSquaredLengthscales;
    const scale = this.params.kernelScale;
    const kx = this.#kx;
    const withGradient = meanGradient !== undefined && varianceGradient !== undefined;
    const own = this.#point;
    for (let d = 0; d < dim; d++) own[d] = point[d] as number;
    let mean = 0;
    for (let i = 0; i < n; i++) {
      const d2 = scaledSquaredDistance(own, 0, x, i, dim, lambda, isCategorical);
      const k = scale * matern52(d2);
      kx[i] = k;
      mean += k * (this.#alpha[i] as number);
      if (withGradient) this.#dk[i] = scale * matern52Derivative(d2);
    }
    const v = this.#solved;
    v.set(kx);
    solveLower(this.#factor, n, v);
    let explained = 0;
    for (let i = 0; i < n; i++) explained += (v[i] as number) ** 2;
    out[0] = mean;
    out[1] = Math.max(0, scale - explained);
    if (!withGradient) return;
    // ∂k_i/∂x_d = s k'(d2_i) · 2 λ_d (x_d − X_id); ∂μ = Σ α_i ∂k_i; ∂σ² = −2 Σ (K⁻¹k)_i ∂k_i.
    solveLowerTransposed(this.#factor, n, v);
    for (let d = 0; d < dim; d++) {
      if (isCategorical[d] === 1) {
        meanGradient[d] = 0;
        varianceGradient[d] = 0;
        continue;
      }
      const xd = own[d] as number;
      let gm = 0;
      let gv = 0;
      for (let i = 0; i < n; i++) {
        const dk = (this.#dk[i] as number) * (xd - (x[i * dim + d] as number));
        gm += (this.#alpha[i] as number) * dk;
        gv += (v[i] as number) * dk;
      }
      const factor = 2 * (lambda[d] as number);
      meanGradient[d] = factor * gm;
      varianceGradient[d] = -2 * factor * gv;
    }
  }
}
