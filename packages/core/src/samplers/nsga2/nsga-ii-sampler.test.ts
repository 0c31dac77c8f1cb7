import { describe, expect, it } from 'vitest';
import { containsExternal, floatDistribution } from '../../distributions/index.js';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import type { FrozenTrial } from '../../protocol/frozen-trial.js';
import type { Sampler } from '../../protocol/sampler.js';
import { InMemoryStorage } from '../../storages/in-memory-storage.js';
import { createStudy, loadStudy } from '../../study/create-study.js';
import type { Study } from '../../study/study.js';
import { describeSamplerConformance } from '../../testing/describe-sampler-conformance.js';
import { createTestStudyView } from '../../testing/test-doubles.js';
import type { Trial } from '../../trial/trial.js';
import { RandomSampler } from '../random-sampler.js';
import { NSGAIISampler } from './nsga-ii-sampler.js';
import { GENERATION_KEY, PARENTS_KEY } from './parent-population.js';
import { SBXCrossover } from './sbx-crossover.js';

describeSamplerConformance('NSGAIISampler', (seed) => new NSGAIISampler({ seed }));
describeSamplerConformance('NSGAIISampler (population 8, SBX)', (seed) => new NSGAIISampler({ seed, populationSize: 8, crossover: 'sbx' }));
describeSamplerConformance('NSGAIISampler (population 6, UNDX)', (seed) => new NSGAIISampler({ seed, populationSize: 6, crossover: 'undx' }));
describeSamplerConformance('NSGAIISampler (population 6, SPX)', (seed) => new NSGAIISampler({ seed, populationSize: 6, crossover: 'spx' }));
describeSamplerConformance('NSGAIISampler (population 6, BLX-α)', (seed) => new NSGAIISampler({ seed, populationSize: 6, crossover: 'blx-alpha' }));
describeSamplerConformance('NSGAIISampler (population 6, vSBX)', (seed) => new NSGAIISampler({ seed, populationSize: 6, crossover: 'vsbx' }));

const quiet = { progress: false, logger: false } as const;
const median = (values: readonly number[]) => {
  const sorted = values.slice().sort((a, b) => a - b);
  const middle = (sorted.length - 1) / 2;
  return ((sorted[Math.floor(middle)] as number) + (sorted[Math.ceil(middle)] as number)) / 2;
};
const generationOf = (trial: FrozenTrial) => trial.systemAttrs[GENERATION_KEY];
const parentsOf = (trial: FrozenTrial) => trial.systemAttrs[PARENTS_KEY] as number[] | undefined;

describe('NSGAIISampler: options', () => {
  it('names the bad option', () => {
    const field = (options: Record<string, unknown>) => {
      try {
        new NSGAIISampler(options);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidArgumentError);
        return (error as InvalidArgumentError).field;
      }
      return undefined;
    };
    expect(field({ populationSize: 1 })).toBe('NSGAIISampler.populationSize');
    expect(field({ populationSize: 2.5 })).toBe('NSGAIISampler.populationSize');
    expect(field({ mutationProb: 1.5 })).toBe('NSGAIISampler.mutationProb');
    expect(field({ crossoverProb: -0.1 })).toBe('NSGAIISampler.crossoverProb');
    expect(field({ swappingProb: Number.NaN })).toBe('NSGAIISampler.swappingProb');
    expect(field({ crossover: 'two-point' })).toBe('NSGAIISampler.crossover');
    expect(field({ seed: Number.POSITIVE_INFINITY })).toBe('NSGAIISampler.seed');
    expect(field({ constraintsFunc: 3 })).toBe('NSGAIISampler.constraintsFunc');
    expect(field({ crossover: { name: 'Bad', nParents: 1, crossover: () => [] } })).toBe('NSGAIISampler.crossover.nParents');
    // UNDX and SPX need three parents: a population of two cannot feed them.
    expect(field({ populationSize: 2, crossover: 'undx' })).toBe('NSGAIISampler.populationSize');
    expect(() => new NSGAIISampler({ populationSize: 2, crossover: 'spx' })).toThrow(/SPXCrossover/);
    expect(field({ populationSize: 3, crossover: 'undx' })).toBeUndefined();
    expect(field({ populationSize: 2, crossover: new SBXCrossover({ eta: 5 }) })).toBeUndefined();
    expect(new NSGAIISampler().name).toBe('NSGAIISampler');
  });
});

