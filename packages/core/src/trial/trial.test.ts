import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { containsExternal } from '../distributions/distribution-values.js';
import { floatDistribution, intDistribution } from '../distributions/distribution-factories.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { InvalidDistributionError } from '../errors/invalid-distribution-error.js';
import { ParamConflictError } from '../errors/param-conflict-error.js';
import { UpdateFinishedTrialError } from '../errors/update-finished-trial-error.js';
import type { Distribution, ParamValue, SearchSpace } from '../protocol/distribution.js';
import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { Pruner } from '../protocol/pruner.js';
import type { Sampler } from '../protocol/sampler.js';
import type { Storage } from '../protocol/storage.js';
import type { StudyView } from '../protocol/study-view.js';
import { NopPruner } from '../pruners/nop-pruner.js';
import { RandomSampler } from '../samplers/random-sampler.js';
import { InMemoryStorage } from '../storages/in-memory-storage.js';
import { createStudy } from '../study/create-study.js';
import type { Study } from '../study/study.js';
import type { Trial } from './trial.js';

function newStudy(options: { storage?: Storage; sampler?: Sampler; pruner?: Pruner; directions?: ('minimize' | 'maximize')[] } = {}): Promise<Study> {
  return createStudy({
    storage: options.storage ?? new InMemoryStorage(),
    sampler: options.sampler ?? new RandomSampler({ seed: 1 }),
    pruner: options.pruner ?? new NopPruner(),
    ...(options.directions === undefined ? {} : { directions: options.directions }),
  });
}

