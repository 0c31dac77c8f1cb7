import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { FrozenTrial, IntermediateValue } from '../protocol/frozen-trial.js';
import type { Pruner } from '../protocol/pruner.js';
import type { StudyDirection } from '../protocol/trial-state.js';
import type { StudyView } from '../protocol/study-view.js';
import { MedianPruner } from './median-pruner.js';
import { MultiObjectivePruningError } from '../errors/multi-objective-pruning-error.js';
import { NonScalarIntermediateValueError } from '../errors/non-scalar-intermediate-value-error.js';
import { PatientPruner, type PatientPrunerOptions } from './patient-pruner.js';
import { makeStudyView, makeTrial } from './__fixtures__/test-study-view.js';

function decide(
  wrapped: Pruner | undefined,
  options: PatientPrunerOptions,
  values: IntermediateValue[],
  direction: StudyDirection = 'minimize',
  others: FrozenTrial[] = [],
): boolean | Promise<boolean> {
  const trial = makeTrial(others.length, { state: 'running', values });
  const view = makeStudyView([...others, trial], [direction]);
  const result = new PatientPruner(wrapped, options).prune(view, trial);
  expect(view.writes).toEqual([]);
  return result;
}

/** A pruner that records its calls and answers `answer`. */
function spy(answer: boolean): Pruner & { calls: number } {
  return {
    name: 'Spy',
    calls: 0,
    prune(_study: StudyView, _trial: FrozenTrial) {
      this.calls += 1;
      return answer;
    },
  };
}

