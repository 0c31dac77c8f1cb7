import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import type { StudyDirection, TrialState } from '../../protocol/trial-state.js';

/** `trials.state` as Optuna stores it: the name of its `TrialState` enum member. */
export type OptunaTrialState = 'RUNNING' | 'COMPLETE' | 'PRUNED' | 'FAIL' | 'WAITING';
/** `study_directions.direction` (`NOT_SET` only appears in databases of Optuna < 2.4). */
export type OptunaStudyDirection = 'MINIMIZE' | 'MAXIMIZE' | 'NOT_SET';

const TO_OPTUNA: Readonly<Record<TrialState, OptunaTrialState>> = {
  running: 'RUNNING',
  complete: 'COMPLETE',
  pruned: 'PRUNED',
  fail: 'FAIL',
  waiting: 'WAITING',
};

/** The states that count towards `CreateTrialOptions.maxTrials`, as stored. */
export const OPTUNA_CAPPED_STATES: readonly OptunaTrialState[] = Object.freeze(['RUNNING', 'COMPLETE', 'PRUNED']);

export function trialStateToOptuna(state: TrialState): OptunaTrialState {
  const stored = TO_OPTUNA[state];
  if (stored === undefined) throw new InvalidArgumentError('state', state, 'a trial state');
  return stored;
}

export function trialStateFromOptuna(stored: string): TrialState {
  switch (stored) {
    case 'RUNNING':
      return 'running';
    case 'COMPLETE':
      return 'complete';
    case 'PRUNED':
      return 'pruned';
    case 'FAIL':
      return 'fail';
    case 'WAITING':
      return 'waiting';
    default:
      throw new InvalidArgumentError('trials.state', stored, 'one of RUNNING, COMPLETE, PRUNED, FAIL, WAITING');
  }
}

export function directionToOptuna(direction: StudyDirection): OptunaStudyDirection {
  return direction === 'maximize' ? 'MAXIMIZE' : 'MINIMIZE';
}

/** `NOT_SET` (a study of Optuna < 2.4 whose direction was never set) reads as Optuna's default, `'minimize'`. */
export function directionFromOptuna(stored: string): StudyDirection {
  switch (stored) {
    case 'MAXIMIZE':
      return 'maximize';
    case 'MINIMIZE':
    case 'NOT_SET':
      return 'minimize';
    default:
      throw new InvalidArgumentError('study_directions.direction', stored, 'MINIMIZE or MAXIMIZE');
  }
}
