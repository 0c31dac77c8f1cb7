import { distributionsEqual, isSingle } from '../../distributions/index.js';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { TunekitError } from '../../errors/tunekit-error.js';
import type { Distribution, ParamValue, SearchSpace } from '../../protocol/distribution.js';
import type { FrozenTrial } from '../../protocol/frozen-trial.js';
import type { JsonValue } from '../../protocol/json-value.js';
import type { Sampler } from '../../protocol/sampler.js';
import type { StudyView } from '../../protocol/study-view.js';
import type { TrialState } from '../../protocol/trial-state.js';
import { SeededRandom } from '../../utils/seeded-random.js';
import { RandomSampler } from '../random-sampler.js';
import { SearchSpaceTracker } from '../tpe/search-space-tracker.js';
import { CmaEs, type DiscreteDimension } from './cma-es.js';
import { studyKey } from '../study-key.js';
import { checkBooleans, checkSamplerOption, checkSeed } from '../../utils/check-options.js';

export interface CmaEsSamplerOptions {
  /** Seed for exact reproducibility (with `concurrency: 1`); drawn at random when absent. */
  readonly seed?: number;
  /**
   * Initial mean, by parameter name, in external values. Default: the centre of each range (in
   * log space for log parameters). Names outside the search space are ignored.
   */
  readonly x0?: Readonly<Record<string, ParamValue>>;
  /**
   * Initial step size in the normalised space, where every parameter's range is `[0, 1]` (log
   * parameters in log space). Default `1/6` (Optuna's `min(range) / 6` on that space).
   */
  readonly sigma0?: number;
  /** Finished trials sampled by `independentSampler` before CMA-ES starts. Default 1. */
  readonly nStartupTrials?: number;
  /**
   * Samples what CMA-ES does not cover: categorical parameters, spaces of fewer than two numeric
   * parameters, the startup trials. Default `RandomSampler` seeded from `seed`.
   */
  readonly independentSampler?: Sampler;
  /** Warn (once per parameter) when a parameter is sampled by `independentSampler`. Default true. */
  readonly warnIndependentSampling?: boolean;
  /**
   * Restart on stagnation (Hansen's termination criteria). `'ipop'`: each restart multiplies the
   * population by `incPopsize` (Auger & Hansen 2005). `'bipop'`: alternates that large-population
   * regime with short runs of small random populations and step sizes (Hansen 2009). Restarts begin
   * from a random point. Default: none (as Optuna).
   */
  readonly restartStrategy?: 'ipop' | 'bipop';
  /** Population size λ (trials per generation). Default `4 + floor(3 ln n)` for `n` parameters. */
  readonly popsize?: number;
  /** Population growth factor per (large) restart. Default 2. */
  readonly incPopsize?: number;
  /**
   * Tell pruned trials to CMA-ES with their last reported value (those without a finite one are
   * skipped). Default false: only complete trials count.
   */
  readonly considerPrunedTrials?: boolean;
  /**
   * CMA-ES with margin (Hamano et al. 2022) for int and stepped-float parameters: keeps the
   * probability of leaving the current value >= `1 / (n λ)` so that discrete parameters do not
   * freeze. Default true. Ignored when every parameter is continuous.
   */
  readonly withMargin?: boolean;
  /**
   * sep-CMA-ES (Ros & Hansen 2008; Optuna's `use_separable_cma`): learn only the variances of the
   * parameters, not their correlations. Faster to adapt with many parameters that act
   * independently. Default false.
   */
  readonly separable?: boolean;
}

/** Trial system attributes this sampler writes (Optuna uses `cma:generation` / `cma:n_restarts`). */
export const CMA_ES_ATTRS = Object.freeze({
  /** Generation of the trial within its restart (a number). */
  generation: 'cma:generation',
  /** Restart the trial belongs to (0 for the first run). */
  restart: 'cma:restart',
  /** The raw CMA-ES sample (normalised coordinates, `number[]`) that `tell` needs back. */
  x: 'cma:x',
  /** Generations this trial's `ask` told: `[{ restart, generation, trials: number[] }]`. */
  told: 'cma:told',
});

