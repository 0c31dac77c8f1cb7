import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { TrialPruned } from '../errors/trial-pruned.js';
import type { Distribution, ParamValue } from '../protocol/distribution.js';
import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { Sampler } from '../protocol/sampler.js';
import { createStudy } from '../study/create-study.js';
import { describeSamplerConformance } from '../testing/describe-sampler-conformance.js';
import { AUTO_SAMPLER_KEY, AutoSampler } from './auto-sampler.js';
import { RandomSampler } from './random-sampler.js';

describeSamplerConformance('AutoSampler', (seed) => new AutoSampler({ seed }));

const quiet = { progress: false, logger: false } as const;

/** A delegate that records which trials it sampled. */
function recording(name: string): Sampler & { readonly trials: number[] } {
  const inner = new RandomSampler({ seed: 1 });
  const trials: number[] = [];
  return {
    name,
    trials,
    inferRelativeSearchSpace: () => ({}),
    sampleRelative: () => ({}),
    sampleIndependent(study, trial: FrozenTrial, param: string, dist: Distribution): ParamValue {
      if (trials.at(-1) !== trial.number) trials.push(trial.number);
      return inner.sampleIndependent(study, trial, param, dist);
    },
  };
}

describe('AutoSampler: which sampler runs each trial', () => {
  it('uses GP for a small numeric space, then TPE once the study is long; records the choice', async () => {
    const gp = recording('gp');
    const tpe = recording('tpe');
    const study = await createStudy({ sampler: new AutoSampler({ gpMaxTrials: 6 }, { gp, tpe }) });
    await study.optimize((trial) => trial.suggestFloat('x', -1, 1) ** 2 + trial.suggestInt('n', 1, 100, { log: true }), { nTrials: 9, ...quiet });
    expect(gp.trials).toEqual([0, 1, 2, 3, 4, 5]);
    expect(tpe.trials).toEqual([6, 7, 8]);
    expect(study.trials.map((trial) => trial.systemAttrs[AUTO_SAMPLER_KEY])).toEqual([...Array(6).fill('GPSampler'), ...Array(3).fill('TPESampler')]);
    await study.refresh();
    expect(study.systemAttrs[AUTO_SAMPLER_KEY]).toEqual({ sampler: 'TPESampler', reason: '6 finished trials (GP is used for fewer than 6)', fromTrial: 6 });
  });

  it('keeps GP for categorical parameters', async () => {
    const gp = recording('gp');
    const tpe = recording('tpe');
    const study = await createStudy({ sampler: new AutoSampler({}, { gp, tpe }) });
    await study.optimize((trial) => trial.suggestFloat('x', 0, 1) + (trial.suggestCategorical('act', ['relu', 'tanh']) === 'relu' ? 0 : 1), { nTrials: 4, ...quiet });
    expect(gp.trials).toEqual([0, 1, 2, 3]);
    expect(tpe.trials).toEqual([]);
    await study.refresh();
    expect(study.systemAttrs[AUTO_SAMPLER_KEY]).toEqual({ sampler: 'GPSampler', reason: 'no finished trial yet', fromTrial: 0 });
  });

  it('switches to TPE when a conditional parameter appears, and for many dimensions', async () => {
    const cases: { objective: (trial: import('../trial/trial.js').Trial) => number; reason: RegExp }[] = [
      { objective: (trial) => (trial.number % 2 === 0 ? trial.suggestFloat('a', 0, 1) : trial.suggestFloat('b', 0, 1)), reason: /conditional search space/ },
      { objective: (trial) => Array.from({ length: 12 }, (_, i) => trial.suggestFloat(`x${i}`, 0, 1)).reduce((sum, x) => sum + x, 0), reason: /12 parameters/ },
    ];
    for (const { objective, reason } of cases) {
      const gp = recording('gp');
      const tpe = recording('tpe');
      const study = await createStudy({ sampler: new AutoSampler({}, { gp, tpe }) });
      await study.optimize(objective, { nTrials: 4, ...quiet });
      expect(gp.trials.length).toBeGreaterThan(0);
      expect(tpe.trials).toContain(3);
      await study.refresh();
      expect((study.systemAttrs[AUTO_SAMPLER_KEY] as { reason: string }).reason).toMatch(reason);
    }
  });

  it('switches to TPE once most finished trials were pruned', async () => {
    const gp = recording('gp');
    const tpe = recording('tpe');
    const study = await createStudy({ sampler: new AutoSampler({}, { gp, tpe }) });
    await study.optimize(
      (trial) => {
        const x = trial.suggestFloat('x', 0, 1);
        if (trial.number % 3 !== 0) throw new TrialPruned();
        return x;
      },
      { nTrials: 6, ...quiet },
    );
    // Finished before each trial: 0 → GP; 1 complete → GP; 1 complete + 1 pruned → GP; then pruned > complete.
    expect(gp.trials).toEqual([0, 1, 2, 4]);
    expect(tpe.trials).toEqual([3, 5]);
    await study.refresh();
    expect((study.systemAttrs[AUTO_SAMPLER_KEY] as { reason: string }).reason).toBe('3 of 5 finished trials were pruned (GP models complete trials only; TPE learns from pruned ones too)');
  });

  it('uses TPE (MOTPE) for multi-objective studies', async () => {
    const gp = recording('gp');
    const tpe = recording('tpe');
    const study = await createStudy({ directions: ['minimize', 'maximize'], sampler: new AutoSampler({}, { gp, tpe }) });
    await study.optimize((trial) => [trial.suggestFloat('x', 0, 1), trial.suggestFloat('y', 0, 1)], { nTrials: 3, ...quiet });
    expect(gp.trials).toEqual([]);
    expect(tpe.trials).toEqual([0, 1, 2]);
  });

  it('is the default sampler of createStudy and reproduces with a seed', async () => {
    expect((await createStudy()).sampler).toBeInstanceOf(AutoSampler);
    const run = async () => {
      const study = await createStudy({ sampler: new AutoSampler({ seed: 5 }) });
      await study.optimize((trial) => (trial.suggestFloat('x', -2, 2) - 0.5) ** 2, { nTrials: 14, ...quiet });
      return study.trials.map((trial) => trial.params.x);
    };
    expect(await run()).toEqual(await run());
  });

  it('stores constraintsFunc results for its delegates to honour', async () => {
    const study = await createStudy({ sampler: new AutoSampler({ seed: 1, constraintsFunc: (trial) => [(trial.params.x as number) - 0.5] }, { gp: recording('gp'), tpe: recording('tpe') }) });
    await study.optimize((trial) => trial.suggestFloat('x', 0, 1), { nTrials: 3, ...quiet });
    for (const trial of study.trials) expect(trial.systemAttrs.constraints).toEqual([(trial.params.x as number) - 0.5]);
    const bad = await createStudy({ sampler: new AutoSampler({ constraintsFunc: () => [Number.NaN] }, { gp: recording('gp'), tpe: recording('tpe') }) });
    await expect(bad.optimize((trial) => trial.suggestFloat('x', 0, 1), { nTrials: 1, ...quiet })).rejects.toThrow(/AutoSampler\.constraintsFunc result/);
  });

  it('validates its options', () => {
    expect(() => new AutoSampler({ gpMaxTrials: 0 })).toThrow(InvalidArgumentError);
    expect(() => new AutoSampler({ gpMaxDimensions: 1.5 })).toThrow(/gpMaxDimensions/);
    expect(() => new AutoSampler({ seed: Number.NaN })).toThrow(/seed/);
  });
});
