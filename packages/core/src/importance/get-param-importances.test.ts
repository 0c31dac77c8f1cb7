import { describe, expect, it } from 'vitest';
import { floatDistribution, intDistribution } from '../distributions/distribution-factories.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { FrozenTrial } from '../protocol/frozen-trial.js';
import { RandomSampler } from '../samplers/random-sampler.js';
import { createStudy } from '../study/create-study.js';
import { createFrozenTrial } from '../trial/create-frozen-trial.js';
import { fakeStudy, randomTrials } from './__fixtures__/random-study.js';
import { FanovaImportanceEvaluator } from './fanova-importance-evaluator.js';
import { getParamImportances } from './get-param-importances.js';
import type { ImportanceEvaluator, ImportanceInput } from './importance-evaluator.js';
import { PedAnovaImportanceEvaluator } from './ped-anova-importance-evaluator.js';

const num = (value: unknown) => value as number;
const SPACE = { a: floatDistribution(0, 1), b: floatDistribution(0, 1), c: intDistribution(0, 10) };

/** Records what it was given; rates each parameter by the index of its name (a: 1, b: 2, ...). */
class RecordingEvaluator implements ImportanceEvaluator {
  readonly name = 'recording';
  inputs: ImportanceInput[] = [];
  evaluate(input: ImportanceInput): Record<string, number> {
    this.inputs.push(input);
    return Object.fromEntries(Object.keys(input.space).map((name) => [name, name.charCodeAt(0) - 96]));
  }
}

function trial(number: number, params: Record<string, number>, values: number[] | undefined, state: FrozenTrial['state'] = 'complete', space: Record<string, ReturnType<typeof floatDistribution>> = {}): FrozenTrial {
  const distributions = Object.fromEntries(Object.keys(params).map((name) => [name, space[name] ?? floatDistribution(0, 1)]));
  return createFrozenTrial({ trialId: number, number, state, values, params, distributions, datetimeStart: 0, ...(state === 'running' ? {} : { datetimeComplete: 1 }) });
}

