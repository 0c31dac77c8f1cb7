import { isSingle } from '../../distributions/index.js';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import type { Distribution, ParamValue, SearchSpace } from '../../protocol/distribution.js';
import type { FrozenTrial } from '../../protocol/frozen-trial.js';
import type { Sampler } from '../../protocol/sampler.js';
import type { StudyView } from '../../protocol/study-view.js';
import type { TrialState } from '../../protocol/trial-state.js';
import { constraintsOf, hasConstraints, recordConstraints } from '../../trial/constraints.js';
import { checkBooleans, checkFunctions, checkSamplerOption, checkSeed } from '../../utils/check-options.js';
import { SeededRandom } from '../../utils/seeded-random.js';
import { RandomSampler } from '../random-sampler.js';
import { SearchSpaceTracker } from '../tpe/search-space-tracker.js';
import { LogEIAcquisition, LowerConfidenceBoundAcquisition, type ConstraintModel } from './acquisition.js';
import { fitKernelParams, GaussianProcess, type GPData, type KernelParams } from './gaussian-process.js';
import { GPDimension } from './gp-search-space.js';
import { optimizeAcquisition } from './optimize-acquisition.js';
import { fitYeoJohnsonLambda, yeoJohnson, yeoJohnsonLogLikelihood } from './power-transform.js';
import { studyKey } from '../study-key.js';

export interface GPSamplerOptions {
  /** Seed for exact reproducibility (with `concurrency: 1`); drawn at random when absent. */
  readonly seed?: number;
  /** Complete trials sampled by `independentSampler` before the GP starts. Default 10. */
  readonly nStartupTrials?: number;
  /**
   * The objective has no observation noise: fix the GP's noise variance at a tiny floor (1e-6 of
   * the standardised variance) instead of fitting it. Default false.
   */
  readonly deterministicObjective?: boolean;
  /**
   * Computes a finished trial's constraints (feasible when every value is <= 0); stored as the
   * trial's `constraints` system attribute. Trials that carry that attribute by other means
   * (`trial.setConstraint`) are honoured too.
   */
  readonly constraintsFunc?: (trial: FrozenTrial) => readonly number[];
  /**
   * Samples the startup trials, the parameters outside the joint search space, and every
   * parameter when the GP cannot be used (multi-objective studies, unusable history). Default: a
   * `RandomSampler` seeded from `seed`.
   */
  readonly independentSampler?: Sampler;
  /** Warn (once per parameter) when a parameter is sampled by the independent sampler after startup. Default true. */
  readonly warnIndependentSampling?: boolean;
  /**
   * When a Yeo–Johnson power transform (exponent <= 1, fitted by maximum likelihood; as HEBO, not
   * in Optuna) makes the observed values far more Gaussian, model them after it: Rosenbrock-like
   * objectives whose values span orders of magnitude become far easier to model. Default true.
   */
  readonly powerTransform?: boolean;
  /**
   * What the next point maximises:
   * - `'logEI'`: log expected improvement over the best feasible value (Optuna's GPSampler);
   * - `'lcb'`: the lower confidence bound `μ − √lcbBeta · σ` (minimised). Constraints need log EI:
   *   with constraints this falls back to `'logEI'` (with a one-time warning);
   * - `'auto'` (default): `'lcb'` when every parameter of the joint space is numeric (float, int,
   *   step, log) and no trial has constraints; `'logEI'` when a categorical parameter or a
   *   constraint is present. On the numeric problems of the benchmark suite LCB (β = 1) found
   *   better values than log EI, which kept sampling the box's corners; on the mixed ones (with
   *   categoricals) log EI was better (docs/decisions/0006-gp-acquisition.md).
   */
  readonly acquisition?: GPAcquisition;
  /**
   * Add to the joint Matérn 5/2 ARD kernel one one-dimensional Matérn 5/2 per parameter
   * (`Σ_d a_d k(μ_d δ_d²)`, scales and lengthscales fitted with the rest): the GP then learns
   * structure along each parameter that a joint kernel smooths away with ~100 trials (ripples of
   * Rastrigin-like objectives, per-parameter optima of nearly separable ones). Fitting costs about
   * twice as much. Default true; false gives Optuna's kernel (docs/decisions/0007).
   */
  readonly additiveKernel?: boolean;
  /** β of the `'lcb'` acquisition `μ − √β σ` (optimism in posterior standard deviations, squared). Default 1. */
  readonly lcbBeta?: number;
}

