import { describe, expect, it } from 'vitest';
import { categoricalDistribution, containsExternal, floatDistribution, intDistribution } from '../distributions/index.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { TrialPruned } from '../errors/trial-pruned.js';
import { TunekitError } from '../errors/tunekit-error.js';
import type { Distribution, ParamValue } from '../protocol/distribution.js';
import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { Pruner } from '../protocol/pruner.js';
import type { Sampler } from '../protocol/sampler.js';
import type { StudyDirection } from '../protocol/trial-state.js';
import { createStudy } from '../study/create-study.js';
import type { Trial } from '../trial/trial.js';

/** What `describeSamplerConformance` can be told about the sampler under test. */
export interface SamplerConformanceOptions {
  /**
   * How the sampler treats studies with several objectives (`directions: ['minimize', 'maximize']`):
   * `'supported'` (default) runs such a study; `'throws'` expects `study.ask()` to reject with a
   * `TunekitError` whose message mentions the objectives, leaving no trial running.
   */
  readonly multiObjective?: 'supported' | 'throws';
  /**
   * Whether the sampler can sample continuous floats (default `true`). Exhaustive samplers
   * (`BruteForceSampler`) say `false`: the suite then suggests only finite distributions.
   */
  readonly continuousFloats?: boolean;
  /** Trials of the main run that checks every sample lies in its distribution (default 60, at least 60). */
  readonly nTrials?: number;
  /** Per-test timeout in ms (default: vitest's configured `testTimeout`). */
  readonly timeoutMs?: number;
}

/** Makes a fresh sampler seeded with `seed`. Called once per study the suite creates. */
export type SamplerFactory = (seed: number) => Sampler;

/**
 * Every distribution kind the suite suggests, by parameter name. A sampler that needs to know the
 * space in advance (`GridSampler`) can build its grid from it. The names of the conditional test
 * (`branch`, `aOnly`, `bOnly`, `cDepth`, `cWidth`) are finite distributions too, with more
 * combinations (49) than that test runs trials, so that an exhaustive sampler does not stop early.
 */
export function samplerConformanceSpace(options: Pick<SamplerConformanceOptions, 'continuousFloats'> = {}): Readonly<Record<string, Distribution>> {
  const continuous = options.continuousFloats ?? true;
  return Object.freeze({
    ...(continuous
      ? {
          float: floatDistribution(-3.5, 7.25, {}, 'float'),
          floatLog: floatDistribution(1e-5, 10, { log: true }, 'floatLog'),
        }
      : {}),
    floatStep: floatDistribution(0, 1, { step: 0.1 }, 'floatStep'),
    int: intDistribution(-5, 12, {}, 'int'),
    intLog: intDistribution(1, 1024, { log: true }, 'intLog'),
    intStep: intDistribution(2, 30, { step: 4 }, 'intStep'),
    categorical: categoricalDistribution(['relu', 'tanh', 'gelu'], 'categorical'),
    categoricalJson: categoricalDistribution([null, { units: 32, dropout: 0.1 }, [1, 'two'], 3, true], 'categoricalJson'),
    branch: categoricalDistribution(['a', 'b', 'c'], 'branch'),
    aOnly: floatDistribution(0, 1, { step: 0.05 }, 'aOnly'),
    bOnly: intDistribution(1, 20, {}, 'bOnly'),
    cDepth: intDistribution(1, 4, {}, 'cDepth'),
    cWidth: categoricalDistribution([8, 16, 32], 'cWidth'),
  });
}

const CONDITIONAL = new Set(['branch', 'aOnly', 'bOnly', 'cDepth', 'cWidth']);

/** A pruner that never prunes: the suite tests samplers, not pruners. */
const neverPrune: Pruner = { prune: () => false };

const quiet = { progress: false, logger: false } as const;

/**
 * Registers (with vitest's `describe` / `it`) the tests every sampler must pass:
 * samples stay in their distribution for every distribution kind (float, log, step, int, int-log,
 * int-step, categorical with string, object, array, number, boolean and null choices) over a run of
 * `nTrials` trials; a seeded study with `concurrency: 1` is reproduced exactly by the same seed and
 * differs under another; conditional spaces; a history of failed trials only; pruned trials that
 * reported NaN; multi-objective studies (or a clear error); `concurrency: 4`; ask-and-tell with fixed
 * distributions.
 *
 * ```ts
 * import { describeSamplerConformance } from '@tunekit/core/testing';
 * describeSamplerConformance('TPESampler', (seed) => new TPESampler({ seed }));
 * ```
 */
