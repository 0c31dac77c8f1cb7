import { isSingle, toExternal } from '../../distributions/index.js';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import type { Distribution, ParamValue, SearchSpace } from '../../protocol/distribution.js';
import type { FrozenTrial } from '../../protocol/frozen-trial.js';
import type { Sampler } from '../../protocol/sampler.js';
import type { StudyView } from '../../protocol/study-view.js';
import type { TrialState } from '../../protocol/trial-state.js';
import { SeededRandom } from '../../utils/seeded-random.js';
import { sampleUniform } from '../sample-uniform.js';
import { ParzenEstimator, type CategoricalDistance, type ParzenDimension, type ParzenEstimatorOptions } from './parzen-estimator.js';
import { SearchSpaceTracker, type SearchSpaceGroup } from './search-space-tracker.js';
import { CONSTRAINTS_KEY, hasConstraints, multiObjectiveBelowWeights, splitTrials, type TrialSplit } from './split-trials.js';
import { defaultGamma, defaultWeights } from './tpe-defaults.js';

export interface TPESamplerOptions {
  /** Seed for exact reproducibility (with `concurrency: 1`); drawn at random when absent. */
  readonly seed?: number;
  /** Trials (complete or pruned) sampled at random before TPE starts. Default 10. */
  readonly nStartupTrials?: number;
  /** Candidates drawn from `l(x)` per sample; the one maximising `l(x)/g(x)` wins. Default 24. */
  readonly nEiCandidates?: number;
  /**
   * Model the parameters jointly (multivariate TPE, Falkner et al. 2018) instead of one by one.
   * Default true.
   */
  readonly multivariate?: boolean;
  /**
   * With `multivariate`, split a conditional search space into groups of parameters that always
   * appear together and sample each group jointly. Default true (requires `multivariate`).
   */
  readonly group?: boolean;
  /**
   * Treat running trials as worst-case observations (they join the "above" group), so that
   * parallel workers do not all sample the same region. Default true.
   */
  readonly constantLiar?: boolean;
  /** Weight of the prior kernel of each Parzen estimator. Default 1. */
  readonly priorWeight?: number;
  /** Floor kernel bandwidths at `range / min(100, n + 2)` (Optuna's "magic clip"). Default true. */
  readonly considerMagicClip?: boolean;
  /** Univariate bandwidths: let the outermost kernels reach the domain's ends. Default false. */
  readonly considerEndpoints?: boolean;
  /** Size of the "below" group for `n` finished trials. Default `min(ceil(0.1 n), 25)`. */
  readonly gamma?: (n: number) => number;
  /**
   * Weights of `n` observations in trial-number order (older first). Default: 1 for the newest 25,
   * a ramp from `1/n` for older ones. (Multi-objective: only for the "above" group.)
   */
  readonly weights?: (n: number) => ArrayLike<number>;
  /**
   * Warn (once per parameter) when multivariate TPE has to sample a parameter on its own.
   * Default true.
   */
  readonly warnIndependentSampling?: boolean;
  /**
   * Computes a finished trial's constraints (feasible when every value is <= 0); stored as the
   * trial's `constraints` system attribute. Trials that carry that attribute by other means are
   * honoured too: infeasible trials rank after feasible ones.
   */
  readonly constraintsFunc?: (trial: FrozenTrial) => readonly number[];
  /** Per categorical parameter, a distance between choices: similar choices share density (Optuna 4). */
  readonly categoricalDistanceFunc?: Readonly<Record<string, CategoricalDistance>>;
}

/** What one `ask` needs from the history, computed once and shared by all of its samples. */
interface History {
  readonly trials: readonly FrozenTrial[];
  readonly trialId: number;
  readonly split: TrialSplit;
  /** MOTPE weights of `split.below`; undefined for single-objective studies. */
  readonly belowWeights: Float64Array | undefined;
}

const FINISHED_FOR_TPE: readonly TrialState[] = ['complete', 'pruned'];

