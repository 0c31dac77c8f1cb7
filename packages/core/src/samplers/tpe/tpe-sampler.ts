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
import { hasConstraints, recordConstraints } from '../../trial/constraints.js';
import { multiObjectiveBelowWeights, splitTrials, type TrialSplit } from './split-trials.js';
import { defaultGamma, defaultWeights } from './tpe-defaults.js';
import { studyKey } from '../study-key.js';
import { checkBooleans, checkFunctions, checkSeed } from '../../utils/check-options.js';

export interface TPESamplerOptions {
  /** Seed for exact reproducibility (with `concurrency: 1`); drawn at random when absent. */
  readonly seed?: number;
  /** Trials (complete or pruned) sampled at random before TPE starts. Default 10. */
  readonly nStartupTrials?: number;
  /** Candidates drawn from `l(x)` per sample; the one maximising `l(x)/g(x)` wins. Default 24. */
  readonly nEiCandidates?: number;
  /**
   * Model the parameters jointly (multivariate TPE, Falkner et al. 2018) instead of one by one.
   * Default (as Optuna 5): true for single-objective studies, false for multi-objective ones.
   */
  readonly multivariate?: boolean;
  /**
   * With multivariate TPE, split a conditional search space into groups of parameters that always
   * appear together and sample each group jointly. Default true; `true` with `multivariate: false`
   * is an error.
   */
  readonly group?: boolean;
  /**
   * Treat running trials as worst-case observations (they join the "above" group), so that
   * parallel workers do not all sample the same region. Default true. A running trial counts with
   * the params it has stored, plus those this sampler chose for it jointly but that its objective
   * has not suggested yet (same process only).
   */
  readonly constantLiar?: boolean;
  /** Weight of the prior kernel of each Parzen estimator. Default 1. */
  readonly priorWeight?: number;
  /**
   * Floor kernel bandwidths at `range / min(100, n + 2)^1.5` (Optuna's "magic clip", whose
   * exponent is 1; see `ParzenEstimator`). Default true.
   */
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
 * multi-objective: Ozaki et al. 2020; c-TPE-style constraint handling), with Optuna 5's semantics
 * and defaults: multivariate for single-objective studies, `group` and `constantLiar` on. Two
 * deliberate differences in the bandwidths, measured better on 18 problems: the multivariate
 * factor is 0.07 (Optuna: 0.2) and the magic clip's exponent 1.5 (Optuna: 1); see `ParzenEstimator`.
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
 *   join the below group only after every feasible one, least violating first. Once any finished
 *   trial has constraints (or with `constraintsFunc`), a trial without them counts as infeasible.
 * - Parameters outside the relative (joint) search space are sampled on their own (univariate TPE).
 */
export class TPESampler implements Sampler {
  readonly name = 'TPESampler';
  readonly #rng: SeededRandom;
  readonly #startupRng: SeededRandom;
  readonly #nStartupTrials: number;
  readonly #nEiCandidates: number;
  /** `undefined`: decided per study (joint for one objective, independent for several). */
  readonly #multivariate: boolean | undefined;
  readonly #group: boolean;
  readonly #constantLiar: boolean;
  readonly #gamma: (n: number) => number;
  readonly #weights: (n: number) => ArrayLike<number>;
  readonly #warnIndependent: boolean;
  readonly #constraintsFunc: ((trial: FrozenTrial) => readonly number[]) | undefined;
  readonly #categoricalDistance: Readonly<Record<string, CategoricalDistance>>;
  /** Estimator options with the multivariate (Scott-like) and the univariate bandwidth rules. */
  readonly #jointOptions: ParzenEstimatorOptions;
  readonly #singleOptions: ParzenEstimatorOptions;
  /** Params chosen jointly for trials that may still be running (for the constant liar). */
  readonly #pendingRelative = new Map<number, Readonly<Record<string, ParamValue>>>();
  readonly #tracker = new SearchSpaceTracker();
  readonly #warned = new Set<string>();
  readonly #encodings = new EncodingCache();
  #groupsFor: { readonly trialId: number; readonly groups: readonly SearchSpaceGroup[] } | undefined;
  #history: History | undefined;
  #view: { readonly source: readonly FrozenTrial[]; readonly trialId: number; readonly view: StudyView } | undefined;

