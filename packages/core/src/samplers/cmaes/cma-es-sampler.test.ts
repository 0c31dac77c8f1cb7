import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { categoricalDistribution, containsExternal, floatDistribution, intDistribution } from '../../distributions/index.js';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { TrialPruned } from '../../errors/trial-pruned.js';
import type { Distribution, ParamValue } from '../../protocol/distribution.js';
import type { FrozenTrial } from '../../protocol/frozen-trial.js';
import type { Pruner } from '../../protocol/pruner.js';
import type { Sampler } from '../../protocol/sampler.js';
import { InMemoryStorage } from '../../storages/in-memory-storage.js';
import { createStudy, loadStudy } from '../../study/create-study.js';
import { describeSamplerConformance } from '../../testing/describe-sampler-conformance.js';
import { createTestStudyView, createTestTrial } from '../../testing/test-doubles.js';
import type { Trial } from '../../trial/trial.js';
import { RandomSampler } from '../random-sampler.js';
import { CMA_ES_ATTRS, CmaEsSampler } from './cma-es-sampler.js';

describeSamplerConformance('CmaEsSampler', (seed) => new CmaEsSampler({ seed, warnIndependentSampling: false }), { multiObjective: 'throws' });
describeSamplerConformance('CmaEsSampler (separable, IPOP)', (seed) => new CmaEsSampler({ seed, warnIndependentSampling: false, separable: true, restartStrategy: 'ipop' }), { multiObjective: 'throws' });
describeSamplerConformance('CmaEsSampler (no margin, BIPOP, pruned trials)', (seed) => new CmaEsSampler({ seed, warnIndependentSampling: false, withMargin: false, restartStrategy: 'bipop', considerPrunedTrials: true, popsize: 4 }), {
  multiObjective: 'throws',
});

const quiet = { progress: false, logger: false } as const;
const neverPrune: Pruner = { prune: () => false };
const median = (values: readonly number[]) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

afterEach(() => {
  vi.restoreAllMocks();
});

const space = {
  x: floatDistribution(-5, 5, {}, 'x'),
  y: floatDistribution(-5, 5, {}, 'y'),
  z: floatDistribution(1e-3, 10, { log: true }, 'z'),
};
const quadratic = (trial: Trial) => {
  const x = trial.suggestFloat('x', -5, 5);
  const y = trial.suggestFloat('y', -5, 5);
  const z = trial.suggestFloat('z', 1e-3, 10, { log: true });
  return (x - 1.3) ** 2 + (y + 0.7) ** 2 + Math.log10(z / 0.5) ** 2;
};

async function best(sampler: Sampler, nTrials: number, objective: (trial: Trial) => number = quadratic): Promise<number> {
  const study = await createStudy({ sampler, pruner: neverPrune });
  await study.optimize(objective, { nTrials, ...quiet });
  return study.bestValue as number;
}