describe('getParamImportances', () => {
  it('normalises to 1 and orders keys by decreasing importance', async () => {
    const evaluator = new RecordingEvaluator();
    const importances = await getParamImportances(fakeStudy(randomTrials(SPACE, 10, (p) => num(p.a), 0)), { evaluator });
    expect(Object.entries(importances)).toEqual([['c', 3 / 6], ['b', 2 / 6], ['a', 1 / 6]]);
    expect(await getParamImportances(fakeStudy(randomTrials(SPACE, 10, (p) => num(p.a), 0)), { evaluator, normalize: false })).toEqual({ c: 3, b: 2, a: 1 });
  });

  it('uses fANOVA by default', async () => {
    const importances = await getParamImportances(fakeStudy(randomTrials(SPACE, 60, (p) => 5 * num(p.b) + 0.1 * num(p.a), 1)));
    expect(Object.keys(importances)[0]).toBe('b');
  });

  it('hands the evaluator complete trials with finite targets, and the intersection space', async () => {
    const trials = [
      trial(0, { a: 0.1, b: 0.2, cond: 0.5 }, [1]),
      trial(1, { a: 0.3, b: 0.4 }, [2]),
      trial(2, { a: 0.5, b: 0.6 }, [Number.POSITIVE_INFINITY]),
      trial(3, { a: 0.7, b: 0.8, cond: 0.1 }, undefined, 'pruned'),
      trial(4, { a: 0.9 }, undefined, 'running'),
      trial(5, { a: 0.2, b: 0.1, cond: 0.3 }, [3]),
    ];
    const evaluator = new RecordingEvaluator();
    expect(Object.keys(await getParamImportances(fakeStudy(trials), { evaluator }))).toEqual(['b', 'a']);
    const input = evaluator.inputs[0] as ImportanceInput;
    expect(input.trials.map((t) => t.number)).toEqual([0, 1, 5]);
    expect(input.targets).toEqual([1, 2, 3]);
    expect(Object.keys(input.space)).toEqual(['a', 'b']);
    expect(input.direction).toBe('minimize');
  });

  it('with params, rates only those, on the trials that have them all', async () => {
    const trials = [trial(0, { a: 0.1, cond: 0.5 }, [1]), trial(1, { a: 0.3 }, [2]), trial(2, { a: 0.2, cond: 0.3 }, [3])];
    const evaluator = new RecordingEvaluator();
    expect(await getParamImportances(fakeStudy(trials), { evaluator, params: ['cond'] })).toEqual({ cond: 1 });
    expect((evaluator.inputs[0] as ImportanceInput).trials.map((t) => t.number)).toEqual([0, 2]);
    expect(await getParamImportances(fakeStudy(trials), { evaluator, params: [] })).toEqual({});
  });

  it('gives single-valued parameters 0 without showing them to the evaluator, and {} when nothing varies (as Optuna)', async () => {
    const space = { fixed: floatDistribution(2, 2), a: floatDistribution(0, 1), b: floatDistribution(0, 1) };
    const evaluator = new RecordingEvaluator();
    const importances = await getParamImportances(fakeStudy(randomTrials(space, 5, (p) => num(p.a), 0)), { evaluator });
    expect(Object.keys((evaluator.inputs[0] as ImportanceInput).space)).toEqual(['a', 'b']);
    expect(Object.entries(importances).at(-1)).toEqual(['fixed', 0]);
    const onlyFixed = await getParamImportances(fakeStudy(randomTrials({ fixed: space.fixed }, 5, () => 1, 0)), { evaluator });
    expect(onlyFixed).toEqual({});
  });

  it('needs a target for a multi-objective study, and then treats lower as better', async () => {
    const trials = randomTrials(SPACE, 10, (p) => [num(p.a), num(p.b)], 2);
    const study = fakeStudy(trials, ['minimize', 'maximize']);
    const error = await getParamImportances(study).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ field: 'target' });
    expect((error as Error).message).toMatch(/2 objectives/);
    const evaluator = new RecordingEvaluator();
    await getParamImportances(study, { evaluator, target: (t) => -num(t.values?.[1]) });
    expect((evaluator.inputs[0] as ImportanceInput).targets).toEqual(trials.map((t) => -num(t.values?.[1])));
    expect((evaluator.inputs[0] as ImportanceInput).direction).toBe('minimize');
    await getParamImportances(fakeStudy(trials.map((t) => createFrozenTrial({ ...t, values: [num(t.values?.[0])] })), ['maximize']), { evaluator });
    expect((evaluator.inputs[1] as ImportanceInput).direction).toBe('maximize');
  });

  it('names the field and value of each error', async () => {
    const trials = randomTrials(SPACE, 5, (p) => num(p.a), 3);
    const reject = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as InvalidArgumentError);
    expect(await reject(getParamImportances(fakeStudy([])))).toMatchObject({ field: 'study', message: expect.stringMatching(/at least 2 complete trials/) });
    expect(await reject(getParamImportances(fakeStudy(trials.slice(0, 1))))).toMatchObject({ field: 'study' });
    expect(await reject(getParamImportances(fakeStudy(trials), { params: ['a', 'nope'] }))).toMatchObject({ field: 'params[1]', value: 'nope', message: expect.stringMatching(/one of 'a', 'b', 'c'/) });
    expect(await reject(getParamImportances(fakeStudy(trials), { params: ['a', 'a'] }))).toMatchObject({ field: 'params[1]' });
    const apart = [trial(0, { x: 0.1 }, [1]), trial(1, { y: 0.2 }, [2])];
    expect(await reject(getParamImportances(fakeStudy(apart), { params: ['x', 'y'] }))).toMatchObject({ field: 'params', message: expect.stringMatching(/together/) });
    const changed = [trial(0, { x: 0.1 }, [1]), trial(1, { x: 0.2 }, [2], 'complete', { x: floatDistribution(0, 2) })];
    expect(await reject(getParamImportances(fakeStudy(changed), { params: ['x'] }))).toMatchObject({ field: 'params', message: expect.stringMatching(/'x' changes/) });
    const nonFinite = trials.map((t, i) => createFrozenTrial({ ...t, values: [i === 0 ? 1 : Number.NaN] }));
    expect(await reject(getParamImportances(fakeStudy(nonFinite)))).toMatchObject({ field: 'study', value: '1 usable complete trial' });
    expect(await reject(getParamImportances(fakeStudy(trials), { evaluator: {} as ImportanceEvaluator }))).toMatchObject({ field: 'evaluator' });
    const negative: ImportanceEvaluator = { name: 'broken', evaluate: (input) => Object.fromEntries(Object.keys(input.space).map((name) => [name, -1])) };
    expect(await reject(getParamImportances(fakeStudy(trials), { evaluator: negative }))).toMatchObject({ field: "broken.evaluate()['a']", value: -1 });
  });

  it('works on a real Study, whose getTrials is async', async () => {
    const study = await createStudy({ direction: 'maximize', sampler: new RandomSampler({ seed: 0 }) });
    await study.optimize((t) => 4 * t.suggestFloat('x', 0, 1) + t.suggestFloat('y', 0, 1) * 0.1 + (t.suggestCategorical('c', ['p', 'q']) === 'p' ? 0 : 0.05), { nTrials: 60 });
    const fanova = await getParamImportances(study, { evaluator: new FanovaImportanceEvaluator({ seed: 0 }) });
    expect(Object.keys(fanova)[0]).toBe('x');
    expect(Object.values(fanova).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const ped = await getParamImportances(study, { evaluator: new PedAnovaImportanceEvaluator() });
    expect(Object.keys(ped)[0]).toBe('x');
  });
});