  constructor(options: TPESamplerOptions = {}) {
    const where = 'TPESampler';
    checkSeed(where, options.seed);
    checkBooleans(where, options, ['multivariate', 'group', 'constantLiar', 'considerMagicClip', 'considerEndpoints', 'warnIndependentSampling']);
    this.#nStartupTrials = checkCount(options.nStartupTrials ?? 10, `${where}.nStartupTrials`, 0);
    this.#nEiCandidates = checkCount(options.nEiCandidates ?? 24, `${where}.nEiCandidates`, 1);
    this.#multivariate = options.multivariate;
    if (options.group === true && options.multivariate === false) {
      throw new InvalidArgumentError(`${where}.group`, true, 'false when multivariate is false (groups are sampled jointly)');
    }
    this.#group = options.group ?? true;
    this.#constantLiar = options.constantLiar ?? true;
    const priorWeight = options.priorWeight ?? 1;
    if (!(priorWeight > 0) || !Number.isFinite(priorWeight)) throw new InvalidArgumentError(`${where}.priorWeight`, priorWeight, 'a finite number > 0');
    checkFunctions(where, options, ['gamma', 'weights', 'constraintsFunc']);
    this.#gamma = options.gamma ?? defaultGamma;
    this.#weights = options.weights ?? defaultWeights;
    this.#warnIndependent = options.warnIndependentSampling ?? true;
    this.#constraintsFunc = options.constraintsFunc;
    this.#categoricalDistance = options.categoricalDistanceFunc ?? {};
    const considerMagicClip = options.considerMagicClip ?? true;
    const considerEndpoints = options.considerEndpoints ?? false;
    this.#jointOptions = { priorWeight, considerMagicClip, considerEndpoints, multivariate: true };
    this.#singleOptions = { ...this.#jointOptions, multivariate: false };
    const root = new SeededRandom(options.seed);
    this.#rng = root.fork();
    this.#startupRng = root.fork();
  }