/**
 * Tree-structured Parzen Estimator (Bergstra et al. 2011; multivariate: Falkner et al. 2018;
 * multi-objective: Ozaki et al. 2020; c-TPE-style constraint handling), with Optuna's semantics
 * and defaults except that `multivariate`, `group` and `constantLiar` are on.
 *
 * After `nStartupTrials` random trials, each sample splits the finished trials into the best
 * `gamma(n)` ("below") and the rest ("above"), fits a Parzen estimator to each (truncated-normal
 * kernels in log space for log parameters, discrete kernels for ints and stepped floats, choice
 * tables for categoricals, one prior kernel each), draws `nEiCandidates` from the below density
 * `l(x)` and returns the one maximising `log l(x) − log g(x)`.
 *
 * - Pruned trials rank after complete ones (those that reached a later step first, then by their
 *   last reported value); failed trials are ignored; running trials count as "above" with
 *   `constantLiar`.
 * - Multi-objective studies split by non-domination rank, the boundary rank tie-broken by greedy
 *   hypervolume subset selection; the below kernels are weighted by hypervolume contribution.
 * - Trials with a `constraints` system attribute (all values <= 0 = feasible): infeasible trials
 *   join the below group only after every feasible one, least violating first.
 * - Parameters outside the relative (joint) search space are sampled on their own (univariate TPE).
 */
export class TPESampler implements Sampler {
  readonly name = 'TPESampler';
  readonly #rng: SeededRandom;
  readonly #startupRng: SeededRandom;
  readonly #nStartupTrials: number;
  readonly #nEiCandidates: number;
  readonly #multivariate: boolean;
  readonly #group: boolean;
  readonly #constantLiar: boolean;
  readonly #gamma: (n: number) => number;
  readonly #weights: (n: number) => ArrayLike<number>;
  readonly #warnIndependent: boolean;
  readonly #constraintsFunc: ((trial: FrozenTrial) => readonly number[]) | undefined;
  readonly #categoricalDistance: Readonly<Record<string, CategoricalDistance>>;
  readonly #relativeOptions: ParzenEstimatorOptions;
  readonly #independentOptions: ParzenEstimatorOptions;
  readonly #tracker = new SearchSpaceTracker();
  readonly #warned = new Set<string>();
  #groupsFor: { readonly trialId: number; readonly groups: readonly SearchSpaceGroup[] } | undefined;
  #history: History | undefined;

  constructor(options: TPESamplerOptions = {}) {
    const where = 'TPESampler';
    if (options.seed !== undefined && !Number.isFinite(options.seed)) throw new InvalidArgumentError(`${where}.seed`, options.seed, 'a finite number');
    this.#nStartupTrials = checkCount(options.nStartupTrials ?? 10, `${where}.nStartupTrials`, 0);
    this.#nEiCandidates = checkCount(options.nEiCandidates ?? 24, `${where}.nEiCandidates`, 1);
    this.#multivariate = options.multivariate ?? true;
    if (options.group === true && !this.#multivariate) {
      throw new InvalidArgumentError(`${where}.group`, true, 'false when multivariate is false (groups are sampled jointly)');
    }
    this.#group = this.#multivariate && (options.group ?? true);
    this.#constantLiar = options.constantLiar ?? true;
    const priorWeight = options.priorWeight ?? 1;
    if (!(priorWeight > 0) || !Number.isFinite(priorWeight)) throw new InvalidArgumentError(`${where}.priorWeight`, priorWeight, 'a finite number > 0');
    for (const key of ['gamma', 'weights', 'constraintsFunc'] as const) {
      if (options[key] !== undefined && typeof options[key] !== 'function') throw new InvalidArgumentError(`${where}.${key}`, options[key], 'a function');
    }
    this.#gamma = options.gamma ?? defaultGamma;
    this.#weights = options.weights ?? defaultWeights;
    this.#warnIndependent = options.warnIndependentSampling ?? true;
    this.#constraintsFunc = options.constraintsFunc;
    this.#categoricalDistance = options.categoricalDistanceFunc ?? {};
    const considerMagicClip = options.considerMagicClip ?? true;
    const considerEndpoints = options.considerEndpoints ?? false;
    this.#relativeOptions = { priorWeight, considerMagicClip, considerEndpoints, multivariate: this.#multivariate };
    // As in Optuna, a multivariate sampler keeps the Scott-like bandwidth for its lone parameters.
    this.#independentOptions = this.#relativeOptions;
    const root = new SeededRandom(options.seed);
    this.#rng = root.fork();
    this.#startupRng = root.fork();
  }

