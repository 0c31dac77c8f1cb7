import { containsExternal, deepFreeze } from '../distributions/index.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { InvalidDistributionError } from '../errors/invalid-distribution-error.js';
import { describeValue } from '../errors/tunekit-error.js';
import type { Distribution, ParamValue, SearchSpace } from '../protocol/distribution.js';
import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { JsonValue } from '../protocol/json-value.js';
import type { Sampler } from '../protocol/sampler.js';
import type { StudyView } from '../protocol/study-view.js';
import { isFinishedState } from '../protocol/trial-state.js';
import { SeededRandom } from '../utils/seeded-random.js';
import { studyKey } from './study-key.js';
import { checkSeed } from '../utils/check-options.js';

export interface GridSamplerOptions {
  /** Seed of the order in which grid points are visited; drawn at random when absent. */
  readonly seed?: number;
}

/** A grid: parameter name → the values to try (JSON values, at least one per parameter). */
export type GridSearchSpace = Readonly<Record<string, readonly JsonValue[]>>;

/**
 * Grid search: every combination of the given values, each exactly once, in a seeded random
 * order; the study stops (`study.stop()`) as soon as the last combination has been handed out.
 *
 * Works across workers and processes sharing a storage, as Optuna's `GridSampler` does: when a
 * trial starts, the sampler picks a combination (a *grid id*) that no trial of the study has taken
 * yet and records it on the trial (`grid_id` and `search_space` system attributes, Optuna's keys),
 * so other workers skip it. Two workers racing for the same point at the same instant may both
 * take it; once every point is taken, a trial re-runs one (preferring points whose trial has not
 * finished) and the study stops. Trials that carry a different `search_space` (another grid run in
 * the same study) are ignored.
 *
 * Suggesting a parameter that is not in the grid, or whose grid value lies outside the suggested
 * distribution, throws `InvalidDistributionError` naming the parameter. Enqueued trials
 * (`enqueueTrial`) are not given a grid point: they must fix every parameter they suggest.
 */
export class GridSampler implements Sampler {
  readonly name = 'GridSampler';
  /** The grid, parameter names sorted (the order grid ids are decoded in), values as given. */
  readonly searchSpace: GridSearchSpace;
  /** Number of combinations. */
  readonly gridSize: number;
  readonly #paramNames: readonly string[];
  readonly #spaceKey: string;
  readonly #rng: SeededRandom;
  /**
   * Grid ids this instance handed out, per study and trial id: a concurrent `ask` in this process
   * may read the trials before the `grid_id` attribute of the previous one reached the storage.
   */
  readonly #handedOut = new Map<string, Map<number, number>>();

  constructor(searchSpace: GridSearchSpace, options: GridSamplerOptions = {}) {
    if (typeof searchSpace !== 'object' || searchSpace === null || Array.isArray(searchSpace) || Object.keys(searchSpace).length === 0) {
      throw new InvalidArgumentError('GridSampler searchSpace', searchSpace, 'a non-empty object of parameter name → array of values');
    }
    checkSeed('GridSampler', options.seed);
    const names = Object.keys(searchSpace).sort();
    const space: Record<string, readonly JsonValue[]> = {};
    let size = 1;
    for (const name of names) {
      const values = checkGridValues(name, searchSpace[name]);
      Object.defineProperty(space, name, { value: values, enumerable: true });
      size *= values.length;
    }
    if (!Number.isSafeInteger(size)) {
      throw new InvalidArgumentError('GridSampler searchSpace', `${names.length} parameters`, `a grid of at most ${Number.MAX_SAFE_INTEGER} combinations (this one has about ${size.toExponential(2)})`);
    }
    this.searchSpace = deepFreeze(space);
    this.gridSize = size;
    this.#paramNames = names;
    this.#spaceKey = canonicalJson(space);
    this.#rng = new SeededRandom(options.seed);
  }

  /** The combination with grid id `gridId` (0 ≤ id < gridSize), decoded in mixed radix over the sorted names. */
  gridPoint(gridId: number): Readonly<Record<string, JsonValue>> {
    if (!Number.isSafeInteger(gridId) || gridId < 0 || gridId >= this.gridSize) {
      throw new InvalidArgumentError('GridSampler grid id', gridId, `an integer in [0, ${this.gridSize - 1}]`);
    }
    const point: Record<string, JsonValue> = {};
    let rest = gridId;
    for (let index = this.#paramNames.length - 1; index >= 0; index--) {
      const name = this.#paramNames[index] as string;
      const values = this.searchSpace[name] as readonly JsonValue[];
      Object.defineProperty(point, name, { value: values[rest % values.length], enumerable: true });
      rest = Math.floor(rest / values.length);
    }
    return Object.freeze(point);
  }

  /** Whether every grid point has been taken by a trial of `study` (as the view sees it). */
  isExhausted(study: StudyView): boolean {
    return this.#takenIds(study).taken.size >= this.gridSize;
  }

  /** Takes a grid point for `trial` and records it on the trial; stops the study when it was the last one. */
  beforeTrial(study: StudyView, trial: FrozenTrial): void | Promise<void> {
    // Retried and enqueued trials keep what they carry (Optuna does the same).
    if (Object.hasOwn(trial.systemAttrs, 'grid_id') || Object.hasOwn(trial.systemAttrs, 'fixed_params')) return undefined;
    const { taken, finished } = this.#takenIds(study);
    let gridId: number;
    if (taken.size < this.gridSize) {
      gridId = this.#pickNotIn(taken);
      if (taken.size + 1 >= this.gridSize) study.stop();
    } else {
      // Every point is taken (another worker, or a re-run of a finished study): re-evaluate one,
      // preferring points still running elsewhere, then stop.
      gridId = finished.size < this.gridSize ? this.#pickNotIn(finished) : this.#rng.int(0, this.gridSize - 1);
      process.emitWarning(`GridSampler: the grid of ${this.gridSize} point(s) is exhausted; trial ${trial.number} re-evaluates grid point ${gridId} and the study stops.`, { code: 'TUNEKIT_GRID_EXHAUSTED' });
      study.stop();
    }
    let handedOut = this.#handedOut.get(studyKey(study));
    if (handedOut === undefined) {
      handedOut = new Map();
      this.#handedOut.set(studyKey(study), handedOut);
    }
    handedOut.set(trial.trialId, gridId);
    return this.#record(study, trial.trialId, gridId, handedOut);
  }