describe('NSGAIISampler: generations', () => {
  /** Ask a trial of a one-parameter study and return it with its stored record. */
  const ask = async (study: Study): Promise<{ trial: Trial; record: FrozenTrial }> => {
    const trial = await study.ask({ x: floatDistribution(0, 10) });
    const record = (await study.getTrials()).find((other) => other.number === trial.number) as FrozenTrial;
    return { trial, record };
  };

  it('starts generation g + 1 once populationSize trials of g are complete, with parents from the elite', async () => {
    const study = await createStudy({ sampler: new NSGAIISampler({ seed: 3, populationSize: 4, crossoverProb: 1 }) });
    // Six trials in flight: all generation 0, no parents.
    const first = await Promise.all([0, 1, 2, 3, 4, 5].map(() => ask(study)));
    for (const { record } of first) {
      expect(generationOf(record)).toBe(0);
      expect(parentsOf(record)).toBeUndefined();
    }
    const [t0, t1, t2, t3, t4, t5] = first.map(({ trial }) => trial) as [Trial, Trial, Trial, Trial, Trial, Trial];
    // Failed and pruned trials do not count towards the generation.
    await study.tell(t0, 5);
    await study.tell(t1, undefined, { state: 'fail' });
    await study.tell(t2, undefined, { state: 'pruned' });
    await study.tell(t3, 1);
    await study.tell(t4, 3);
    const t6 = await ask(study);
    expect(generationOf(t6.record)).toBe(0);
    await study.tell(t5, 4);
    // Generation 0 has 4 complete trials (values 5, 1, 3, 4): the next trial starts generation 1.
    const t7 = await ask(study);
    expect(generationOf(t7.record)).toBe(1);
    const gen0 = [t0, t3, t4, t5].map((trial) => trial.trialId);
    expect(parentsOf(t7.record)).toHaveLength(2);
    for (const parent of parentsOf(t7.record) ?? []) expect(gen0).toContain(parent);
    // A late member of generation 0 (value 2) joins its elite: the worst (t0, value 5) drops out.
    await study.tell(t6.trial, 2);
    const elite0 = [t3, t4, t5, t6.trial].map((trial) => trial.trialId);
    const gen1: Trial[] = [];
    const gen1Parents = new Set<number>();
    for (let k = 0; k < 8; k++) {
      const { trial, record } = await ask(study);
      expect(generationOf(record)).toBe(1);
      const parents = parentsOf(record) ?? [];
      expect(new Set(parents).size).toBe(2);
      for (const parent of parents) {
        expect(elite0).toContain(parent);
        gen1Parents.add(parent);
      }
      gen1.push(trial);
    }
    expect(gen1Parents.size).toBeGreaterThan(2);
    // Generation 1 completes with values 0.5, 10, 10, 10 (t7 still running): generation 2's parents
    // are the elite of generation 1 ∪ generation 0's elite: 0.5, 1 (t3), 2 (t6), 3 (t4).
    await study.tell(gen1[0] as Trial, 0.5);
    for (const trial of gen1.slice(1, 4)) await study.tell(trial, 10);
    const elite1 = [gen1[0] as Trial, t3, t6.trial, t4].map((trial) => trial.trialId);
    const seen = new Set<number>();
    for (let k = 0; k < 10; k++) {
      const { record } = await ask(study);
      expect(generationOf(record)).toBe(2);
      for (const parent of parentsOf(record) ?? []) {
        expect(elite1).toContain(parent);
        seen.add(parent);
      }
    }
    expect(seen.size).toBeGreaterThan(2);
    await study.close();
  });

  it('lets concurrent workers of one storage agree on generations and parents', async () => {
    const storage = new InMemoryStorage();
    const a = await createStudy({ storage, studyName: 'shared', directions: ['minimize', 'minimize'], sampler: new NSGAIISampler({ seed: 1, populationSize: 5 }) });
    const b = await loadStudy({ storage, studyName: 'shared', sampler: new NSGAIISampler({ seed: 2, populationSize: 5 }) });
    const objective = (trial: Trial) => {
      const x = trial.suggestFloat('x', 0, 1);
      const y = trial.suggestFloat('y', 0, 1);
      return [x + y, 2 - x + y];
    };
    // Two workers, each with two trials in flight, finishing in a shuffled order.
    const inFlight: { study: Study; trial: Trial }[] = [];
    for (let round = 0; round < 30; round++) {
      for (const study of [a, b]) if (inFlight.filter((entry) => entry.study === study).length < 2) inFlight.push({ study, trial: await study.ask() });
      const index = (round * 7) % inFlight.length;
      const [entry] = inFlight.splice(index, 1);
      await entry!.study.tell(entry!.trial, objective(entry!.trial));
    }
    const trials = await a.getTrials();
    const byId = new Map(trials.map((trial) => [trial.trialId, trial]));
    // Generation numbers never decrease by more than the in-flight window and the parents of a
    // generation-g trial are complete members of earlier generations, whichever worker bred it.
    let maxGeneration = 0;
    for (const trial of trials) {
      const generation = generationOf(trial) as number;
      expect(Number.isInteger(generation)).toBe(true);
      maxGeneration = Math.max(maxGeneration, generation);
      for (const parentId of parentsOf(trial) ?? []) {
        const parent = byId.get(parentId) as FrozenTrial;
        expect(parent.state).toBe('complete');
        expect(generationOf(parent) as number).toBeLessThan(generation);
        expect(parent.number).toBeLessThan(trial.number);
      }
      if (generation > 0) expect(parentsOf(trial)?.length).toBeGreaterThanOrEqual(1);
    }
    expect(maxGeneration).toBeGreaterThanOrEqual(3);
    // Both workers derived the same generations: each generation's trials come from both.
    const workersOf = (generation: number) => new Set(trials.filter((trial) => generationOf(trial) === generation).map((trial) => trial.number % 2));
    expect(workersOf(1).size + workersOf(2).size).toBeGreaterThanOrEqual(3);
    await a.close();
    await b.close();
  });

  it('copies one parent when crossoverProb is 0 and mutationProb is 0', async () => {
    const study = await createStudy({ sampler: new NSGAIISampler({ seed: 5, populationSize: 4, crossoverProb: 0, mutationProb: 0 }) });
    await study.optimize(
      (trial) => trial.suggestFloat('x', -1, 1, { log: false }) ** 2 + trial.suggestInt('n', 1, 100, { log: true }) + (trial.suggestCategorical('c', ['a', 'b', 'c']) === 'a' ? 0 : 1),
      { nTrials: 20, ...quiet },
    );
    const trials = await study.getTrials();
    const byId = new Map(trials.map((trial) => [trial.trialId, trial]));
    const children = trials.filter((trial) => (generationOf(trial) as number) > 0);
    expect(children.length).toBeGreaterThan(5);
    for (const child of children) {
      const parents = parentsOf(child) ?? [];
      expect(parents).toHaveLength(1);
      expect(child.params).toEqual(byId.get(parents[0] as number)?.params);
    }
  });

  it('crosses over with uniform crossover: every inherited value comes from one of the two parents', async () => {
    const study = await createStudy({ sampler: new NSGAIISampler({ seed: 6, populationSize: 6, crossoverProb: 1, mutationProb: 0 }) });
    await study.optimize(
      (trial) =>
        trial.suggestFloat('x', 1e-3, 1, { log: true }) + trial.suggestInt('n', 0, 10, { step: 2 }) + trial.suggestFloat('s', 0, 1, { step: 0.25 }) + (trial.suggestCategorical('c', ['a', 'b', 'c']) === 'a' ? 0 : 1),
      { nTrials: 30, ...quiet },
    );
    const trials = await study.getTrials();
    const byId = new Map(trials.map((trial) => [trial.trialId, trial]));
    let mixed = 0;
    for (const child of trials.filter((trial) => (generationOf(trial) as number) > 0)) {
      const [p, q] = (parentsOf(child) ?? []).map((id) => byId.get(id) as FrozenTrial);
      for (const name of ['x', 'n', 's', 'c']) expect([p?.params[name], q?.params[name]]).toContainEqual(child.params[name]);
      if (['x', 'n', 's', 'c'].some((name) => child.params[name] !== p?.params[name])) mixed++;
    }
    expect(mixed).toBeGreaterThan(0);
  });

  it('breeds numeric parameters with SBX inside their distributions, ints and steps snapped', async () => {
    const dists = { x: floatDistribution(1e-4, 1, { log: true }), s: floatDistribution(-1, 1, { step: 0.1 }) };
    const study = await createStudy({ sampler: new NSGAIISampler({ seed: 8, populationSize: 5, crossover: 'sbx', crossoverProb: 1, mutationProb: 0 }) });
    await study.optimize((trial) => Math.log10(trial.suggestFloat('x', 1e-4, 1, { log: true })) ** 2 + trial.suggestFloat('s', -1, 1, { step: 0.1 }) ** 2 + (trial.suggestInt('k', -3, 3) - 1) ** 2, { nTrials: 40, ...quiet });
    const trials = await study.getTrials();
    const byId = new Map(trials.map((trial) => [trial.trialId, trial]));
    let novel = 0;
    for (const trial of trials) {
      expect(containsExternal(dists.x, trial.params.x as number)).toBe(true);
      expect(containsExternal(dists.s, trial.params.s as number)).toBe(true);
      expect(Number.isInteger(trial.params.k)).toBe(true);
      const parents = (parentsOf(trial) ?? []).map((id) => byId.get(id) as FrozenTrial);
      if (parents.length === 2 && parents.every((parent) => parent.params.x !== trial.params.x)) novel++;
    }
    // SBX (unlike uniform crossover) creates values neither parent has.
    expect(novel).toBeGreaterThan(5);
  });

  it('never throws on odd histories: foreign trials, malformed attributes, a changed search space', async () => {
    const view = createTestStudyView({
      directions: ['minimize', 'maximize'],
      trials: [
        ...Array.from({ length: 4 }, (_, i) => ({ params: { x: i / 4 }, distributions: { x: floatDistribution(0, 1) }, values: [i, -i], systemAttrs: { [GENERATION_KEY]: 0 } })),
        { params: { x: 2 }, distributions: { x: floatDistribution(0, 5) }, values: [1, 1], systemAttrs: { [GENERATION_KEY]: 0, constraints: 'not an array' } },
        { params: { y: 1 }, distributions: { y: floatDistribution(0, 1) }, values: [0, 0], systemAttrs: { [GENERATION_KEY]: 'zero' } },
        { state: 'running' as const },
      ],
    });
    const sampler = new NSGAIISampler({ seed: 1, populationSize: 4 });
    const current = view.getTrials().at(-1) as FrozenTrial;
    await sampler.beforeTrial(view, current);
    expect(view.getTrials().at(-1)?.systemAttrs[GENERATION_KEY]).toBe(1);
    const space = sampler.inferRelativeSearchSpace(view);
    expect(space).toEqual({});
    expect(sampler.sampleRelative(view, current, { x: floatDistribution(0, 1) })).toEqual(expect.any(Object));
    const value = sampler.sampleIndependent(view, current, 'x', floatDistribution(0, 1));
    expect(value).toBeGreaterThanOrEqual(0);
  });

  it('crosses over the parameters every complete trial has with one distribution, single-valued ones left out', () => {
    const common = { b: floatDistribution(0, 1), a: floatDistribution(0, 1), one: floatDistribution(2, 2) };
    const view = createTestStudyView({
      trials: [
        { params: { b: 0.1, a: 0.2, one: 2, c: 0.3 }, distributions: { ...common, c: floatDistribution(0, 1) }, value: 1 },
        { params: { b: 0.4 }, distributions: { b: common.b }, state: 'pruned' as const },
        { params: { b: 0.5, a: 0.6, one: 2 }, distributions: common, value: 2 },
      ],
    });
    const sampler = new NSGAIISampler({ seed: 1 });
    expect(sampler.inferRelativeSearchSpace(view)).toEqual({ a: common.a, b: common.b });
    expect(Object.keys(sampler.inferRelativeSearchSpace(view))).toEqual(['a', 'b']);
  });
});

