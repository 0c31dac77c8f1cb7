import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { Distribution, ParamValue, SearchSpace } from '../protocol/distribution.js';
import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { Sampler } from '../protocol/sampler.js';
import type { StudyView } from '../protocol/study-view.js';
import type { TrialState } from '../protocol/trial-state.js';
import { recordConstraints } from '../trial/constraints.js';
import { SeededRandom } from '../utils/seeded-random.js';
import { GPSampler } from './gp/index.js';
import { TPESampler } from './tpe/index.js';
import { checkFunctions, checkSeed } from '../utils/check-options.js';

export interface AutoSamplerOptions {
  /** Seed for exact reproducibility (with `concurrency: 1`); drawn at random when absent. */
  readonly seed?: number;
  /** GP is used while fewer trials than this have finished (its cost grows with the cube of the history). Default 200. */
  readonly gpMaxTrials?: number;
  /** GP is used for search spaces of at most this many parameters (the suite's largest problems have 10). Default 10. */
  readonly gpMaxDimensions?: number;
  /**
   * Computes a finished trial's constraints (feasible when every value is <= 0), stored as the
   * `constraints` system attribute that both delegates honour; `trial.setConstraint` does the same
   * from inside the objective.
   */
  readonly constraintsFunc?: (trial: FrozenTrial) => readonly number[];
}

/** What the study records about the choice (study system attr `auto_sampler`, and per trial). */
export interface AutoSamplerChoice {
  readonly sampler: 'GPSampler' | 'TPESampler';
  readonly reason: string;
}

/** The trial and study system attribute that records the choice. */
export const AUTO_SAMPLER_KEY = 'auto_sampler';

/** @internal Delegates can be injected for tests. */
export interface AutoSamplerDelegates {
  readonly gp: Sampler;
  readonly tpe: Sampler;
}

const FINISHED: readonly TrialState[] = ['complete', 'pruned'];

/**
 * The default sampler of `createStudy`: picks, for every trial, the sampler that suits the study as
 * it stands, and says which in the study's system attributes.
 *
 * - `GPSampler` for single-objective studies whose search space (so far) is unconditional (every
 *   finished trial has the same parameters) and has at most `gpMaxDimensions` parameters (floats,
 *   ints and categoricals), while fewer than `gpMaxTrials` trials have finished. That is where
 *   Gaussian-process BO finds the best answers in the fewest trials: on the benchmark suite it
 *   beats Optuna 3.1's TPE on 8 of 10 problems, mixed ones included (bench/README.md).
 * - `TPESampler` otherwise: conditional parameters, many dimensions, long studies (GP's cost grows
 *   with the cube of the history; TPE's stays near-linear), studies where most finished trials
 *   were pruned (GP models complete trials only), and multi-objective studies (MOTPE).
 *
 * Both start with the same 10 random trials, so switching between them is seamless, and the choice
 * depends only on stored trials: every worker of a distributed study makes the same one. The
 * choice is written to each trial's `auto_sampler` system attribute, and to the study's whenever it
 * changes (`{ sampler, reason }`), so that `tunekit` and Optuna's dashboard show it.
 */
export class AutoSampler implements Sampler {
  readonly name = 'AutoSampler';
  readonly #delegates: AutoSamplerDelegates;
  readonly #gpMaxTrials: number;
  readonly #gpMaxDimensions: number;
  readonly #constraintsFunc: ((trial: FrozenTrial) => readonly number[]) | undefined;
  /** The delegate chosen for each trial in progress in this process. */
  readonly #chosen = new Map<number, Sampler>();

  constructor(options: AutoSamplerOptions = {}, delegates?: AutoSamplerDelegates) {
    const where = 'AutoSampler';
    checkSeed(where, options.seed);
    this.#gpMaxTrials = positiveInteger(options.gpMaxTrials ?? 200, `${where}.gpMaxTrials`);
    this.#gpMaxDimensions = positiveInteger(options.gpMaxDimensions ?? 10, `${where}.gpMaxDimensions`);
    checkFunctions(where, options, ['constraintsFunc']);
    this.#constraintsFunc = options.constraintsFunc;
    if (delegates !== undefined) {
      this.#delegates = delegates;
    } else {
      const root = new SeededRandom(options.seed);
      this.#delegates = { gp: new GPSampler({ seed: root.nextUint32() }), tpe: new TPESampler({ seed: root.nextUint32() }) };
    }
  }

