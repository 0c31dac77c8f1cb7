import { afterEach, describe, expect, it, vi } from 'vitest';
import { categoricalDistribution, containsExternal, floatDistribution, intDistribution } from '../../distributions/index.js';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import type { Distribution, ParamValue } from '../../protocol/distribution.js';
import type { Sampler } from '../../protocol/sampler.js';
import type { StudyDirection } from '../../protocol/trial-state.js';
import { createStudy } from '../../study/create-study.js';
import { describeSamplerConformance } from '../../testing/describe-sampler-conformance.js';
import { createTestStudyView, createTestTrial, type TestTrialInput } from '../../testing/test-doubles.js';
import { SeededRandom } from '../../utils/seeded-random.js';
import type { Pruner } from '../../protocol/pruner.js';
import { HyperbandPruner, hyperbandBracketOf } from '../../pruners/hyperband-pruner.js';
import { RandomSampler } from '../random-sampler.js';
import { hypervolume } from './hypervolume.js';
import { TPESampler } from './tpe-sampler.js';

describeSamplerConformance('TPESampler', (seed) => new TPESampler({ seed }));
describeSamplerConformance('TPESampler (independent, no constant liar)', (seed) => new TPESampler({ seed, multivariate: false, constantLiar: false }));
describeSamplerConformance('TPESampler (multivariate, intersection space)', (seed) => new TPESampler({ seed, group: false, nStartupTrials: 5 }));