/** A storage whose trial writes take a few ms (as a database's would): un-awaited writes would be lost. */
function slowStorage(inner: Storage, delayMs = 5): Storage {
  const slow = new Set(['setTrialParam', 'setTrialIntermediateValue', 'setTrialUserAttr']);
  return new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (!slow.has(String(property))) return value.bind(target);
      return async (...args: unknown[]) => {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        return value.apply(target, args);
      };
    },
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Trial suggestions', () => {
  it('suggestFloat / suggestInt / suggestCategorical are synchronous and stay inside their distributions', async () => {
    const study = await newStudy();
    for (let i = 0; i < 30; i++) {
      const trial = await study.ask();
      const lr = trial.suggestFloat('lr', 1e-5, 1e-1, { log: true });
      const dropout = trial.suggestFloat('dropout', 0, 0.5, { step: 0.1 });
      const momentum = trial.suggestFloat('momentum', 0.8, 0.99);
      const depth = trial.suggestInt('depth', 2, 32, { log: true });
      const units = trial.suggestInt('units', 16, 256, { step: 16 });
      const layers = trial.suggestInt('layers', 1, 3);
      const act = trial.suggestCategorical('act', ['relu', 'tanh', null, 1, { w: [1] }]);
      for (const value of [lr, dropout, momentum, depth, units, layers]) expect(typeof value).toBe('number');
      expect(lr).toBeGreaterThanOrEqual(1e-5);
      expect(lr).toBeLessThanOrEqual(1e-1);
      expect(Math.abs(dropout * 10 - Math.round(dropout * 10))).toBeLessThan(1e-9);
      expect(Number.isInteger(depth) && depth >= 2 && depth <= 32).toBe(true);
      expect(units % 16).toBe(0);
      expect(['relu', 'tanh', null, 1, { w: [1] }]).toContainEqual(act);
      for (const [name, dist] of Object.entries(trial.distributions)) expect(containsExternal(dist, trial.params[name] as ParamValue)).toBe(true);
      await study.tell(trial, 0);
    }
  });

  it('exposes number, params and distributions of what was suggested so far', async () => {
    const study = await newStudy();
    const first = await study.ask();
    const second = await study.ask();
    expect([first.number, second.number]).toEqual([0, 1]);
    expect(second.params).toEqual({});
    const x = second.suggestFloat('x', 0, 1);
    const n = second.suggestInt('n', 0, 10, { step: 5 });
    expect(second.params).toEqual({ x, n });
    expect(second.distributions).toEqual({ x: floatDistribution(0, 1), n: intDistribution(0, 10, { step: 5 }) });
    expect(Object.isFrozen(second.params)).toBe(true);
  });

  it('returns the same value when the same name is suggested again with the same distribution', async () => {
    const study = await newStudy();
    const trial = await study.ask();
    const x = trial.suggestFloat('x', 0, 1);
    const c = trial.suggestCategorical('c', ['a', 'b', 'c', 'd']);
    for (let i = 0; i < 10; i++) {
      expect(trial.suggestFloat('x', 0, 1)).toBe(x);
      expect(trial.suggestCategorical('c', ['a', 'b', 'c', 'd'])).toBe(c);
    }
    // (0, 1.05, step 0.1) is the same range as (0, 1, step 0.1) once adjusted.
    const s = trial.suggestFloat('s', 0, 1, { step: 0.1 });
    expect(trial.suggestFloat('s', 0, 1.05, { step: 0.1 })).toBe(s);
  });

  it('throws ParamConflictError for the same name with another distribution, and stores nothing', async () => {
    const storage = new InMemoryStorage();
    const study = await newStudy({ storage });
    const trial = await study.ask();
    const x = trial.suggestFloat('x', 0, 1);
    const conflicts: readonly (() => unknown)[] = [
      () => trial.suggestFloat('x', 0, 2),
      () => trial.suggestFloat('x', 0, 1, { log: false, step: 0.5 }),
      () => trial.suggestInt('x', 0, 1),
      () => trial.suggestCategorical('x', [0, 1]),
    ];
    for (const conflict of conflicts) {
      let caught: unknown;
      try {
        conflict();
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ParamConflictError);
      expect(caught).toMatchObject({ paramName: 'x', trialNumber: 0 });
      expect((caught as Error).message).toContain("Parameter 'x' in trial 0");
    }
    const told = await study.tell(trial, 1);
    expect(told.params).toEqual({ x });
    expect(told.distributions.x).toEqual(floatDistribution(0, 1));
  });

  it('throws InvalidDistributionError naming the parameter for invalid arguments', async () => {
    const study = await newStudy();
    const trial = await study.ask();
    const cases: readonly [() => unknown, string][] = [
      [() => trial.suggestFloat('lr', 1, 0), 'lr'],
      [() => trial.suggestFloat('lr', 0, 1, { log: true }), 'lr'],
      [() => trial.suggestFloat('p', Number.NaN, 1), 'p'],
      [() => trial.suggestFloat('p', 0, 1, { step: 0 }), 'p'],
      [() => trial.suggestInt('n', 0, 10, { step: -1 }), 'n'],
      [() => trial.suggestInt('n', 0, 10, { log: true }), 'n'],
      [() => trial.suggestCategorical('c', []), 'c'],
      [() => trial.suggestCategorical('c', ['a', 'a']), 'c'],
      [() => trial.suggestCategorical('c', [undefined as never]), 'c'],
    ];
    for (const [call, name] of cases) {
      expect(call).toThrow(InvalidDistributionError);
      expect(call).toThrow(`parameter '${name}'`);
    }
    expect(() => trial.suggestFloat('', 0, 1)).toThrow(InvalidArgumentError);
    // trial.suggest(name, distribution) checks hand-made distributions, frozen or not.
    const frozenButInvalid = Object.freeze({ type: 'float', low: 1, high: 0, log: false, step: undefined }) as Distribution;
    expect(() => trial.suggest('h', frozenButInvalid)).toThrow(InvalidDistributionError);
    expect(() => trial.suggest('h', { type: 'int', low: 0, high: 9, log: false, step: 0 })).toThrow("parameter 'h'");
    expect(trial.params).toEqual({});
    expect(trial.suggest('ok', Object.freeze({ type: 'int', low: 0, high: 9, log: false, step: 3 }) as Distribution)).toBeLessThanOrEqual(9);
  });

  it('suggestCategorical is typed by its choices', async () => {
    const study = await newStudy();
    const trial = await study.ask();
    const act = trial.suggestCategorical('act', ['relu', 'tanh'] as const);
    expectTypeOf(act).toEqualTypeOf<'relu' | 'tanh'>();
    const literal = trial.suggestCategorical('size', [16, 32, 64]);
    expectTypeOf(literal).toEqualTypeOf<16 | 32 | 64>();
    const mixed = trial.suggestCategorical('mixed', [null, true, 'x'] as const);
    expectTypeOf(mixed).toEqualTypeOf<'x' | true | null>();
    expectTypeOf(trial.suggestFloat('f', 0, 1)).toEqualTypeOf<number>();
    expectTypeOf(trial.suggestInt('i', 0, 1)).toEqualTypeOf<number>();
    expect(['relu', 'tanh']).toContain(act);
  });

  it('supports conditional (define-by-run) search spaces', async () => {
    const study = await newStudy();
    const seen = new Set<string>();
    await study.optimize(
      (trial) => {
        const kind = trial.suggestCategorical('kind', ['svm', 'forest'] as const);
        if (kind === 'svm') {
          const c = trial.suggestFloat('svm_c', 1e-3, 1e3, { log: true });
          return Math.log(c);
        }
        const depth = trial.suggestInt('forest_depth', 1, 8);
        if (depth > 4) trial.suggestCategorical('forest_criterion', ['gini', 'entropy']);
        return depth;
      },
      { nTrials: 40, progress: false },
    );
    for (const trial of await study.getTrials()) {
      const keys = Object.keys(trial.params).sort().join(',');
      seen.add(keys);
      expect(Object.keys(trial.distributions).sort().join(',')).toBe(keys);
      if (trial.params.kind === 'svm') expect(keys).toBe('kind,svm_c');
      else expect(['forest_depth,kind', 'forest_criterion,forest_depth,kind']).toContain(keys);
      if (trial.params.forest_criterion !== undefined) expect(trial.params.forest_depth).toBeGreaterThan(4);
    }
    expect(seen.size).toBe(3);
  });

  it('uses an enqueued value first, then a relative sample inside the distribution, then sampleIndependent', async () => {
    const independent: string[] = [];
    const sampler: Sampler = {
      inferRelativeSearchSpace: (): SearchSpace => ({ x: floatDistribution(0, 1), y: floatDistribution(0, 1) }),
      sampleRelative: () => ({ x: 0.25, y: 5 }), // y lies outside what the objective suggests
      sampleIndependent: (_study: StudyView, _trial: FrozenTrial, name: string, dist: Distribution) => {
        independent.push(name);
        return dist.type === 'categorical' ? (dist.choices[0] as ParamValue) : dist.low;
      },
    };
    const study = await newStudy({ sampler });
    await study.enqueueTrial({ z: 0.75 });
    const trial = await study.ask();
    expect(trial.suggestFloat('z', 0, 1)).toBe(0.75); // fixed
    expect(trial.suggestFloat('x', 0, 1)).toBe(0.25); // relative
    expect(trial.suggestFloat('y', 0, 1)).toBe(0); // relative out of range → independent
    expect(trial.suggestFloat('w', 0.5, 1)).toBe(0.5); // not covered → independent
    expect(independent).toEqual(['y', 'w']);
  });

  it('uses an enqueued value outside the range with a warning, as Optuna does', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const study = await newStudy();
    await study.enqueueTrial({ x: 5 });
    const trial = await study.ask();
    expect(trial.suggestFloat('x', 0, 1)).toBe(5);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("Enqueued value 5 for parameter 'x'"), expect.objectContaining({ code: 'TUNEKIT_FIXED_PARAM_OUTSIDE' }));
    expect((await study.tell(trial, 1)).params).toEqual({ x: 5 });
  });
});