  inferRelativeSearchSpace(): SearchSpace {
    return {};
  }

  sampleRelative(): Record<string, ParamValue> {
    return {};
  }

  /** The value of `name` at the trial's grid point. */
  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, dist: Distribution): ParamValue {
    if (!Object.hasOwn(this.searchSpace, name)) {
      throw new InvalidDistributionError(name, 'name', name, `GridSampler's grid has no parameter '${name}' (grid parameters: ${this.#paramNames.join(', ')}); add it to the grid or fix the name`);
    }
    const gridId = this.#gridIdOf(study, trial);
    if (gridId === undefined) {
      throw new InvalidDistributionError(name, 'name', name, `trial ${trial.number} has no grid point: it was enqueued, and GridSampler needs every parameter of an enqueued trial to be fixed, '${name}' is not`);
    }
    const value = this.gridPoint(gridId)[name] as JsonValue;
    if (!containsExternal(dist, value)) {
      throw new InvalidDistributionError(name, 'value', value, `GridSampler's grid value ${describeValue(value)} lies outside the suggested distribution ${describeValue(dist)}`);
    }
    return value;
  }

  /** Grid ids taken in `study` (any state, plus those this instance handed out), and those of finished trials. */
  #takenIds(study: StudyView): { taken: Set<number>; finished: Set<number> } {
    const taken = new Set<number>();
    const finished = new Set<number>();
    const handedOut = this.#handedOut.get(studyKey(study));
    for (const trial of study.getTrials()) {
      const gridId = trial.systemAttrs.grid_id;
      if (!this.#isOwnGridId(gridId) || canonicalJson(trial.systemAttrs.search_space) !== this.#spaceKey) continue;
      taken.add(gridId);
      if (isFinishedState(trial.state)) finished.add(gridId);
      // Recorded in the storage: this instance no longer needs to remember it.
      handedOut?.delete(trial.trialId);
    }
    for (const gridId of handedOut?.values() ?? []) taken.add(gridId);
    return { taken, finished };
  }

  /** A seeded random grid id not in `excluded` (which holds fewer than gridSize ids). */
  #pickNotIn(excluded: ReadonlySet<number>): number {
    if (excluded.size * 2 < this.gridSize) {
      // Mostly free: rejection sampling needs fewer than two draws on average and no list of the grid.
      for (;;) {
        const candidate = this.#rng.int(0, this.gridSize - 1);
        if (!excluded.has(candidate)) return candidate;
      }
    }
    // Mostly taken: the grid is then at most twice as large as the trials seen, so listing it is cheap.
    const free: number[] = [];
    for (let id = 0; id < this.gridSize; id++) if (!excluded.has(id)) free.push(id);
    return this.#rng.choice(free);
  }

  async #record(study: StudyView, trialId: number, gridId: number, handedOut: Map<number, number>): Promise<void> {
    try {
      await study.setTrialSystemAttr(trialId, 'search_space', this.searchSpace as unknown as JsonValue);
      await study.setTrialSystemAttr(trialId, 'grid_id', gridId);
    } catch (error) {
      handedOut.delete(trialId);
      throw error;
    }
  }

  #gridIdOf(study: StudyView, trial: FrozenTrial): number | undefined {
    const stored = trial.systemAttrs.grid_id;
    if (this.#isOwnGridId(stored)) return stored;
    return this.#handedOut.get(studyKey(study))?.get(trial.trialId);
  }

  #isOwnGridId(value: JsonValue | undefined): value is number {
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value < this.gridSize;
  }
}


function checkGridValues(name: string, values: unknown): readonly JsonValue[] {
  if (!Array.isArray(values)) {
    throw new InvalidDistributionError(name, 'values', values, `GridSampler needs an array of values for '${name}', got ${describeValue(values)}`);
  }
  if (values.length === 0) throw new InvalidDistributionError(name, 'values', values, `GridSampler's list of values for '${name}' is empty`);
  const seen = new Set<string>();
  values.forEach((value: unknown, index) => {
    const problem = jsonProblem(value, 0);
    if (problem !== undefined) {
      throw new InvalidDistributionError(name, 'values', value, `GridSampler value ${index} of '${name}' is not a JSON value (${problem})`);
    }
    const key = canonicalJson(value as JsonValue);
    if (seen.has(key)) throw new InvalidDistributionError(name, 'values', value, `GridSampler value ${key} appears twice in the list of '${name}'`);
    seen.add(key);
  });
  return structuredClone(values) as JsonValue[];
}

function jsonProblem(value: unknown, depth: number): string | undefined {
  if (depth > 32) return 'nested too deeply';
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${describeValue(value)} is not a finite number`;
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = jsonProblem(item, depth + 1);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const item of Object.values(value as object)) {
      const problem = jsonProblem(item, depth + 1);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  return `${describeValue(value)} (${typeof value}) is not JSON`;
}

/** JSON with object keys sorted at every level: storages may reorder keys (PostgreSQL jsonb does). */
function canonicalJson(value: JsonValue | undefined): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const record = value as Readonly<Record<string, JsonValue>>;
  return `{${Object.keys(record)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`)
    .join(',')}}`;
}
