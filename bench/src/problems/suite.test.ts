import { readFileSync } from 'node:fs';
import { InvalidArgumentError, SeededRandom } from '@tunekit/core';
import type { JsonValue, SearchSpace } from '@tunekit/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  SUITE_TOLERANCE,
  benchmarkProblems,
  defineSpace,
  getBenchmarkProblem,
  parseSuite,
  regret,
  suite,
  withinSuiteTolerance,
} from './suite.js';
import type { BenchmarkProblem, SuggestingTrial } from './suite.js';

const dataFile = (name: string) => new URL(`../../data/${name}`, import.meta.url);
const readJson = (name: string): unknown => JSON.parse(readFileSync(dataFile(name), 'utf8'));

/** A trial that draws uniformly from each range (seeded) and records what it was asked. */
class UniformTrial implements SuggestingTrial {
  readonly calls: unknown[][] = [];
  constructor(private readonly rng: SeededRandom) {}
  suggestFloat(name: string, low: number, high: number, options?: { readonly log?: boolean }): number {
    this.calls.push(['float', name, low, high, options?.log]);
    return options?.log ? Math.exp(this.rng.uniform(Math.log(low), Math.log(high))) : this.rng.uniform(low, high);
  }
  suggestInt(name: string, low: number, high: number, options?: { readonly log?: boolean }): number {
    this.calls.push(['int', name, low, high, options?.log]);
    return this.rng.int(low, high);
  }
  suggestCategorical(name: string, choices: readonly string[]): string {
    this.calls.push(['categorical', name, choices]);
    return this.rng.choice(choices);
  }
}

describe('suite.json', () => {
  it('holds the ten problems of the shared suite, in order', () => {
    expect(benchmarkProblems.map((problem) => problem.name)).toEqual([
      'branin', 'hartmann6', 'rosenbrock5', 'ackley10', 'styblinski_tang10',
      'levy8', 'rastrigin6', 'gbm_like', 'mlp_like', 'svm_like',
    ]);
    expect(suite.conventions.direction).toBe('minimize');
    // SUITE_TOLERANCE restates the suite's own convention; fail if the file's text changes.
    expect(suite.conventions.test_vector_tolerance).toContain('1e-9 * max(1, |value|)');
    expect(SUITE_TOLERANCE).toBe(1e-9);
  });

  it('exposes each space as tunekit distributions that match the JSON', () => {
    const raw = readJson('suite.json') as { problems: { name: string; space: Record<string, unknown>[] }[] };
    for (const rawProblem of raw.problems) {
      const problem = getBenchmarkProblem(rawProblem.name);
      expect(Object.keys(problem.space)).toEqual(rawProblem.space.map((param) => param.name));
      expect(problem.dim).toBe(rawProblem.space.length);
      for (const param of rawProblem.space) {
        const dist = problem.space[param.name as string]!;
        expect(dist.type).toBe(param.type);
        if (dist.type === 'categorical') expect(dist.choices).toEqual(param.choices);
        else expect({ low: dist.low, high: dist.high, log: dist.log }).toEqual({ low: param.low, high: param.high, log: param.log });
      }
    }
    const gbm = getBenchmarkProblem('gbm_like').space;
    expect(gbm.n_estimators).toEqual({ type: 'int', low: 10, high: 1000, log: true, step: 1 });
    expect(gbm.learning_rate).toEqual({ type: 'float', low: 1e-4, high: 1, log: true, step: undefined });
    expect(getBenchmarkProblem('svm_like').space.kernel).toEqual({ type: 'categorical', choices: ['linear', 'poly', 'rbf', 'sigmoid'] });
    expectTypeOf(gbm).toExtend<SearchSpace>();
  });
});