/** How one parameter maps to CMA-ES's normalised coordinate in `[0, 1]`. */
interface Coordinate {
  readonly name: string;
  readonly dist: Distribution;
  /** The discretisation, for int and stepped-float parameters. */
  readonly discrete: (DiscreteDimension & { value(cell: number): number }) | undefined;
  toUnit(internal: number): number;
  /** Normalised coordinate → internal value inside `dist`. */
  fromUnit(unit: number): number;
}

/** One run of CMA-ES (the first, or a restart) on a study's search space. */
interface Run {
  readonly optimizer: CmaEs;
  readonly restart: number;
  /** BIPOP bookkeeping: the regime of this run, large restarts so far, evaluations per regime. */
  readonly regime: 'large' | 'small';
  readonly largeRestarts: number;
  readonly largeEvaluations: number;
  readonly smallEvaluations: number;
}

/** The replayed optimizer of one study, for one search space. */
interface StudyState {
  readonly signature: string;
  readonly coordinates: readonly Coordinate[];
  run: Run;
  /** Trials numbered below this are finished and belong to told generations (or to none): replay skips them. */
  scanFrom: number;
  /** Identity (`trialId`, start time) of the trials told last, to notice a history that is not the one cached. */
  lastTold: readonly { readonly number: number; readonly trialId: number; readonly start: number | undefined }[];
}

/** Everything cached about one study: the intersection search space so far and the replayed optimizer. */
interface StudyCache {
  /** Identity of the study's trial 0: a different history under the same id and name resets the cache. */
  readonly origin: string;
  /** The intersection search space of the finished trials folded in so far. */
  readonly tracker: SearchSpaceTracker;
  state: StudyState | undefined;
}

/** What `beforeTrial` prepared for a trial: its space and the point to evaluate. */
interface Prepared {
  readonly space: SearchSpace;
  readonly params: Record<string, ParamValue>;
}

interface ToldRecord {
  readonly restart: number;
  readonly generation: number;
  readonly trials: readonly number[];
}

const DISCRETE_CELL_LIMIT = 1e7;

/**
 * CMA-ES (Hansen 2016) over the numeric parameters common to every finished trial, with Optuna's
 * `CmaEsSampler` semantics: x0 at the centre of the box, `sigma0 = 1/6` of the normalised range,
 * one random startup trial, no restarts unless asked (IPOP, BIPOP), CMA-ES with margin for integer
 * and stepped parameters (Hamano et al. 2022). Single-objective only: a multi-objective study
 * rejects `ask` with a `TunekitError`.
 *
 * - Parameters are modelled on `[0, 1]` (log parameters in log space; int and stepped ones on
 *   equal cells, one per value, snapped on the way out), so every sample lies in its distribution.
 * - Categorical parameters, spaces with fewer than two numeric parameters and the startup trials
 *   go to `independentSampler` (with a one-time warning per parameter).
 * - The optimizer is never stored: each `ask` rebuilds it by replaying `tell` over the finished
 *   trials of each generation (in trial-number order), cached per study and extended
 *   incrementally. Each sampled trial records its generation, restart and raw sample in its
 *   system attributes (`CMA_ES_ATTRS`), and the trial whose `ask` closes a generation records
 *   which trials were told, so that every worker and process of a study replays the same state.
 *   A generation is told once `popsize` of its trials are complete (or pruned with a value, with
 *   `considerPrunedTrials`); failed trials do not count, and more trials are sampled in their place.
 * - A trial's sample depends only on the replayed state, the seed and the trial number: two
 *   sampler instances with the same seed sample the same point for the same trial.
 */
export class CmaEsSampler implements Sampler {
  readonly name = 'CmaEsSampler';
  readonly #seedBase: number;
  readonly #x0: Readonly<Record<string, ParamValue>> | undefined;
  readonly #sigma0: number;
  readonly #nStartupTrials: number;
  readonly #independent: Sampler;
  readonly #warnIndependent: boolean;
  readonly #restartStrategy: 'ipop' | 'bipop' | undefined;
  readonly #popsize: number | undefined;
  readonly #incPopsize: number;
  readonly #considerPruned: boolean;
  readonly #withMargin: boolean;
  readonly #separable: boolean;
  readonly #caches = new Map<string, StudyCache>();
  /** Per running trial (by id): its prepared sample, or null when CMA-ES does not apply to it. */
  readonly #prepared = new Map<number, Prepared | null>();
  readonly #warned = new Set<string>();

