import { afterEach, describe, expect, it, vi } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { InvalidDistributionError } from '../errors/invalid-distribution-error.js';
import type { Distribution } from '../protocol/distribution.js';
import type { JsonValue } from '../protocol/json-value.js';
import type { Pruner } from '../protocol/pruner.js';
import { InMemoryStorage } from '../storages/in-memory-storage.js';
import { createStudy, loadStudy } from '../study/create-study.js';
import type { Study } from '../study/study.js';
import { describeSamplerConformance, samplerConformanceSpace } from '../testing/describe-sampler-conformance.js';
import type { Trial } from '../trial/trial.js';
import { GridSampler } from './grid-sampler.js';

/** Grid values inside each distribution: both ends of numeric ones, every choice of categoricals. */
function gridFor(space: Readonly<Record<string, Distribution>>): Record<string, JsonValue[]> {
  const grid: Record<string, JsonValue[]> = {};
  for (const [name, dist] of Object.entries(space)) grid[name] = dist.type === 'categorical' ? [...dist.choices] : [dist.low, dist.high];
  return grid;
}

describeSamplerConformance('GridSampler', (seed) => new GridSampler(gridFor(samplerConformanceSpace()), { seed }));

const neverPrune: Pruner = { prune: () => false };
const quiet = { progress: false, logger: false } as const;

function objective(trial: Trial): number {
  const x = trial.suggestFloat('x', -10, 10);
  const y = trial.suggestInt('y', 0, 5);
  const act = trial.suggestCategorical('act', ['relu', 'tanh', null]);
  return x * x + y + (act === null ? 1 : 0);
}

const grid = { x: [-5, 0, 5, 7.5], y: [0, 5], act: ['relu', 'tanh', null] };
const GRID_SIZE = 24;

const combo = (params: Readonly<Record<string, JsonValue>>) => JSON.stringify([params.x, params.y, params.act]);
const allCombos = () => {
  const combos: string[] = [];
  for (const x of grid.x) for (const y of grid.y) for (const act of grid.act) combos.push(JSON.stringify([x, y, act]));
  return combos.sort();
};

async function combosOf(study: Study): Promise<string[]> {
  return (await study.getTrials()).map((trial) => combo(trial.params)).sort();
}

