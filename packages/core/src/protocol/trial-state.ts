/**
 * The life of a trial.
 *
 * - `waiting`: enqueued (`study.enqueueTrial`) and not yet claimed by a worker.
 * - `running`: claimed by a worker; params and intermediate values are being written.
 * - `complete`: the objective returned valid values.
 * - `pruned`: the objective threw `TrialPruned` (or was told so).
 * - `fail`: the objective threw, returned an invalid value, or its worker died.
 *
 * Only `waiting → running` and `running → complete | pruned | fail` are legal transitions;
 * finished trials never change again (their records may be cached forever).
 */
export type TrialState = 'running' | 'complete' | 'pruned' | 'fail' | 'waiting';

/** The states a trial never leaves. */
export const FINISHED_STATES: readonly TrialState[] = Object.freeze(['complete', 'pruned', 'fail']);

/** Whether `state` is final. */
export function isFinishedState(state: TrialState): boolean {
  return state === 'complete' || state === 'pruned' || state === 'fail';
}

/** The direction of one objective. */
export type StudyDirection = 'minimize' | 'maximize';
