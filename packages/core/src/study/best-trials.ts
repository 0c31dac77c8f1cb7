import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { StudyDirection } from '../protocol/trial-state.js';

/** Whether `a` dominates `b` (no worse in every objective, better in one). */
export function dominates(a: readonly number[], b: readonly number[], directions: readonly StudyDirection[]): boolean {
  let strictlyBetter = false;
  for (let i = 0; i < directions.length; i++) {
    const sign = directions[i] === 'maximize' ? -1 : 1;
    const x = sign * (a[i] as number);
    const y = sign * (b[i] as number);
    if (x > y) return false;
    if (x < y) strictlyBetter = true;
  }
  return strictlyBetter;
}

/** The best complete trial of a single-objective study (lowest number wins ties), or undefined. */
export function findBestTrial(trials: readonly FrozenTrial[], direction: StudyDirection): FrozenTrial | undefined {
  let best: FrozenTrial | undefined;
  for (const trial of trials) {
    if (trial.state !== 'complete' || trial.values === undefined) continue;
    const value = trial.values[0] as number;
    if (best === undefined) {
      best = trial;
      continue;
    }
    const current = best.values?.[0] as number;
    if (direction === 'minimize' ? value < current : value > current) best = trial;
  }
  return best;
}

/** The complete trials no other complete trial dominates (the Pareto front), by number. */
export function findParetoFront(trials: readonly FrozenTrial[], directions: readonly StudyDirection[]): FrozenTrial[] {
  const complete = trials.filter((trial) => trial.state === 'complete' && trial.values !== undefined);
  if (directions.length === 1) {
    const best = findBestTrial(complete, directions[0] as StudyDirection);
    if (best === undefined) return [];
    const value = best.values?.[0];
    return complete.filter((trial) => trial.values?.[0] === value);
  }
  return complete.filter((candidate) => !complete.some((other) => other !== candidate && dominates(other.values as number[], candidate.values as number[], directions)));
}
