import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { FrozenTrial, IntermediateValue } from '../protocol/frozen-trial.js';
import type { StudyDirection } from '../protocol/trial-state.js';
import { MultiObjectivePruningError } from '../errors/multi-objective-pruning-error.js';
import { NonScalarIntermediateValueError } from '../errors/non-scalar-intermediate-value-error.js';
import { makeStudyView, makeTrial } from './__fixtures__/test-study-view.js';
import { WilcoxonPruner, type WilcoxonPrunerOptions } from './wilcoxon-pruner.js';

// The best trial reported 1 at instances 0..7 (objective 1). A trial reporting 1 + d with
// d = [1.5, -0.3, 2.2, 0.7, -1.1, 3.4, 0.9, 2.8] has R+ = 31 and exact one-sided p = 10/256 ≈ 0.039
// (worked out in wilcoxon-signed-rank-test.test.ts); its mean 1 + 10.1/8 is worse than 1.
const d = [1.5, -0.3, 2.2, 0.7, -1.1, 3.4, 0.9, 2.8];
const best = makeTrial(0, { values: Array(8).fill(1), objective: [1] });

/** `current`: values for steps 0, 1, ... or `{ steps: [[step, value], ...] }`. */
function decide(
  current: IntermediateValue[] | { steps: Array<[number, IntermediateValue]> },
  { options, direction = 'minimize', trials = [best] }: { options?: WilcoxonPrunerOptions; direction?: StudyDirection; trials?: FrozenTrial[] } = {},
): boolean {
  const spec = Array.isArray(current) ? { values: current } : current;
  const trial = makeTrial(trials.length, { state: 'running', ...spec });
  const view = makeStudyView([...trials, trial], [direction]);
  const result = new WilcoxonPruner(options).prune(view, trial);
  expect(view.writes).toEqual([]);
  return result;
}