  constructor(options: CmaEsSamplerOptions = {}) {
    const where = 'CmaEsSampler';
    checkSeed(where, options.seed);
    checkBooleans(where, options, ['warnIndependentSampling', 'considerPrunedTrials', 'withMargin', 'separable']);
    const independent = checkSamplerOption(where, 'independentSampler', options.independentSampler);
    const sigma0 = options.sigma0 ?? 1 / 6;
    if (!(sigma0 > 0) || !Number.isFinite(sigma0)) throw new InvalidArgumentError(`${where}.sigma0`, sigma0, 'a finite number > 0');
    const nStartupTrials = options.nStartupTrials ?? 1;
    if (!Number.isSafeInteger(nStartupTrials) || nStartupTrials < 0) throw new InvalidArgumentError(`${where}.nStartupTrials`, nStartupTrials, 'an integer >= 0');
    if (options.popsize !== undefined && (!Number.isSafeInteger(options.popsize) || options.popsize < 2)) throw new InvalidArgumentError(`${where}.popsize`, options.popsize, 'an integer >= 2');
    const incPopsize = options.incPopsize ?? 2;
    if (!Number.isSafeInteger(incPopsize) || incPopsize < 1) throw new InvalidArgumentError(`${where}.incPopsize`, incPopsize, 'an integer >= 1');
    if (options.restartStrategy !== undefined && options.restartStrategy !== 'ipop' && options.restartStrategy !== 'bipop') {
      throw new InvalidArgumentError(`${where}.restartStrategy`, options.restartStrategy, "'ipop', 'bipop' or undefined");
    }
    if (options.x0 !== undefined && (typeof options.x0 !== 'object' || options.x0 === null)) throw new InvalidArgumentError(`${where}.x0`, options.x0, 'a record of parameter values');
    const root = new SeededRandom(options.seed);
    // 2^21 trial numbers per seed base keep the per-trial seed below 2^53.
    this.#seedBase = root.nextUint32();
    this.#independent = independent ?? new RandomSampler({ seed: root.nextUint32() });
    this.#x0 = options.x0;
    this.#sigma0 = sigma0;
    this.#nStartupTrials = nStartupTrials;
    this.#warnIndependent = options.warnIndependentSampling ?? true;
    this.#restartStrategy = options.restartStrategy;
    this.#popsize = options.popsize;
    this.#incPopsize = incPopsize;
    this.#considerPruned = options.considerPrunedTrials ?? false;
    this.#withMargin = options.withMargin ?? true;
    this.#separable = options.separable ?? false;
  }

  /** Samples the trial's CMA-ES point and records its generation bookkeeping. */
  async beforeTrial(study: StudyView, trial: FrozenTrial): Promise<void> {
    await this.#independent.beforeTrial?.(study, trial);
    const writes = this.#guardedPrepare(study, trial);
    await Promise.all(writes.map(([key, value]) => study.setTrialSystemAttr(trial.trialId, key, value)));
  }

