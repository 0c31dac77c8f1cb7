import { logNormalCdf, logNormalCdfDerivative } from '../../math/normal.js';
import type { GaussianProcess } from './gaussian-process.js';
import { logH, logHDerivative } from './log-expected-improvement.js';

/** Added to the posterior variance before taking its square root (as Optuna's stabilising noise). */
const STABILIZING_NOISE = 1e-12;

/** A constraint model: feasible where the modelled (standardised) value is at most `threshold`. */
export interface ConstraintModel {
  readonly gp: GaussianProcess;
  readonly threshold: number;
}

/**
 * The acquisition to maximise, in GP coordinates: log expected improvement of the objective model
 * (minimised, standardised) over `incumbent`, plus `log P(c_i <= threshold_i)` for each constraint
 * model (Gardner et al. 2014; Optuna 4.2's constrained GPSampler). Without an incumbent (no
 * feasible observation yet), only the log probability of feasibility.
 */
export class LogEIAcquisition {
  readonly dim: number;
  readonly #objective: GaussianProcess;
  readonly #incumbent: number | undefined;
  readonly #constraints: readonly ConstraintModel[];
  readonly #posterior = new Float64Array(2);
  readonly #meanGradient: Float64Array;
  readonly #varianceGradient: Float64Array;

  constructor(objective: GaussianProcess, incumbent: number | undefined, constraints: readonly ConstraintModel[] = []) {
    this.dim = objective.data.dim;
    this.#objective = objective;
    this.#incumbent = incumbent;
    this.#constraints = constraints;
    this.#meanGradient = new Float64Array(this.dim);
    this.#varianceGradient = new Float64Array(this.dim);
  }

  /** The acquisition at `point`; with `gradient`, also its gradient over the numeric coordinates. */
  evaluate(point: ArrayLike<number>, gradient?: Float64Array): number {
    gradient?.fill(0);
    let value = 0;
    if (this.#incumbent !== undefined) {
      value += this.#term(this.#objective, point, this.#incumbent, true, gradient);
    }
    for (const constraint of this.#constraints) value += this.#term(constraint.gp, point, constraint.threshold, false, gradient);
    return value;
  }

  /** log EI (improvement below `target`) or log P(f <= target); gradient accumulated into `gradient`. */
  #term(gp: GaussianProcess, point: ArrayLike<number>, target: number, improvement: boolean, gradient: Float64Array | undefined): number {
    const posterior = this.#posterior;
    if (gradient === undefined) gp.posterior(point, posterior);
    else gp.posterior(point, posterior, this.#meanGradient, this.#varianceGradient);
    const mean = posterior[0] as number;
    const sigma = Math.sqrt((posterior[1] as number) + STABILIZING_NOISE);
    const z = (target - mean) / sigma;
    const value = improvement ? Math.log(sigma) + logH(z) : logNormalCdf(z);
    if (gradient !== undefined) {
      const slope = improvement ? logHDerivative(z) : logNormalCdfDerivative(z);
      for (let d = 0; d < this.dim; d++) {
        const dSigma = (this.#varianceGradient[d] as number) / (2 * sigma);
        const dz = (-(this.#meanGradient[d] as number) - z * dSigma) / sigma;
        gradient[d] = (gradient[d] as number) + slope * dz + (improvement ? dSigma / sigma : 0);
      }
    }
    return value;
  }
}

/**
 * The negated lower confidence bound `−(μ − √β σ)` of the objective model (minimised,
 * standardised), to maximise. With β = 1 it prefers the model's predicted minimum unless another
 * point is at least one posterior standard deviation more promising: far less drawn to the box's
 * corners than log EI when the kernel scale is large (see `GPSamplerOptions.acquisition`).
 */
export class LowerConfidenceBoundAcquisition {
  readonly dim: number;
  readonly #objective: GaussianProcess;
  readonly #rootBeta: number;
  readonly #posterior = new Float64Array(2);
  readonly #meanGradient: Float64Array;
  readonly #varianceGradient: Float64Array;

  constructor(objective: GaussianProcess, beta: number) {
    this.dim = objective.data.dim;
    this.#objective = objective;
    this.#rootBeta = Math.sqrt(beta);
    this.#meanGradient = new Float64Array(this.dim);
    this.#varianceGradient = new Float64Array(this.dim);
  }

  /** The acquisition at `point`; with `gradient`, also its gradient over the numeric coordinates. */
  evaluate(point: ArrayLike<number>, gradient?: Float64Array): number {
    const posterior = this.#posterior;
    if (gradient === undefined) this.#objective.posterior(point, posterior);
    else this.#objective.posterior(point, posterior, this.#meanGradient, this.#varianceGradient);
    const sigma = Math.sqrt((posterior[1] as number) + STABILIZING_NOISE);
    if (gradient !== undefined) {
      for (let d = 0; d < this.dim; d++) {
        gradient[d] = -(this.#meanGradient[d] as number) + (this.#rootBeta * (this.#varianceGradient[d] as number)) / (2 * sigma);
      }
    }
    return -(posterior[0] as number) + this.#rootBeta * sigma;
  }
}
