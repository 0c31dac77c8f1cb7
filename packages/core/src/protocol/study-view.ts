import type { FrozenTrial } from './frozen-trial.js';
import type { JsonValue } from './json-value.js';
import type { Pruner } from './pruner.js';
import type { StudyDirection, TrialState } from './trial-state.js';

/**
 * The read-mostly view of a study that samplers and pruners receive.
 *
 * `getTrials` is synchronous on purpose: samplers run inside the synchronous `trial.suggest*`
 * calls. It returns a snapshot that the study refreshed from its storage just before the call
 * that hands the view out (`study.ask()` for samplers, `trial.shouldPrune()` for pruners), so it
 * includes the trials of every other worker that had been written by then, and the current trial.
 */
export interface StudyView {
  /** Storage-wide study id. */
  readonly studyId: number;
  readonly studyName: string;
  /** One direction per objective; length > 1 means a multi-objective study. */
  readonly directions: readonly StudyDirection[];
  /** Trials ordered by `number`; optionally only those in `states`. Never mutate the result. */
  getTrials(options?: { readonly states?: readonly TrialState[] }): readonly FrozenTrial[];
  /** Study system attributes as of the snapshot. */
  readonly systemAttrs: Readonly<Record<string, JsonValue>>;
  /**
   * Persist a system attribute on a trial of this study (samplers use it for bookkeeping such as
   * a grid point id). Callable from `Sampler.beforeTrial`; the study awaits it before sampling.
   */
  setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void>;
  /**
   * Persist a study system attribute (samplers record decisions that concern the whole study, such
   * as which sampler `AutoSampler` chose). Absent on read-only views; callable from
   * `Sampler.beforeTrial`, whose promise the study awaits.
   */
  setStudySystemAttr?(key: string, value: JsonValue): Promise<void>;
  /**
   * The study's pruner, for samplers that adapt to it (TPE models each Hyperband bracket on its
   * own through `Pruner.samplerView`). Absent on views that are not a live study's.
   */
  readonly pruner?: Pruner;
  /** Ask every `optimize` loop of this study object to start no new trial (e.g. a grid is exhausted). */
  stop(): void;
}