  /** The choice for the next trial of `study` (what `beforeTrial` records). */
  choose(study: StudyView): AutoSamplerChoice {
    if (study.directions.length > 1) return { sampler: 'TPESampler', reason: `${study.directions.length} objectives (multi-objective TPE)` };
    const finished = study.getTrials({ states: FINISHED });
    if (finished.length >= this.#gpMaxTrials) return { sampler: 'TPESampler', reason: `${finished.length} finished trials (GP is used for fewer than ${this.#gpMaxTrials})` };
    const space = new Map<string, Distribution>();
    for (const trial of finished) for (const [name, dist] of Object.entries(trial.distributions)) if (!space.has(name)) space.set(name, dist);
    for (const trial of finished) {
      for (const name of space.keys()) {
        if (!Object.hasOwn(trial.params, name)) return { sampler: 'TPESampler', reason: `conditional search space ('${name}' is missing from trial ${trial.number})` };
      }
    }
    if (space.size > this.#gpMaxDimensions) return { sampler: 'TPESampler', reason: `${space.size} parameters (GP is used for at most ${this.#gpMaxDimensions})` };
    const pruned = finished.filter((trial) => trial.state === 'pruned').length;
    if (pruned > finished.length - pruned) return { sampler: 'TPESampler', reason: `${pruned} of ${finished.length} finished trials were pruned (GP models complete trials only; TPE learns from pruned ones too)` };
    return { sampler: 'GPSampler', reason: finished.length === 0 ? 'no finished trial yet' : `unconditional search space of ${space.size} parameter${space.size === 1 ? '' : 's'}, ${finished.length} finished trials` };
  }

  async beforeTrial(study: StudyView, trial: FrozenTrial): Promise<void> {
    const choice = this.choose(study);
    const delegate = this.#delegateOf(choice);
    this.#chosen.set(trial.trialId, delegate);
    await study.setTrialSystemAttr(trial.trialId, AUTO_SAMPLER_KEY, choice.sampler);
    const recorded = study.systemAttrs[AUTO_SAMPLER_KEY];
    const recordedSampler = typeof recorded === 'object' && recorded !== null && !Array.isArray(recorded) ? (recorded as Readonly<Record<string, unknown>>).sampler : undefined;
    if (recordedSampler !== choice.sampler && study.setStudySystemAttr !== undefined) {
      await study.setStudySystemAttr(AUTO_SAMPLER_KEY, { sampler: choice.sampler, reason: choice.reason, fromTrial: trial.number });
    }
    await delegate.beforeTrial?.(study, trial);
  }

  inferRelativeSearchSpace(study: StudyView, trial: FrozenTrial): SearchSpace {
    return this.#delegateFor(study, trial).inferRelativeSearchSpace(study, trial);
  }

  sampleRelative(study: StudyView, trial: FrozenTrial, space: SearchSpace): Record<string, ParamValue> {
    return this.#delegateFor(study, trial).sampleRelative(study, trial, space);
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, dist: Distribution): ParamValue {
    return this.#delegateFor(study, trial).sampleIndependent(study, trial, name, dist);
  }

  async afterTrial(study: StudyView, trial: FrozenTrial, state: TrialState, values: readonly number[] | undefined): Promise<void> {
    const delegate = this.#chosen.get(trial.trialId);
    this.#chosen.delete(trial.trialId);
    // A trial of another worker (failed here by a heartbeat check) was never sampled here.
    if (delegate !== undefined) await delegate.afterTrial?.(study, trial, state, values);
    await recordConstraints(study, trial, state, this.#constraintsFunc, 'AutoSampler');
  }

  /** The trial's delegate; a trial whose `beforeTrial` ran elsewhere (or never) is decided now. */
  #delegateFor(study: StudyView, trial: FrozenTrial): Sampler {
    let delegate = this.#chosen.get(trial.trialId);
    if (delegate === undefined) {
      delegate = this.#delegateOf(this.choose(study));
      this.#chosen.set(trial.trialId, delegate);
    }
    return delegate;
  }

  #delegateOf(choice: AutoSamplerChoice): Sampler {
    return choice.sampler === 'GPSampler' ? this.#delegates.gp : this.#delegates.tpe;
  }
}

function positiveInteger(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new InvalidArgumentError(field, value, 'a positive integer');
  return value;
}