describe('CmaEsSampler: optimisation', () => {
  it('beats random search on a shifted quadratic with a log parameter (median over 7 seeds, 150 trials)', async () => {
    const cma: number[] = [];
    const random: number[] = [];
    for (let seed = 0; seed < 7; seed++) {
      cma.push(await best(new CmaEsSampler({ seed }), 150));
      random.push(await best(new RandomSampler({ seed }), 150));
    }
    expect(median(cma)).toBeLessThan(median(random) / 10);
    expect(median(cma)).toBeLessThan(0.01);
  });

  it('maximises when the study does', async () => {
    const study = await createStudy({ sampler: new CmaEsSampler({ seed: 3 }), pruner: neverPrune, direction: 'maximize' });
    await study.optimize((trial) => -quadratic(trial), { nTrials: 150, ...quiet });
    expect(study.bestValue as number).toBeGreaterThan(-0.01);
  });

  it('optimises integer and stepped parameters, every sample on the grid (margin keeps them moving)', async () => {
    const dists = { a: intDistribution(-20, 20, {}, 'a'), b: intDistribution(1, 1000, { log: true }, 'b'), c: floatDistribution(0, 1, { step: 0.05 }, 'c'), d: intDistribution(0, 40, { step: 4 }, 'd') };
    const objective = (trial: Trial) => {
      const a = trial.suggestInt('a', -20, 20);
      const b = trial.suggestInt('b', 1, 1000, { log: true });
      const c = trial.suggestFloat('c', 0, 1, { step: 0.05 });
      const d = trial.suggestInt('d', 0, 40, { step: 4 });
      return (a - 7) ** 2 + Math.log(b / 37) ** 2 + (c - 0.35) ** 2 + (d - 12) ** 2;
    };
    const results: number[] = [];
    for (let seed = 0; seed < 5; seed++) {
      const study = await createStudy({ sampler: new CmaEsSampler({ seed }), pruner: neverPrune });
      await study.optimize(objective, { nTrials: 200, ...quiet });
      for (const trial of await study.getTrials()) {
        for (const [name, value] of Object.entries(trial.params)) expect(containsExternal(dists[name as keyof typeof dists], value), `${name}=${String(value)}`).toBe(true);
      }
      results.push(study.bestValue as number);
    }
    // The optimum is a = 7, b = 37, c = 0.35, d = 12 (value 0).
    expect(median(results)).toBeLessThan(0.02);
  });
});

it('CmaEsSampler: withMargin keeps integer parameters moving where plain CMA-ES freezes', async () => {
  // Floats start at their optimum with a tiny sigma0, so σ only shrinks; the integers start at 2 and
  // their optimum is 7: without a margin every sample rounds to 2.
  const objective = (trial: Trial) => {
    const u = trial.suggestFloat('u', -1, 1);
    const v = trial.suggestFloat('v', -1, 1);
    const a = trial.suggestInt('a', 0, 20);
    const b = trial.suggestInt('b', 0, 20);
    return 100 * (u * u + v * v) + (a - 7) ** 2 + (b - 7) ** 2;
  };
  const run = async (seed: number, withMargin: boolean) => {
    const study = await createStudy({ sampler: new CmaEsSampler({ seed, withMargin, x0: { u: 0, v: 0, a: 2, b: 2 }, sigma0: 0.004 }), pruner: neverPrune });
    await study.enqueueTrial({ u: 0, v: 0, a: 2, b: 2 });
    await study.optimize(objective, { nTrials: 300, ...quiet });
    return study.bestValue as number;
  };
  const plain: number[] = [];
  const margin: number[] = [];
  for (let seed = 0; seed < 6; seed++) {
    plain.push(await run(seed, false));
    margin.push(await run(seed, true));
  }
  // Plain CMA-ES mostly never leaves a = b = 2 (value 50); with the margin both integers come
  // within one step of 7 (value < 2) on every seed.
  expect(plain.filter((value) => value >= 50).length).toBeGreaterThanOrEqual(4);
  for (const value of margin) expect(value).toBeLessThan(2);
});