describe('WilcoxonPruner', () => {
  it('prunes when the test says this trial is worse than the best one (minimise)', () => {
    expect(new WilcoxonPruner().name).toBe('WilcoxonPruner');
    expect(decide(d.map((x) => 1 + x))).toBe(true); // p ≈ 0.039 < 0.1
    expect(decide(d.map((x) => 1 + x), { options: { pThreshold: 0.03 } })).toBe(false); // 0.039 >= 0.03
    expect(decide(d.map((x) => 1 - x))).toBe(false); // better than the best: p = 249/256
  });

  it('tests the other tail when maximising', () => {
    const bestMax = makeTrial(0, { values: Array(8).fill(1), objective: [1] });
    expect(decide(d.map((x) => 1 - x), { direction: 'maximize', trials: [bestMax] })).toBe(true);
    expect(decide(d.map((x) => 1 + x), { direction: 'maximize', trials: [bestMax] })).toBe(false);
  });

  it('compares against the complete trial with the best objective, lowest number on ties', () => {
    const worse = makeTrial(0, { values: Array(8).fill(5), objective: [5] });
    const better = makeTrial(1, { values: Array(8).fill(1), objective: [1] });
    const runningZeros = makeTrial(2, { state: 'running', values: Array(8).fill(0) });
    // Against trial 1 (objective 1): pruned. Against trial 0 it would be far better than 5.
    expect(decide(d.map((x) => 1 + x), { trials: [worse, better, runningZeros] })).toBe(true);
    // Ties on the objective: trial 0 (values 1) is the reference, not trial 1 (values 100).
    const tieA = makeTrial(0, { values: Array(8).fill(1), objective: [1] });
    const tieB = makeTrial(1, { values: Array(8).fill(100), objective: [1] });
    expect(decide(d.map((x) => 1 + x), { trials: [tieA, tieB] })).toBe(true);
    // The same two trials numbered the other way round: the values-100 trial is the reference.
    const tieFirst = makeTrial(0, { values: Array(8).fill(100), objective: [1] });
    const tieSecond = makeTrial(1, { values: Array(8).fill(1), objective: [1] });
    expect(decide(d.map((x) => 1 + x), { trials: [tieFirst, tieSecond] })).toBe(false);
  });

  it('pairs values by step and needs max(2, nStartupSteps) shared steps', () => {
    // Same differences reported in shuffled instance order: same decision.
    const order = [5, 2, 7, 0, 3, 6, 1, 4];
    expect(decide({ steps: order.map((i) => [i, 1 + (d[i] as number)]) })).toBe(true);
    // One shared step is never enough, even with nStartupSteps 0 and a p-value (1/2) below pThreshold 1.
    expect(decide({ steps: [[3, 100]] }, { options: { nStartupSteps: 0, pThreshold: 1 } })).toBe(false);
    expect(decide({ steps: [[3, 100], [4, 100]] }, { options: { nStartupSteps: 0, pThreshold: 1 } })).toBe(true);
    // Two differences both positive: p = 1/4 (not < 0.1 anyway); pThreshold 0.3 prunes with 2 steps.
    expect(decide([10, 10], { options: { pThreshold: 0.3 } })).toBe(true);
    expect(decide([10, 10], { options: { pThreshold: 0.3, nStartupSteps: 3 } })).toBe(false);
    // nStartupSteps 9 > 8 shared steps: no decision.
    expect(decide(d.map((x) => 1 + x), { options: { nStartupSteps: 9 } })).toBe(false);
  });

  it('does not prune a trial whose mean (over all its steps) is at least as good as the best mean', () => {
    // d' = [0.1 .. 0.7, -10]: R+ = 28, p = P(R+ <= 8) = 25/256 ≈ 0.098 < 0.1, but the mean of d' is
    // negative, so the trial looks better on average: kept. With -0.8 instead of -10 the p-value is
    // the same and the mean positive: pruned.
    expect(decide([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, -10].map((x) => 1 + x))).toBe(false);
    expect(decide([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, -0.8].map((x) => 1 + x))).toBe(true);
    // Steps the best trial never reported are not paired but do count in the mean: two extra
    // instances at -100 make the average better than 1 → kept.
    const extra = [...d.map((x, i) => [i, 1 + x] as [number, number]), [8, -100], [9, -100]] as Array<[number, number]>;
    expect(decide({ steps: extra })).toBe(false);
    const extraMild = [...d.map((x, i) => [i, 1 + x] as [number, number]), [8, 1], [9, 1]] as Array<[number, number]>;
    expect(decide({ steps: extraMild })).toBe(true);
  });

  it('never prunes without data to compare', () => {
    expect(decide([])).toBe(false); // no reports
    expect(decide(d.map((x) => 1 + x), { trials: [] })).toBe(false); // no complete trial
    const pruned = makeTrial(0, { state: 'pruned', values: Array(8).fill(1) });
    expect(decide(d.map((x) => 1 + x), { trials: [pruned] })).toBe(false); // only a pruned trial
    const silentBest = makeTrial(0, { values: [], objective: [1] });
    expect(decide(d.map((x) => 1 + x), { trials: [silentBest] })).toBe(false); // best has no values
    expect(decide(d.map((x) => 1 + x), { options: { pThreshold: 0 } })).toBe(false); // p < 0 never
  });

  it('never prunes when either trial has NaN or infinite values', () => {
    expect(decide([...d.map((x) => 1 + x).slice(0, 7), Number.NaN])).toBe(false);
    expect(decide([...d.map((x) => 1 + x).slice(0, 7), Infinity])).toBe(false);
    const nanBest = makeTrial(0, { values: [...Array(7).fill(1), Number.NaN], objective: [1] });
    expect(decide(d.map((x) => 1 + x), { trials: [nanBest] })).toBe(false);
    const infBest = makeTrial(0, { values: [...Array(7).fill(1), -Infinity], objective: [1] });
    expect(decide(d.map((x) => 1 + x), { trials: [infBest] })).toBe(false);
  });

  it('rejects vectors and multi-objective studies', () => {
    expect(() => decide([1, [1, 2] as unknown as number])).toThrow(
      expect.objectContaining({ prunerName: 'WilcoxonPruner', trialNumber: 1, step: 1 }),
    );
    const vectorBest = makeTrial(0, { steps: [[0, 1], [1, [1, 2]]], objective: [1] });
    expect(() => decide([1, 2], { trials: [vectorBest] })).toThrow(NonScalarIntermediateValueError);
    expect(() => decide([1, 2], { trials: [vectorBest] })).toThrow(expect.objectContaining({ trialNumber: 0, step: 1 }));
    const trial = makeTrial(1, { state: 'running', values: [1, 2] });
    expect(() => new WilcoxonPruner().prune(makeStudyView([best, trial], ['minimize', 'minimize']), trial)).toThrow(
      MultiObjectivePruningError,
    );
  });

  it('validates options', () => {
    const cases: Array<[WilcoxonPrunerOptions, string, unknown]> = [
      [{ pThreshold: -0.1 }, 'WilcoxonPruner.pThreshold', -0.1],
      [{ pThreshold: 1.1 }, 'WilcoxonPruner.pThreshold', 1.1],
      [{ pThreshold: Number.NaN }, 'WilcoxonPruner.pThreshold', Number.NaN],
      [{ nStartupSteps: -1 }, 'WilcoxonPruner.nStartupSteps', -1],
      [{ nStartupSteps: 2.5 }, 'WilcoxonPruner.nStartupSteps', 2.5],
    ];
    for (const [options, field, value] of cases) {
      let error: unknown;
      try {
        new WilcoxonPruner(options);
      } catch (caught) {
        error = caught;
      }
      expect(error, field).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).field).toBe(field);
      expect((error as InvalidArgumentError).value).toEqual(value);
    }
    expect(() => new WilcoxonPruner({ pThreshold: 0, nStartupSteps: 0 })).not.toThrow();
    expect(() => new WilcoxonPruner({ pThreshold: 1 })).not.toThrow();
  });
});
