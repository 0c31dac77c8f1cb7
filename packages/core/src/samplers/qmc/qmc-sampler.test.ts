import { afterEach, describe, expect, it, vi } from 'vitest';
import { categoricalDistribution, floatDistribution, intDistribution } from '../../distributions/index.js';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import type { Distribution, ParamValue } from '../../protocol/distribution.js';
import type { FrozenTrial } from '../../protocol/frozen-trial.js';
import type { Pruner } from '../../protocol/pruner.js';
import type { Sampler } from '../../protocol/sampler.js';
import { InMemoryStorage } from '../../storages/in-memory-storage.js';
import { createStudy, loadStudy } from '../../study/create-study.js';
import { describeSamplerConformance } from '../../testing/describe-sampler-conformance.js';
import { createTestStudyView, type TestTrialInput } from '../../testing/test-doubles.js';
import { SeededRandom } from '../../utils/seeded-random.js';
import { HaltonSequence } from './halton-sequence.js';
import { QMCSampler } from './qmc-sampler.js';
import { SobolSequence } from './sobol-sequence.js';

describeSamplerConformance('QMCSampler', (seed) => new QMCSampler({ seed, warnIndependentSampling: false }));
describeSamplerConformance('QMCSampler (scrambled Sobol)', (seed) => new QMCSampler({ seed, scramble: true, warnIndependentSampling: false }));
describeSamplerConformance('QMCSampler (scrambled Halton)', (seed) => new QMCSampler({ seed, qmcType: 'halton', scramble: true, warnIndependentSampling: false }));

const neverPrune: Pruner = { prune: () => false };
const quiet = { progress: false, logger: false } as const;
const unit = floatDistribution(0, 1);