describe('NSGAIISampler: constraints', () => {
  // Feasible only inside a small ball (about 4.7% of the box), objectives pulling apart along x0.
  const constrainedObjective = (trial: Trial, viaTrial: boolean): [number, number] => {
    const x = [0, 1, 2, 3].map((i) => trial.suggestFloat(`x${i}`, 0, 1));
    const distance = x.slice(1).reduce((sum, xi) => sum + (xi - 0.7) ** 2, 0);
    if (viaTrial) trial.setConstraint([distance - 0.05]);
    else trial.setUserAttr('c', distance - 0.05);
    return [(x[0] as number) + distance, 1 - (x[0] as number) + distance];
  };
  const feasibleShare = async (sampler: Sampler, viaTrial: boolean): Promise<number> => {
    const study = await createStudy({ sampler, directions: ['minimize', 'minimize'] });
    await study.optimize((trial) => constrainedObjective(trial, viaTrial), { nTrials: 200, ...quiet });
    const trials = await study.getTrials();
    const late = trials.slice(100);
    return late.filter((trial) => (trial.systemAttrs.constraints as number[])[0]! <= 0).length / late.length;
  };

  it('finds feasible points far more often than random search (trial.setConstraint and constraintsFunc)', async () => {
    const seeds = [0, 1, 2];
    const constraintsFunc = (trial: FrozenTrial) => [trial.userAttrs.c as number];
    const viaTrial = await Promise.all(seeds.map((seed) => feasibleShare(new NSGAIISampler({ seed, populationSize: 20 }), true)));
    const viaFunc = await Promise.all(seeds.map((seed) => feasibleShare(new NSGAIISampler({ seed, populationSize: 20, constraintsFunc }), false)));
    const random = await Promise.all(seeds.map((seed) => feasibleShare(new RandomSampler({ seed }), true)));
    // Random search: ~4% of trials 100..199 feasible (measured 2-5%); NSGA-II ~60%.
    expect(median(random)).toBeLessThan(0.12);
    expect(median(viaTrial)).toBeGreaterThan(5 * median(random));
    expect(median(viaFunc)).toBeGreaterThan(5 * median(random));
  });

  it('writes constraintsFunc results as the constraints attribute of complete and pruned trials', async () => {
    const study = await createStudy({ sampler: new NSGAIISampler({ seed: 0, constraintsFunc: (trial) => [trial.number - 1, 0] }) });
    await study.optimize((trial) => trial.suggestFloat('x', 0, 1), { nTrials: 3, ...quiet });
    const trials = await study.getTrials();
    expect(trials.map((trial) => trial.systemAttrs.constraints)).toEqual([
      [-1, 0],
      [0, 0],
      [1, 0],
    ]);
    const bad = await createStudy({ sampler: new NSGAIISampler({ seed: 0, constraintsFunc: () => [Number.NaN] }) });
    await expect(bad.optimize((trial) => trial.suggestFloat('x', 0, 1), { nTrials: 1, ...quiet })).rejects.toThrow(/constraintsFunc/);
  });
});

