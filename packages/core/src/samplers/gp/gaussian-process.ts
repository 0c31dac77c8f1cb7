import { cholesky, choleskyInverse, choleskyWithJitter, solveLower, solveLowerTransposed } from '../../math/cholesky.js';
import { minimizeLbfgsb } from '../../math/lbfgsb.js';
import { matern52, matern52Derivative, matern52WithDerivative, scaledSquaredDistance } from './matern-kernel.js';

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
  /**
   * With both present (length `dim`), the kernel gains an additive part: `Σ_d a_d k(μ_d δ_d²)`,
   * one one-dimensional Matérn 5/2 per coordinate (`additiveScales` = a, inverse squared
   * lengthscales μ), which learns per-coordinate structure of separable objectives that the
   * joint ARD kernel smooths away.
   */
  readonly additiveScales?: Float64Array;
  readonly additiveInverseSquaredLengthscales?: Float64Array;
}

/** The additive part of the kernel between row `a` of `xa` and row `b` of `xb`; 0 without one. */
export function additiveKernel(xa: ArrayLike<number>, a: number, xb: ArrayLike<number>, b: number, dim: number, params: KernelParams, isCategorical: Uint8Array): number {
  const scales = params.additiveScales;
  const lambdas = params.additiveInverseSquaredLengthscales;
  if (scales === undefined || lambdas === undefined) return 0;
  let sum = 0;
  for (let d = 0; d < dim; d++) {
    const diff = (xa[a * dim + d] as number) - (xb[b * dim + d] as number);
    const d2 = isCategorical[d] === 1 ? (diff !== 0 ? 1 : 0) : diff * diff;
    sum += (scales[d] as number) * matern52((lambdas[d] as number) * d2);
  }
  return sum;
}

/** Prior variance of the kernel at any point: the ARD scale plus the additive scales. */
function priorVariance(params: KernelParams): number {
  let total = params.kernelScale;
  if (params.additiveScales !== undefined) for (const a of params.additiveScales) total += a;
  return total;
}

/** Noise floor (standardised targets), as Optuna's `DEFAULT_MINIMUM_NOISE_VAR`. */
const DEFAULT_MINIMUM_NOISE_VARIANCE = 1e-6;

/** Optuna's starting point: every hyperparameter 1. */
function defaultKernelParams(dim: number, additive = false): KernelParams {
  const params = { inverseSquaredLengthscales: new Float64Array(dim).fill(1), kernelScale: 1, noiseVariance: 1 };
  if (!additive) return params;
  return { ...params, additiveScales: new Float64Array(dim).fill(ADDITIVE_START_SCALE), additiveInverseSquaredLengthscales: new Float64Array(dim).fill(ADDITIVE_LAMBDA_CENTER) };
}

/** Additive part: start and prior. Lengthscales log-normal around 0.1 of the box (σ = 2 in log λ); scales Gamma(1.1, 10). */
const ADDITIVE_START_SCALE = 0.05;
const ADDITIVE_LAMBDA_CENTER = 100;
const ADDITIVE_LOG_LAMBDA_SD = 2;