/** A finished trial whose params are the given floats on [0, 1]. */
const unitTrial = (params: Record<string, number>, extra: Partial<TestTrialInput> = {}): TestTrialInput => ({
  value: 0,
  params,
  distributions: Object.fromEntries(Object.keys(params).map((name) => [name, unit as Distribution])),
  ...extra,
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('QMCSampler', () => {
  it('samples the first trial independently, then gives trial n the Sobol point n - 1 (as Optuna and SciPy)', async () => {
    const study = await createStudy({ sampler: new QMCSampler({ seed: 1 }), pruner: neverPrune });
    await study.optimize((trial) => trial.suggestFloat('y', 0, 1) + trial.suggestFloat('x', 0, 1), { nTrials: 33, ...quiet });
    const trials = await study.getTrials();
    const sobol = new SobolSequence(2);
    for (const trial of trials.slice(1)) {
      // Names are sorted: x takes coordinate 0, y coordinate 1.
      const point = sobol.point(trial.number - 1);
      expect([trial.params.x, trial.params.y], `trial ${trial.number}`).toEqual([point[0], point[1]]);
    }
    expect([trials[1]?.params.x, trials[1]?.params.y]).toEqual([0, 0]);
  });

  it('stratifies ints, stepped floats and log floats: every grid value once per 2^m trials', async () => {
    const study = await createStudy({ sampler: new QMCSampler({ seed: 2, scramble: true }), pruner: neverPrune });
    await study.optimize(
      (trial) => trial.suggestInt('depth', 1, 8) + trial.suggestFloat('dropout', 0, 0.75, { step: 0.25 }) + Math.log10(trial.suggestFloat('lr', 1e-4, 1, { log: true })),
      { nTrials: 17, ...quiet },
    );
    const qmcTrials = (await study.getTrials()).slice(1); // trials 1..16: points 0..15
    expect(qmcTrials.map((trial) => trial.params.depth).sort()).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8]);
    expect(qmcTrials.map((trial) => trial.params.dropout).sort()).toEqual([0, 0, 0, 0, 0.25, 0.25, 0.25, 0.25, 0.5, 0.5, 0.5, 0.5, 0.75, 0.75, 0.75, 0.75]);
    // lr spans 4 decades: one value per quarter decade over 16 trials.
    const quarters = qmcTrials.map((trial) => Math.floor((Math.log10(trial.params.lr as number) + 4) * 4)).sort((a, b) => a - b);
    expect(quarters).toEqual(Array.from({ length: 16 }, (_, i) => i));
  });

  it('maps Halton points when asked to', async () => {
    const study = await createStudy({ sampler: new QMCSampler({ qmcType: 'halton' }), pruner: neverPrune });
    await study.optimize((trial) => trial.suggestFloat('a', 0, 1) + trial.suggestFloat('b', 0, 1), { nTrials: 10, ...quiet });
    const halton = new HaltonSequence(2);
    for (const trial of (await study.getTrials()).slice(1)) {
      const point = halton.point(trial.number - 1);
      expect([trial.params.a, trial.params.b]).toEqual([point[0], point[1]]);
    }
  });

  it('fixes the search space from the first finished trial: numeric params only, names sorted', () => {
    const view = createTestStudyView({
      trials: [
        { state: 'fail', params: { z: 0.5 }, distributions: { z: unit } },
        {
          value: 1,
          params: { b: 0.5, a: 3, act: 'relu', fixed: 2 },
          distributions: { b: unit, a: intDistribution(0, 9), act: categoricalDistribution(['relu', 'tanh']), fixed: floatDistribution(2, 2) },
        },
        unitTrial({ b: 0.1, late: 0.2 }),
      ],
    });
    const sampler = new QMCSampler({ seed: 3 });
    const current = view.addTrial({ state: 'running' });
    const space = sampler.inferRelativeSearchSpace(view);
    expect(Object.keys(space)).toEqual(['a', 'b']);
    expect(space.a).toEqual(intDistribution(0, 9));
    const sample = sampler.sampleRelative(view, current, space);
    expect(Object.keys(sample).sort()).toEqual(['a', 'b']);
    // A later view with more trials does not change the space.
    view.addTrial(unitTrial({ c: 0.3 }));
    expect(sampler.inferRelativeSearchSpace(view)).toBe(space);
    expect(new QMCSampler().inferRelativeSearchSpace(createTestStudyView({ trials: [{ state: 'running' }] }))).toEqual({});
  });

  it('gives the same point to the same trial number in another process with the same seed, whatever it saw before', () => {
    const space = { a: unit, b: floatDistribution(-5, 5), c: intDistribution(0, 100) } as const;
    const history = (n: number) => Array.from({ length: n }, (_, i) => ({ value: i, params: { a: 0.5, b: 0, c: 1 }, distributions: space }));
    for (const qmcType of ['sobol', 'halton'] as const) {
      const samples = (seed: number, seen: number, number: number) => {
        const view = createTestStudyView({ trials: history(seen) });
        const trial = view.addTrial({ number, state: 'running' });
        const sampler = new QMCSampler({ seed, qmcType, scramble: true });
        return sampler.sampleRelative(view, trial, sampler.inferRelativeSearchSpace(view));
      };
      const first = samples(42, 3, 37);
      expect(samples(42, 30, 37)).toEqual(first);
      expect(samples(43, 3, 37)).not.toEqual(first);
      expect(samples(42, 3, 38)).not.toEqual(first);
    }
  });

  it('serves two workers of one study from one sequence: each trial gets the point of its number', async () => {
    const storage = new InMemoryStorage();
    const options = { studyName: 'qmc-shared', storage, pruner: neverPrune };
    const first = await createStudy({ ...options, sampler: new QMCSampler({ seed: 5, scramble: true }) });
    const second = await loadStudy({ ...options, sampler: new QMCSampler({ seed: 5, scramble: true }) });
    const objective = (trial: { suggestFloat: (name: string, low: number, high: number) => number }) => trial.suggestFloat('x', 0, 1) + trial.suggestFloat('y', 0, 1);
    await first.optimize(objective, { nTrials: 1, ...quiet });
    for (let round = 0; round < 8; round++) {
      const [a, b] = [await first.ask(), await second.ask()];
      await second.tell(b, objective(b));
      await first.tell(a, objective(a));
    }
    const reference = new SobolSequence(2, { scramble: true, rng: new SeededRandom(5) });
    const trials = await first.getTrials();
    expect(trials).toHaveLength(17);
    const firstCoordinates: number[] = [];
    for (const trial of trials.slice(1)) {
      const point = reference.point(trial.number - 1);
      expect([trial.params.x, trial.params.y]).toEqual([point[0], point[1]]);
      firstCoordinates.push(Math.floor((trial.params.x as number) * 16));
    }
    expect(firstCoordinates.sort((p, q) => p - q)).toEqual(Array.from({ length: 16 }, (_, i) => i));
  });

  it('leaves categorical and new params to the independent sampler, warning once per param', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const calls: string[] = [];
    const independent: Sampler = {
      inferRelativeSearchSpace: () => ({}),
      sampleRelative: () => ({}),
      sampleIndependent: (_study, _trial, name, dist) => {
        calls.push(name);
        return dist.type === 'categorical' ? (dist.choices[1] as ParamValue) : dist.low;
      },
    };
    const study = await createStudy({ sampler: new QMCSampler({ seed: 6, independentSampler: independent }), pruner: neverPrune });
    await study.optimize(
      (trial) => {
        const act = trial.suggestCategorical('act', ['relu', 'tanh']);
        const x = trial.suggestFloat('x', 0, 1);
        const extra = trial.number >= 2 ? trial.suggestFloat('extra', 0, 1) : 0;
        return (act === 'relu' ? 0 : 1) + x + extra;
      },
      { nTrials: 5, ...quiet },
    );
    const trials = await study.getTrials();
    expect(trials.map((trial) => trial.params.act)).toEqual(new Array(5).fill('tanh'));
    expect(calls).toEqual(['act', 'x', 'act', 'act', 'extra', 'act', 'extra', 'act', 'extra']);
    const messages = warn.mock.calls.map((call) => String(call[0]));
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/'act'/);
    expect(messages[1]).toMatch(/'extra'/);
  });

  it('does not warn when told not to, and warns about an unseeded scramble unless told not to', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const view = createTestStudyView({ trials: [unitTrial({ x: 0.5 })] });
    const current = view.addTrial({ state: 'running' });
    const quietSampler = new QMCSampler({ seed: 1, warnIndependentSampling: false });
    quietSampler.inferRelativeSearchSpace(view);
    quietSampler.sampleIndependent(view, current, 'other', unit);
    new QMCSampler({ scramble: false });
    new QMCSampler({ scramble: true, seed: 0 });
    new QMCSampler({ scramble: true, warnAsynchronousSeeding: false });
    expect(warn).not.toHaveBeenCalled();
    const unseeded = new QMCSampler({ scramble: true });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/seed/);
    expect(Number.isFinite(unseeded.seed)).toBe(true);
  });

  it('falls back to Halton, with a warning, beyond the Sobol table', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const dimension = SobolSequence.maxDimension + 1;
    const params = Object.fromEntries(Array.from({ length: dimension }, (_, i) => [`p${String(i).padStart(4, '0')}`, 0.5]));
    const view = createTestStudyView({ trials: [unitTrial(params)] });
    const current: FrozenTrial = view.addTrial({ state: 'running', number: 4 });
    const sampler = new QMCSampler({ seed: 7 });
    const sample = sampler.sampleRelative(view, current, sampler.inferRelativeSearchSpace(view));
    const point = new HaltonSequence(dimension).point(3);
    expect(sample.p0000).toBe(point[0]);
    expect(sample.p1024).toBe(point[1024]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/Halton/);
  });

  it('passes trial hooks to the independent sampler', async () => {
    const events: string[] = [];
    const independent: Sampler = {
      inferRelativeSearchSpace: () => ({}),
      sampleRelative: () => ({}),
      sampleIndependent: (_study, _trial, _name, dist) => (dist.type === 'categorical' ? (dist.choices[0] as ParamValue) : dist.low),
      beforeTrial: (_study, trial) => void events.push(`before ${trial.number}`),
      afterTrial: (_study, trial, state) => void events.push(`after ${trial.number} ${state}`),
    };
    const study = await createStudy({ sampler: new QMCSampler({ independentSampler: independent }), pruner: neverPrune });
    await study.optimize((trial) => trial.suggestFloat('x', 0, 1), { nTrials: 2, ...quiet });
    expect(events).toEqual(['before 0', 'after 0 complete', 'before 1', 'after 1 complete']);
  });

  it('rejects bad options, naming them', () => {
    const bad: [string, Record<string, unknown>][] = [
      ['qmcType', { qmcType: 'lattice' }],
      ['scramble', { scramble: 'yes' }],
      ['seed', { seed: Number.NaN }],
      ['independentSampler', { independentSampler: {} }],
    ];
    for (const [field, options] of bad) {
      let caught: unknown;
      try {
        new QMCSampler(options as never);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InvalidArgumentError);
      expect((caught as InvalidArgumentError).field).toBe(`QMCSampler.${field}`);
    }
    expect(new QMCSampler().name).toBe('QMCSampler');
    expect(new QMCSampler()).toMatchObject({ qmcType: 'sobol', scramble: false });
  });
});