  inferRelativeSearchSpace(study: StudyView, trial: FrozenTrial): SearchSpace {
    if (!this.#multivariate) return {};
    const finished = study.getTrials({ states: FINISHED_FOR_TPE });
    this.#tracker.update(studyKey(study), finished);
    const space: Record<string, Distribution> = {};
    if (this.#group) {
      const groups = this.#tracker.groups();
      this.#groupsFor = { trialId: trial.trialId, groups };
      for (const group of groups) for (const [name, dist] of group) if (!isSingle(dist)) space[name] = dist;
      return space;
    }
    for (const [name, dist] of Object.entries(this.#tracker.intersection())) if (!isSingle(dist)) space[name] = dist;
    return space;
  }

  sampleRelative(study: StudyView, trial: FrozenTrial, space: SearchSpace): Record<string, ParamValue> {
    const names = Object.keys(space);
    if (names.length === 0) return {};
    if (study.getTrials({ states: FINISHED_FOR_TPE }).length < this.#nStartupTrials) return {};
    // Sample each group on its own, restricted to the names asked for.
    let groups: readonly (readonly string[])[];
    if (this.#group) {
      if (this.#groupsFor?.trialId !== trial.trialId) this.inferRelativeSearchSpace(study, trial);
      groups = (this.#groupsFor?.groups ?? []).map((group) => [...group.keys()].filter((name) => space[name] !== undefined));
    } else {
      groups = [names];
    }
    const result: Record<string, ParamValue> = {};
    const history = this.#historyFor(study, trial);
    for (const group of groups) {
      if (group.length === 0) continue;
      const dists = group.map((name) => space[name] as Distribution);
      const values = this.#sample(history, group, dists, this.#relativeOptions);
      if (values === undefined) continue;
      group.forEach((name, i) => {
        result[name] = values[i] as ParamValue;
      });
    }
    return result;
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, dist: Distribution): ParamValue {
    if (isSingle(dist)) return sampleUniform(dist, this.#startupRng);
    const finished = study.getTrials({ states: FINISHED_FOR_TPE });
    if (finished.length < this.#nStartupTrials) return sampleUniform(dist, this.#startupRng);
    if (this.#warnIndependent && this.#multivariate && !this.#warned.has(name) && finished.some((other) => Object.hasOwn(other.params, name))) {
      this.#warned.add(name);
      process.emitWarning(
        `TPESampler sampled parameter '${name}' (trial ${trial.number}) independently instead of jointly with the others; ` +
          'optimisation may be less efficient. Pass warnIndependentSampling: false if this is intended.',
        { code: 'TUNEKIT_TPE_INDEPENDENT_SAMPLING' },
      );
    }
    const history = this.#historyFor(study, trial);
    const values = this.#sample(history, [name], [dist], this.#independentOptions);
    return values === undefined ? sampleUniform(dist, this.#startupRng) : (values[0] as ParamValue);
  }

  async afterTrial(study: StudyView, trial: FrozenTrial, state: TrialState, _values: readonly number[] | undefined): Promise<void> {
    if (this.#constraintsFunc === undefined || (state !== 'complete' && state !== 'pruned')) return;
    const constraints = this.#constraintsFunc(trial);
    if (!Array.isArray(constraints) || constraints.some((value) => typeof value !== 'number' || Number.isNaN(value))) {
      throw new InvalidArgumentError('TPESampler.constraintsFunc result', constraints, 'an array of numbers (NaN is not allowed)');
    }
    await study.setTrialSystemAttr(trial.trialId, CONSTRAINTS_KEY, constraints.slice());
  }

  /** The split of the history for this ask, cached across its samples (same snapshot, same trial). */
  #historyFor(study: StudyView, trial: FrozenTrial): History {
    const trials = study.getTrials();
    const cached = this.#history;
    if (cached !== undefined && cached.trials === trials && cached.trialId === trial.trialId) return cached;
    const considered: FrozenTrial[] = [];
    let nFinished = 0;
    for (const other of trials) {
      if (other.trialId === trial.trialId) continue;
      if (other.state === 'complete' || other.state === 'pruned') {
        considered.push(other);
        nFinished++;
      } else if (other.state === 'running' && this.#constantLiar) {
        considered.push(other);
      }
    }
    const constraintsEnabled = this.#constraintsFunc !== undefined || hasConstraints(considered);
    const nBelow = Number(this.#gamma(nFinished));
    if (!Number.isFinite(nBelow) || nBelow < 0) throw new InvalidArgumentError('TPESampler.gamma result', nBelow, 'a finite number >= 0');
    const split = splitTrials(considered, study.directions, nBelow, constraintsEnabled);
    const belowWeights = study.directions.length > 1 ? multiObjectiveBelowWeights(split.below, study.directions, constraintsEnabled) : undefined;
    const history: History = { trials, trialId: trial.trialId, split, belowWeights };
    this.#history = history;
    return history;
  }

  /** One TPE draw for the parameters `names` jointly; undefined when there is nothing to model. */
  #sample(history: History, names: readonly string[], dists: readonly Distribution[], options: ParzenEstimatorOptions): ParamValue[] | undefined {
    const dimensions: ParzenDimension[] = dists.map((distribution, i) => ({ distribution, categoricalDistance: this.#categoricalDistance[names[i] as string] }));
    const below = collect(history.split.below, names, dists);
    const above = collect(history.split.above, names, dists);
    const belowWeights = history.belowWeights === undefined ? this.#observationWeights(below.count) : pick(history.belowWeights, below.rows);
    const l = new ParzenEstimator(dimensions, below.columns, belowWeights, options);
    const g = new ParzenEstimator(dimensions, above.columns, this.#observationWeights(above.count), options);
    const candidates = l.sample(this.#rng, this.#nEiCandidates);
    const logL = l.logPdf(candidates, this.#nEiCandidates);
    const logG = g.logPdf(candidates, this.#nEiCandidates);
    let best = 0;
    let bestScore = -Infinity;
    for (let i = 0; i < this.#nEiCandidates; i++) {
      const score = (logL[i] as number) - (logG[i] as number);
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    return dists.map((dist, d) => toExternal(dist, (candidates[d] as Float64Array)[best] as number));
  }

  #observationWeights(n: number): ArrayLike<number> {
    const weights = this.#weights(n);
    if (weights.length < n) throw new InvalidArgumentError('TPESampler.weights result', weights, `${n} weights`);
    for (let i = 0; i < n; i++) {
      const w = weights[i] as number;
      if (!(w >= 0) || !Number.isFinite(w)) throw new InvalidArgumentError('TPESampler.weights result', weights, 'finite numbers >= 0');
    }
    return weights;
  }
}

function checkCount(value: number, field: string, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) throw new InvalidArgumentError(field, value, `an integer >= ${min}`);
  return value;
}

function studyKey(study: StudyView): string {
  return `${study.studyId}\u0000${study.studyName}`;
}

/** Observations of `names` in `trials`: internal values per name, for the trials that have them all inside `dists`. */
function collect(trials: readonly FrozenTrial[], names: readonly string[], dists: readonly Distribution[]): { columns: Float64Array[]; rows: Int32Array; count: number } {
  const nDims = names.length;
  const buffers = names.map(() => new Float64Array(trials.length));
  const rows = new Int32Array(trials.length);
  let count = 0;
  for (let t = 0; t < trials.length; t++) {
    const params = (trials[t] as FrozenTrial).params;
    let ok = true;
    for (let d = 0; d < nDims; d++) {
      const internal = encode(dists[d] as Distribution, params[names[d] as string]);
      if (Number.isNaN(internal)) {
        ok = false;
        break;
      }
      (buffers[d] as Float64Array)[count] = internal;
    }
    if (!ok) continue;
    rows[count] = t;
    count++;
  }
  return { columns: buffers.map((buffer) => buffer.subarray(0, count)), rows: rows.subarray(0, count), count };
}

/** A stored external value → internal value of `dist`, or NaN when absent or not inside it. */
function encode(dist: Distribution, value: ParamValue | undefined): number {
  if (value === undefined) return NaN;
  if (dist.type === 'categorical') {
    const choices = dist.choices;
    const index = choices.indexOf(value);
    if (index >= 0) return index;
    if (typeof value !== 'object' || value === null) return NaN;
    const key = JSON.stringify(value);
    for (let i = 0; i < choices.length; i++) {
      const choice = choices[i];
      if (typeof choice === 'object' && choice !== null && JSON.stringify(choice) === key) return i;
    }
    return NaN;
  }
  if (typeof value !== 'number' || !(value >= dist.low && value <= dist.high)) return NaN;
  return value;
}

function pick(weights: Float64Array, rows: Int32Array): Float64Array {
  const picked = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) picked[i] = weights[rows[i] as number] as number;
  return picked;
}