/**
 * The loss minimised to fit the kernel: −(log marginal likelihood + log prior) as a function of
 * the raw (log) parameters `[log λ_1..log λ_D, log s, log(σ²_noise − minimumNoise)]`, with its
 * analytic gradient `∂/∂θ = −½ tr((ααᵀ − K⁻¹) ∂K/∂θ) − ∂ log prior/∂θ` (R&W 2006, eq. 5.9).
 *
 * With the additive part (`additive`), the raw parameters go on with `log a_1..log a_D,
 * log μ_1..log μ_D` (its scales and inverse squared lengthscales).
 *
 * Priors (Optuna 4's `default_log_prior`, weak, keep the fit away from degenerate corners):
 * `−(0.1/λ + 0.1 λ)` per inverse squared lengthscale, Gamma(2, 1) on the kernel scale and
 * Gamma(1.1, 30) on the noise variance (unnormalised); for the additive part Gamma(1.1, 10) on
 * each `a_d` and a log-normal on each `μ_d` (around a lengthscale of 0.1, σ = 2 in log μ).
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
  readonly #additive: boolean;
  /** Per dimension, per pair: the additive component's Matérn value and derivative. */
  readonly #additiveValues: Float64Array;
  readonly #additiveDerivatives: Float64Array;

  constructor(data: GPData, deterministic: boolean, minimumNoise: number, additive = false) {
    this.#data = data;
    this.#deterministic = deterministic;
    this.#minimumNoise = minimumNoise;
    this.#additive = additive;
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
    this.#additiveValues = new Float64Array(additive ? pairs * dim : 0);
    this.#additiveDerivatives = new Float64Array(additive ? pairs * dim : 0);
  }

  /** Raw (log) parameters of `params`. */
  toRaw(params: KernelParams): Float64Array {
    const dim = this.#data.dim;
    const raw = new Float64Array(this.#additive ? 3 * dim + 2 : dim + 2);
    if (this.#additive) {
      const start = defaultKernelParams(dim, true);
      const scales = params.additiveScales ?? (start.additiveScales as Float64Array);
      const lambdas = params.additiveInverseSquaredLengthscales ?? (start.additiveInverseSquaredLengthscales as Float64Array);
      for (let d = 0; d < dim; d++) {
        raw[dim + 2 + d] = Math.log(scales[d] as number);
        raw[2 * dim + 2 + d] = Math.log(lambdas[d] as number);
      }
    }
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
    const params = {
      inverseSquaredLengthscales,
      kernelScale: Math.exp(raw[dim] as number),
      noiseVariance: this.#deterministic ? this.#minimumNoise : this.#minimumNoise + Math.exp(raw[dim + 1] as number),
    };
    if (!this.#additive) return params;
    const additiveScales = new Float64Array(dim);
    const additiveInverseSquaredLengthscales = new Float64Array(dim);
    for (let d = 0; d < dim; d++) {
      additiveScales[d] = Math.exp(raw[dim + 2 + d] as number);
      additiveInverseSquaredLengthscales[d] = Math.exp(raw[2 * dim + 2 + d] as number);
    }
    return { ...params, additiveScales, additiveInverseSquaredLengthscales };
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
        matrix[row + j] = scale * matern52WithDerivative(d2[p] as number, this.#kernelValues, this.#kernelDerivatives, p);
        p++;
      }
      matrix[row + i] = scale + noise;
    }
    if (this.#additive) {
      for (let d = 0; d < dim; d++) {
        const a = Math.exp(raw[dim + 2 + d] as number);
        const mu = Math.exp(raw[2 * dim + 2 + d] as number);
        const offset = d * pairs;
        p = 0;
        for (let i = 0; i < n; i++) {
          const row = i * n;
          for (let j = 0; j < i; j++) {
            const value = matern52WithDerivative(mu * (this.#pairDistances[offset + p] as number), this.#additiveValues, this.#additiveDerivatives, offset + p);
            matrix[row + j] = (matrix[row + j] as number) + a * value;
            p++;
          }
          matrix[row + i] = (matrix[row + i] as number) + a;
        }
      }
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
    if (this.#additive) {
      for (let d = 0; d < dim; d++) {
        const a = Math.exp(raw[dim + 2 + d] as number);
        const logMu = raw[2 * dim + 2 + d] as number;
        const mu = Math.exp(logMu);
        const offset = d * pairs;
        let valueSum = 0;
        let derivativeSum = 0;
        for (let q = 0; q < pairs; q++) {
          const wq = w[q] as number;
          valueSum += wq * (this.#additiveValues[offset + q] as number);
          derivativeSum += wq * (this.#additiveDerivatives[offset + q] as number) * (this.#pairDistances[offset + q] as number);
        }
        logPrior += 0.1 * Math.log(a) - 10 * a;
        gradient[dim + 2 + d] = -(a * (0.5 * traceW + valueSum) + (0.1 - 10 * a));
        const z = (logMu - Math.log(ADDITIVE_LAMBDA_CENTER)) / ADDITIVE_LOG_LAMBDA_SD;
        logPrior -= 0.5 * z * z;
        gradient[2 * dim + 2 + d] = -(a * mu * derivativeSum - z / ADDITIVE_LOG_LAMBDA_SD);
      }
    }
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
  /** Fit the additive part of the kernel too (`KernelParams.additiveScales`). Default false. */
  readonly additive?: boolean;
}

/**
 * Fit the kernel hyperparameters by maximising the log marginal likelihood plus the log prior
 * (L-BFGS on the log parameters). Tries the warm start first, then Optuna's defaults; when both
 * fail (a matrix that is never positive definite), returns the defaults.
 */
export function fitKernelParams(data: GPData, options: FitKernelOptions = {}): KernelParams {
  const minimumNoise = options.minimumNoise ?? DEFAULT_MINIMUM_NOISE_VARIANCE;
  const additive = options.additive ?? false;
  const loss = new KernelLossFunction(data, options.deterministic ?? false, minimumNoise, additive);
  const fresh = defaultKernelParams(data.dim, additive);
  const starts = options.warmStart !== undefined && options.warmStart.inverseSquaredLengthscales.length === data.dim ? [options.warmStart, fresh] : [fresh];
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
  const fallback = fresh;
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
  /** The kernel's value at zero distance (ARD scale plus additive scales): the prior variance. */
  readonly #priorVariance: number;

  constructor(data: GPData, params: KernelParams) {
    this.data = data;
    this.params = params;
    this.#priorVariance = priorVariance(params);
    const { n, dim, x, isCategorical } = data;
    const matrix = new Float64Array(n * n);
    const lambda = params.inverseSquaredLengthscales;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) matrix[i * n + j] = params.kernelScale * matern52(scaledSquaredDistance(x, i, x, j, dim, lambda, isCategorical)) + additiveKernel(x, i, x, j, dim, params, isCategorical);
      matrix[i * n + i] = this.#priorVariance + params.noiseVariance;
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
      const k = scale * matern52(d2) + additiveKernel(own, 0, x, i, dim, this.params, isCategorical);
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
    out[1] = Math.max(0, this.#priorVariance - explained);
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
      const factor = 2 * (lambda[d] as number);
      const a = this.params.additiveScales?.[d] ?? 0;
      const mu = this.params.additiveInverseSquaredLengthscales?.[d] ?? 0;
      let gm = 0;
      let gv = 0;
      for (let i = 0; i < n; i++) {
        const diff = xd - (x[i * dim + d] as number);
        // ARD part plus this coordinate's additive part: a k'(μ δ²) · 2 μ δ.
        const dk = factor * (this.#dk[i] as number) * diff + (a === 0 ? 0 : a * matern52Derivative(mu * diff * diff) * 2 * mu * diff);
        gm += (this.#alpha[i] as number) * dk;
        gv += (v[i] as number) * dk;
      }
      meanGradient[d] = gm;
      varianceGradient[d] = -2 * gv;
    }
  }
}
