import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { InvalidDistributionError } from '../errors/invalid-distribution-error.js';
import { TrialPruned } from '../errors/trial-pruned.js';
import type { ParamValue } from '../protocol/distribution.js';
import type { Pruner } from '../protocol/pruner.js';
import { InMemoryStorage } from '../storages/in-memory-storage.js';
import { createStudy, loadStudy } from '../study/create-study.js';
import type { Study } from '../study/study.js';
import { describeSamplerConformance } from '../testing/describe-sampler-conformance.js';
import type { Trial } from '../trial/trial.js';
import { BruteForceSampler } from './brute-force-sampler.js';

describeSamplerConformance('BruteForceSampler', (seed) => new BruteForceSampler({ seed }), { continuousFloats: false });

const neverPrune: Pruner = { prune: () => false };
const quiet = { progress: false, logger: false } as const;

/** Optuna's documentation example: 5 float points + 6 (a, b) pairs with b >= a = 11 combinations. */
function conditional(trial: Trial): number {
  const c = trial.suggestCategorical('c', ['float', 'int']);
  if (c === 'float') return trial.suggestFloat('x', 1, 3, { step: 0.5 });
  const a = trial.suggestInt('a', 1, 3);
  const b = trial.suggestInt('b', a, 3);
  return a + b;
}

const CONDITIONAL_COMBOS = [
  '{"c":"float","x":1}',
  '{"c":"float","x":1.5}',
  '{"c":"float","x":2}',
  '{"c":"float","x":2.5}',
  '{"c":"float","x":3}',
  '{"a":1,"b":1,"c":"int"}',
  '{"a":1,"b":2,"c":"int"}',
  '{"a":1,"b":3,"c":"int"}',
  '{"a":2,"b":2,"c":"int"}',
  '{"a":2,"b":3,"c":"int"}',
  '{"a":3,"b":3,"c":"int"}',
].sort();

const key = (params: Readonly<Record<string, ParamValue>>) => JSON.stringify(Object.fromEntries(Object.entries(params).sort(([a], [b]) => a.localeCompare(b))));

async function combosOf(study: Study): Promise<string[]> {
  return (await study.getTrials()).map((trial) => key(trial.params)).sort();
}