describe('CmaEsSampler: generations and replay', () => {
  it('tags trials with their generation and tells a generation once popsize trials completed', async () => {
    const study = await createStudy({ sampler: new CmaEsSampler({ seed: 1, popsize: 5 }), pruner: neverPrune });
    await study.optimize(quadratic, { nTrials: 31, ...quiet });
    const trials = await study.getTrials();
    expect(trials[0]?.systemAttrs[CMA_ES_ATTRS.generation]).toBeUndefined(); // the startup trial
    const generations = trials.slice(1).map((trial) => trial.systemAttrs[CMA_ES_ATTRS.generation]);
    expect(generations).toEqual(Array.from({ length: 30 }, (_, i) => Math.floor(i / 5)));
    const told = trials.flatMap((trial) => (trial.systemAttrs[CMA_ES_ATTRS.told] as { generation: number; trials: number[] }[] | undefined) ?? []);
    expect(told.map((record) => record.generation)).toEqual([0, 1, 2, 3, 4]);
    expect(told[0]?.trials).toEqual([1, 2, 3, 4, 5]);
  });

  it('does not count failed trials: their generation gets more samples', async () => {
    const study = await createStudy({ sampler: new CmaEsSampler({ seed: 2, popsize: 4 }), pruner: neverPrune });
    await study.optimize(
      (trial) => {
        const value = quadratic(trial);
        if (trial.number === 2 || trial.number === 3) throw new RangeError('flaky');
        return value;
      },
      { nTrials: 12, catch: [RangeError], ...quiet },
    );
    const trials = await study.getTrials();
    const generationOf = (number: number) => trials[number]?.systemAttrs[CMA_ES_ATTRS.generation];
    // Trials 1..6 are generation 0 (two of them failed), 7..10 generation 1.
    expect([1, 2, 3, 4, 5, 6].map(generationOf)).toEqual([0, 0, 0, 0, 0, 0]);
    expect([7, 8, 9, 10].map(generationOf)).toEqual([1, 1, 1, 1]);
    expect(generationOf(11)).toBe(2);
  });

  it('counts pruned trials (by their last report) only with considerPrunedTrials', async () => {
    for (const considerPrunedTrials of [false, true]) {
      const study = await createStudy({ sampler: new CmaEsSampler({ seed: 4, popsize: 4, considerPrunedTrials }), pruner: neverPrune });
      await study.optimize(
        (trial) => {
          const value = quadratic(trial);
          if (trial.number % 2 === 0) return value;
          trial.report(value, 0);
          throw new TrialPruned();
        },
        { nTrials: 13, ...quiet },
      );
      const trials = await study.getTrials();
      const lastGeneration = trials[12]?.systemAttrs[CMA_ES_ATTRS.generation];
      expect(lastGeneration).toBe(considerPrunedTrials ? 2 : 1);
    }
  });

  it('a second sampler instance (another worker or process) replays the history to the same next sample', async () => {
    const storage = new InMemoryStorage();
    const first = await createStudy({ storage, studyName: 'replay', sampler: new CmaEsSampler({ seed: 9, popsize: 4 }), pruner: neverPrune });
    await first.optimize(quadratic, { nTrials: 27, ...quiet });
    const history = await first.getTrials();
    // Same trials, same next trial: the warm sampler (incremental cache) and a cold one (full replay).
    const view = createTestStudyView({ trials: [...history, createTestTrial({ number: history.length, trialId: 1000, state: 'running' })] });
    const warmSampler = new CmaEsSampler({ seed: 9, popsize: 4 });
    const sampleWith = async (sampler: Sampler): Promise<Record<string, ParamValue>> => {
      const trial = view.getTrials().at(-1) as FrozenTrial;
      await sampler.beforeTrial?.(view, trial);
      const relativeSpace = sampler.inferRelativeSearchSpace(view, trial);
      return sampler.sampleRelative(view, trial, relativeSpace);
    };
    const cold = await sampleWith(new CmaEsSampler({ seed: 9, popsize: 4 }));
    // The warm sampler first replays a prefix of the history, then the rest incrementally.
    const prefix = createTestStudyView({ trials: [...history.slice(0, 14), createTestTrial({ number: 14, trialId: 999, state: 'running' })] });
    const prefixTrial = prefix.getTrials().at(-1) as FrozenTrial;
    await warmSampler.beforeTrial(prefix, prefixTrial);
    warmSampler.sampleRelative(prefix, prefixTrial, warmSampler.inferRelativeSearchSpace(prefix, prefixTrial));
    const warm = await sampleWith(warmSampler);
    expect(Object.keys(cold).sort()).toEqual(['x', 'y', 'z']);
    expect(warm).toEqual(cold);
    // A study loaded by another process continues the same optimizer.
    const second = await loadStudy({ storage, studyName: 'replay', sampler: new CmaEsSampler({ seed: 9, popsize: 4 }), pruner: neverPrune });
    const trial = await second.ask();
    expect(trial.number).toBe(27);
    expect(trial.suggestFloat('x', -5, 5)).toBe(cold.x);
    expect(trial.suggestFloat('z', 1e-3, 10, { log: true })).toBe(cold.z);
  });

  it('one sampler serving several studies keeps their optimizers apart (even with equal ids and names)', async () => {
    const shared = new CmaEsSampler({ seed: 3, popsize: 4 });
    const run = async (sampler: CmaEsSampler, nTrials: number) => {
      const study = await createStudy({ storage: new InMemoryStorage(), studyName: 'same', sampler, pruner: neverPrune });
      // The startup trial is fixed: the independent sampler's stream is not what is compared here.
      await study.enqueueTrial({ x: 0, y: 0, z: 1 });
      await study.optimize(quadratic, { nTrials, ...quiet });
      return (await study.getTrials()).map((trial) => trial.params);
    };
    await run(shared, 30);
    // A fresh storage reuses study id 1 and name 'same': the cached state must not leak into it.
    expect(await run(shared, 20)).toEqual(await run(new CmaEsSampler({ seed: 3, popsize: 4 }), 20));
  });

  it('samples and records its bookkeeping even when beforeTrial is not called (a wrapper that does not forward it)', async () => {
    const study = await createStudy({ sampler: new CmaEsSampler({ seed: 9, popsize: 4 }), pruner: neverPrune });
    await study.optimize(quadratic, { nTrials: 9, ...quiet });
    const view = createTestStudyView({ trials: [...(await study.getTrials()), createTestTrial({ number: 9, trialId: 1000, state: 'running' })] });
    const sampler = new CmaEsSampler({ seed: 9, popsize: 4 });
    const trial = view.getTrials().at(-1) as FrozenTrial;
    const relative = sampler.sampleRelative(view, trial, sampler.inferRelativeSearchSpace(view, trial));
    expect(Object.keys(relative).sort()).toEqual(['x', 'y', 'z']);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(view.getTrials().at(-1)?.systemAttrs[CMA_ES_ATTRS.generation]).toBe(2);
  });

  it('two workers sharing a storage build one consistent optimizer', async () => {
    const storage = new InMemoryStorage();
    const a = await createStudy({ storage, studyName: 'workers', sampler: new CmaEsSampler({ seed: 1 }), pruner: neverPrune });
    const b = await loadStudy({ storage, studyName: 'workers', sampler: new CmaEsSampler({ seed: 2 }), pruner: neverPrune });
    await Promise.all([a.optimize(quadratic, { nTrials: 40, concurrency: 2, ...quiet }), b.optimize(quadratic, { nTrials: 40, concurrency: 2, ...quiet })]);
    const trials = await a.getTrials();
    expect(trials).toHaveLength(80);
    // Every generation was told once, with trials of that generation.
    const told = new Map<number, number[]>();
    for (const trial of trials) for (const record of (trial.systemAttrs[CMA_ES_ATTRS.told] as { generation: number; trials: number[] }[] | undefined) ?? []) if (!told.has(record.generation)) told.set(record.generation, record.trials);
    expect(told.size).toBeGreaterThan(5);
    for (const [generation, numbers] of told) for (const number of numbers) expect(trials[number]?.systemAttrs[CMA_ES_ATTRS.generation]).toBe(generation);
    // And it made progress: the last told generation is better than the first.
    const medianOf = (numbers: readonly number[]) => median(numbers.map((number) => trials[number]?.values?.[0] as number));
    const generations = [...told.keys()].sort((x, y) => x - y);
    expect(medianOf(told.get(generations.at(-1) as number) as number[])).toBeLessThan(medianOf(told.get(0) as number[]));
  });
});