describe('Trial reports, user attributes and pruning', () => {
  it('report accepts a number or one number per objective; every write reaches the storage before tell returns', async () => {
    const inner = new InMemoryStorage();
    const storage = slowStorage(inner);
    const study = await newStudy({ storage, directions: ['minimize', 'maximize'] });
    const trial = await study.ask();
    const x = trial.suggestFloat('x', 0, 1);
    trial.report(0.5, 0);
    trial.report([0.4, 0.9], 1);
    trial.setUserAttr('note', { fold: [1, 2] });
    expect((await inner.getTrial(trial.trialId)).params).toEqual({}); // still in flight
    const told = await study.tell(trial, [1, 2]);
    const stored = await storage.getTrial(trial.trialId);
    expect(stored.state).toBe('complete');
    expect(stored.params).toEqual({ x });
    expect([...stored.intermediateValues]).toEqual([[0, 0.5], [1, [0.4, 0.9]]]);
    expect(stored.userAttrs).toEqual({ note: { fold: [1, 2] } });
    expect(stored.values).toEqual([1, 2]);
    expect(told).toEqual(stored);
  });

  it('report keeps the first value of a step (with a warning) and rejects bad steps and values', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const study = await newStudy();
    const trial = await study.ask();
    trial.report(1, 0);
    trial.report(2, 0);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('already reported a value at step 0'), expect.objectContaining({ code: 'TUNEKIT_DUPLICATE_STEP' }));
    expect([...trial.intermediateValues]).toEqual([[0, 1]]);
    trial.report(Number.NaN, 1); // NaN is a legal intermediate value (a diverged epoch)
    expect(() => trial.report(1, -1)).toThrow(InvalidArgumentError);
    expect(() => trial.report(1, 1.5)).toThrow(/step/);
    expect(() => trial.report('1' as never, 2)).toThrow(InvalidArgumentError);
    expect(() => trial.report([] as never, 2)).toThrow(InvalidArgumentError);
    expect(() => trial.report([1, 'a'] as never, 2)).toThrow(InvalidArgumentError);
    const told = await study.tell(trial, 3);
    expect([...told.intermediateValues.keys()]).toEqual([0, 1]);
    expect(told.intermediateValues.get(1)).toBeNaN();
  });

  it('setUserAttr stores JSON and refuses what JSON cannot hold', async () => {
    const study = await newStudy();
    const trial = await study.ask();
    trial.setUserAttr('a', 1);
    trial.setUserAttr('a', 'overwritten');
    trial.setUserAttr('list', [1, { b: null }]);
    expect(() => trial.setUserAttr('bad', Number.NaN)).toThrow(InvalidArgumentError);
    expect(() => trial.setUserAttr('bad', new Date() as never)).toThrow(InvalidArgumentError);
    expect(() => trial.setUserAttr('', 1)).toThrow(InvalidArgumentError);
    expect(trial.userAttrs).toEqual({ a: 'overwritten', list: [1, { b: null }] });
    const told = await study.tell(trial, 0);
    expect(told.userAttrs).toEqual({ a: 'overwritten', list: [1, { b: null }] });
  });

  it('setConstraint stores the constraints system attr that samplers and Optuna read', async () => {
    const study = await newStudy({ storage: slowStorage(new InMemoryStorage()) });
    const trial = await study.ask();
    trial.setConstraint([0.5, -1]);
    trial.setConstraint([-0.5, 0]);
    expect(trial.toFrozen().systemAttrs.constraints).toEqual([-0.5, 0]);
    expect(() => trial.setConstraint([])).toThrow(/constraint values/);
    expect(() => trial.setConstraint([1, Number.NaN])).toThrow(/constraint value \[1\]/);
    expect(() => trial.setConstraint([Number.POSITIVE_INFINITY])).toThrow(InvalidArgumentError);
    expect(() => trial.setConstraint('x' as never)).toThrow(InvalidArgumentError);
    const told = await study.tell(trial, 1);
    expect(told.systemAttrs.constraints).toEqual([-0.5, 0]);
    expect(() => trial.setConstraint([1])).toThrow(UpdateFinishedTrialError);
  });

  it('shouldPrune flushes the reports first, then asks the pruner with the stored history', async () => {
    const inner = new InMemoryStorage();
    const storage = slowStorage(inner);
    const decisions: { own: number[]; stored: number[]; others: number }[] = [];
    const pruner: Pruner = {
      async prune(view, frozen) {
        const stored = await inner.getTrial(frozen.trialId);
        decisions.push({ own: [...frozen.intermediateValues.values()] as number[], stored: [...stored.intermediateValues.values()] as number[], others: view.getTrials({ states: ['complete'] }).length });
        return frozen.intermediateValues.size >= 3;
      },
    };
    const study = await newStudy({ storage, pruner });
    const done = await study.ask();
    await study.tell(done, 1);
    const trial = await study.ask();
    trial.report(0.3, 0);
    expect(await trial.shouldPrune()).toBe(false);
    trial.report(0.2, 1);
    trial.report(0.1, 2);
    expect(await trial.shouldPrune()).toBe(true);
    expect(decisions).toEqual([
      { own: [0.3], stored: [0.3], others: 1 },
      { own: [0.3, 0.2, 0.1], stored: [0.3, 0.2, 0.1], others: 1 },
    ]);
  });

  it('toFrozen is an immutable snapshot of the live trial', async () => {
    const study = await newStudy();
    const trial = await study.ask();
    const x = trial.suggestFloat('x', 0, 1);
    trial.report(2, 4);
    trial.setUserAttr('k', 'v');
    const frozen = trial.toFrozen();
    expect(frozen).toMatchObject({ number: 0, state: 'running', params: { x }, userAttrs: { k: 'v' } });
    expect([...frozen.intermediateValues]).toEqual([[4, 2]]);
    expect(Object.isFrozen(frozen)).toBe(true);
    expect(() => (frozen.intermediateValues as Map<number, number>).set(5, 1)).toThrow(TypeError);
    expect(trial.toFrozen()).toBe(frozen); // cached until the next write
    trial.report(1, 5);
    expect(trial.toFrozen()).not.toBe(frozen);
    expect(trial.datetimeStart).toBeInstanceOf(Date);
  });
});

