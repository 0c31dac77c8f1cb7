import { describe, expect, it } from 'vitest';
import { floatDistribution, intDistribution } from '../distributions/index.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { InvalidDistributionError } from '../errors/invalid-distribution-error.js';
import type { Distribution, ParamValue, SearchSpace } from '../protocol/distribution.js';
import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { Pruner } from '../protocol/pruner.js';
import type { Sampler } from '../protocol/sampler.js';
import type { StudyView } from '../protocol/study-view.js';
import type { TrialState } from '../protocol/trial-state.js';
import { createStudy } from '../study/create-study.js';
import { describeSamplerConformance } from '../testing/describe-sampler-conformance.js';
import { GridSampler } from './grid-sampler.js';
import { PartialFixedSampler } from './partial-fixed-sampler.js';
import { RandomSampler } from './random-sampler.js';

describeSamplerConformance('PartialFixedSampler(RandomSampler)', (seed) => new PartialFixedSampler({ categorical: 'tanh', intStep: 14, categoricalJson: null }, new RandomSampler({ seed })));

const neverPrune: Pruner = { prune: () => false };
const quiet = { progress: false, logger: false } as const;

/** A joint sampler stub: proposes x and y relatively, records the calls it receives. */
class RecordingSampler implements Sampler {
  readonly name = 'Recording';
  readonly calls: string[] = [];
  readonly spaces: string[][] = [];
  readonly #random = new RandomSampler({ seed: 1 });

  beforeTrial(_study: StudyView, trial: FrozenTrial): Promise<void> {
    this.calls.push(`before ${trial.number}`);
    return Promise.resolve();
  }

  inferRelativeSearchSpace(): SearchSpace {
    return { x: intDistribution(0, 10), y: floatDistribution(0, 1) };
  }

  sampleRelative(_study: StudyView, _trial: FrozenTrial, space: SearchSpace): Record<string, ParamValue> {
    this.spaces.push(Object.keys(space));
    // Proposes a value for x even though it is not asked to: the wrapper must drop it.
    return { x: 7, y: 0.5 };
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, dist: Distribution): ParamValue {
    this.calls.push(`independent ${name}`);
    return this.#random.sampleIndependent(study, trial, name, dist);
  }

  afterTrial(_study: StudyView, trial: FrozenTrial, state: TrialState, values: readonly number[] | undefined): void {
    this.calls.push(`after ${trial.number} ${state} ${JSON.stringify(values)}`);
  }
}

describe('PartialFixedSampler', () => {
  it('validates its arguments', () => {
    const base = new RandomSampler();
    expect(() => new PartialFixedSampler(null as never, base)).toThrow(InvalidArgumentError);
    expect(() => new PartialFixedSampler([1] as never, base)).toThrow(/fixedParams/);
    expect(() => new PartialFixedSampler({ lr: Number.NaN }, base)).toThrow(/fixedParams\['lr'\]/);
    expect(() => new PartialFixedSampler({ lr: undefined as never }, base)).toThrow(/fixedParams\['lr'\]/);
    expect(() => new PartialFixedSampler({ lr: 0.1 }, {} as never)).toThrow(/baseSampler/);
  });

  it('uses the fixed values and lets the base sampler choose the rest', async () => {
    const study = await createStudy({ sampler: new PartialFixedSampler({ depth: 4, act: null }, new RandomSampler({ seed: 2 })), pruner: neverPrune });
    await study.optimize((trial) => {
      const depth = trial.suggestInt('depth', 1, 8);
      const act = trial.suggestCategorical('act', ['relu', null]);
      return depth + trial.suggestFloat('lr', 1e-4, 1, { log: true }) + (act === null ? 0 : 1);
    }, { nTrials: 30, ...quiet });
    const trials = await study.getTrials();
    for (const trial of trials) {
      expect(trial.params.depth).toBe(4);
      expect(trial.params.act).toBeNull();
    }
    expect(new Set(trials.map((trial) => trial.params.lr)).size).toBe(30);
  });

  it('throws a clear error for a fixed value outside the suggested distribution', async () => {
    for (const [fixed, suggest] of [
      [{ depth: 12 }, (trial: { suggestInt: (n: string, l: number, h: number) => number }) => trial.suggestInt('depth', 1, 8)],
      [{ depth: 2.5 }, (trial: { suggestInt: (n: string, l: number, h: number) => number }) => trial.suggestInt('depth', 1, 8)],
      [{ depth: 'deep' }, (trial: { suggestInt: (n: string, l: number, h: number) => number }) => trial.suggestInt('depth', 1, 8)],
    ] as const) {
      const study = await createStudy({ sampler: new PartialFixedSampler(fixed, new RandomSampler({ seed: 3 })), pruner: neverPrune });
      const caught = await study.optimize((trial) => suggest(trial), { nTrials: 1, ...quiet }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(caught, JSON.stringify(fixed)).toBeInstanceOf(InvalidDistributionError);
      expect((caught as InvalidDistributionError).paramName).toBe('depth');
      expect((caught as Error).message).toMatch(/fixed value .* lies outside/);
    }
  });

  it('removes fixed names from the relative search space and sample, and forwards the hooks', async () => {
    const base = new RecordingSampler();
    const sampler = new PartialFixedSampler({ x: 3 }, base);
    expect(sampler.name).toBe('PartialFixedSampler(Recording)');
    const study = await createStudy({ sampler, pruner: neverPrune });
    await study.optimize((trial) => trial.suggestInt('x', 0, 10) + trial.suggestFloat('y', 0, 1) + trial.suggestInt('z', 0, 3), { nTrials: 2, ...quiet });
    const trials = await study.getTrials();
    for (const trial of trials) {
      expect(trial.params.x).toBe(3);
      expect(trial.params.y).toBe(0.5);
    }
    expect(base.spaces).toEqual([['y'], ['y']]);
    expect(base.calls).toEqual(['before 0', 'independent z', `after 0 complete [${trials[0]?.values?.[0]}]`, 'before 1', 'independent z', `after 1 complete [${trials[1]?.values?.[0]}]`]);
  });

  it('wraps a grid: the grid runs over the free parameters and still stops the study', async () => {
    const study = await createStudy({ sampler: new PartialFixedSampler({ y: 1 }, new GridSampler({ x: [1, 2, 3] }, { seed: 4 })), pruner: neverPrune });
    const result = await study.optimize((trial) => trial.suggestInt('x', 0, 5) * trial.suggestInt('y', 0, 5), quiet);
    expect(result.stoppedBy).toBe('stop');
    expect(result.trials.map((trial) => trial.params.x).sort()).toEqual([1, 2, 3]);
    expect(result.trials.every((trial) => trial.params.y === 1)).toBe(true);
  });

  it('keeps a frozen copy of the fixed values', () => {
    const fixed = { options: { units: 32 } };
    const sampler = new PartialFixedSampler(fixed, new RandomSampler());
    fixed.options.units = 64;
    expect(sampler.fixedParams).toEqual({ options: { units: 32 } });
    expect(Object.isFrozen(sampler.fixedParams.options)).toBe(true);
  });
});