describe('CmaEsSampler: restarts', () => {
  it('IPOP restarts on stagnation with an incPopsize-times larger population', async () => {
    const study = await createStudy({ sampler: new CmaEsSampler({ seed: 5, restartStrategy: 'ipop', popsize: 4, incPopsize: 3 }), pruner: neverPrune });
    // A flat objective: TolFun stops each run after its history window (10 + ceil(30 n / λ) generations).
    await study.optimize((trial) => Math.round(trial.suggestFloat('x', 0, 1)) * 0 + trial.suggestInt('k', 0, 3) * 0, { nTrials: 200, ...quiet });
    const trials = await study.getTrials();
    const perRestart = new Map<number, Map<number, number>>();
    for (const trial of trials) {
      const restart = trial.systemAttrs[CMA_ES_ATTRS.restart];
      const generation = trial.systemAttrs[CMA_ES_ATTRS.generation];
      if (typeof restart !== 'number' || typeof generation !== 'number') continue;
      const generations = perRestart.get(restart) ?? new Map<number, number>();
      generations.set(generation, (generations.get(generation) ?? 0) + 1);
      perRestart.set(restart, generations);
    }
    expect(perRestart.size).toBeGreaterThanOrEqual(2);
    expect(perRestart.get(0)?.get(0)).toBe(4);
    expect(perRestart.get(1)?.get(0)).toBe(12);
    // The first run stopped after 10 + ceil(30 * 2 / 4) + 1 = 26 generations.
    expect(perRestart.get(0)?.size).toBe(26);
  });

  it('without a restart strategy, keeps one run', async () => {
    const study = await createStudy({ sampler: new CmaEsSampler({ seed: 5, popsize: 4 }), pruner: neverPrune });
    await study.optimize((trial) => trial.suggestFloat('x', 0, 1) * 0 + trial.suggestFloat('y', 0, 1) * 0, { nTrials: 150, ...quiet });
    for (const trial of await study.getTrials()) expect(trial.systemAttrs[CMA_ES_ATTRS.restart] ?? 0).toBe(0);
  });

  it('BIPOP alternates large and small populations', async () => {
    const study = await createStudy({ sampler: new CmaEsSampler({ seed: 6, restartStrategy: 'bipop', popsize: 4 }), pruner: neverPrune });
    await study.optimize((trial) => trial.suggestFloat('x', 0, 1) * 0 + trial.suggestFloat('y', 0, 1) * 0, { nTrials: 400, ...quiet });
    const firstGenerationSize = new Map<number, number>();
    for (const trial of await study.getTrials()) {
      if (trial.systemAttrs[CMA_ES_ATTRS.generation] !== 0) continue;
      const restart = trial.systemAttrs[CMA_ES_ATTRS.restart] as number;
      firstGenerationSize.set(restart, (firstGenerationSize.get(restart) ?? 0) + 1);
    }
    expect(firstGenerationSize.size).toBeGreaterThanOrEqual(3);
    expect(firstGenerationSize.get(0)).toBe(4);
    // The small-population regime runs first (λ = 4 while no large restart happened), until it has
    // used as many evaluations as the first run; then a large run with 2 λ, then small ones again.
    const sizes = [...firstGenerationSize.entries()].sort(([r1], [r2]) => r1 - r2).map(([, size]) => size);
    expect(sizes[1]).toBe(4);
    const large = sizes.indexOf(8);
    expect(large).toBeGreaterThan(1);
    expect(sizes.slice(large + 1).some((size) => size < 8)).toBe(true);
  });
});