describe('BruteForceSampler', () => {
  it('rejects bad options', () => {
    expect(() => new BruteForceSampler({ seed: Number.NaN })).toThrow(InvalidArgumentError);
    expect(() => new BruteForceSampler({ avoidPrematureStop: 'yes' as never })).toThrow(/avoidPrematureStop/);
  });

  it('enumerates a conditional space exactly once, then stops the study', async () => {
    const study = await createStudy({ sampler: new BruteForceSampler({ seed: 1 }), pruner: neverPrune });
    const result = await study.optimize(conditional, quiet);
    expect(result.stoppedBy).toBe('stop');
    expect(await combosOf(study)).toEqual(CONDITIONAL_COMBOS);
  });

  // Like Optuna's, the sampler stops the study once every combination is taken; an ask already in
  // flight when that happens may re-run one (at most one per other slot), never skip one.
  it('enumerates every combination with concurrency 4 in one process', async () => {
    for (const seed of [2, 3, 4]) {
      const study = await createStudy({ sampler: new BruteForceSampler({ seed }), pruner: neverPrune });
      const result = await study.optimize(
        async (trial) => {
          const value = conditional(trial);
          await new Promise((resolve) => setTimeout(resolve, 1 + (trial.number % 3)));
          return value;
        },
        { concurrency: 4, nTrials: 100, ...quiet },
      );
      expect(result.stoppedBy).toBe('stop');
      const combos = await combosOf(study);
      expect([...new Set(combos)].sort()).toEqual(CONDITIONAL_COMBOS);
      expect(combos.length).toBeLessThanOrEqual(CONDITIONAL_COMBOS.length + 3);
    }
  });

  it('covers the space when trials suggest their parameters between awaits, with concurrency', async () => {
    const study = await createStudy({ sampler: new BruteForceSampler({ seed: 5, avoidPrematureStop: true }), pruner: neverPrune });
    await study.optimize(
      async (trial) => {
        const x = trial.suggestInt('x', 0, 2);
        await new Promise((resolve) => setTimeout(resolve, 1 + (trial.number % 2)));
        return x + trial.suggestInt('y', 0, 3);
      },
      { concurrency: 3, nTrials: 60, ...quiet },
    );
    const combos = new Set(await combosOf(study));
    expect(combos.size).toBe(12);
  });

  it('counts failed and pruned trials as tried', async () => {
    const study = await createStudy({ sampler: new BruteForceSampler({ seed: 6 }), pruner: neverPrune });
    const result = await study.optimize(
      (trial) => {
        const x = trial.suggestInt('x', 0, 5);
        if (x === 1) throw new RangeError('x = 1 is broken');
        if (x === 2) {
          trial.report(Number.NaN, 0);
          throw new TrialPruned();
        }
        return x;
      },
      { catch: [RangeError], ...quiet },
    );
    expect(result.stoppedBy).toBe('stop');
    const trials = await study.getTrials();
    expect(trials.map((trial) => trial.params.x).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(trials.find((trial) => trial.params.x === 1)?.state).toBe('fail');
    expect(trials.find((trial) => trial.params.x === 2)?.state).toBe('pruned');
  });

  it('gives stepped floats their decimal values', async () => {
    const study = await createStudy({ sampler: new BruteForceSampler({ seed: 7 }), pruner: neverPrune });
    await study.optimize((trial) => trial.suggestFloat('x', 0.1, 0.7, { step: 0.1 }), quiet);
    const values = (await study.getTrials()).map((trial) => trial.params.x as number).sort((a, b) => a - b);
    expect(values).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
  });

  it('enumerates int steps, log ints and categorical JSON choices', async () => {
    const study = await createStudy({ sampler: new BruteForceSampler({ seed: 8 }), pruner: neverPrune });
    await study.optimize((trial) => {
      const units = trial.suggestInt('units', 16, 64, { step: 16 });
      const depth = trial.suggestInt('depth', 1, 3, { log: true });
      const options = trial.suggestCategorical('options', [null, { balanced: true }]);
      return units + depth + (options === null ? 0 : 1);
    }, quiet);
    const combos = await combosOf(study);
    expect(combos).toHaveLength(4 * 3 * 2);
    expect(new Set(combos).size).toBe(24);
  });

  it('throws a clear error for a continuous float', async () => {
    const study = await createStudy({ sampler: new BruteForceSampler({ seed: 9 }), pruner: neverPrune });
    const caught = await study.optimize((trial) => trial.suggestFloat('learningRate', 1e-5, 1e-1, { log: true }), quiet).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(caught).toBeInstanceOf(InvalidDistributionError);
    expect((caught as InvalidDistributionError).paramName).toBe('learningRate');
    expect((caught as Error).message).toMatch(/step/);
  });

  it('accepts a float with a single value', async () => {
    const study = await createStudy({ sampler: new BruteForceSampler({ seed: 10 }), pruner: neverPrune });
    const result = await study.optimize((trial) => trial.suggestFloat('x', 2.5, 2.5), quiet);
    expect(result.trials.map((trial) => trial.params.x)).toEqual([2.5]);
  });

  it('follows a seeded order', async () => {
    const order = async (seed: number) => {
      const study = await createStudy({ sampler: new BruteForceSampler({ seed }), pruner: neverPrune });
      await study.optimize(conditional, quiet);
      return (await study.getTrials()).map((trial) => key(trial.params));
    };
    const first = await order(11);
    expect(await order(11)).toEqual(first);
    expect(await order(12)).not.toEqual(first);
  });

  it('continues the enumeration of another worker on the same storage', async () => {
    const storage = new InMemoryStorage();
    const first = await createStudy({ studyName: 'bf', storage, sampler: new BruteForceSampler({ seed: 13 }), pruner: neverPrune });
    await first.optimize(conditional, { nTrials: 4, ...quiet });
    const second = await loadStudy({ studyName: 'bf', storage, sampler: new BruteForceSampler({ seed: 14 }), pruner: neverPrune });
    const result = await second.optimize(conditional, quiet);
    expect(result.trials).toHaveLength(7);
    expect(await combosOf(second)).toEqual(CONDITIONAL_COMBOS);
  });

  it('counts enqueued trials as tried', async () => {
    const study = await createStudy({ sampler: new BruteForceSampler({ seed: 15 }), pruner: neverPrune });
    await study.enqueueTrial({ x: 2 });
    await study.optimize((trial) => trial.suggestInt('x', 0, 3), quiet);
    expect((await study.getTrials()).map((trial) => trial.params.x)).toEqual([2, ...[0, 1, 3].map(() => expect.any(Number))]);
    expect((await study.getTrials()).map((trial) => trial.params.x).sort()).toEqual([0, 1, 2, 3]);
  });

  it('does not crash when a range changed between trials of one study', async () => {
    const study = await createStudy({ sampler: new BruteForceSampler({ seed: 16 }), pruner: neverPrune });
    await study.optimize((trial) => trial.suggestInt('x', 0, 5), { nTrials: 3, ...quiet });
    const result = await study.optimize((trial) => trial.suggestInt('x', 0, 2), { nTrials: 20, ...quiet });
    // The new range is enumerated on its own: three points, then the study stops.
    expect(result.stoppedBy).toBe('stop');
    expect(result.trials.map((trial) => trial.params.x).sort()).toEqual([0, 1, 2]);
  });

  it('re-runs a combination and stops when the space is already exhausted', async () => {
    const study = await createStudy({ sampler: new BruteForceSampler({ seed: 17 }), pruner: neverPrune });
    await study.optimize((trial) => (trial.suggestCategorical('x', ['a', 'b']) === 'a' ? 0 : 1), quiet);
    const again = await study.optimize((trial) => (trial.suggestCategorical('x', ['a', 'b']) === 'a' ? 0 : 1), { nTrials: 10, ...quiet });
    expect(again.stoppedBy).toBe('stop');
    expect(again.trials).toHaveLength(1);
  });

  it('handles int ranges far too large to list', async () => {
    const study = await createStudy({ sampler: new BruteForceSampler({ seed: 18 }), pruner: neverPrune });
    const started = performance.now();
    await study.optimize((trial) => trial.suggestInt('x', 0, 1e12) + trial.suggestInt('y', -1e9, 1e9, { step: 7 }), { nTrials: 40, ...quiet });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(new Set(await combosOf(study)).size).toBe(40);
  });

  it('samples multi-objective studies', async () => {
    const study = await createStudy({ sampler: new BruteForceSampler({ seed: 19 }), pruner: neverPrune, directions: ['minimize', 'maximize'] });
    const result = await study.optimize((trial) => {
      const x = trial.suggestInt('x', 0, 3);
      return [x, -x];
    }, quiet);
    expect(result.stoppedBy).toBe('stop');
    expect(result.trials).toHaveLength(4);
  });
});