const quiet = { progress: false, logger: false } as const;
const median = (values: readonly number[]) => {
  const sorted = values.slice().sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return sorted.length % 2 === 1 ? (sorted[Math.floor(middle)] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

/** The best value of a seeded study of `nTrials` on a shifted 2-D quadratic. */
async function bestOnQuadratic(sampler: Sampler, nTrials: number): Promise<number> {
  const study = await createStudy({ sampler });
  await study.optimize((trial) => (trial.suggestFloat('x', -5, 5) - 1.3) ** 2 + (trial.suggestFloat('y', -5, 5) + 0.7) ** 2, { nTrials, ...quiet });
  return study.bestValue;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('TPESampler: optimisation', () => {
  it('beats random search on a 2-D quadratic in 60 trials (median best over 9 seeds)', async () => {
    const seeds = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    const tpe = await Promise.all(seeds.map((seed) => bestOnQuadratic(new TPESampler({ seed }), 60)));
    const independent = await Promise.all(seeds.map((seed) => bestOnQuadratic(new TPESampler({ seed, multivariate: false }), 60)));
    const random = await Promise.all(seeds.map((seed) => bestOnQuadratic(new RandomSampler({ seed }), 60)));
    // Random search's median best is ~0.1 here; TPE's is an order of magnitude lower.
    expect(median(tpe)).toBeLessThan(median(random) / 4);
    expect(median(independent)).toBeLessThan(median(random) / 4);
  });

  it('optimises mixed spaces: log floats, ints, log ints, steps and categoricals', async () => {
    const run = async (sampler: Sampler) => {
      const study = await createStudy({ sampler });
      await study.optimize(
        (trial) => {
          const lr = trial.suggestFloat('lr', 1e-5, 1, { log: true });
          const units = trial.suggestInt('units', 16, 256, { step: 16 });
          const depth = trial.suggestInt('depth', 1, 64, { log: true });
          const act = trial.suggestCategorical('act', ['relu', 'tanh', 'gelu', 'elu']);
          const dropout = trial.suggestFloat('dropout', 0, 0.5, { step: 0.05 });
          return (Math.log10(lr) + 3) ** 2 + ((units - 128) / 64) ** 2 + Math.log2(depth / 8) ** 2 + (act === 'gelu' ? 0 : 1) + 4 * (dropout - 0.2) ** 2;
        },
        { nTrials: 60, ...quiet },
      );
      return study.bestValue;
    };
    const seeds = [10, 11, 12, 13, 14];
    const tpe = await Promise.all(seeds.map((seed) => run(new TPESampler({ seed }))));
    const random = await Promise.all(seeds.map((seed) => run(new RandomSampler({ seed }))));
    expect(median(tpe)).toBeLessThan(median(random) / 2);
  });

  it('multi-objective: a larger hypervolume than random search (median over 5 seeds)', async () => {
    // A 3-D ZDT1-like problem: f1 = x0, f2 = g · (1 − √(f1 / g)), g = 1 + 9 · mean(x1, x2).
    const run = async (sampler: Sampler) => {
      const study = await createStudy({ sampler, directions: ['minimize', 'minimize'] });
      await study.optimize(
        (trial) => {
          const x = [0, 1, 2].map((i) => trial.suggestFloat(`x${i}`, 0, 1));
          const g = 1 + (9 * ((x[1] as number) + (x[2] as number))) / 2;
          const f1 = x[0] as number;
          return [f1, g * (1 - Math.sqrt(f1 / g))];
        },
        { nTrials: 60, ...quiet },
      );
      return hypervolume(study.bestTrials.map((trial) => trial.values as number[]), [1.1, 11]);
    };
    const seeds = [20, 21, 22, 23, 24];
    const tpe = await Promise.all(seeds.map((seed) => run(new TPESampler({ seed }))));
    const random = await Promise.all(seeds.map((seed) => run(new RandomSampler({ seed }))));
    expect(median(tpe)).toBeGreaterThan(median(random));
  });

  it('constraints: after the random start it samples mostly feasible points and finds the constrained optimum', async () => {
    // Minimise x subject to x >= 3 (constraint 3 − x <= 0); the unconstrained optimum is 0.
    const constraintsFunc = (trial: { params: Readonly<Record<string, ParamValue>> }) => [3 - (trial.params.x as number)];
    const run = async (sampler: TPESampler) => {
      const study = await createStudy({ sampler });
      await study.optimize((trial) => trial.suggestFloat('x', 0, 10), { nTrials: 60, ...quiet });
      return study.getTrials();
    };
    const constrained = await run(new TPESampler({ seed: 5, constraintsFunc }));
    const free = await run(new TPESampler({ seed: 5 }));
    for (const trial of constrained) expect(trial.systemAttrs.constraints).toEqual([3 - (trial.params.x as number)]);
    const feasibleShare = (trials: typeof free) => trials.slice(30).filter((trial) => (trial.params.x as number) >= 3).length / 30;
    expect(feasibleShare(constrained)).toBeGreaterThanOrEqual(0.5);
    expect(feasibleShare(constrained)).toBeGreaterThan(feasibleShare(free) + 0.3);
    const bestFeasible = Math.min(...constrained.filter((trial) => (trial.params.x as number) >= 3).map((trial) => trial.params.x as number));
    expect(bestFeasible).toBeLessThan(3.3);
  });

  it('reads constraints that other code stored on trials (the `constraints` system attribute)', () => {
    // Good values only where x < 5, but those are infeasible: TPE must model the feasible ones.
    const rng = new SeededRandom(3);
    const dist = floatDistribution(0, 10, {});
    const trials: TestTrialInput[] = Array.from({ length: 40 }, () => {
      const x = rng.uniform(0, 10);
      return { value: x, params: { x }, distributions: { x: dist }, systemAttrs: { constraints: [5 - x] } };
    });
    const sample = (withConstraints: boolean) => {
      const view = createTestStudyView({ trials: withConstraints ? trials : trials.map(({ systemAttrs: _ignored, ...rest }) => rest) });
      const sampler = new TPESampler({ seed: 1, warnIndependentSampling: false });
      const current = view.addTrial({ state: 'running' });
      return Array.from({ length: 30 }, () => sampler.sampleIndependent(view, current, 'x', dist) as number);
    };
    expect(median(sample(true))).toBeGreaterThan(5);
    expect(median(sample(false))).toBeLessThan(5);
  });
});

describe('TPESampler: semantics', () => {
  const dist = floatDistribution(-10, 10, {});

  it('samples at random (ignoring the values) for the first nStartupTrials complete or pruned trials', async () => {
    const params = async (objective: (x: number) => number) => {
      const study = await createStudy({ sampler: new TPESampler({ seed: 9, nStartupTrials: 8 }) });
      await study.optimize((trial) => objective(trial.suggestFloat('x', -10, 10)), { nTrials: 14, ...quiet });
      return (await study.getTrials()).map((trial) => trial.params.x);
    };
    const a = await params((x) => x * x);
    const b = await params((x) => -x);
    expect(b.slice(0, 8)).toEqual(a.slice(0, 8));
    expect(b.slice(8)).not.toEqual(a.slice(8));
  });

  it('constant liar: running trials count as bad observations, so new samples avoid them', () => {
    // (x − 2)² on 30 random points; six other workers are busy around x = 2.
    const rng = new SeededRandom(8);
    const history: TestTrialInput[] = [];
    for (let i = 0; i < 30; i++) {
      const x = rng.uniform(-10, 10);
      history.push({ value: (x - 2) ** 2, params: { x }, distributions: { x: dist } });
    }
    for (let i = 0; i < 6; i++) history.push({ state: 'running', params: { x: 2 + (i - 2.5) * 0.1 }, distributions: { x: dist } });
    const distanceFromBusy = (constantLiar: boolean, multivariate: boolean) => {
      const distances: number[] = [];
      for (let seed = 0; seed < 40; seed++) {
        const view = createTestStudyView({ trials: history });
        const current = view.addTrial({ state: 'running' });
        const sampler = new TPESampler({ seed, constantLiar, multivariate, warnIndependentSampling: false });
        distances.push(Math.abs((sampler.sampleIndependent(view, current, 'x', dist) as number) - 2));
      }
      return median(distances);
    };
    for (const multivariate of [true, false]) {
      // Measured: about 1.6–2.0 with the liar, 0.5 without.
      expect(distanceFromBusy(true, multivariate)).toBeGreaterThan(2 * distanceFromBusy(false, multivariate));
    }
  });

  it('constant liar also sees the joint samples of concurrent trials that have not suggested them yet', async () => {
    // Batch ask: ten trials are asked before any suggests, so none has stored params when the
    // next is sampled; without the sampler's memory of its joint samples they would coincide.
    const batchSpread = async (constantLiar: boolean) => {
      const study = await createStudy({ sampler: new TPESampler({ seed: 2, constantLiar }) });
      const objective = (x: number, y: number) => x * x + y * y;
      let spread = 0;
      for (let batch = 0; batch < 5; batch++) {
        const trials = await Promise.all(Array.from({ length: 8 }, () => study.ask()));
        const points = trials.map((trial) => [trial.suggestFloat('x', -10, 10), trial.suggestFloat('y', -10, 10)] as const);
        for (const [i, trial] of trials.entries()) await study.tell(trial, objective(...(points[i] as readonly [number, number])));
        if (batch >= 2) spread += Math.min(...points.slice(1).map(([x, y]) => Math.hypot(x - (points[0] as readonly number[])[0]!, y - (points[0] as readonly number[])[1]!)));
      }
      return spread;
    };
    expect(await batchSpread(true)).toBeGreaterThan(await batchSpread(false));
  });

  it('models multi-objective studies parameter by parameter unless told otherwise (as Optuna 5)', () => {
    const x = floatDistribution(0, 1, {});
    const history: TestTrialInput[] = Array.from({ length: 12 }, (_, i) => ({ values: [i, -i], params: { x: i / 12, y: 1 - i / 12 }, distributions: { x, y: x } }));
    const multi = createTestStudyView({ trials: history, directions: ['minimize', 'maximize'] });
    const single = createTestStudyView({ trials: history.map(({ values, ...rest }) => ({ ...rest, value: (values as number[])[0] as number })) });
    expect(new TPESampler().inferRelativeSearchSpace(multi, multi.addTrial({ state: 'running' }))).toEqual({});
    expect(Object.keys(new TPESampler({ multivariate: true }).inferRelativeSearchSpace(multi, multi.addTrial({ state: 'running' })))).toEqual(['x', 'y']);
    expect(Object.keys(new TPESampler().inferRelativeSearchSpace(single, single.addTrial({ state: 'running' })))).toEqual(['x', 'y']);
  });

  it('is exactly reproducible for a seed', async () => {
    const run = async (seed: number) => {
      const study = await createStudy({ sampler: new TPESampler({ seed }) });
      await study.optimize((trial) => (trial.suggestFloat('a', 0, 1) - 0.3) ** 2 + trial.suggestInt('b', 1, 9) + (trial.suggestCategorical('c', ['p', 'q']) === 'q' ? 1 : 0), { nTrials: 30, ...quiet });
      return (await study.getTrials()).map((trial) => trial.params);
    };
    expect(await run(4)).toEqual(await run(4));
    expect(await run(4)).not.toEqual(await run(5));
  });

  it('groups a conditional space and samples every group jointly, within the asked space only', () => {
    const kernel = categoricalDistribution(['poly', 'rbf']);
    const C = floatDistribution(1e-3, 1e3, { log: true });
    const degree = intDistribution(1, 6, {});
    const gamma = floatDistribution(1e-5, 10, { log: true });
    const rng = new SeededRandom(2);
    const history = Array.from({ length: 20 }, (_, i): TestTrialInput => {
      const branch = i % 2 === 0 ? 'poly' : 'rbf';
      const c = Math.exp(rng.uniform(Math.log(1e-3), Math.log(1e3)));
      return branch === 'poly'
        ? { value: i, params: { kernel: branch, C: c, degree: rng.int(1, 6) }, distributions: { kernel, C, degree } }
        : { value: i, params: { kernel: branch, C: c, gamma: 10 ** rng.uniform(-5, 1) }, distributions: { kernel, C, gamma } };
    });
    const view = createTestStudyView({ trials: history });
    const current = view.addTrial({ state: 'running' });
    const sampler = new TPESampler({ seed: 3 });
    const space = sampler.inferRelativeSearchSpace(view, current);
    expect(Object.keys(space).sort()).toEqual(['C', 'degree', 'gamma', 'kernel']);
    const sample = sampler.sampleRelative(view, current, space);
    expect(Object.keys(sample).sort()).toEqual(['C', 'degree', 'gamma', 'kernel']);
    for (const [name, value] of Object.entries(sample)) expect(containsExternal(space[name] as Distribution, value)).toBe(true);
    // A wrapper may ask for part of the space only.
    expect(Object.keys(sampler.sampleRelative(view, current, { C }))).toEqual(['C']);
    // Without groups, only the parameters every trial has are sampled jointly.
    const flat = new TPESampler({ seed: 3, group: false });
    expect(Object.keys(flat.inferRelativeSearchSpace(view, current)).sort()).toEqual(['C', 'kernel']);
    expect(new TPESampler({ multivariate: false }).inferRelativeSearchSpace(view, current)).toEqual({});
  });

  it('warns once per parameter when multivariate TPE samples it on its own (unless told not to)', () => {
    const history: TestTrialInput[] = Array.from({ length: 12 }, (_, i) => ({ value: i, params: { x: i - 5 }, distributions: { x: dist } }));
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const view = createTestStudyView({ trials: history });
    const current = view.addTrial({ state: 'running' });
    const sampler = new TPESampler({ seed: 1 });
    sampler.sampleIndependent(view, current, 'x', dist);
    sampler.sampleIndependent(view, current, 'x', dist);
    sampler.sampleIndependent(view, current, 'fresh', dist); // never seen before: no warning
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/'x'/);
    new TPESampler({ seed: 1, warnIndependentSampling: false }).sampleIndependent(view, current, 'x', dist);
    new TPESampler({ seed: 1, multivariate: false }).sampleIndependent(view, current, 'x', dist);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('stores constraintsFunc results on complete and pruned trials, and rejects malformed ones', async () => {
    const view = createTestStudyView({ trials: [{ state: 'running' }] });
    const trial = view.getTrials()[0] ?? createTestTrial();
    await new TPESampler({ constraintsFunc: () => [1, -2] }).afterTrial(view, trial, 'complete', [1]);
    await new TPESampler({ constraintsFunc: () => [1] }).afterTrial(view, trial, 'fail', undefined);
    expect(view.systemAttrWrites).toEqual([{ trialId: trial.trialId, key: 'constraints', value: [1, -2] }]);
    await expect(new TPESampler({ constraintsFunc: () => [Number.NaN] }).afterTrial(view, trial, 'pruned', undefined)).rejects.toThrow(InvalidArgumentError);
    await expect(new TPESampler({ constraintsFunc: () => 'no' as never }).afterTrial(view, trial, 'complete', [1])).rejects.toThrow(/constraintsFunc/);
  });

  it('falls back to random sampling, with one warning, if a draw fails inside TPE', () => {
    const mode = categoricalDistribution(['a', 'b', 'c']);
    const history: TestTrialInput[] = Array.from({ length: 12 }, (_, i) => ({ value: i, params: { mode: ['a', 'b', 'c'][i % 3] as string }, distributions: { mode } }));
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const view = createTestStudyView({ trials: history });
    const current = view.addTrial({ state: 'running' });
    const failing = () => {
      throw new TypeError('distance exploded');
    };
    const sampler = new TPESampler({ seed: 1, multivariate: false, categoricalDistanceFunc: { mode: failing } });
    for (let i = 0; i < 3; i++) expect(mode.choices).toContain(sampler.sampleIndependent(view, current, 'mode', mode));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/fell back to random sampling.*distance exploded/);
  });

  it('validates its options, naming the field', () => {
    expect(() => new TPESampler({ seed: Number.NaN })).toThrow(/TPESampler\.seed/);
    // A string 'false' would be truthy: booleans are checked, not coerced.
    expect(() => new TPESampler({ multivariate: 'false' as never })).toThrow(/TPESampler\.multivariate.*a boolean/);
    expect(() => new TPESampler({ constantLiar: 0 as never })).toThrow(/TPESampler\.constantLiar/);
    expect(() => new TPESampler({ nStartupTrials: -1 })).toThrow(/nStartupTrials/);
    expect(() => new TPESampler({ nEiCandidates: 0 })).toThrow(/nEiCandidates/);
    expect(() => new TPESampler({ nEiCandidates: 2.5 })).toThrow(InvalidArgumentError);
    expect(() => new TPESampler({ priorWeight: 0 })).toThrow(/priorWeight/);
    expect(() => new TPESampler({ multivariate: false, group: true })).toThrow(/group/);
    expect(() => new TPESampler({ gamma: 3 as never })).toThrow(/gamma/);
    expect(new TPESampler({ multivariate: false }).name).toBe('TPESampler');
  });

  it('rejects a gamma or weights function that returns nonsense, naming it', () => {
    const history: TestTrialInput[] = Array.from({ length: 12 }, (_, i) => ({ value: i, params: { x: i - 5 }, distributions: { x: dist } }));
    const view = createTestStudyView({ trials: history });
    const current = view.addTrial({ state: 'running' });
    expect(() => new TPESampler({ gamma: () => Number.NaN, multivariate: false }).sampleIndependent(view, current, 'x', dist)).toThrow(/gamma/);
    expect(() => new TPESampler({ weights: (n) => new Array(n).fill(-1), multivariate: false }).sampleIndependent(view, current, 'x', dist)).toThrow(/weights/);
  });
});

describe('TPESampler: never throws because of the history', () => {
  const x = floatDistribution(0, 1, {});
  const level = intDistribution(1, 8, {});
  const mode = categoricalDistribution(['a', 'b', { deep: [1] }]);
  const cases: [string, TestTrialInput[], readonly StudyDirection[]][] = [
    ['no trials at all', [], ['minimize']],
    ['only failed trials', Array.from({ length: 15 }, () => ({ state: 'fail' as const, params: { x: 0.5 }, distributions: { x } })), ['minimize']],
    [
      'pruned trials with NaN or no intermediate values',
      Array.from({ length: 15 }, (_, i) => ({ state: 'pruned' as const, params: { x: i / 15, level: 1 + (i % 8) }, distributions: { x, level }, intermediateValues: i % 2 ? [Number.NaN] : [] })),
      ['minimize'],
    ],
    [
      'values outside today’s distributions, unknown choices, changed types',
      Array.from({ length: 15 }, (_, i) => ({
        value: i,
        params: { x: 5 + i, level: i % 2 ? 'eight' : 100, mode: i % 3 ? 'z' : 'a' },
        distributions: { x: floatDistribution(0, 100, {}), level: i % 2 ? categoricalDistribution(['eight']) : intDistribution(0, 200, {}), mode: categoricalDistribution(['a', 'z']) },
      })),
      ['minimize'],
    ],
    [
      'identical and huge values, running trials with partial params',
      [
        ...Array.from({ length: 15 }, () => ({ value: 1e300, params: { x: 0.25, level: 3, mode: { deep: [1] } }, distributions: { x, level, mode } })),
        { state: 'running' as const, params: { x: 0.5 }, distributions: { x } },
      ],
      ['minimize'],
    ],
    [
      'multi-objective with pruned, infeasible and duplicate trials',
      [
        ...Array.from({ length: 14 }, (_, i) => ({ values: [i % 3, -(i % 3)], params: { x: i / 14, mode: 'b' }, distributions: { x, mode }, systemAttrs: { constraints: [i % 2 ? 1 : -1] } })),
        { state: 'pruned' as const, params: { x: 0.1, mode: 'a' }, distributions: { x, mode }, intermediateValues: [[1, 2]] as never },
      ],
      ['minimize', 'maximize'],
    ],
    ['every trial infeasible', Array.from({ length: 15 }, (_, i) => ({ value: i, params: { x: i / 15 }, distributions: { x }, systemAttrs: { constraints: [1, Number.NaN] } })), ['maximize']],
  ];
  for (const [title, trials, directions] of cases) {
    for (const options of [{}, { multivariate: false }, { group: false }]) {
      it(`${title} (${JSON.stringify(options)})`, () => {
        const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
        const view = createTestStudyView({ trials, directions });
        const current = view.addTrial({ state: 'running' });
        const sampler = new TPESampler({ seed: 1, nStartupTrials: 3, warnIndependentSampling: false, ...options });
        const space = sampler.inferRelativeSearchSpace(view, current);
        const relative = sampler.sampleRelative(view, current, space);
        for (const [name, value] of Object.entries(relative)) expect(containsExternal(space[name] as Distribution, value)).toBe(true);
        for (const [name, dist] of Object.entries({ x, level, mode, single: intDistribution(4, 4, {}) })) {
          expect(containsExternal(dist, sampler.sampleIndependent(view, current, name, dist)), name).toBe(true);
        }
        // TPE handled the history itself: no fallback to random after an internal error.
        expect(warn).not.toHaveBeenCalled();
      });
    }
  }
});

describe('TPESampler: the pruner chooses which trials are modelled (Hyperband brackets)', () => {
  const x = floatDistribution(0, 1, {}, 'x');
  async function firstSample(pruner: Pruner, withHistory: boolean): Promise<number> {
    const study = await createStudy({ sampler: new TPESampler({ seed: 7, nStartupTrials: 5 }), pruner });
    if (withHistory) for (let i = 0; i < 20; i++) await study.addTrial({ state: 'complete', params: { x: i / 19 }, distributions: { x }, values: [Math.abs(i / 19 - 0.9)] });
    const trial = await study.ask();
    return trial.suggestFloat('x', 0, 1);
  }
  const never: Pruner = { prune: () => false };

  it('models only the trials of samplerView: an empty view means startup sampling, as on an empty study', async () => {
    const seen: number[] = [];
    const hidesHistory: Pruner = {
      prune: () => false,
      samplerView(study, trial) {
        seen.push(trial.number);
        return { ...study, getTrials: (options) => study.getTrials(options).filter((other) => other.number === trial.number) };
      },
    };
    const hidden = await firstSample(hidesHistory, true);
    expect(hidden).toBe(await firstSample(never, false));
    // With the whole history visible, TPE samples next to the best trials, around 0.9.
    expect(Math.abs((await firstSample(never, true)) - 0.9)).toBeLessThan(0.15);
    expect(seen).toEqual([20]);
  });

  it('asks samplerView once per trial and sees one Hyperband bracket', async () => {
    const pruner = new HyperbandPruner({ minResource: 1, maxResource: 27, reductionFactor: 3 });
    const calls: { number: number; visible: number[] }[] = [];
    const original = pruner.samplerView.bind(pruner);
    vi.spyOn(pruner, 'samplerView').mockImplementation((study, trial) => {
      const view = original(study, trial);
      calls.push({ number: trial.number, visible: view.getTrials().map((other) => other.number) });
      return view;
    });
    const study = await createStudy({ studyName: 'brackets', sampler: new TPESampler({ seed: 3, nStartupTrials: 2 }), pruner });
    await study.optimize(
      (trial) => {
        const value = trial.suggestFloat('a', 0, 1) + trial.suggestFloat('b', 0, 1);
        for (let step = 0; step < 27; step++) trial.report(value, step);
        return value;
      },
      { nTrials: 30, ...quiet },
    );
    expect(calls.length).toBeGreaterThan(0);
    expect(new Set(calls.map((call) => call.number)).size).toBe(calls.length);
    const bracketOf = (number: number) => hyperbandBracketOf('brackets', number, pruner);
    for (const call of calls) for (const number of call.visible) expect(bracketOf(number)).toBe(bracketOf(call.number));
    expect(calls.some((call) => call.visible.length < call.number)).toBe(true);
  });
});