describe('PatientPruner', () => {
  it('prunes (without a wrapped pruner) once the last patience + 1 steps are all worse than the earlier best', () => {
    expect(new PatientPruner(undefined, { patience: 1 }).name).toBe('PatientPruner');
    // patience 2 → window = last 3 steps. [3 | 4 5 6]: earlier best 3 < window best 4 → stalled.
    expect(decide(undefined, { patience: 2 }, [3, 4, 5, 6])).toBe(true);
    // [5 4 | 3 3.5 3.2]: earlier best 4, window best 3 → improved.
    expect(decide(undefined, { patience: 2 }, [5, 4, 3, 3.5, 3.2])).toBe(false);
    // Exactly patience + 1 steps: nothing before the window, no decision.
    expect(decide(undefined, { patience: 2 }, [3, 4, 5])).toBe(false);
    // A plateau is not a stall with minDelta 0 (Optuna needs strictly worse).
    expect(decide(undefined, { patience: 2 }, [3, 3, 3, 3])).toBe(false);
    // patience 0 → window = latest step only: [2 | 2.5] stalled, [2 | 1] not.
    expect(decide(undefined, { patience: 0 }, [2, 2.5])).toBe(true);
    expect(decide(undefined, { patience: 0 }, [2, 1])).toBe(false);
  });

  it('tolerates improvements smaller than minDelta as stalls', () => {
    // [3 | 3.5 3.4 3.6]: 3 + 0.5 < 3.4 is false → not stalled; with minDelta 0.3, 3.3 < 3.4 → stalled.
    expect(decide(undefined, { patience: 2, minDelta: 0.5 }, [3, 3.5, 3.4, 3.6])).toBe(false);
    expect(decide(undefined, { patience: 2, minDelta: 0.3 }, [3, 3.5, 3.4, 3.6])).toBe(true);
    // minDelta only widens the tolerance for getting worse: [3 | 2.9] improved (by less than
    // minDelta), and Optuna's rule `before + minDelta < window` (3.2 < 2.9) says not stalled.
    expect(decide(undefined, { patience: 0, minDelta: 0.2 }, [3, 2.9])).toBe(false);
  });

  it('is direction-aware when maximising', () => {
    // [0.5 0.6 | 0.55 0.58]: earlier best 0.6 > window best 0.58 → stalled.
    expect(decide(undefined, { patience: 1 }, [0.5, 0.6, 0.55, 0.58], 'maximize')).toBe(true);
    expect(decide(undefined, { patience: 1 }, [0.5, 0.6, 0.55, 0.61], 'maximize')).toBe(false);
    // A plateau is not a stall here either: 0.6 > 0.6 is false.
    expect(decide(undefined, { patience: 1 }, [0.6, 0.6, 0.6], 'maximize')).toBe(false);
    // minDelta: 0.6 - 0.05 > 0.58 is false → not stalled.
    expect(decide(undefined, { patience: 1, minDelta: 0.05 }, [0.5, 0.6, 0.55, 0.58], 'maximize')).toBe(false);
    // The same values minimised: earlier best 0.5 < window best 0.55 → stalled.
    expect(decide(undefined, { patience: 1 }, [0.5, 0.6, 0.55, 0.58], 'minimize')).toBe(true);
  });

  it('ignores NaN, and never prunes when one side has only NaN', () => {
    // [NaN 1 | 2 3]: earlier best 1 < 2 → stalled.
    expect(decide(undefined, { patience: 1 }, [Number.NaN, 1, 2, 3])).toBe(true);
    // [1 2 | NaN NaN]: window has no number → not stalled.
    expect(decide(undefined, { patience: 1 }, [1, 2, Number.NaN, Number.NaN])).toBe(false);
    // [NaN NaN | 2 3]: no earlier number → not stalled.
    expect(decide(undefined, { patience: 1 }, [Number.NaN, Number.NaN, 2, 3])).toBe(false);
  });

  it('uses the order of steps, not their spacing', () => {
    const trial = makeTrial(0, { state: 'running', steps: [[20, 5], [0, 3], [10, 4]] });
    const view = makeStudyView([trial]);
    // Sorted: [3 | 4 5] with patience 1 → stalled.
    expect(new PatientPruner(undefined, { patience: 1 }).prune(view, trial)).toBe(true);
  });

  it('delegates to the wrapped pruner only when stalled', () => {
    const yes = spy(true);
    expect(decide(yes, { patience: 1 }, [1, 2, 3])).toBe(true);
    expect(yes.calls).toBe(1);
    expect(decide(yes, { patience: 1 }, [3, 2, 1])).toBe(false); // improving: wrapped not asked
    expect(yes.calls).toBe(1);
    const no = spy(false);
    expect(decide(no, { patience: 1 }, [1, 2, 3])).toBe(false); // stalled but the wrapped says no
    expect(no.calls).toBe(1);
  });

  it('composes with MedianPruner and with asynchronous pruners', async () => {
    // Completed trials report k + 1 at steps 0..3 (median 3). The current trial stalls at [2 | 2.5 2.6]
    // (best so far 2 <= 3): the median pruner keeps it; with values [3.5 | 4 4] it is pruned.
    const completed = [0, 1, 2, 3, 4].map((n) => makeTrial(n, { values: [n + 1, n + 1, n + 1, n + 1] }));
    expect(decide(new MedianPruner(), { patience: 1 }, [2, 2.5, 2.6], 'minimize', completed)).toBe(false);
    expect(decide(new MedianPruner(), { patience: 1 }, [3.5, 4, 4], 'minimize', completed)).toBe(true);
    const asyncPruner: Pruner = { prune: async () => true };
    const result = decide(asyncPruner, { patience: 1 }, [1, 2, 3]);
    expect(result).toBeInstanceOf(Promise);
    await expect(result).resolves.toBe(true);
  });

  it('rejects vectors and multi-objective studies', () => {
    expect(() => decide(undefined, { patience: 1 }, [1, [2, 3], 4])).toThrow(
      expect.objectContaining({ name: 'NonScalarIntermediateValueError', trialNumber: 0, step: 1 }),
    );
    expect(() => decide(undefined, { patience: 1 }, [1, [2, 3], 4])).toThrow(NonScalarIntermediateValueError);
    const trial = makeTrial(0, { state: 'running', values: [1, 2, 3] });
    expect(() => new PatientPruner(undefined, { patience: 1 }).prune(makeStudyView([trial], ['minimize', 'maximize']), trial)).toThrow(
      MultiObjectivePruningError,
    );
  });

  it('validates options', () => {
    const cases: Array<[unknown, PatientPrunerOptions, string, unknown]> = [
      [undefined, { patience: -1 }, 'PatientPruner.patience', -1],
      [undefined, { patience: 1.5 }, 'PatientPruner.patience', 1.5],
      [undefined, {} as PatientPrunerOptions, 'PatientPruner.patience', undefined],
      [undefined, { patience: 1, minDelta: -0.1 }, 'PatientPruner.minDelta', -0.1],
      [undefined, { patience: 1, minDelta: Number.NaN }, 'PatientPruner.minDelta', Number.NaN],
      [{ notAPruner: true }, { patience: 1 }, 'PatientPruner.wrappedPruner', { notAPruner: true }],
      [null, { patience: 1 }, 'PatientPruner.wrappedPruner', null],
    ];
    for (const [wrapped, options, field, value] of cases) {
      let error: unknown;
      try {
        new PatientPruner(wrapped as Pruner | undefined, options);
      } catch (caught) {
        error = caught;
      }
      expect(error, field).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).field).toBe(field);
      expect((error as InvalidArgumentError).value).toEqual(value);
    }
  });
});