describe('NSGAIISampler: optimisation', () => {
  it('single-objective (a plain GA): beats random search on a 4-D quadratic (median best over 5 seeds)', async () => {
    const run = async (sampler: Sampler) => {
      const study = await createStudy({ sampler });
      await study.optimize((trial) => [0, 1, 2, 3].reduce((sum, i) => sum + (trial.suggestFloat(`x${i}`, -5, 5) - 1) ** 2, 0), { nTrials: 300, ...quiet });
      return study.bestValue;
    };
    const seeds = [0, 1, 2, 3, 4];
    const ga = await Promise.all(seeds.map((seed) => run(new NSGAIISampler({ seed, populationSize: 20, crossover: 'sbx' }))));
    const random = await Promise.all(seeds.map((seed) => run(new RandomSampler({ seed }))));
    expect(median(ga)).toBeLessThan(median(random) / 2);
  });

  it('multi-objective: a larger hypervolume than random search on ZDT1 (4-D)', async () => {
    const { hypervolume } = await import('../tpe/hypervolume.js');
    const run = async (sampler: Sampler) => {
      const study = await createStudy({ sampler, directions: ['minimize', 'minimize'] });
      await study.optimize(
        (trial) => {
          const x = [0, 1, 2, 3].map((i) => trial.suggestFloat(`x${i}`, 0, 1));
          const f1 = x[0] as number;
          const g = 1 + (9 * ((x[1] as number) + (x[2] as number) + (x[3] as number))) / 3;
          return [f1, g * (1 - Math.sqrt(f1 / g))];
        },
        { nTrials: 250, ...quiet },
      );
      return hypervolume(study.bestTrials.map((trial) => trial.values as number[]), [1.1, 11]);
    };
    const seeds = [0, 1, 2, 3, 4];
    const nsga = await Promise.all(seeds.map((seed) => run(new NSGAIISampler({ seed, populationSize: 25 }))));
    const random = await Promise.all(seeds.map((seed) => run(new RandomSampler({ seed }))));
    expect(median(nsga)).toBeGreaterThan(median(random));
  });
});