/** The acquisition functions `GPSampler` can maximise; see `GPSamplerOptions.acquisition`. */
export type GPAcquisition = 'auto' | 'logEI' | 'lcb';
const ACQUISITIONS: readonly GPAcquisition[] = ['auto', 'logEI', 'lcb'];

/**
 * The power transform applies only when it makes the standardised values far more Gaussian:
 * likelihood-ratio statistic `2 (log L(λ*) − log L(1)) > 20` (strong evidence; λ = 1 is the
 * identity). Heavy-tailed objectives (Rosenbrock: ~25 after 30 trials and growing) pass; on
 * roughly symmetric ones (Rastrigin: at most ~13), where it was measured harmful, it stays off.
 * Chosen on seeds 100–104, never on the benchmark's.
 */
const POWER_TRANSFORM_EVIDENCE = 20;

/** Cached warm starts per study and role; bounded so that a long-lived sampler does not grow. */
const MAX_CACHED_FITS = 64;

/**
 * Gaussian-process Bayesian optimisation, with the semantics of Optuna 4's `GPSampler`.
 *
 * After `nStartupTrials` complete trials, each trial fits a GP to the complete trials over the
 * intersection search space (parameters every complete trial has with one distribution;
 * single-value ones excluded): Matérn 5/2 kernel with one lengthscale per parameter (ARD) plus,
 * by default, one one-dimensional Matérn 5/2 per parameter (`additiveKernel`), kernel scales and
 * noise variance fitted by maximum a posteriori (log marginal likelihood + Optuna's weak
 * priors, L-BFGS, warm-started from the previous fit of the same study). Parameters live in
 * `[0, 1]` (log scale for log parameters; ints and stepped floats relaxed and snapped to their
 * grid), categoricals as indices under a Hamming distance. The next point maximises the
 * acquisition (by default the lower confidence bound `μ − σ` in numeric spaces, the log expected
 * improvement of Ament et al. 2023 with categoricals or constraints; `acquisition`) over 2048
 * random candidates plus the best observation, refined by 10 local searches (L-BFGS-B and
 * coordinate search over grids and choices).
 *
 * - Objective values are minimised (a 'maximize' study is negated), standardised and (unless
 *   `powerTransform: false`) Yeo–Johnson transformed when clearly heavy-tailed; pruned and
 *   failed trials and non-finite values are left out. Other running trials join the objective's
 *   model as observations of the worst value so far (constant liar), so that concurrent workers
 *   spread out instead of proposing the same point.
 * - Constraints (`constraintsFunc` or the trials' `constraints` attribute, feasible when every
 *   value is <= 0): one GP per constraint; the acquisition adds `log P(c_i <= 0)` and the
 *   incumbent is the best feasible value; with no feasible trial yet, it maximises the
 *   probability of feasibility alone.
 * - Multi-objective studies are not modelled: every parameter is sampled by `independentSampler`
 *   (with a one-time warning).
 * - Never throws because of the history: when the GP cannot be fitted, it falls back to the
 *   independent sampler.
 */
export class GPSampler implements Sampler {
  readonly name = 'GPSampler';
  readonly #rng: SeededRandom;
  readonly #nStartupTrials: number;
  readonly #deterministic: boolean;
  readonly #constraintsFunc: ((trial: FrozenTrial) => readonly number[]) | undefined;
  readonly #independent: Sampler;
  readonly #warnIndependent: boolean;
  readonly #powerTransform: boolean;
  readonly #acquisition: GPAcquisition;
  readonly #additiveKernel: boolean;
  readonly #lcbBeta: number;
  readonly #warned = new Set<string>();
  readonly #tracker = new SearchSpaceTracker();
  /**
   * Joint samples of trials that may still be running (same process): with the params they have
   * stored, what the constant liar adds to the model so that concurrent asks spread out.
   */
  readonly #pending = new Map<number, Readonly<Record<string, ParamValue>>>();
  /** Last fitted kernel parameters, keyed by study, role (objective / constraint i) and space. */
  readonly #fits = new Map<string, KernelParams>();