describe.each(benchmarkProblems.map((problem) => [problem.name, problem] as const))('%s', (_name, problem) => {
  it('reproduces every test vector within the suite tolerance', () => {
    expect(problem.testVectors.length).toBeGreaterThanOrEqual(3);
    for (const vector of problem.testVectors) {
      const actual = problem.evaluate(vector.params);
      const allowed = SUITE_TOLERANCE * Math.max(1, Math.abs(vector.value));
      expect(Math.abs(actual - vector.value), `${JSON.stringify(vector.params)} → ${actual}, expected ${vector.value}`).toBeLessThanOrEqual(allowed);
    }
  });

  it('evaluates its optimum point to the optimum value', () => {
    const value = problem.evaluate(problem.optimum.params);
    expect(withinSuiteTolerance(value, problem.optimum.value), `${value} vs ${problem.optimum.value}`).toBe(true);
    expect(regret(problem, value)).toBeLessThanOrEqual(SUITE_TOLERANCE * Math.max(1, Math.abs(problem.optimum.value)));
  });

  it('never goes below the optimum at 500 random points of its space', () => {
    const trial = new UniformTrial(new SeededRandom(7));
    for (let i = 0; i < 500; i++) {
      const value = problem.evaluate(defineSpace(trial, problem));
      expect(Number.isFinite(value)).toBe(true);
      expect(value).toBeGreaterThanOrEqual(problem.optimum.value - SUITE_TOLERANCE * Math.max(1, Math.abs(problem.optimum.value)));
    }
  });

  it('gives a finite value for every choice of every categorical parameter', () => {
    for (const [name, dist] of Object.entries(problem.space)) {
      if (dist.type !== 'categorical') continue;
      const values = dist.choices.map((choice) => problem.evaluate({ ...problem.optimum.params, [name]: choice }));
      for (const value of values) expect(Number.isFinite(value)).toBe(true);
      // Switching away from the optimum's choice costs something (the choice is not ignored).
      expect(values.filter((value) => withinSuiteTolerance(value, problem.optimum.value))).toHaveLength(1);
    }
  });
});

describe('evaluate', () => {
  const gbm = getBenchmarkProblem('gbm_like');
  const branin = getBenchmarkProblem('branin');

  function errorOf(run: () => unknown): InvalidArgumentError {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidArgumentError);
      return error as InvalidArgumentError;
    }
    throw new Error('expected an InvalidArgumentError');
  }

  it('names the missing parameter', () => {
    const { subsample: _omitted, ...rest } = gbm.optimum.params;
    const error = errorOf(() => gbm.evaluate(rest));
    expect(error.field).toBe('gbm_like.subsample');
    expect(error.message).toContain('a number in [0.3, 1]');
  });

  it('rejects values outside the space instead of scoring them', () => {
    expect(errorOf(() => branin.evaluate({ x0: 10.5, x1: 3 })).field).toBe('branin.x0');
    expect(errorOf(() => gbm.evaluate({ ...gbm.optimum.params, max_depth: 6.5 })).field).toBe('gbm_like.max_depth');
    expect(errorOf(() => gbm.evaluate({ ...gbm.optimum.params, learning_rate: 0 })).field).toBe('gbm_like.learning_rate');
    const error = errorOf(() => gbm.evaluate({ ...gbm.optimum.params, booster: 'xgb' }));
    expect(error.field).toBe('gbm_like.booster');
    expect(error.message).toContain('["gbtree", "dart", "gblinear"]');
    expect(errorOf(() => gbm.evaluate({ ...gbm.optimum.params, booster: 0 })).field).toBe('gbm_like.booster');
    expect(errorOf(() => branin.evaluate({ x0: '1', x1: 3 })).field).toBe('branin.x0');
  });

  it('ignores keys that are not in the space (tol is in the space but has no effect)', () => {
    expect(branin.evaluate({ x0: Math.PI, x1: 2.275, extra: 'ignored' })).toBe(branin.evaluate({ x0: Math.PI, x1: 2.275 }));
    const svm = getBenchmarkProblem('svm_like');
    expect(svm.evaluate({ ...svm.optimum.params, tol: 1e-6 })).toBe(svm.evaluate({ ...svm.optimum.params, tol: 0.1 }));
  });

  it('throws for an unknown problem name, listing the known ones', () => {
    expect(() => getBenchmarkProblem('sphere')).toThrow(/"branin".*"svm_like"/);
  });
});