describe('a trial that was told', () => {
  it('throws UpdateFinishedTrialError on every later use, whether told by object or by number', async () => {
    const study = await newStudy();
    const byObject = await study.ask();
    byObject.suggestFloat('x', 0, 1);
    await study.tell(byObject, 1);
    const byNumber = await study.ask();
    await study.tell(byNumber.number, undefined, { state: 'pruned' });
    for (const [trial, state] of [[byObject, 'complete'], [byNumber, 'pruned']] as const) {
      const uses: readonly (() => unknown)[] = [
        () => trial.suggestFloat('x', 0, 1),
        () => trial.suggestFloat('new', 0, 1),
        () => trial.suggestInt('n', 0, 1),
        () => trial.suggestCategorical('c', ['a']),
        () => trial.report(1, 10),
        () => trial.setUserAttr('k', 1),
      ];
      for (const use of uses) {
        expect(use).toThrow(UpdateFinishedTrialError);
        expect(use).toThrow(`trial ${trial.number} is already finished (state '${state}')`);
      }
      await expect(trial.shouldPrune()).rejects.toBeInstanceOf(UpdateFinishedTrialError);
      await expect(trial.shouldPrune()).rejects.toThrow(/already been told its result/);
    }
    // Nothing of this reached the storage.
    const stored = await study.getTrials();
    expect(stored.map((t) => [t.state, Object.keys(t.params), t.intermediateValues.size, t.userAttrs])).toEqual([
      ['complete', ['x'], 0, {}],
      ['pruned', [], 0, {}],
    ]);
  });

  it('a failed write fails the trial with the reason and is rethrown by tell', async () => {
    const inner = new InMemoryStorage();
    const broken = new Proxy(inner, {
      get(target, property, receiver) {
        if (property === 'setTrialUserAttr') return async () => Promise.reject(new Error('connection reset'));
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const study = await newStudy({ storage: broken });
    const trial: Trial = await study.ask();
    trial.setUserAttr('k', 1);
    await expect(study.tell(trial, 1)).rejects.toThrow('connection reset');
    const stored = await inner.getTrial(trial.trialId);
    expect(stored.state).toBe('fail');
    expect(stored.systemAttrs.fail_reason).toBe("Writing the trial's data to the storage failed: Error: connection reset");
  });
});