  constructor(options: GPSamplerOptions = {}) {
    const where = 'GPSampler';
    checkSeed(where, options.seed);
    const nStartup = options.nStartupTrials ?? 10;
    if (!Number.isSafeInteger(nStartup) || nStartup < 0) throw new InvalidArgumentError(`${where}.nStartupTrials`, nStartup, 'an integer >= 0');
    checkFunctions(where, options, ['constraintsFunc']);
    checkBooleans(where, options, ['deterministicObjective', 'warnIndependentSampling', 'powerTransform', 'additiveKernel']);
    if (options.acquisition !== undefined && !ACQUISITIONS.includes(options.acquisition)) {
      throw new InvalidArgumentError(`${where}.acquisition`, options.acquisition, `one of ${ACQUISITIONS.map((name) => `'${name}'`).join(', ')}`);
    }
    const lcbBeta = options.lcbBeta ?? 1;
    if (typeof lcbBeta !== 'number' || !Number.isFinite(lcbBeta) || lcbBeta <= 0) throw new InvalidArgumentError(`${where}.lcbBeta`, lcbBeta, 'a finite number > 0');
    const independent = checkSamplerOption(where, 'independentSampler', options.independentSampler);
    this.#nStartupTrials = nStartup;
    this.#deterministic = options.deterministicObjective ?? false;
    this.#constraintsFunc = options.constraintsFunc;
    this.#warnIndependent = options.warnIndependentSampling ?? true;
    this.#powerTransform = options.powerTransform ?? true;
    this.#acquisition = options.acquisition ?? 'auto';
    this.#additiveKernel = options.additiveKernel ?? true;
    this.#lcbBeta = lcbBeta;
    const root = new SeededRandom(options.seed);
    this.#rng = root.fork();
    this.#independent = independent ?? new RandomSampler({ seed: root.fork().nextUint32() });
  }