  inferRelativeSearchSpace(study: StudyView, trial: FrozenTrial): SearchSpace {
    checkSingleObjective(study);
    if (!this.#prepared.has(trial.trialId)) {
      // Reached without `beforeTrial` (a wrapper that does not forward it): persist in the background.
      for (const [key, value] of this.#guardedPrepare(study, trial)) void study.setTrialSystemAttr(trial.trialId, key, value).catch(() => undefined);
    }
    return this.#prepared.get(trial.trialId)?.space ?? {};
  }

  sampleRelative(_study: StudyView, trial: FrozenTrial, space: SearchSpace): Record<string, ParamValue> {
    const prepared = this.#prepared.get(trial.trialId);
    this.#prepared.delete(trial.trialId);
    if (prepared === undefined || prepared === null || Object.keys(space).length === 0) return {};
    const result: Record<string, ParamValue> = {};
    for (const [name, dist] of Object.entries(space)) {
      const preparedDist = prepared.space[name];
      const value = prepared.params[name];
      if (preparedDist === undefined || value === undefined || !distributionsEqual(preparedDist, dist)) continue;
      result[name] = value;
    }
    return result;
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, dist: Distribution): ParamValue {
    if (this.#warnIndependent && !isSingle(dist) && !this.#warned.has(name)) {
      const finished = this.#finished(study);
      if (finished.length >= this.#nStartupTrials && finished.some((other) => Object.hasOwn(other.params, name))) {
        this.#warned.add(name);
        process.emitWarning(
          `CmaEsSampler sampled parameter '${name}' (trial ${trial.number}) with its independent sampler: CMA-ES models only int and float ` +
            'parameters that every finished trial has (at least two of them). Pass warnIndependentSampling: false if this is intended.',
          { code: 'TUNEKIT_CMAES_INDEPENDENT_SAMPLING' },
        );
      }
    }
    return this.#independent.sampleIndependent(study, trial, name, dist);
  }

  afterTrial(study: StudyView, trial: FrozenTrial, state: TrialState, values: readonly number[] | undefined): void | Promise<void> {
    this.#prepared.delete(trial.trialId);
    return this.#independent.afterTrial?.(study, trial, state, values);
  }

  /** Trials whose values CMA-ES uses (and whose distributions define the search space). */
  #finished(study: StudyView): readonly FrozenTrial[] {
    return study.getTrials({ states: this.#considerPruned ? ['complete', 'pruned'] : ['complete'] });
  }

  /**
   * `#prepare`, except that an unexpected internal failure (a bug: any history is meant to be
   * accepted) falls back to the independent sampler with a warning instead of failing the trial.
   * Option errors (`x0`) and the multi-objective rejection propagate.
   */
  #guardedPrepare(study: StudyView, trial: FrozenTrial): [string, JsonValue][] {
    try {
      return this.#prepare(study, trial);
    } catch (error) {
      if (TunekitError.isInstance(error)) throw error;
      this.#caches.delete(studyKey(study));
      if (!this.#warned.has('\u0000fallback')) {
        this.#warned.add('\u0000fallback');
        process.emitWarning(`CmaEsSampler fell back to its independent sampler after an internal error: ${error instanceof Error ? error.message : String(error)}`, { code: 'TUNEKIT_CMAES_FALLBACK' });
      }
      return [];
    }
  }

  /**
   * Replay the study's history, sample the trial's point and remember it for `sampleRelative`.
   * Returns the system attributes to persist (none when CMA-ES does not apply).
   */
  #prepare(study: StudyView, trial: FrozenTrial): [string, JsonValue][] {
    checkSingleObjective(study);
    this.#prepared.set(trial.trialId, null);
    const all = study.getTrials();
    const first = all[0];
    const origin = first === undefined ? '' : `${first.trialId}:${first.datetimeStart?.getTime() ?? ''}`;
    const key = studyKey(study);
    let cache = this.#caches.get(key);
    if (cache === undefined || cache.origin !== origin) {
      cache = { origin, tracker: new SearchSpaceTracker(), state: undefined };
      this.#caches.set(key, cache);
    }
    const finished = all.filter((other) => other.state === 'complete' || (other.state === 'pruned' && this.#considerPruned));
    cache.tracker.update(key, finished);
    if (finished.length < this.#nStartupTrials) return [];
    // Numeric, non-single parameters, names sorted (`intersection()` sorts them): the coordinates'
    // order must not depend on which trial finished first.
    const space: Record<string, Distribution> = {};
    for (const [name, dist] of Object.entries(cache.tracker.intersection())) if (dist.type !== 'categorical' && !isSingle(dist)) space[name] = dist;
    const names = Object.keys(space);
    if (names.length < 2) return [];
    const signature = JSON.stringify(names.map((name) => [name, space[name]]));
    let state = cache.state;
    const stale = state?.lastTold.some((told) => all[told.number]?.trialId !== told.trialId || all[told.number]?.datetimeStart?.getTime() !== told.start);
    if (state === undefined || state.signature !== signature || stale === true) {
      const coordinates = names.map((name) => coordinateOf(name, space[name] as Distribution));
      state = { signature, coordinates, run: this.#firstRun(coordinates), scanFrom: 0, lastTold: [] };
      cache.state = state;
    }
    const records = this.#replay(all, study.directions[0] === 'maximize' ? -1 : 1, state);
    const { optimizer, restart } = state.run;
    const rng = new SeededRandom(this.#seedBase * 2097152 + (trial.number % 2097152));
    const { x, point } = optimizer.ask(rng);
    if (!x.every(Number.isFinite) || !point.every(Number.isFinite)) return [];
    const params: Record<string, ParamValue> = {};
    state.coordinates.forEach((coordinate, i) => {
      params[coordinate.name] = coordinate.fromUnit(point[i] as number);
    });
    this.#prepared.set(trial.trialId, { space, params });
    const writes: [string, JsonValue][] = [
      [CMA_ES_ATTRS.restart, restart],
      [CMA_ES_ATTRS.generation, optimizer.generation],
      [CMA_ES_ATTRS.x, Array.from(x)],
    ];
    if (records.length > 0) writes.push([CMA_ES_ATTRS.told, records.map((record) => ({ restart: record.restart, generation: record.generation, trials: [...record.trials] }))]);
    return writes;
  }

  #firstRun(coordinates: readonly Coordinate[]): Run {
    const mean = coordinates.map((coordinate) => {
      const value = this.#x0?.[coordinate.name];
      if (value === undefined) return 0.5;
      const internal = typeof value === 'number' ? value : Number.NaN;
      const dist = coordinate.dist;
      if (dist.type === 'categorical' || !(internal >= dist.low && internal <= dist.high)) {
        throw new InvalidArgumentError(`CmaEsSampler.x0.${coordinate.name}`, value, `a number in [${dist.type === 'categorical' ? '' : `${dist.low}, ${dist.high}`}]`);
      }
      return coordinate.toUnit(internal);
    });
    return { optimizer: this.#optimizer(coordinates, mean, this.#sigma0, this.#popsize), restart: 0, regime: 'large', largeRestarts: 0, largeEvaluations: 0, smallEvaluations: 0 };
  }

  #optimizer(coordinates: readonly Coordinate[], mean: readonly number[], sigma: number, popsize: number | undefined): CmaEs {
    return new CmaEs({
      mean,
      sigma,
      ...(popsize === undefined ? {} : { popsize }),
      bounds: coordinates.map(() => [0, 1] as const),
      discrete: coordinates.map((coordinate) => coordinate.discrete),
      margin: this.#withMargin ? undefined : false,
      separable: this.#separable,
    });
  }

  /**
   * Tell every generation whose trials have finished, restarting on stagnation. Returns the
   * generations decided here that no trial had recorded yet (to record on the current trial).
   */
  #replay(trials: readonly FrozenTrial[], sign: number, state: StudyState): ToldRecord[] {
    const dim = state.coordinates.length;
    const byGeneration = new Map<string, { trial: FrozenTrial; x: number[]; value: number }[]>();
    const recorded = new Map<string, readonly number[]>();
    for (let index = state.scanFrom; index < trials.length; index++) {
      const trial = trials[index] as FrozenTrial;
      for (const record of toldRecords(trial.systemAttrs[CMA_ES_ATTRS.told])) {
        const recordKey = `${record.restart}:${record.generation}`;
        if (!recorded.has(recordKey)) recorded.set(recordKey, record.trials);
      }
      const restart = trial.systemAttrs[CMA_ES_ATTRS.restart];
      const generation = trial.systemAttrs[CMA_ES_ATTRS.generation];
      const x = trial.systemAttrs[CMA_ES_ATTRS.x];
      if (typeof restart !== 'number' || typeof generation !== 'number' || !Array.isArray(x) || x.length !== dim || !x.every((v) => typeof v === 'number' && Number.isFinite(v))) continue;
      const value = this.#valueOf(trial);
      if (value === undefined) continue;
      if (!state.coordinates.every((coordinate) => trial.distributions[coordinate.name] !== undefined && distributionsEqual(trial.distributions[coordinate.name] as Distribution, coordinate.dist))) continue;
      const groupKey = `${restart}:${generation}`;
      let group = byGeneration.get(groupKey);
      if (group === undefined) byGeneration.set(groupKey, (group = []));
      group.push({ trial, x: x as number[], value: sign * value });
    }
    const decided: ToldRecord[] = [];
    for (;;) {
      const { optimizer, restart } = state.run;
      const groupKey = `${restart}:${optimizer.generation}`;
      const group = byGeneration.get(groupKey) ?? [];
      const record = recorded.get(groupKey);
      let chosen = record?.map((number) => group.find((entry) => entry.trial.number === number));
      if (chosen === undefined || chosen.length !== optimizer.popsize || chosen.some((entry) => entry === undefined)) {
        if (group.length < optimizer.popsize) break;
        chosen = group.slice(0, optimizer.popsize);
        if (record === undefined) decided.push({ restart, generation: optimizer.generation, trials: chosen.map((entry) => (entry as (typeof group)[number]).trial.number) });
      }
      const entries = chosen as (typeof group)[number][];
      const solutions = entries.map((entry) => ({ x: entry.x, value: entry.value }));
      optimizer.tell(solutions);
      state.lastTold = entries.map(({ trial }) => ({ number: trial.number, trialId: trial.trialId, start: trial.datetimeStart?.getTime() }));
      if (this.#restartStrategy !== undefined && optimizer.shouldStop()) {
        state.run = this.#restart(state.coordinates, state.run, Math.min(...solutions.map((solution) => solution.value)));
      }
    }
    // Finished trials of told generations (or of none) can never matter again.
    const { optimizer, restart } = state.run;
    const settled = (trial: FrozenTrial) => {
      if (trial.state !== 'complete' && trial.state !== 'pruned' && trial.state !== 'fail') return false;
      const tagRestart = trial.systemAttrs[CMA_ES_ATTRS.restart];
      const tagGeneration = trial.systemAttrs[CMA_ES_ATTRS.generation];
      if (typeof tagRestart !== 'number' || typeof tagGeneration !== 'number') return true;
      return tagRestart < restart || (tagRestart === restart && tagGeneration < optimizer.generation);
    };
    while (state.scanFrom < trials.length && settled(trials[state.scanFrom] as FrozenTrial)) state.scanFrom++;
    return decided;
  }

  /** The value CMA-ES ranks a trial by (its objective, or a pruned trial's last report); undefined when unusable. */
  #valueOf(trial: FrozenTrial): number | undefined {
    if (trial.state === 'complete') {
      const value = trial.values?.[0];
      return value !== undefined && Number.isFinite(value) ? value : undefined;
    }
    if (trial.state !== 'pruned' || !this.#considerPruned) return undefined;
    let last: number | undefined;
    for (const reported of trial.intermediateValues.values()) {
      const value = typeof reported === 'number' ? reported : reported[0];
      if (value !== undefined && Number.isFinite(value)) last = value;
    }
    const told = trial.values?.[0];
    return told !== undefined && Number.isFinite(told) ? told : last;
  }

  /**
   * The next run after a stagnating one. The random start (and BIPOP's random small population)
   * are drawn from a generator seeded by the restart index and the last generation's best value,
   * which every worker sees: all replay the same restarts, whatever their seeds.
   */
  #restart(coordinates: readonly Coordinate[], previous: Run, lastBest: number): Run {
    const rng = new SeededRandom((previous.restart + 1) * 1_000_003 + lastBest);
    const mean = coordinates.map(() => rng.float());
    const base = this.#popsize ?? 4 + Math.floor(3 * Math.log(coordinates.length));
    const restart = previous.restart + 1;
    if (this.#restartStrategy === 'ipop') {
      const popsize = previous.optimizer.popsize * this.#incPopsize;
      return { ...previous, restart, optimizer: this.#optimizer(coordinates, mean, this.#sigma0, popsize) };
    }
    // BIPOP (Hansen 2009): spend about as many evaluations on small-population runs as on large ones.
    const evaluations = previous.optimizer.popsize * previous.optimizer.generation;
    const largeEvaluations = previous.largeEvaluations + (previous.regime === 'large' ? evaluations : 0);
    const smallEvaluations = previous.smallEvaluations + (previous.regime === 'small' ? evaluations : 0);
    if (smallEvaluations < largeEvaluations) {
      const u = rng.float();
      const popsize = Math.max(2, Math.floor(base * (this.#incPopsize ** previous.largeRestarts) ** (u * u)));
      const sigma = this.#sigma0 * 10 ** (-2 * rng.float());
      return { optimizer: this.#optimizer(coordinates, mean, sigma, popsize), restart, regime: 'small', largeRestarts: previous.largeRestarts, largeEvaluations, smallEvaluations };
    }
    const largeRestarts = previous.largeRestarts + 1;
    const popsize = base * this.#incPopsize ** largeRestarts;
    return { optimizer: this.#optimizer(coordinates, mean, this.#sigma0, popsize), restart, regime: 'large', largeRestarts, largeEvaluations, smallEvaluations };
  }
}

function checkSingleObjective(study: StudyView): void {
  if (study.directions.length > 1) {
    throw new TunekitError(
      `CmaEsSampler supports single-objective studies only; study '${study.studyName}' has ${study.directions.length} objectives (${study.directions.join(', ')}). ` +
        'Use NSGAIISampler or TPESampler for multi-objective optimisation.',
      { code: 'UNSUPPORTED_MULTI_OBJECTIVE' },
    );
  }
}


function toldRecords(value: JsonValue | undefined): ToldRecord[] {
  if (!Array.isArray(value)) return [];
  const records: ToldRecord[] = [];
  for (const entry of value) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) continue;
    const { restart, generation, trials } = entry as Record<string, JsonValue>;
    if (typeof restart !== 'number' || typeof generation !== 'number' || !Array.isArray(trials) || !trials.every((number) => typeof number === 'number')) continue;
    records.push({ restart, generation, trials: trials as number[] });
  }
  return records;
}

/**
 * The normalised coordinate of a numeric distribution: linear (or log) on `[0, 1]`; ints and
 * stepped floats get one equal cell per value, the range extended by half a step at each end
 * (Optuna's `transform_step`), so the end values get their fair share. Log ints cut the log range
 * at `k ± 0.5`.
 */
function coordinateOf(name: string, dist: Distribution): Coordinate {
  if (dist.type === 'categorical') throw new TunekitError(`unreachable: categorical parameter '${name}' in the CMA-ES space`);
  const { low, high } = dist;
  const clampUnit = (unit: number) => Math.min(1, Math.max(0, unit));
  if (dist.log) {
    if (dist.type === 'float') {
      const span = Math.log(high) - Math.log(low);
      return {
        name,
        dist,
        discrete: undefined,
        toUnit: (internal) => (Math.log(internal) - Math.log(low)) / span,
        fromUnit: (unit) => Math.min(high, Math.max(low, Math.exp(Math.log(low) + clampUnit(unit) * span))),
      };
    }
    const start = Math.log(low - 0.5);
    const span = Math.log(high + 0.5) - start;
    const size = high - low + 1;
    const cellOf = (unit: number) => Math.min(size - 1, Math.max(0, Math.round(Math.exp(start + unit * span)) - low));
    return {
      name,
      dist,
      discrete: { size, threshold: (k) => (Math.log(low + k - 0.5) - start) / span, cellOf, centre: (k) => (Math.log(low + k) - start) / span, value: (k) => low + k },
      toUnit: (internal) => (Math.log(internal) - start) / span,
      fromUnit: (unit) => low + cellOf(unit),
    };
  }
  const step = dist.step;
  if (step === undefined) {
    return { name, dist, discrete: undefined, toUnit: (internal) => (internal - low) / (high - low), fromUnit: (unit) => Math.min(high, Math.max(low, low + clampUnit(unit) * (high - low))) };
  }
  const size = Math.round((high - low) / step) + 1;
  if (size > DISCRETE_CELL_LIMIT) {
    // Too fine a grid to matter: model it as continuous and snap.
    const snap = (internal: number) => Math.min(high, Math.max(low, low + Math.round((internal - low) / step) * step));
    return { name, dist, discrete: undefined, toUnit: (internal) => (internal - low) / (high - low), fromUnit: (unit) => snap(low + clampUnit(unit) * (high - low)) };
  }
  const value = (k: number) => Math.min(high, low + k * step);
  const cellOf = (unit: number) => Math.min(size - 1, Math.max(0, Math.floor(unit * size)));
  return {
    name,
    dist,
    discrete: { size, threshold: (k) => k / size, cellOf, centre: (k) => (k + 0.5) / size, value },
    toUnit: (internal) => (Math.round((internal - low) / step) + 0.5) / size,
    fromUnit: (unit) => value(cellOf(unit)),
  };
}