describe('defineSpace', () => {
  it('suggests every parameter once, in order, with its range, log flag and choices', () => {
    const problem = getBenchmarkProblem('mlp_like');
    const trial = new UniformTrial(new SeededRandom(1));
    const params = defineSpace(trial, problem);
    expect(trial.calls).toEqual([
      ['categorical', 'optimizer', ['sgd', 'momentum', 'adam', 'rmsprop']],
      ['float', 'learning_rate', 1e-5, 1, true],
      ['int', 'batch_size', 16, 1024, true],
      ['int', 'n_layers', 1, 8, false],
      ['float', 'dropout', 0, 0.8, false],
      ['float', 'weight_decay', 1e-6, 0.1, true],
      ['categorical', 'activation', ['relu', 'tanh', 'sigmoid']],
    ]);
    expect(Object.keys(params)).toEqual(Object.keys(problem.space));
    expect(typeof params.optimizer).toBe('string');
    expect(Number.isInteger(params.batch_size)).toBe(true);
  });

  it('returns exactly what the trial suggested', () => {
    const fixed: SuggestingTrial = {
      suggestFloat: (name) => (name === 'x0' ? Math.PI : 2.275),
      suggestInt: () => 0,
      suggestCategorical: (_name, choices) => choices[0]!,
    };
    const problem = getBenchmarkProblem('branin');
    expect(defineSpace(fixed, problem)).toEqual({ x0: Math.PI, x1: 2.275 });
    expect(withinSuiteTolerance(problem.evaluate(defineSpace(fixed, problem)), problem.optimum.value)).toBe(true);
  });

  it("accepts a trial shaped like the API's Trial (generic suggestCategorical, step option)", () => {
    interface ApiLikeTrial {
      suggestFloat(name: string, low: number, high: number, options?: { readonly log?: boolean; readonly step?: number }): number;
      suggestInt(name: string, low: number, high: number, options?: { readonly log?: boolean; readonly step?: number }): number;
      suggestCategorical<const T extends JsonValue>(name: string, choices: readonly T[]): T;
    }
    expectTypeOf<ApiLikeTrial>().toExtend<SuggestingTrial>();
  });
});

describe('parseSuite', () => {
  const raw = () => structuredClone(readJson('suite.json')) as { problems: Record<string, unknown>[] };

  it('rebuilds the same problems from the raw JSON', () => {
    expect(parseSuite(raw()).problems.map((problem: BenchmarkProblem) => problem.name)).toEqual(benchmarkProblems.map((p) => p.name));
  });

  it('rejects a problem without an implementation, naming its JSON path', () => {
    const json = raw();
    json.problems[2]!.name = 'sphere5';
    expect(() => parseSuite(json)).toThrow(/suite\.json problems\[2\]\.name.*"sphere5"/);
  });

  it('rejects a dim that disagrees with the space', () => {
    const json = raw();
    json.problems[0]!.dim = 3;
    expect(() => parseSuite(json)).toThrow(/problems\[0\]\.dim/);
  });

  it('rejects a test vector outside the space', () => {
    const json = raw();
    const vectors = json.problems[7]!.test_vectors as { x: Record<string, unknown> }[];
    vectors[1]!.x.booster = 'catboost';
    expect(() => parseSuite(json)).toThrow(/problems\[7\]\.test_vectors\[1\]\.x\.booster/);
  });
});

describe("Optuna's figures in bench/data", () => {
  it('cover every problem of the suite with the same optimum, from Optuna 3.1', () => {
    const bench = readJson('optuna-bench.json') as {
      meta: { optuna_version: string };
      results: Record<string, { optimum: number; samplers: Record<string, unknown> }>;
    };
    expect(bench.meta.optuna_version).toBe('3.1.0');
    expect(Object.keys(bench.results).sort()).toEqual(benchmarkProblems.map((p) => p.name).sort());
    for (const problem of benchmarkProblems) {
      expect(bench.results[problem.name]!.optimum).toBe(problem.optimum.value);
      expect(Object.keys(bench.results[problem.name]!.samplers)).toEqual(expect.arrayContaining(['random', 'tpe', 'tpe_mv']));
    }
  });

  it('include the overhead and random-forest runs', () => {
    const overhead = readJson('optuna-overhead.json') as { meta: { optuna_version: string }; results: Record<string, unknown> };
    expect(overhead.meta.optuna_version).toBe('3.1.0');
    expect(Object.keys(overhead.results)).toEqual(expect.arrayContaining(['inmemory', 'sqlite', 'sqlite_multiprocess']));
    const rf = readJson('optuna-rf.json') as { meta: { optuna_version: string }; results: Record<string, unknown> };
    expect(rf.meta.optuna_version).toBe('3.1.0');
    expect(Object.keys(rf.results).sort()).toEqual(['breast_cancer', 'digits']);
  });
});
