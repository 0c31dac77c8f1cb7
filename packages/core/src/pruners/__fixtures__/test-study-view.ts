import type { FrozenTrial, IntermediateValue } from '../../protocol/frozen-trial.js';
import type { StudyView } from '../../protocol/study-view.js';
import type { StudyDirection, TrialState } from '../../protocol/trial-state.js';
import { createFrozenTrial } from '../../trial/create-frozen-trial.js';

/**
 * Test helpers for pruners (not exported from the package): a hand-built, read-only StudyView and
 * a compact trial builder. The view throws on every write, so any test that goes through it also
 * checks that pruners are side-effect free.
 */
export interface TestTrialSpec {
  readonly state?: TrialState;
  /** Either `[v0, v1, ...]` for steps 0, 1, ... or explicit `[step, value]` pairs via `steps`. */
  readonly values?: readonly IntermediateValue[];
  readonly steps?: ReadonlyArray<readonly [number, IntermediateValue]>;
  /** Objective value(s) of a `complete` trial; default `[last reported value]` or `[0]`. */
  readonly objective?: readonly number[];
  /** Completion time in ms (for tie-free ordering in tests that need it). */
  readonly completedAt?: number;
}

/** Build a `FrozenTrial` with the given number (trialId = number + 100). */
export function makeTrial(number: number, spec: TestTrialSpec = {}): FrozenTrial {
  const state = spec.state ?? 'complete';
  const steps = spec.steps ?? (spec.values ?? []).map((value, step) => [step, value] as const);
  const last = steps.length > 0 ? steps[steps.length - 1]?.[1] : undefined;
  const fallback = typeof last === 'number' && Number.isFinite(last) ? [last] : [0];
  const finished = state === 'complete' || state === 'pruned' || state === 'fail';
  return createFrozenTrial({
    trialId: number + 100,
    number,
    state,
    values: state === 'complete' ? (spec.objective ?? fallback) : undefined,
    intermediateValues: steps,
    datetimeStart: state === 'waiting' ? undefined : 0,
    datetimeComplete: finished ? (spec.completedAt ?? 1000 + number) : undefined,
  });
}

export interface TestStudyView extends StudyView {
  /** Attempted writes (`setTrialSystemAttr`, `stop`): must stay empty. */
  readonly writes: string[];
}

/** A snapshot of `trials` (ordered by number) in a study with `directions`. */
export function makeStudyView(
  trials: readonly FrozenTrial[],
  directions: readonly StudyDirection[] = ['minimize'],
): TestStudyView {
  const sorted = [...trials].sort((a, b) => a.number - b.number);
  const writes: string[] = [];
  return {
    studyId: 1,
    studyName: 'pruner-test',
    directions,
    systemAttrs: {},
    writes,
    getTrials(options) {
      const states = options?.states;
      return states === undefined ? sorted : sorted.filter((t) => states.includes(t.state));
    },
    setTrialSystemAttr(trialId, key) {
      writes.push(`setTrialSystemAttr(${trialId}, ${key})`);
      return Promise.reject(new Error('pruners must not write to the study'));
    },
    stop() {
      writes.push('stop()');
    },
  };
}