export function describeSamplerConformance(name: string, makeSampler: SamplerFactory, options: SamplerConformanceOptions = {}): void {
  const nTrials = options.nTrials ?? 60;
  if (!Number.isSafeInteger(nTrials) || nTrials < 60) throw new InvalidArgumentError('describeSamplerConformance nTrials', nTrials, 'an integer >= 60');
  const space = samplerConformanceSpace(options);
  const mainNames = Object.keys(space).filter((param) => !CONDITIONAL.has(param));
  const test = (title: string, body: () => Promise<void>) => it(title, body, options.timeoutMs);

  const newStudy = (seed: number, directions: readonly StudyDirection[] = ['minimize']) => createStudy({ sampler: makeSampler(seed), pruner: neverPrune, directions });

  /** Suggest every main parameter (in a fixed order) and score them. */
  const suggestMain = (trial: Trial): number => {
    let score = 0;
    for (const param of mainNames) score += numeric(trial.suggest(param, space[param] as Distribution));
    return score;
  };

  /** The conditional objective: which names a trial suggests depends on `branch` (and `cDepth`). */
  const suggestConditional = (trial: Trial): number => {
    const branch = trial.suggest('branch', space.branch as Distribution);
    if (branch === 'a') return numeric(trial.suggest('aOnly', space.aOnly as Distribution));
    if (branch === 'b') return 2 + numeric(trial.suggest('bOnly', space.bOnly as Distribution));
    const depth = numeric(trial.suggest('cDepth', space.cDepth as Distribution));
    return depth > 2 ? depth * numeric(trial.suggest('cWidth', space.cWidth as Distribution)) : depth;
  };

  /** Every param of every trial lies in its distribution, and in the one the suite suggested. */
  const expectInRange = (trials: readonly FrozenTrial[]) => {
    for (const trial of trials) {
      for (const [param, value] of Object.entries(trial.params)) {
        const dist = space[param] as Distribution;
        expect(dist, `trial ${trial.number} has an unexpected param '${param}'`).toBeDefined();
        expect(trial.distributions[param]).toEqual(dist);
        expect(containsExternal(dist, value), `trial ${trial.number}: '${param}' = ${JSON.stringify(value)} lies outside ${JSON.stringify(dist)}`).toBe(true);
        if (dist.type === 'int') expect(Number.isInteger(value), `'${param}' = ${value} is not an integer`).toBe(true);
      }
    }
  };

  const runSeeded = async (seed: number, trials: number): Promise<readonly FrozenTrial[]> => {
    const study = await createStudy({ sampler: makeSampler(seed), pruner: neverPrune });
    await study.optimize((trial) => suggestMain(trial) + suggestConditional(trial), { nTrials: trials, concurrency: 1, ...quiet });
    return study.getTrials();
  };

  describe(`sampler conformance: ${name}`, () => {
    test(`keeps every sample inside its distribution over ${nTrials} trials`, async () => {
      const study = await newStudy(11);
      const result = await study.optimize(suggestMain, { nTrials, ...quiet });
      expect(result.trials).toHaveLength(nTrials);
      const trials = await study.getTrials();
      expect(trials).toHaveLength(nTrials);
      for (const trial of trials) {
        expect(trial.state).toBe('complete');
        expect(Object.keys(trial.params).sort()).toEqual([...mainNames].sort());
      }
      expectInRange(trials);
      // Categorical values come back as the choices themselves (objects and arrays deep-equal).
      const json = space.categoricalJson as Distribution & { type: 'categorical' };
      for (const trial of trials) expect(json.choices).toContainEqual(trial.params.categoricalJson);
    });

    test('reproduces a seeded study exactly and differs under another seed', async () => {
      const first = await runSeeded(7, 30);
      const second = await runSeeded(7, 30);
      const other = await runSeeded(8, 30);
      expect(first).toHaveLength(30);
      expect(second.map((trial) => trial.params)).toEqual(first.map((trial) => trial.params));
      expect(second.map((trial) => trial.values)).toEqual(first.map((trial) => trial.values));
      expect(other.map((trial) => trial.params)).not.toEqual(first.map((trial) => trial.params));
    });

    test('samples conditional spaces (params suggested only in some branches)', async () => {
      const study = await newStudy(21);
      await study.optimize(suggestConditional, { nTrials: 40, ...quiet });
      const trials = await study.getTrials();
      expect(trials).toHaveLength(40);
      const branches = new Set<ParamValue>();
      for (const trial of trials) {
        expect(trial.state).toBe('complete');
        const branch = trial.params.branch;
        branches.add(branch as ParamValue);
        const expected = branch === 'a' ? ['aOnly', 'branch'] : branch === 'b' ? ['bOnly', 'branch'] : (trial.params.cDepth as number) > 2 ? ['branch', 'cDepth', 'cWidth'] : ['branch', 'cDepth'];
        expect(Object.keys(trial.params).sort()).toEqual(expected);
      }
      expect(branches.size, 'the conditional study only ever took one branch').toBeGreaterThanOrEqual(2);
      expectInRange(trials);
    });

    test('keeps sampling when every trial fails', async () => {
      const study = await newStudy(31);
      const result = await study.optimize(
        (trial) => {
          suggestMain(trial);
          suggestConditional(trial);
          throw new RangeError('objective always fails');
        },
        { nTrials: 25, catch: [RangeError], ...quiet },
      );
      expect(result.trials).toHaveLength(25);
      const trials = await study.getTrials();
      expect(trials.map((trial) => trial.state)).toEqual(Array(25).fill('fail'));
      for (const trial of trials) expect(trial.params).toHaveProperty('branch');
      expectInRange(trials);
    });

    test('keeps sampling after pruned trials that reported NaN', async () => {
      const study = await newStudy(41);
      await study.optimize(
        (trial) => {
          const score = suggestMain(trial) + suggestConditional(trial);
          if (trial.number % 3 === 2) return score;
          // Pruned with only NaN reported (no usable value), or with NaN then a finite value.
          trial.report(Number.NaN, 0);
          if (trial.number % 3 === 1) trial.report(score, 1);
          throw new TrialPruned();
        },
        { nTrials: 30, ...quiet },
      );
      const trials = await study.getTrials();
      expect(trials).toHaveLength(30);
      for (const trial of trials) expect(trial.state).toBe(trial.number % 3 === 2 ? 'complete' : 'pruned');
      expectInRange(trials);
    });

    if ((options.multiObjective ?? 'supported') === 'supported') {
      test('samples multi-objective studies', async () => {
        const study = await newStudy(51, ['minimize', 'maximize']);
        await study.optimize((trial) => {
          const score = suggestMain(trial);
          return [score, suggestConditional(trial) - score];
        }, { nTrials: 30, ...quiet });
        const trials = await study.getTrials();
        expect(trials).toHaveLength(30);
        for (const trial of trials) {
          expect(trial.state).toBe('complete');
          expect(trial.values).toHaveLength(2);
        }
        expectInRange(trials);
        expect(study.bestTrials.length).toBeGreaterThan(0);
      });
    } else {
      test('rejects multi-objective studies at ask with a clear error', async () => {
        const study = await newStudy(51, ['minimize', 'maximize']);
        const fixed = { int: space.int as Distribution, categorical: space.categorical as Distribution };
        let caught: unknown;
        try {
          await study.ask(fixed);
        } catch (error) {
          caught = error;
        }
        expect(TunekitError.isInstance(caught), `ask on a 2-objective study should throw a TunekitError, got ${String(caught)}`).toBe(true);
        expect((caught as Error).message).toMatch(/objective/i);
        // The trial that was created is not left running.
        const trials = await study.getTrials();
        expect(trials.every((trial) => trial.state === 'fail')).toBe(true);
      });
    }

    test('samples with concurrency 4', async () => {
      const study = await newStudy(61);
      const result = await study.optimize(
        async (trial) => {
          const score = suggestMain(trial);
          // Interleave the trials: each waits a little (1-3 timer turns) between its suggestions.
          for (let turn = 0; turn <= trial.number % 3; turn++) await new Promise((resolve) => setTimeout(resolve, 1));
          return score + suggestConditional(trial);
        },
        { nTrials: 40, concurrency: 4, ...quiet },
      );
      expect(result.trials).toHaveLength(40);
      const trials = await study.getTrials();
      expect(trials.map((trial) => trial.number)).toEqual(Array.from({ length: 40 }, (_, index) => index));
      for (const trial of trials) expect(trial.state).toBe('complete');
      expectInRange(trials);
    });

    test('serves ask-and-tell with fixed distributions', async () => {
      const study = await newStudy(71);
      const fixed = Object.fromEntries(mainNames.map((param) => [param, space[param] as Distribution]));
      for (let index = 0; index < 20; index++) {
        const trial = await study.ask(fixed);
        expect(Object.keys(trial.params).sort()).toEqual([...mainNames].sort());
        // Suggesting a fixed name again returns the value chosen at ask.
        expect(trial.suggest('int', space.int as Distribution)).toBe(trial.params.int);
        const told = await study.tell(trial, suggestMain(trial) + suggestConditional(trial));
        expect(told.state).toBe('complete');
      }
      const trials = await study.getTrials();
      expect(trials).toHaveLength(20);
      expectInRange(trials);
    });
  });
}

/** A number for the objective from any param value (categoricals by their position in JSON). */
function numeric(value: ParamValue): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return JSON.stringify(value).length;
}
