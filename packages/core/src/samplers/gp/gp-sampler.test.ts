import { afterEach, describe, expect, it, vi } from 'vitest';
import { containsExternal, floatDistribution, intDistribution } from '../../distributions/index.js';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import type { Sampler } from '../../protocol/sampler.js';
import type { Trial } from '../../trial/trial.js';
import { createStudy } from '../../study/create-study.js';
import { describeSamplerConformance } from '../../testing/describe-sampler-conformance.js';
import { RandomSampler } from '../random-sampler.js';
import { LogEIAcquisition, LowerConfidenceBoundAcquisition } from './acquisition.js';
import { GPSampler } from './gp-sampler.js';

describeSamplerConformance('GPSampler', (seed) => new GPSampler({ seed }));
describeSamplerConformance('GPSampler (log EI, joint kernel only: Optuna\'s)', (seed) => new GPSampler({ seed, acquisition: 'logEI', additiveKernel: false }));
describeSamplerConformance('GPSampler (deterministic objective, 5 startup trials)', (seed) => new GPSampler({ seed, nStartupTrials: 5, deterministicObjective: true }));

const quiet = { progress: false, logger: false } as const;
const median = (values: readonly number[]) => {
  const sorted = values.slice().sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return sorted.length % 2 === 1 ? (sorted[Math.floor(middle)] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('GPSampler', () => {
  it('validates its options', () => {
    expect(() => new GPSampler({ seed: NaN })).toThrow(InvalidArgumentError);
    expect(() => new GPSampler({ nStartupTrials: -1 })).toThrow(/nStartupTrials/);
    expect(() => new GPSampler({ nStartupTrials: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => new GPSampler({ constraintsFunc: 3 as never })).toThrow(/constraintsFunc/);
    expect(() => new GPSampler({ independentSampler: {} as never })).toThrow(/independentSampler/);
    expect(() => new GPSampler({ deterministicObjective: 'yes' as never })).toThrow(/deterministicObjective/);
    expect(() => new GPSampler({ warnIndependentSampling: 0 as never })).toThrow(/warnIndependentSampling/);
    expect(() => new GPSampler({ powerTransform: null as never })).toThrow(InvalidArgumentError);
    expect(() => new GPSampler({ acquisition: 'ei' as never })).toThrow(/acquisition.*'auto', 'logEI', 'lcb'/);
    expect(() => new GPSampler({ additiveKernel: 1 as never })).toThrow(/additiveKernel/);
    expect(() => new GPSampler({ lcbBeta: 0 })).toThrow(/lcbBeta/);
    expect(() => new GPSampler({ lcbBeta: Infinity })).toThrow(InvalidArgumentError);
    expect(() => new GPSampler({ deterministicObjective: true, warnIndependentSampling: false, powerTransform: false, acquisition: 'lcb', lcbBeta: 4 })).not.toThrow();
  });

  for (const acquisition of ['lcb', 'logEI'] as const) {
    it(`finds the minimum of a 2-D quadratic far better than random search (${acquisition}, median of 5 seeds, 30 trials)`, async () => {
      const run = async (sampler: Sampler) => {
        const study = await createStudy({ sampler });
        await study.optimize((trial) => (trial.suggestFloat('x', -5, 5) - 1.3) ** 2 + (trial.suggestFloat('y', -5, 5) + 0.4) ** 2, { nTrials: 30, ...quiet });
        return study.bestValue;
      };
      const seeds = [100, 101, 102, 103, 104];
      const gp = await Promise.all(seeds.map((seed) => run(new GPSampler({ seed, acquisition }))));
      const random = await Promise.all(seeds.map((seed) => run(new RandomSampler({ seed }))));
      expect(median(gp)).toBeLessThan(1e-3);
      expect(median(gp)).toBeLessThan(median(random) / 100);
    });
  }

  it("'auto' maximises the LCB in numeric spaces and log EI with a categorical or a constraint", async () => {
    const lcb = vi.spyOn(LowerConfidenceBoundAcquisition.prototype, 'evaluate');
    const logEi = vi.spyOn(LogEIAcquisition.prototype, 'evaluate');
    const run = async (objective: (trial: Trial) => number) => {
      lcb.mockClear();
      logEi.mockClear();
      const study = await createStudy({ sampler: new GPSampler({ seed: 4, nStartupTrials: 3 }) });
      await study.optimize(objective, { nTrials: 5, ...quiet });
      return { lcb: lcb.mock.calls.length, logEi: logEi.mock.calls.length };
    };
    const numeric = await run((trial) => trial.suggestFloat('x', 0, 1) + trial.suggestInt('n', 1, 9) + trial.suggestFloat('lr', 1e-4, 1, { log: true }));
    expect(numeric.lcb).toBeGreaterThan(0);
    expect(numeric.logEi).toBe(0);
    const mixed = await run((trial) => trial.suggestFloat('x', 0, 1) + (trial.suggestCategorical('kind', ['a', 'b']) === 'a' ? 0 : 1));
    expect(mixed.lcb).toBe(0);
    expect(mixed.logEi).toBeGreaterThan(0);
    const constrained = await run((trial) => {
      const x = trial.suggestFloat('x', 0, 1);
      trial.setConstraint([x - 0.5]);
      return x;
    });
    expect(constrained.lcb).toBe(0);
    expect(constrained.logEi).toBeGreaterThan(0);
  });

  it("'lcb' with constraints warns once and maximises log EI, which can weigh them", async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const lcb = vi.spyOn(LowerConfidenceBoundAcquisition.prototype, 'evaluate');
    const study = await createStudy({ sampler: new GPSampler({ seed: 6, nStartupTrials: 3, acquisition: 'lcb' }) });
    await study.optimize(
      (trial) => {
        const x = trial.suggestFloat('x', 0, 1);
        trial.setConstraint([x - 0.5]);
        return x;
      },
      { nTrials: 6, ...quiet },
    );
    expect(lcb).not.toHaveBeenCalled();
    const codes = warn.mock.calls.map((call) => (call[1] as { code?: string } | undefined)?.code);
    expect(codes.filter((code) => code === 'TUNEKIT_GP_LCB_CONSTRAINTS')).toHaveLength(1);
  });

  it('maximises when the study says so', async () => {
    const study = await createStudy({ sampler: new GPSampler({ seed: 3 }), direction: 'maximize' });
    await study.optimize((trial) => -((trial.suggestFloat('x', 0, 10) - 7) ** 2), { nTrials: 20, ...quiet });
    expect(study.bestValue).toBeGreaterThan(-1e-3);
  });

  it('keeps int, log, step and categorical samples on their grids while modelling them', async () => {
    const study = await createStudy({ sampler: new GPSampler({ seed: 5, nStartupTrials: 5 }) });
    const dists = {
      lr: floatDistribution(1e-5, 1, { log: true }),
      units: intDistribution(16, 256, { step: 16 }),
      depth: intDistribution(1, 64, { log: true }),
      width: intDistribution(0, 1000),
      dropout: floatDistribution(0, 0.5, { step: 0.05 }),
    } as const;
    await study.optimize(
      (trial) => {
        const lr = trial.suggestFloat('lr', 1e-5, 1, { log: true });
        const units = trial.suggestInt('units', 16, 256, { step: 16 });
        const depth = trial.suggestInt('depth', 1, 64, { log: true });
        const width = trial.suggestInt('width', 0, 1000);
        const act = trial.suggestCategorical('act', ['relu', 'tanh', 'gelu', 'elu']);
        const dropout = trial.suggestFloat('dropout', 0, 0.5, { step: 0.05 });
        return (Math.log10(lr) + 3) ** 2 + ((units - 128) / 64) ** 2 + Math.log2(depth / 8) ** 2 + ((width - 333) / 200) ** 2 + (act === 'gelu' ? 0 : 1) + 4 * (dropout - 0.2) ** 2;
      },
      { nTrials: 30, ...quiet },
    );
    const trials = await study.getTrials();
    for (const trial of trials) {
      for (const [name, dist] of Object.entries(dists)) expect(containsExternal(dist, trial.params[name] as number), `${name} = ${trial.params[name]}`).toBe(true);
      expect(['relu', 'tanh', 'gelu', 'elu']).toContain(trial.params.act);
    }
    // The model found the categorical optimum and got close on the rest.
    expect(study.bestParams.act).toBe('gelu');
    expect(study.bestValue).toBeLessThan(1);
  });

  it('steers towards a small feasible region far more often than random search', async () => {
    // Feasible: a disc of radius 0.1 around (0.8, 0.8), ~3% of the box; the objective pulls away from it.
    const run = async (sampler: Sampler) => {
      const study = await createStudy({ sampler });
      await study.optimize(
        (trial) => {
          const x = trial.suggestFloat('x', 0, 1);
          const y = trial.suggestFloat('y', 0, 1);
          trial.setConstraint([(x - 0.8) ** 2 + (y - 0.8) ** 2 - 0.01]);
          return x + y;
        },
        { nTrials: 35, ...quiet },
      );
      const trials = await study.getTrials();
      return trials.slice(10).filter((trial) => (trial.systemAttrs.constraints as number[])[0] as number <= 0).length;
    };
    const seeds = [100, 101, 102];
    const gp = await Promise.all(seeds.map((seed) => run(new GPSampler({ seed }))));
    const random = await Promise.all(seeds.map((seed) => run(new RandomSampler({ seed }))));
    // Random search lands ~0.8 of 25 trials there; the GP several times more.
    expect(median(gp)).toBeGreaterThanOrEqual(5);
    expect(median(gp)).toBeGreaterThan(4 * Math.max(1, median(random)));
  });

  it('stores constraintsFunc results and uses them like trial.setConstraint', async () => {
    const sampler = new GPSampler({ seed: 8, nStartupTrials: 5, constraintsFunc: (trial) => [0.5 - (trial.params.x as number)] });
    const study = await createStudy({ sampler });
    await study.optimize((trial) => trial.suggestFloat('x', 0, 1), { nTrials: 15, ...quiet });
    const trials = await study.getTrials();
    for (const trial of trials) expect(trial.systemAttrs.constraints).toEqual([0.5 - (trial.params.x as number)]);
    // The best feasible value is x = 0.5: the GP proposals concentrate at the boundary.
    const modelled = trials.slice(5).map((trial) => trial.params.x as number);
    expect(modelled.filter((x) => Math.abs(x - 0.5) < 0.01).length).toBeGreaterThanOrEqual(7);
  });

  it('never throws on awkward histories: one trial, duplicates, infinities, all failed', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const study = await createStudy({ sampler: new GPSampler({ seed: 1, nStartupTrials: 1 }) });
    await study.optimize((trial) => trial.suggestFloat('x', 0, 1) + trial.suggestInt('k', 0, 3), { nTrials: 1, ...quiet });
    for (let i = 0; i < 4; i++) await study.enqueueTrial({ x: 0.5, k: 2 });
    await study.optimize((trial) => trial.suggestFloat('x', 0, 1) + trial.suggestInt('k', 0, 3), { nTrials: 4, ...quiet });
    await study.optimize((trial) => (trial.suggestFloat('x', 0, 1) > 2 ? 0 : Infinity), { nTrials: 3, ...quiet });
    await study.optimize((trial) => 1 + trial.suggestFloat('x', 0, 1) * 0, { nTrials: 5, ...quiet });
    const failing = await createStudy({ sampler: new GPSampler({ seed: 2, nStartupTrials: 0 }) });
    await failing.optimize(
      (trial) => {
        trial.suggestFloat('x', 0, 1);
        throw new RangeError('boom');
      },
      { nTrials: 5, catch: [RangeError], ...quiet },
    );
    expect((await study.getTrials()).length).toBe(13);
    expect(warn.mock.calls.filter((call) => String(call[0]).includes('fell back'))).toEqual([]);
  });

  it('samples multi-objective studies with its independent sampler, warning once', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const study = await createStudy({ sampler: new GPSampler({ seed: 4, nStartupTrials: 2 }), directions: ['minimize', 'maximize'] });
    await study.optimize((trial) => [trial.suggestFloat('x', 0, 1), trial.suggestFloat('y', 0, 1)], { nTrials: 6, ...quiet });
    const messages = warn.mock.calls.map((call) => String(call[0])).filter((message) => message.includes('multi-objective'));
    expect(messages.length).toBe(1);
    expect(messages[0]).toContain('minimize, maximize');
  });

  it('keeps one sampler serving two studies apart (no warm start or space leaks between them)', async () => {
    const shared = new GPSampler({ seed: 11, nStartupTrials: 4 });
    const a = await createStudy({ sampler: shared });
    const b = await createStudy({ sampler: shared, direction: 'maximize' });
    for (let round = 0; round < 8; round++) {
      await a.optimize((trial) => (trial.suggestFloat('x', 0, 1) - 0.2) ** 2, { nTrials: 1, ...quiet });
      await b.optimize((trial) => -((trial.suggestFloat('x', 100, 200) - 150) ** 2) - (trial.suggestInt('n', 1, 9) - 3) ** 2, { nTrials: 1, ...quiet });
    }
    expect(a.bestValue).toBeLessThan(0.01);
    expect(b.bestValue).toBeGreaterThan(-200);
    for (const trial of await a.getTrials()) expect(Object.keys(trial.params)).toEqual(['x']);
  });
});

describe('GPSampler: constant liar for concurrent trials', () => {
  it('spreads asks that are in flight together, and stops lying once a trial ends', async () => {
    const study = await createStudy({ sampler: new GPSampler({ seed: 4 }) });
    await study.optimize((trial) => (trial.suggestFloat('x', 0, 1) - 0.3) ** 2 + (trial.suggestFloat('y', 0, 1) - 0.6) ** 2, { nTrials: 15, ...quiet });
    const distance = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);
    const point = (trial: { suggestFloat(name: string, low: number, high: number): number }) => ({ x: trial.suggestFloat('x', 0, 1), y: trial.suggestFloat('y', 0, 1) });
    // In flight together: the second ask sees the first (params not stored yet) as a bad observation.
    const first = await study.ask();
    const second = await study.ask();
    const a = point(first);
    const b = point(second);
    expect(distance(a, b)).toBeGreaterThan(0.05);
    // Once the first has failed, nothing lies about its point: a new ask returns close to it again.
    await study.tell(first, undefined, { state: 'fail' });
    await study.tell(second, undefined, { state: 'fail' });
    const third = await study.ask();
    expect(distance(point(third), a)).toBeLessThan(distance(a, b));
    await study.tell(third, 0);
  });
});