  /** Whether parameters are modelled jointly in `study`. */
  #isMultivariate(study: StudyView): boolean {
    return this.#multivariate ?? study.directions.length === 1;
  }

  inferRelativeSearchSpace(study: StudyView, trial: FrozenTrial): SearchSpace {
    if (!this.#isMultivariate(study)) return {};
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

  sampleRelative(fullStudy: StudyView, trial: FrozenTrial, space: SearchSpace): Record<string, ParamValue> {
    const names = Object.keys(space);
    if (names.length === 0) return {};
    const study = this.#modelView(fullStudy, trial);
    if (study.getTrials({ states: FINISHED_FOR_TPE }).length < this.#nStartupTrials) return {};
    // Sample each group on its own, restricted to the names asked for.
    let groups: readonly (readonly string[])[];
    if (this.#group) {
      if (this.#groupsFor?.trialId !== trial.trialId) this.inferRelativeSearchSpace(fullStudy, trial);
      groups = (this.#groupsFor?.groups ?? []).map((group) => [...group.keys()].filter((name) => space[name] !== undefined));
    } else {
      groups = [names];
    }
    const result: Record<string, ParamValue> = {};
    const history = this.#historyFor(study, trial);
    for (const group of groups) {
      if (group.length === 0) continue;
      const dists = group.map((name) => space[name] as Distribution);
      const values = this.#guarded(() => this.#sample(history, group, dists, this.#jointOptions));
      if (values === undefined) continue;
      group.forEach((name, i) => {
        result[name] = values[i] as ParamValue;
      });
    }
    if (this.#constantLiar) this.#pendingRelative.set(trial.trialId, Object.freeze(result));
    return result;
  }

  sampleIndependent(fullStudy: StudyView, trial: FrozenTrial, name: string, dist: Distribution): ParamValue {
    if (isSingle(dist)) return sampleUniform(dist, this.#startupRng);
    const study = this.#modelView(fullStudy, trial);
    const finished = study.getTrials({ states: FINISHED_FOR_TPE });
    if (finished.length < this.#nStartupTrials) return sampleUniform(dist, this.#startupRng);
    const multivariate = this.#isMultivariate(study);
    if (this.#warnIndependent && multivariate && !this.#warned.has(name) && finished.some((other) => Object.hasOwn(other.params, name))) {
      this.#warned.add(name);
      process.emitWarning(
        `TPESampler sampled parameter '${name}' (trial ${trial.number}) independently instead of jointly with the others; ` +
          'optimisation may be less efficient. Pass warnIndependentSampling: false if this is intended.',
        { code: 'TUNEKIT_TPE_INDEPENDENT_SAMPLING' },
      );
    }
    const history = this.#historyFor(study, trial);
    // As in Optuna, a multivariate sampler keeps the Scott-like bandwidth for its lone parameters.
    const options = multivariate ? this.#jointOptions : this.#singleOptions;
    const values = this.#guarded(() => this.#sample(history, [name], [dist], options));
    return values === undefined ? sampleUniform(dist, this.#startupRng) : (values[0] as ParamValue);
  }

  async afterTrial(study: StudyView, trial: FrozenTrial, state: TrialState, _values: readonly number[] | undefined): Promise<void> {
    this.#pendingRelative.delete(trial.trialId);
    await recordConstraints(study, trial, state, this.#constraintsFunc, 'TPESampler');
  }

  /**
   * The trials to model for `trial`: the pruner's `samplerView` when it has one (Hyperband: the
   * trial's bracket, as in Optuna), else the whole study. Cached for the snapshot and trial, so
   * every suggest of one ask shares one view (and `#historyFor`'s cache keeps hitting).
   */
  #modelView(study: StudyView, trial: FrozenTrial): StudyView {
    const pruner = study.pruner;
    if (pruner?.samplerView === undefined) return study;
    // Each suggest may get a new view object over the same snapshot: key on the trial list.
    const source = study.getTrials();
    const cached = this.#view;
    if (cached !== undefined && cached.source === source && cached.trialId === trial.trialId) return cached.view;
    const view = pruner.samplerView(study, trial);
    this.#view = { source, trialId: trial.trialId, view };
    return view;
  }

  /** The split of the history for this ask, cached across its samples (same snapshot, same trial). */
  #historyFor(study: StudyView, trial: FrozenTrial): History {
    const trials = study.getTrials();
    const cached = this.#history;
    if (cached !== undefined && cached.trials === trials && cached.trialId === trial.trialId) return cached;
    const considered: FrozenTrial[] = [];
    const stillRunning = new Set<number>();
    let nFinished = 0;
    for (const other of trials) {
      if (other.trialId === trial.trialId) continue;
      if (other.state === 'complete' || other.state === 'pruned') {
        considered.push(other);
        nFinished++;
      } else if (other.state === 'running' && this.#constantLiar) {
        stillRunning.add(other.trialId);
        considered.push(withPendingParams(other, this.#pendingRelative.get(other.trialId)));
      }
    }
    // Forget the joint samples of trials that ended without telling this sampler (another process).
    for (const trialId of this.#pendingRelative.keys()) if (trialId !== trial.trialId && !stillRunning.has(trialId)) this.#pendingRelative.delete(trialId);
    const constraintsEnabled = this.#constraintsFunc !== undefined || hasConstraints(considered);
    const nBelow = Number(this.#gamma(nFinished));
    if (!Number.isFinite(nBelow) || nBelow < 0) throw new InvalidArgumentError('TPESampler.gamma result', nBelow, 'a finite number >= 0');
    const split = splitTrials(considered, study.directions, nBelow, constraintsEnabled);
    const belowWeights = study.directions.length > 1 ? multiObjectiveBelowWeights(split.below, study.directions, constraintsEnabled) : undefined;
    const history: History = { trials, trialId: trial.trialId, split, belowWeights };
    this.#history = history;
    return history;
  }

  /**
   * Run a TPE draw; an unexpected failure (a bug, not the history: the code is written to accept
   * any history) must not fail the user's trial, so it falls back to random sampling with a
   * warning. Errors of the user's own callbacks (`gamma`, `weights`) propagate.
   */
  #guarded(draw: () => ParamValue[] | undefined): ParamValue[] | undefined {
    try {
      return draw();
    } catch (error) {
      if (error instanceof InvalidArgumentError) throw error;
      if (!this.#warned.has('\u0000fallback')) {
        this.#warned.add('\u0000fallback');
        process.emitWarning(`TPESampler fell back to random sampling after an internal error: ${error instanceof Error ? error.message : String(error)}`, { code: 'TUNEKIT_TPE_FALLBACK' });
      }
      return undefined;
    }
  }

  /** One TPE draw for the parameters `names` jointly; undefined when there is nothing to model. */
  #sample(history: History, names: readonly string[], dists: readonly Distribution[], options: ParzenEstimatorOptions): ParamValue[] | undefined {
    const dimensions: ParzenDimension[] = dists.map((distribution, i) => ({ distribution, categoricalDistance: this.#categoricalDistance[names[i] as string] }));
    const cache = this.#encodings.forSpace(names, dists);
    const below = collect(history.split.below, names, dists, cache);
    const above = collect(history.split.above, names, dists, cache);
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

/**
 * A running trial as the constant liar sees it: its stored params plus the joint sample it has
 * not suggested yet (with the distributions asked for, when it did suggest them).
 */
function withPendingParams(trial: FrozenTrial, pending: Readonly<Record<string, ParamValue>> | undefined): FrozenTrial {
  if (pending === undefined) return trial;
  let missing = false;
  for (const name in pending) if (!Object.hasOwn(trial.params, name)) missing = true;
  return missing ? { ...trial, params: { ...pending, ...trial.params } } : trial;
}

function checkCount(value: number, field: string, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) throw new InvalidArgumentError(field, value, `an integer >= ${min}`);
  return value;
}


/**
 * Encoded observations per search space: finished trials never change, so each trial's internal
 * values for a space are computed once (`null`: the trial lacks a param or has one outside the
 * space). Keyed by the space's names and distributions; trial records the storage re-creates
 * simply miss the cache.
 */
class EncodingCache {
  readonly #bySpace = new Map<string, WeakMap<FrozenTrial, Float64Array | null>>();

  /** The cache of one space (forgetting all spaces when too many were seen, e.g. ever-changing ranges). */
  forSpace(names: readonly string[], dists: readonly Distribution[]): WeakMap<FrozenTrial, Float64Array | null> {
    const key = JSON.stringify([names, dists]);
    let cache = this.#bySpace.get(key);
    if (cache === undefined) {
      if (this.#bySpace.size >= 256) this.#bySpace.clear();
      cache = new WeakMap();
      this.#bySpace.set(key, cache);
    }
    return cache;
  }
}

/** Observations of `names` in `trials`: internal values per name, for the trials that have them all inside `dists`. */
function collect(trials: readonly FrozenTrial[], names: readonly string[], dists: readonly Distribution[], cache: WeakMap<FrozenTrial, Float64Array | null>): { columns: Float64Array[]; rows: Int32Array; count: number } {
  const nDims = names.length;
  const buffers = names.map(() => new Float64Array(trials.length));
  const rows = new Int32Array(trials.length);
  let count = 0;
  if (nDims === 1) {
    // One parameter: reading it directly is cheaper than a cache lookup.
    const name = names[0] as string;
    const dist = dists[0] as Distribution;
    const buffer = buffers[0] as Float64Array;
    for (let t = 0; t < trials.length; t++) {
      const internal = encode(dist, (trials[t] as FrozenTrial).params[name]);
      if (Number.isNaN(internal)) continue;
      buffer[count] = internal;
      rows[count] = t;
      count++;
    }
    return { columns: [buffer.subarray(0, count)], rows: rows.subarray(0, count), count };
  }
  for (let t = 0; t < trials.length; t++) {
    const trial = trials[t] as FrozenTrial;
    let encoded = cache.get(trial);
    if (encoded === undefined) {
      encoded = encodeTrial(trial, names, dists);
      // Running trials still gain params: only finished records are final.
      if (trial.state !== 'running') cache.set(trial, encoded);
    }
    if (encoded === null) continue;
    for (let d = 0; d < nDims; d++) (buffers[d] as Float64Array)[count] = encoded[d] as number;
    rows[count] = t;
    count++;
  }
  return { columns: buffers.map((buffer) => buffer.subarray(0, count)), rows: rows.subarray(0, count), count };
}

function encodeTrial(trial: FrozenTrial, names: readonly string[], dists: readonly Distribution[]): Float64Array | null {
  const encoded = new Float64Array(names.length);
  for (let d = 0; d < names.length; d++) {
    const internal = encode(dists[d] as Distribution, trial.params[names[d] as string]);
    if (Number.isNaN(internal)) return null;
    encoded[d] = internal;
  }
  return encoded;
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