describe('CmaEsSampler: fallbacks and options', () => {
  it('samples categorical parameters independently, warning once per parameter', async () => {
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const study = await createStudy({ sampler: new CmaEsSampler({ seed: 1 }), pruner: neverPrune });
    await study.optimize((trial) => quadratic(trial) + (trial.suggestCategorical('act', ['relu', 'tanh'] as const) === 'relu' ? 0 : 1), { nTrials: 20, ...quiet });
    const messages = warning.mock.calls.map((call) => String(call[0]));
    expect(messages.filter((message) => message.includes("'act'"))).toHaveLength(1);
    expect(messages.filter((message) => message.includes("'x'"))).toHaveLength(0);
  });

  it('leaves single-parameter spaces to the independent sampler', async () => {
    const independent = new RandomSampler({ seed: 0 });
    const spy = vi.spyOn(independent, 'sampleIndependent');
    const study = await createStudy({ sampler: new CmaEsSampler({ seed: 1, independentSampler: independent, warnIndependentSampling: false }), pruner: neverPrune });
    await study.optimize((trial) => trial.suggestFloat('x', -1, 1) ** 2, { nTrials: 10, ...quiet });
    expect(spy).toHaveBeenCalledTimes(10);
    for (const trial of await study.getTrials()) expect(trial.systemAttrs[CMA_ES_ATTRS.generation]).toBeUndefined();
  });

  it('starts from x0 with sigma0 in the normalised space', async () => {
    const study = await createStudy({ sampler: new CmaEsSampler({ seed: 1, x0: { x: 4, y: -4, z: 0.01 }, sigma0: 1e-4, nStartupTrials: 0 }), pruner: neverPrune });
    await study.optimize(quadratic, { nTrials: 5, ...quiet });
    for (const trial of await study.getTrials()) {
      if (trial.systemAttrs[CMA_ES_ATTRS.generation] === undefined) continue;
      expect(trial.params.x as number).toBeCloseTo(4, 2);
      expect(trial.params.y as number).toBeCloseTo(-4, 2);
      expect(Math.log10(trial.params.z as number)).toBeCloseTo(-2, 2);
    }
  });

  it('rejects bad options, naming the field', () => {
    expect(() => new CmaEsSampler({ sigma0: 0 })).toThrow(InvalidArgumentError);
    expect(() => new CmaEsSampler({ popsize: 1 })).toThrow(/popsize/);
    expect(() => new CmaEsSampler({ nStartupTrials: -1 })).toThrow(/nStartupTrials/);
    expect(() => new CmaEsSampler({ restartStrategy: 'lol' as 'ipop' })).toThrow(/restartStrategy/);
    expect(() => new CmaEsSampler({ seed: Number.NaN })).toThrow(/seed/);
    expect(() => new CmaEsSampler({ separable: 'yes' as never })).toThrow(/CmaEsSampler\.separable.*a boolean/);
    expect(() => new CmaEsSampler({ independentSampler: {} as never })).toThrow(/CmaEsSampler\.independentSampler.*a Sampler/);
  });

  it('rejects an x0 outside the range when CMA-ES starts', async () => {
    const study = await createStudy({ sampler: new CmaEsSampler({ seed: 1, x0: { x: 40 } }), pruner: neverPrune });
    await study.optimize(quadratic, { nTrials: 1, ...quiet });
    await expect(study.ask()).rejects.toThrow(/x0\.x/);
  });

  it('does not throw on odd histories (NaN values, foreign or malformed attrs, changed distributions)', async () => {
    const dists = { x: space.x, y: space.y } as Record<string, Distribution>;
    const view = createTestStudyView({
      trials: [
        { params: { x: 0, y: 0 }, distributions: dists, value: 1, systemAttrs: { [CMA_ES_ATTRS.generation]: 0, [CMA_ES_ATTRS.restart]: 0, [CMA_ES_ATTRS.x]: [0.5] } },
        { params: { x: 1, y: 0 }, distributions: dists, value: 2, systemAttrs: { [CMA_ES_ATTRS.generation]: 'zero', [CMA_ES_ATTRS.told]: [{ restart: 0 }, 7, null] } },
        { params: { x: 1, y: 2 }, distributions: dists, state: 'pruned', intermediateValues: [Number.NaN] },
        { params: { x: 1, y: 2 }, distributions: { x: space.x, y: floatDistribution(-9, 9, {}, 'y') }, value: 3 },
        { state: 'running' },
      ],
    });
    const sampler = new CmaEsSampler({ seed: 0, considerPrunedTrials: true });
    const trial = view.getTrials().at(-1) as FrozenTrial;
    await sampler.beforeTrial(view, trial);
    const relative = sampler.sampleRelative(view, trial, sampler.inferRelativeSearchSpace(view, trial));
    // y's distribution differs across trials: only x is common, so CMA-ES does not apply (dim < 2).
    expect(relative).toEqual({});
  });

  it('models the numeric parameters common to the finished trials (pruned ones only with considerPrunedTrials)', () => {
    const full = { x: space.x, y: space.y, z: space.z, c: categoricalDistribution(['a', 'b'], 'c') } as Record<string, Distribution>;
    const view = createTestStudyView({
      trials: [
        { params: { x: 0, y: 0, z: 1, c: 'a' }, distributions: full, value: 1 },
        { params: { x: 1 }, distributions: { x: space.x }, state: 'pruned', intermediateValues: [2] },
        { params: { x: 1, y: 1, z: 2, c: 'b' }, distributions: full, value: 3 },
        { state: 'running' },
      ],
    });
    const trial = view.getTrials().at(-1) as FrozenTrial;
    const spaceOf = (sampler: CmaEsSampler) => Object.keys(sampler.inferRelativeSearchSpace(view, trial));
    // Categorical c is left to the independent sampler; the pruned trial (without y, z) is ignored.
    expect(spaceOf(new CmaEsSampler({ seed: 0, warnIndependentSampling: false }))).toEqual(['x', 'y', 'z']);
    // Counted, the pruned trial leaves only x: fewer than two parameters, so CMA-ES does not apply.
    expect(spaceOf(new CmaEsSampler({ seed: 0, considerPrunedTrials: true, warnIndependentSampling: false }))).toEqual([]);
  });
});