describe('GridSampler', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  describe('validation', () => {
    it('rejects a search space that is not a non-empty object', () => {
      expect(() => new GridSampler({})).toThrow(InvalidArgumentError);
      expect(() => new GridSampler(null as never)).toThrow(/searchSpace/);
      expect(() => new GridSampler([[1]] as never)).toThrow(InvalidArgumentError);
    });

    it('names the parameter whose values are not a non-empty list of distinct JSON values', () => {
      const cases: [Record<string, unknown>, RegExp][] = [
        [{ x: [1], lr: [] }, /'lr'.*empty/],
        [{ lr: 0.1 }, /'lr'.*array/],
        [{ lr: [0.1, Number.NaN] }, /'lr'.*NaN/],
        [{ lr: [0.1, Number.POSITIVE_INFINITY] }, /'lr'.*Infinity/],
        [{ lr: [() => 1] }, /'lr'.*not a JSON value/],
        [{ lr: [undefined] }, /'lr'.*not a JSON value/],
        [{ lr: [{ a: new Date(0) }] }, /'lr'.*not a JSON value/],
        [{ lr: [1, 2, 1] }, /'lr'.*appears twice/],
        [{ lr: [{ a: 1, b: 2 }, { b: 2, a: 1 }] }, /'lr'.*appears twice/],
      ];
      for (const [space, message] of cases) {
        let caught: unknown;
        try {
          new GridSampler(space as never);
        } catch (error) {
          caught = error;
        }
        expect(caught, JSON.stringify(space)).toBeInstanceOf(InvalidDistributionError);
        expect((caught as InvalidDistributionError).paramName).toBe('lr');
        expect((caught as Error).message).toMatch(message);
      }
    });

    it('rejects a seed that is not a finite number', () => {
      expect(() => new GridSampler(grid, { seed: Number.NaN })).toThrow(/seed/);
    });

    it('copies and freezes the grid', () => {
      const values = [1, 2];
      const sampler = new GridSampler({ b: values, a: ['x'] });
      values.push(3);
      expect(sampler.searchSpace).toEqual({ a: ['x'], b: [1, 2] });
      expect(Object.keys(sampler.searchSpace)).toEqual(['a', 'b']);
      expect(Object.isFrozen(sampler.searchSpace.b)).toBe(true);
      expect(sampler.gridSize).toBe(2);
    });
  });

  it('decodes every grid id to a distinct combination', () => {
    const sampler = new GridSampler(grid);
    const points = Array.from({ length: GRID_SIZE }, (_, id) => combo(sampler.gridPoint(id)));
    expect(points.sort()).toEqual(allCombos());
    expect(() => sampler.gridPoint(GRID_SIZE)).toThrow(InvalidArgumentError);
    expect(() => sampler.gridPoint(-1)).toThrow(InvalidArgumentError);
  });

  it('runs every combination exactly once, then stops the study', async () => {
    const study = await createStudy({ sampler: new GridSampler(grid, { seed: 1 }), pruner: neverPrune });
    const result = await study.optimize(objective, quiet);
    expect(result.stoppedBy).toBe('stop');
    expect(result.trials).toHaveLength(GRID_SIZE);
    expect(await combosOf(study)).toEqual(allCombos());
    const trials = await study.getTrials();
    expect(trials.map((trial) => trial.systemAttrs.grid_id).sort((a, b) => (a as number) - (b as number))).toEqual(Array.from({ length: GRID_SIZE }, (_, id) => id));
    for (const trial of trials) expect(trial.systemAttrs.search_space).toEqual({ act: grid.act, x: grid.x, y: grid.y });
  });

  it('stops when the last grid point is handed out, even with an nTrials budget left', async () => {
    const study = await createStudy({ sampler: new GridSampler({ x: [1, 2, 3] }, { seed: 2 }), pruner: neverPrune });
    const result = await study.optimize((trial) => trial.suggestInt('x', 0, 5), { nTrials: 50, ...quiet });
    expect(result.stoppedBy).toBe('stop');
    expect(result.trials).toHaveLength(3);
  });

  it('hands out each point once with concurrency 4 in one process', async () => {
    const study = await createStudy({ sampler: new GridSampler(grid, { seed: 3 }), pruner: neverPrune });
    const result = await study.optimize(
      async (trial) => {
        await new Promise((resolve) => setTimeout(resolve, trial.number % 3));
        return objective(trial);
      },
      { concurrency: 4, ...quiet },
    );
    expect(result.stoppedBy).toBe('stop');
    expect(await combosOf(study)).toEqual(allCombos());
  });

  it('never hands one point to two trials asked at the same time in one process', async () => {
    // Concurrent asks read the study before the previous trial's grid_id reaches the storage.
    // A worker whose trial ends may start its next ask before the last point is handed out (and
    // the study stopped): that ask finds the grid exhausted and re-evaluates a point, with a
    // warning. Duplicates must come only from such asks.
    const exhausted = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    for (const seed of [20, 21, 22, 23, 24]) {
      exhausted.mockClear();
      const study = await createStudy({ sampler: new GridSampler({ x: [1, 2, 3, 4] }, { seed }), pruner: neverPrune });
      const result = await study.optimize((trial) => trial.suggestInt('x', 0, 5), { concurrency: 4, nTrials: 20, ...quiet });
      expect(result.stoppedBy).toBe('stop');
      const reEvaluations = exhausted.mock.calls.filter((call) => (call[1] as { code?: string } | undefined)?.code === 'TUNEKIT_GRID_EXHAUSTED').length;
      expect(result.trials).toHaveLength(4 + reEvaluations);
      expect(reEvaluations).toBeLessThan(4);
      expect(new Set(result.trials.map((trial) => trial.params.x))).toEqual(new Set([1, 2, 3, 4]));
    }
  });

  it('shares the grid between workers of one storage', async () => {
    const storage = new InMemoryStorage();
    const first = await createStudy({ studyName: 'grid', storage, sampler: new GridSampler(grid, { seed: 4 }), pruner: neverPrune });
    await first.optimize(objective, { nTrials: 10, ...quiet });
    // Another worker with its own sampler instance (another seed) picks up the points left.
    const second = await loadStudy({ studyName: 'grid', storage, sampler: new GridSampler(grid, { seed: 5 }), pruner: neverPrune });
    const result = await second.optimize(objective, quiet);
    expect(result.stoppedBy).toBe('stop');
    expect(result.trials).toHaveLength(GRID_SIZE - 10);
    expect(await combosOf(second)).toEqual(allCombos());
  });

  it('covers the grid with workers running at the same time, with at most a few re-runs', async () => {
    const storage = new InMemoryStorage();
    const workers = await Promise.all(
      [6, 7, 8].map(async (seed, index) => {
        const options = { studyName: 'grid-race', storage, sampler: new GridSampler(grid, { seed }), pruner: neverPrune };
        return index === 0 ? createStudy(options) : loadStudy(options);
      }),
    );
    vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const results = await Promise.all(
      workers.map((study) =>
        study.optimize(
          async (trial) => {
            await new Promise((resolve) => setTimeout(resolve, 1 + (trial.number % 2)));
            return objective(trial);
          },
          { concurrency: 2, ...quiet },
        ),
      ),
    );
    for (const result of results) expect(result.stoppedBy).toBe('stop');
    const combos = await combosOf(workers[0] as Study);
    expect([...new Set(combos)].sort()).toEqual(allCombos());
    // Only a worker that found the grid exhausted re-runs a point (one per slot at most).
    expect(combos.length).toBeLessThanOrEqual(GRID_SIZE + 6);
  });

  it('re-runs one point and stops when the grid is already exhausted', async () => {
    const study = await createStudy({ sampler: new GridSampler({ x: [1, 2] }, { seed: 9 }), pruner: neverPrune });
    await study.optimize((trial) => trial.suggestInt('x', 0, 5), quiet);
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const again = await study.optimize((trial) => trial.suggestInt('x', 0, 5), { nTrials: 10, ...quiet });
    expect(again.stoppedBy).toBe('stop');
    expect(again.trials).toHaveLength(1);
    expect([1, 2]).toContain(again.trials[0]?.params.x);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/exhausted/);
  });

  it('visits the grid in a seeded order', async () => {
    const order = async (seed: number) => {
      const study = await createStudy({ sampler: new GridSampler(grid, { seed }), pruner: neverPrune });
      await study.optimize(objective, quiet);
      return (await study.getTrials()).map((trial) => combo(trial.params));
    };
    const first = await order(10);
    expect(await order(10)).toEqual(first);
    expect(await order(11)).not.toEqual(first);
    // Random, not the enumeration order.
    expect(first).not.toEqual(Array.from({ length: GRID_SIZE }, (_, id) => combo(new GridSampler(grid).gridPoint(id))));
  });

  it('throws a clear error for a parameter that is not in the grid', async () => {
    const study = await createStudy({ sampler: new GridSampler({ x: [1, 2] }, { seed: 12 }), pruner: neverPrune });
    let caught: unknown;
    await study
      .optimize((trial) => trial.suggestInt('x', 0, 5) + trial.suggestFloat('learningRate', 0, 1), quiet)
      .catch((error: unknown) => {
        caught = error;
      });
    expect(caught).toBeInstanceOf(InvalidDistributionError);
    expect((caught as InvalidDistributionError).paramName).toBe('learningRate');
    expect((caught as Error).message).toMatch(/no parameter 'learningRate'.*grid parameters: x/);
    const [trial] = await study.getTrials();
    expect(trial?.state).toBe('fail');
  });

  it('throws a clear error for a grid value outside the suggested distribution', async () => {
    for (const [values, suggest] of [
      [[1, 20], (trial: Trial) => trial.suggestInt('x', 0, 5)],
      [[1, 2.5], (trial: Trial) => trial.suggestInt('x', 0, 5)],
      [[0.5, 0.25], (trial: Trial) => trial.suggestFloat('x', 0, 1, { step: 0.5 })],
      [['relu', 'elu'], (trial: Trial) => trial.suggestCategorical('x', ['relu', 'tanh'])],
    ] as const) {
      const study = await createStudy({ sampler: new GridSampler({ x: values as unknown as JsonValue[] }, { seed: 13 }), pruner: neverPrune });
      const caught = await study.optimize((trial) => (suggest(trial), 0), { nTrials: 2, ...quiet }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(caught, JSON.stringify(values)).toBeInstanceOf(InvalidDistributionError);
      expect((caught as InvalidDistributionError).paramName).toBe('x');
      expect((caught as Error).message).toMatch(/grid value .* lies outside/);
    }
  });

  it('supports conditional parameters and JSON values', async () => {
    const space = { kind: ['linear', 'tree'], depth: [2, 4], options: [null, { balanced: true }] };
    const study = await createStudy({ sampler: new GridSampler(space, { seed: 14 }), pruner: neverPrune });
    await study.optimize((trial) => {
      const kind = trial.suggestCategorical('kind', ['linear', 'tree']);
      if (kind === 'linear') return 0;
      const options = trial.suggestCategorical('options', [null, { balanced: true }, { balanced: false }]);
      return trial.suggestInt('depth', 1, 8) + (options === null ? 0 : 1);
    }, quiet);
    const trials = await study.getTrials();
    // Grid points, not distinct params: 'linear' points differ only in params that were never suggested.
    expect(trials).toHaveLength(8);
    expect(trials.filter((trial) => trial.params.kind === 'tree').map((trial) => JSON.stringify([trial.params.depth, trial.params.options])).sort()).toEqual(
      ['[2,null]', '[2,{"balanced":true}]', '[4,null]', '[4,{"balanced":true}]'],
    );
  });

  it('leaves enqueued trials to their fixed params, and says so when one is missing', async () => {
    const study = await createStudy({ sampler: new GridSampler({ x: [1, 2], y: [3] }, { seed: 15 }), pruner: neverPrune });
    await study.enqueueTrial({ x: 2, y: 3 });
    const trial = await study.ask();
    expect(trial.suggestInt('x', 0, 5)).toBe(2);
    expect(trial.systemAttrs.grid_id).toBeUndefined();
    await study.tell(trial, 0);
    await study.enqueueTrial({ x: 1 });
    const partial = await study.ask();
    expect(partial.suggestInt('x', 0, 5)).toBe(1);
    expect(() => partial.suggestInt('y', 0, 5)).toThrow(/enqueued.*'y'/);
  });

  it('ignores trials of another grid in the same study', async () => {
    const storage = new InMemoryStorage();
    const first = await createStudy({ studyName: 's', storage, sampler: new GridSampler({ x: [1, 2, 3] }, { seed: 16 }), pruner: neverPrune });
    await first.optimize((trial) => trial.suggestInt('x', 0, 5), quiet);
    const second = await loadStudy({ studyName: 's', storage, sampler: new GridSampler({ x: [3, 4] }, { seed: 17 }), pruner: neverPrune });
    const result = await second.optimize((trial) => trial.suggestInt('x', 0, 5), quiet);
    expect(result.trials.map((trial) => trial.params.x).sort()).toEqual([3, 4]);
  });

  it('handles a grid far too large to list', async () => {
    const space = Object.fromEntries(Array.from({ length: 12 }, (_, index) => [`p${index}`, Array.from({ length: 10 }, (_, value) => value)]));
    const sampler = new GridSampler(space, { seed: 18 });
    expect(sampler.gridSize).toBe(1e12);
    const study = await createStudy({ sampler, pruner: neverPrune });
    const started = performance.now();
    await study.optimize((trial) => Object.keys(space).reduce((sum, name) => sum + trial.suggestInt(name, 0, 9), 0), { nTrials: 30, ...quiet });
    expect(performance.now() - started).toBeLessThan(2000);
    const ids = (await study.getTrials()).map((trial) => trial.systemAttrs.grid_id);
    expect(new Set(ids).size).toBe(30);
  });

  it('is exhausted once every point is taken', async () => {
    const sampler = new GridSampler({ x: [1, 2] }, { seed: 19 });
    const study = await createStudy({ sampler, pruner: neverPrune });
    const view = { studyId: study.studyId, studyName: study.studyName, directions: study.directions, systemAttrs: {}, getTrials: () => study.trials, setTrialSystemAttr: async () => undefined, stop: () => undefined };
    expect(sampler.isExhausted(view)).toBe(false);
    await study.optimize((trial) => trial.suggestInt('x', 0, 5), quiet);
    expect(sampler.isExhausted(view)).toBe(true);
  });
});