  inferRelativeSearchSpace(study: StudyView, _trial: FrozenTrial): SearchSpace {
    if (study.directions.length !== 1) return {};
    this.#tracker.update(studyKey(study), study.getTrials({ states: ['complete'] }));
    const space: Record<string, Distribution> = {};
    for (const [name, dist] of Object.entries(this.#tracker.intersection())) if (!isSingle(dist)) space[name] = dist;
    return space;
  }

  sampleRelative(study: StudyView, trial: FrozenTrial, space: SearchSpace): Record<string, ParamValue> {
    if (study.directions.length !== 1) {
      this.#warnOnce('\u0000multi-objective', `GPSampler does not model multi-objective studies (${study.directions.length} objectives: ${study.directions.join(', ')}); every parameter is sampled by its independent sampler.`, 'TUNEKIT_GP_MULTI_OBJECTIVE');
      return {};
    }
    const names = Object.keys(space);
    if (names.length === 0) return {};
    const complete = study.getTrials({ states: ['complete'] });
    if (complete.length < this.#nStartupTrials) return {};
    try {
      const sample = this.#sample(study, trial, complete, names, space);
      this.#pending.set(trial.trialId, Object.freeze(sample));
      return sample;
    } catch (error) {
      this.#warnOnce('\u0000fallback', `GPSampler fell back to independent sampling after an internal error: ${error instanceof Error ? error.message : String(error)}`, 'TUNEKIT_GP_FALLBACK');
      return {};
    }
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, dist: Distribution): ParamValue {
    if (this.#warnIndependent && study.directions.length === 1 && !isSingle(dist) && !this.#warned.has(name)) {
      const complete = study.getTrials({ states: ['complete'] });
      if (complete.length >= this.#nStartupTrials && complete.some((other) => Object.hasOwn(other.params, name))) {
        this.#warnOnce(
          name,
          `GPSampler sampled parameter '${name}' (trial ${trial.number}) independently instead of jointly with the others; ` +
            'optimisation may be less efficient. Pass warnIndependentSampling: false if this is intended.',
          'TUNEKIT_GP_INDEPENDENT_SAMPLING',
        );
      }
    }
    return this.#independent.sampleIndependent(study, trial, name, dist);
  }

  beforeTrial(study: StudyView, trial: FrozenTrial): void | Promise<void> {
    return this.#independent.beforeTrial?.(study, trial);
  }

  async afterTrial(study: StudyView, trial: FrozenTrial, state: TrialState, values: readonly number[] | undefined): Promise<void> {
    this.#pending.delete(trial.trialId);
    await recordConstraints(study, trial, state, this.#constraintsFunc, 'GPSampler');
    await this.#independent.afterTrial?.(study, trial, state, values);
  }

  /** Fit the models and maximise the acquisition; `{}` when the history gives nothing to model. */
  #sample(study: StudyView, trial: FrozenTrial, complete: readonly FrozenTrial[], names: readonly string[], space: SearchSpace): Record<string, ParamValue> {
    const dimensions = names.map((name) => new GPDimension(name, space[name] as Distribution));
    const dim = dimensions.length;
    const sign = study.directions[0] === 'maximize' ? -1 : 1;
    const rows: FrozenTrial[] = [];
    const x: number[] = [];
    const values: number[] = [];
    for (const trial of complete) {
      const value = trial.values?.[0];
      if (value === undefined || !Number.isFinite(value)) continue;
      const encoded = dimensions.map((dimension) => dimension.encode(trial.params[dimension.name]));
      if (encoded.some(Number.isNaN)) continue;
      rows.push(trial);
      x.push(...encoded);
      values.push(sign * value);
    }
    const n = rows.length;
    if (n === 0) return {};
    const isCategorical = Uint8Array.from(dimensions, (dimension) => (dimension.kind === 'categorical' ? 1 : 0));
    const xs = Float64Array.from(x);
    const key = `${studyKey(study)}\u0000${JSON.stringify(names.map((name) => [name, space[name]]))}`;
    let y = standardize(values).y;
    if (this.#powerTransform && n >= 3) {
      // λ <= 1 only compresses the bad (high) tail: for minimisation, never squash the good end.
      const lambda = fitYeoJohnsonLambda(y, -3, 1);
      const evidence = 2 * (yeoJohnsonLogLikelihood(y, lambda) - yeoJohnsonLogLikelihood(y, 1));
      if (evidence > POWER_TRANSFORM_EVIDENCE) y = standardize(Array.from(y, (v) => yeoJohnson(v, lambda))).y;
    }
    const data: GPData = { x: xs, y, n, dim, isCategorical };
    const objective = this.#withConstantLiar(study, trial, data, this.#fit(data, `${key}\u0000objective`), dimensions);

    // Constraints: one GP per constraint over the rows that carry a full constraint vector.
    const constraintsEnabled = this.#constraintsFunc !== undefined || hasConstraints(complete);
    const feasible = new Uint8Array(n).fill(1);
    const constraintModels: ConstraintModel[] = [];
    if (constraintsEnabled) {
      const perRow = rows.map((trial) => constraintsOf(trial));
      const nConstraints = Math.max(0, ...perRow.map((c) => c?.length ?? 0));
      perRow.forEach((c, i) => {
        if (c === undefined || c.length !== nConstraints || c.some((value) => value > 0)) feasible[i] = 0;
      });
      for (let k = 0; k < nConstraints; k++) {
        const cx: number[] = [];
        const cy: number[] = [];
        perRow.forEach((c, i) => {
          const value = c?.length === nConstraints ? c[k] : undefined;
          if (value === undefined || !Number.isFinite(value)) return;
          for (let d = 0; d < dim; d++) cx.push(xs[i * dim + d] as number);
          cy.push(value);
        });
        if (cy.length === 0) continue;
        const { y, mean, std } = standardize(cy);
        const constraintData: GPData = { x: Float64Array.from(cx), y, n: cy.length, dim, isCategorical };
        const gp = new GaussianProcess(constraintData, this.#fit(constraintData, `${key}\u0000constraint ${k}`));
        constraintModels.push({ gp, threshold: (0 - mean) / std });
      }
    }

    let incumbent: number | undefined;
    const warmStarts: Float64Array[] = [];
    let bestRow = -1;
    for (let i = 0; i < n; i++) {
      if (feasible[i] === 0) continue;
      const y = objective.data.y[i] as number;
      if (incumbent === undefined || y < incumbent) {
        incumbent = y;
        bestRow = i;
      }
    }
    if (bestRow >= 0) warmStarts.push(xs.slice(bestRow * dim, (bestRow + 1) * dim));
    const acquisition = this.#useLcb(constraintsEnabled, dimensions)
      ? new LowerConfidenceBoundAcquisition(objective, this.#lcbBeta)
      : new LogEIAcquisition(objective, incumbent, constraintModels);
    const { point, value } = optimizeAcquisition(acquisition, dimensions, this.#rng, { warmStarts, nPreliminarySamples: preliminarySamplesFor(n) });
    if (!Number.isFinite(value) && value !== -Infinity) return {};
    const result: Record<string, ParamValue> = {};
    dimensions.forEach((dimension, d) => {
      result[dimension.name] = dimension.decode(point[d] as number);
    });
    return result;
  }

  /**
   * Constant liar (Ginsbourger et al. 2010): the other running trials join the objective's model
   * as observations of the worst value seen, with the fitted kernel, so that concurrent asks (in
   * this process or others, once their params are stored) do not all pick the same point. Only
   * the objective GP lies; the incumbent and the constraint models use real observations.
   */
  #withConstantLiar(study: StudyView, trial: FrozenTrial, data: GPData, kernel: KernelParams, dimensions: readonly GPDimension[]): GaussianProcess {
    const running = study.getTrials({ states: ['running'] });
    const still = new Set<number>();
    const lies: number[] = [];
    for (const other of running) {
      if (other.trialId === trial.trialId) continue;
      still.add(other.trialId);
      const params = { ...this.#pending.get(other.trialId), ...other.params };
      const encoded = dimensions.map((dimension) => (Object.hasOwn(params, dimension.name) ? dimension.encode(params[dimension.name]) : Number.NaN));
      if (!encoded.some(Number.isNaN)) lies.push(...encoded);
    }
    // Forget the joint samples of trials that ended without telling this sampler (another process).
    for (const trialId of this.#pending.keys()) if (trialId !== trial.trialId && !still.has(trialId)) this.#pending.delete(trialId);
    // The GP is built once, lies included (its Cholesky factor is the O(n³) part).
    if (lies.length === 0) return new GaussianProcess(data, kernel);
    const { n, dim, x, y, isCategorical } = data;
    const m = lies.length / dim;
    let worst = -Infinity;
    for (let i = 0; i < n; i++) worst = Math.max(worst, y[i] as number);
    const xs = new Float64Array((n + m) * dim);
    xs.set(x);
    xs.set(lies, n * dim);
    const ys = new Float64Array(n + m).fill(worst);
    ys.set(y);
    return new GaussianProcess({ x: xs, y: ys, n: n + m, dim, isCategorical }, kernel);
  }

  /** Whether this trial maximises the LCB (see `GPSamplerOptions.acquisition`) rather than log EI. */
  #useLcb(constrained: boolean, dimensions: readonly GPDimension[]): boolean {
    if (this.#acquisition === 'logEI') return false;
    if (this.#acquisition === 'auto') return !constrained && dimensions.every((dimension) => dimension.kind !== 'categorical');
    if (constrained) {
      this.#warnOnce('\u0000lcb-constraints', "GPSampler: acquisition 'lcb' cannot weigh constraints; this study has constraints, so it maximises log EI instead.", 'TUNEKIT_GP_LCB_CONSTRAINTS');
      return false;
    }
    return true;
  }

  /** Fit the kernel of a GP on `data`, warm-started from (and recording) the last fit under `key`. */
  #fit(data: GPData, key: string): KernelParams {
    const params = fitKernelParams(data, { deterministic: this.#deterministic, warmStart: this.#fits.get(key), additive: this.#additiveKernel });
    this.#fits.delete(key);
    if (this.#fits.size >= MAX_CACHED_FITS) this.#fits.delete(this.#fits.keys().next().value as string);
    this.#fits.set(key, params);
    return params;
  }

  #warnOnce(key: string, message: string, code: string): void {
    if (this.#warned.has(key)) return;
    this.#warned.add(key);
    process.emitWarning(message, { code });
  }
}

/**
 * Random candidates for the acquisition's first screening: Optuna's 2048 up to 150 observations,
 * then fewer (each costs O(n²); 1024 at 300, 614 at 500) so that a trial stays fast on long
 * studies, where the local searches from the best observations matter more than the screening.
 */
function preliminarySamplesFor(n: number): number {
  return Math.max(512, Math.min(2048, Math.round((2048 * 150) / n)));
}

/** `(v − mean) / std` (std floored at 1e-10, as Optuna), with the mean and std used. */
function standardize(values: readonly number[]): { y: Float64Array; mean: number; std: number } {
  const n = values.length;
  let mean = 0;
  for (const v of values) mean += v / n;
  let variance = 0;
  for (const v of values) variance += (v - mean) ** 2 / n;
  const std = Math.max(1e-10, Math.sqrt(variance));
  return { y: Float64Array.from(values, (v) => (v - mean) / std), mean, std };
}