describe('CmaEsSampler: property', () => {
  const numericDistribution: fc.Arbitrary<Distribution> = fc.oneof(
    fc.record({ low: fc.integer({ min: -50, max: 50 }), cells: fc.integer({ min: 1, max: 300 }), step: fc.integer({ min: 1, max: 7 }) }).map(({ low, cells, step }) => intDistribution(low, low + cells * step, { step })),
    fc.record({ low: fc.integer({ min: 1, max: 50 }), span: fc.integer({ min: 1, max: 5000 }) }).map(({ low, span }) => intDistribution(low, low + span, { log: true })),
    fc.record({ low: fc.double({ min: -1e6, max: 1e6, noNaN: true }), width: fc.double({ min: 1e-6, max: 1e6, noNaN: true }) }).map(({ low, width }) => floatDistribution(low, low + width)),
    fc.record({ low: fc.double({ min: 1e-8, max: 10, noNaN: true }), factor: fc.double({ min: 1.01, max: 1e8, noNaN: true }) }).map(({ low, factor }) => floatDistribution(low, low * factor, { log: true })),
    fc.record({ low: fc.integer({ min: -100, max: 100 }), steps: fc.integer({ min: 1, max: 200 }), step: fc.constantFrom(0.1, 0.25, 0.5, 3) }).map(({ low, steps, step }) => floatDistribution(low, low + steps * step, { step })),
  );

  it('every sample lies in its distribution, with and without margin', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(numericDistribution, { minLength: 2, maxLength: 5 }), fc.integer({ min: 0, max: 1000 }), fc.boolean(), async (dists, seed, withMargin) => {
        const study = await createStudy({ sampler: new CmaEsSampler({ seed, popsize: 3, withMargin }), pruner: neverPrune });
        await study.optimize(
          (trial) => dists.reduce((sum, dist, i) => sum + Math.sin((i + 1) * (trial.suggest(`p${i}`, dist) as number) + seed), 0),
          { nTrials: 20, ...quiet },
        );
        const trials = await study.getTrials();
        expect(trials.some((trial) => trial.systemAttrs[CMA_ES_ATTRS.generation] !== undefined)).toBe(true);
        for (const trial of trials) {
          expect(trial.state).toBe('complete');
          dists.forEach((dist, i) => expect(containsExternal(dist, trial.params[`p${i}`] as ParamValue), `p${i} = ${String(trial.params[`p${i}`])} in ${JSON.stringify(dist)}`).toBe(true));
        }
      }),
      { numRuns: 40 },
    );
  });
});
