import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { TunekitError } from '../errors/tunekit-error.js';
import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { StudyDirection } from '../protocol/trial-state.js';
import { MedianPruner, type MedianPrunerOptions } from './median-pruner.js';
import { MultiObjectivePruningError } from '../errors/multi-objective-pruning-error.js';
import { NonScalarIntermediateValueError } from '../errors/non-scalar-intermediate-value-error.js';
import { makeStudyView, makeTrial, type TestTrialSpec } from './__fixtures__/test-study-view.js';

// Five completed trials, trial k reports k + 1 at steps 0..7: the median at every step is 3.
const completed = [0, 1, 2, 3, 4].map((n) => makeTrial(n, { values: Array(8).fill(n + 1) }));

function decide(
  options: MedianPrunerOptions | undefined,
  current: TestTrialSpec,
  { direction = 'minimize', trials = completed }: { direction?: StudyDirection; trials?: readonly FrozenTrial[] } = {},
): boolean {
  const trial = makeTrial(trials.length, { state: 'running', ...current });
  const view = makeStudyView([...trials, trial], [direction]);
  const result = new MedianPruner(options).prune(view, trial);
  expect(view.writes).toEqual([]);
  return result;
}

describe('MedianPruner', () => {
  it('prunes a trial whose best value is worse than the median of completed trials', () => {
    expect(new MedianPruner().name).toBe('MedianPruner');
    expect(decide(undefined, { values: [3.5] })).toBe(true); // 3.5 > 3
    expect(decide(undefined, { values: [3] })).toBe(false); // a tie is kept
    expect(decide(undefined, { values: [2.9] })).toBe(false);
    expect(decide(undefined, { values: [1, 10] })).toBe(false); // best so far is 1
    expect(decide(undefined, { values: [10, 3.5] })).toBe(true); // best so far is 3.5
  });

  it('mirrors the comparison when maximising', () => {
    expect(decide(undefined, { values: [2.5] }, { direction: 'maximize' })).toBe(true); // 2.5 < 3
    expect(decide(undefined, { values: [3.5] }, { direction: 'maximize' })).toBe(false);
    expect(decide(undefined, { values: [10, 2] }, { direction: 'maximize' })).toBe(false); // best 10
  });

  it('waits for nStartupTrials completed trials (default 5)', () => {
    const four = completed.slice(0, 4); // median of [1, 2, 3, 4] is 2.5
    expect(decide(undefined, { values: [100] }, { trials: four })).toBe(false);
    expect(decide({ nStartupTrials: 4 }, { values: [100] }, { trials: four })).toBe(true);
    expect(decide({ nStartupTrials: 4 }, { values: [2.6] }, { trials: four })).toBe(true);
    expect(decide({ nStartupTrials: 4 }, { values: [2.5] }, { trials: four })).toBe(false);
  });

  it('never prunes without completed trials or without reports, even with nStartupTrials 0', () => {
    expect(decide({ nStartupTrials: 0 }, { values: [100] }, { trials: [] })).toBe(false);
    const running = [makeTrial(0, { state: 'running', values: [1] }), makeTrial(1, { state: 'pruned', values: [1] })];
    expect(decide({ nStartupTrials: 0 }, { values: [100] }, { trials: running })).toBe(false);
    expect(decide({ nStartupTrials: 0 }, { values: [] })).toBe(false);
  });

  it('waits for nWarmupSteps', () => {
    // Latest step 1 < 2: no check; latest step 2: checked.
    expect(decide({ nWarmupSteps: 2 }, { values: [10, 10] })).toBe(false);
    expect(decide({ nWarmupSteps: 2 }, { values: [10, 10, 10] })).toBe(true);
  });

  it('checks once per interval, aligned to the warm-up, postponing a missed check', () => {
    // intervalSteps 2, warm-up 0 → checks at 0, 2, 4, ...
    expect(decide({ intervalSteps: 2 }, { values: [10] })).toBe(true); // step 0
    expect(decide({ intervalSteps: 2 }, { values: [10, 10] })).toBe(false); // step 1: off grid
    expect(decide({ intervalSteps: 2 }, { values: [10, 10, 10] })).toBe(true); // step 2
    // Steps 0 and 3 reported: the check at 2 was missed, so it happens at 3 ...
    expect(decide({ intervalSteps: 2 }, { steps: [[0, 10], [3, 10]] })).toBe(true);
    // ... but only once: after 2 and 3 were both reported, step 3 is not a check.
    expect(decide({ intervalSteps: 2 }, { steps: [[0, 10], [2, 10], [3, 10]] })).toBe(false);
    // Warm-up 1, interval 3 → checks at 1, 4, 7: step 1 yes, 2 no, 4 yes, 5 no.
    const grid = { nWarmupSteps: 1, intervalSteps: 3 };
    expect(decide(grid, { values: [10, 10] })).toBe(true);
    expect(decide(grid, { values: [10, 10, 10] })).toBe(false);
    expect(decide(grid, { values: [10, 10, 10, 10, 10] })).toBe(true);
    expect(decide(grid, { values: [10, 10, 10, 10, 10, 10] })).toBe(false);
  });

  it('needs nMinTrials completed values at the step', () => {
    // Only trials 0 and 1 reported step 3 (values 1 and 2; median 1.5); the others stopped at step 2.
    const uneven = completed.map((_, n) => makeTrial(n, { values: Array(n < 2 ? 4 : 3).fill(n + 1) }));
    const current = { values: [10, 10, 10, 1.6] };
    expect(decide({ nMinTrials: 3 }, current, { trials: uneven })).toBe(false);
    expect(decide({ nMinTrials: 2 }, current, { trials: uneven })).toBe(true); // 1.6 > 1.5
    expect(decide({ nMinTrials: 2 }, { values: [10, 10, 10, 1.5] }, { trials: uneven })).toBe(false);
    // No completed trial reported step 4 at all: nothing to compare with.
    expect(decide(undefined, { values: [10, 10, 10, 10, 100] }, { trials: uneven })).toBe(false);
  });

  it('prunes a trial whose values are all NaN, ignores NaN otherwise', () => {
    expect(decide(undefined, { values: [Number.NaN] })).toBe(true);
    expect(decide(undefined, { values: [Number.NaN, Number.NaN] })).toBe(true);
    expect(decide(undefined, { values: [Number.NaN, 2] })).toBe(false); // best = 2
    expect(decide(undefined, { values: [Number.NaN, 4] })).toBe(true); // best = 4 > 3
  });

  it('counts NaN completed values towards nMinTrials but not towards the median', () => {
    const withNaN = [
      makeTrial(0, { values: [Number.NaN], objective: [1] }),
      makeTrial(1, { values: [Number.NaN], objective: [1] }),
      makeTrial(2, { values: [1] }),
    ];
    // Three values present (≥ nMinTrials 3); the median of the non-NaN ones is 1 → 2 is pruned.
    expect(decide({ nStartupTrials: 0, nMinTrials: 3 }, { values: [2] }, { trials: withNaN })).toBe(true);
    // Only NaN at the step: the median is NaN → no decision.
    const onlyNaN = withNaN.slice(0, 2);
    expect(decide({ nStartupTrials: 0 }, { values: [100] }, { trials: onlyNaN })).toBe(false);
  });

  it('rejects vector intermediate values, naming the trial and step', () => {
    let error: unknown;
    try {
      decide(undefined, { values: [1, [1, 2]] });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(NonScalarIntermediateValueError);
    expect(TunekitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ prunerName: 'MedianPruner', trialNumber: 5, step: 1 });
    expect((error as Error).message).toMatch(/trial 5 .*step 1/);

    // A completed trial's vector at the compared step is reported with that trial's number.
    const mixed = [...completed.slice(0, 4), makeTrial(4, { steps: [[0, [1, 2]]] })];
    expect(() => decide(undefined, { values: [1] }, { trials: mixed })).toThrow(
      expect.objectContaining({ trialNumber: 4, step: 0 }),
    );
  });

  it('rejects multi-objective studies', () => {
    const trial = makeTrial(5, { state: 'running', values: [1] });
    const view = makeStudyView([...completed, trial], ['minimize', 'maximize']);
    expect(() => new MedianPruner().prune(view, trial)).toThrow(MultiObjectivePruningError);
    expect(() => new MedianPruner().prune(view, trial)).toThrow(/MedianPruner.*2 objectives/);
  });

  it('validates options, naming the field and value', () => {
    const cases: Array<[MedianPrunerOptions, string, unknown]> = [
      [{ nStartupTrials: -1 }, 'MedianPruner.nStartupTrials', -1],
      [{ nStartupTrials: 1.5 }, 'MedianPruner.nStartupTrials', 1.5],
      [{ nWarmupSteps: -1 }, 'MedianPruner.nWarmupSteps', -1],
      [{ intervalSteps: 0 }, 'MedianPruner.intervalSteps', 0],
      [{ intervalSteps: Number.NaN }, 'MedianPruner.intervalSteps', Number.NaN],
      [{ nMinTrials: 0 }, 'MedianPruner.nMinTrials', 0],
      [{ nMinTrials: '2' as unknown as number }, 'MedianPruner.nMinTrials', '2'],
    ];
    for (const [options, field, value] of cases) {
      let error: unknown;
      try {
        new MedianPruner(options);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error).toMatchObject({ field });
      expect((error as InvalidArgumentError).value).toEqual(value);
      expect((error as Error).message).toContain(field);
    }
    expect(() => new MedianPruner({ nStartupTrials: 0, nWarmupSteps: 0, intervalSteps: 1, nMinTrials: 1 })).not.toThrow();
  });
});
