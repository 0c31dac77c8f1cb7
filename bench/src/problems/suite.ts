import { readFileSync } from 'node:fs';
import {
  InvalidArgumentError,
  categoricalDistribution,
  containsExternal,
  floatDistribution,
  intDistribution,
} from '@tunekit/core';
import type { CategoricalDistribution, FloatDistribution, IntDistribution, ParamValue } from '@tunekit/core';
import { ackley } from './ackley.js';
import { branin } from './branin.js';
import { gbmLike } from './gbm-like.js';
import { hartmann6 } from './hartmann6.js';
import { levy } from './levy.js';
import { mlpLike } from './mlp-like.js';
import { rastrigin } from './rastrigin.js';
import { rosenbrock } from './rosenbrock.js';
import { styblinskiTang } from './styblinski-tang.js';
import { svmLike } from './svm-like.js';

/** One point of a problem: a number for each float/int parameter, a string for each categorical. */
export type BenchmarkParams = Readonly<Record<string, number | string>>;

/** The distribution kinds the suite uses (its categoricals always have string choices). */
export type BenchmarkDistribution = FloatDistribution | IntDistribution | CategoricalDistribution<string>;

/**
 * A problem's search space, parameter name → distribution, in suite.json's order. Assignable to
 * tunekit's `SearchSpace`, so it can be handed to `study.ask(space)` or a sampler directly.
 */
export type BenchmarkSpace = Readonly<Record<string, BenchmarkDistribution>>;

/** A reference point from suite.json and its value computed by the Python reference. */
export interface BenchmarkTestVector {
  readonly params: BenchmarkParams;
  readonly value: number;
}

/** One minimisation problem of the suite (formulas: bench/README.md → FUNCTIONS.md). */
export interface BenchmarkProblem {
  /** suite.json's name, e.g. `'branin'`, `'gbm_like'`. */
  readonly name: string;
  readonly description: string;
  /** Number of parameters. */
  readonly dim: number;
  /** True when every parameter is a plain float (CMA-ES and QMC apply without fallbacks). */
  readonly floatOnly: boolean;
  /** Every parameter as a tunekit distribution. */
  readonly space: BenchmarkSpace;
  /**
   * The known global minimum `value` and one minimiser `params`. `evaluate(optimum.params)` equals
   * `optimum.value` within the suite's tolerance (Ackley and Levy give 4.4e-16 and 1.5e-32, not 0).
   */
  readonly optimum: { readonly value: number; readonly params: BenchmarkParams };
  /** suite.json's test vectors; every implementation must reproduce them (see `withinSuiteTolerance`). */
  readonly testVectors: readonly BenchmarkTestVector[];
  /**
   * The objective, to minimise. Deterministic and pure. Throws `InvalidArgumentError` (field
   * `'<problem>.<param>'`) when a parameter of the space is missing or not inside its
   * distribution: a sampler that strays outside the box must not be scored there. Keys that are
   * not in the space are ignored.
   */
  evaluate(params: Readonly<Record<string, ParamValue>>): number;
}

/** The whole suite as loaded from `bench/data/suite.json`. */
export interface BenchmarkSuite {
  readonly version: number;
  readonly description: string;
  /** suite.json's free-text conventions (direction, sampling, test vector tolerance). */
  readonly conventions: Readonly<Record<string, string>>;
  /** Every problem, in suite.json's order. */
  readonly problems: readonly BenchmarkProblem[];
}

/**
 * What `defineSpace` needs from a trial: tunekit's `Trial` satisfies it (typed structurally so
 * that this module does not depend on the class).
 */
export interface SuggestingTrial {
  suggestFloat(name: string, low: number, high: number, options?: { readonly log?: boolean }): number;
  suggestInt(name: string, low: number, high: number, options?: { readonly log?: boolean }): number;
  suggestCategorical(name: string, choices: readonly string[]): string;
}

/**
 * The suite's relative tolerance for test vectors: `|f(x) − value| ≤ 1e-9 · max(1, |value|)`
 * (suite.json `conventions.test_vector_tolerance`). It absorbs the few-ulp differences between
 * CPython's libm and V8's `Math.*`.
 */
export const SUITE_TOLERANCE = 1e-9;

/** Whether `actual` matches `expected` within {@link SUITE_TOLERANCE}. */
export function withinSuiteTolerance(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= SUITE_TOLERANCE * Math.max(1, Math.abs(expected));
}

/** `bestValue − optimum.value`: how far a run's best value is from the known global minimum. */
export function regret(problem: BenchmarkProblem, bestValue: number): number {
  return bestValue - problem.optimum.value;
}

/**
 * Suggest every parameter of `problem` through `trial`, in the space's order, and return the
 * suggested point (ready for `problem.evaluate`):
 * `study.optimize((trial) => problem.evaluate(defineSpace(trial, problem)))`.
 */
export function defineSpace(trial: SuggestingTrial, problem: BenchmarkProblem): Record<string, number | string> {
  const params: Record<string, number | string> = {};
  for (const [name, dist] of Object.entries(problem.space)) {
    switch (dist.type) {
      case 'float':
        params[name] = trial.suggestFloat(name, dist.low, dist.high, { log: dist.log });
        break;
      case 'int':
        params[name] = trial.suggestInt(name, dist.low, dist.high, { log: dist.log });
        break;
      case 'categorical':
        params[name] = trial.suggestCategorical(name, dist.choices);
        break;
    }
  }
  return params;
}

type Implementation = (params: BenchmarkParams, problem: { readonly name: string; readonly dim: number }) => number;

/** Continuous problems take the vector `x0 … x{d−1}` (FUNCTIONS.md conventions). */
function continuous(fn: (x: readonly number[]) => number): Implementation {
  return (params, problem) => {
    const x = new Array<number>(problem.dim);
    for (let i = 0; i < problem.dim; i++) x[i] = params[`x${i}`] as number;
    return fn(x);
  };
}

// Values reach these casts only after `evaluate` checked each one against the problem's space.
const IMPLEMENTATIONS: Readonly<Record<string, Implementation>> = {
  branin: continuous(branin),
  hartmann6: continuous(hartmann6),
  rosenbrock5: continuous(rosenbrock),
  ackley10: continuous(ackley),
  styblinski_tang10: continuous(styblinskiTang),
  levy8: continuous(levy),
  rastrigin6: continuous(rastrigin),
  gbm_like: (params) => gbmLike(params as unknown as Parameters<typeof gbmLike>[0]),
  mlp_like: (params) => mlpLike(params as unknown as Parameters<typeof mlpLike>[0]),
  svm_like: (params) => svmLike(params as unknown as Parameters<typeof svmLike>[0]),
};

/** `["a", "b"]` in full (`describeValue` shortens long lists, which would hide the names asked for). */
function listNames(names: readonly string[]): string {
  return `[${names.map((name) => JSON.stringify(name)).join(', ')}]`;
}

function describeDistribution(dist: BenchmarkDistribution): string {
  switch (dist.type) {
    case 'float':
      return `a number in [${dist.low}, ${dist.high}]`;
    case 'int':
      return `an integer in [${dist.low}, ${dist.high}]`;
    case 'categorical':
      return `one of ${listNames(dist.choices)}`;
  }
}

// --------------------------------------------------------------------------- parsing suite.json

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field<T>(object: Record<string, unknown>, key: string, path: string, expected: string, check: (value: unknown) => value is T): T {
  const value = object[key];
  if (!check(value)) throw new InvalidArgumentError(`suite.json ${path}.${key}`, value, expected);
  return value;
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const isArray = (value: unknown): value is unknown[] => Array.isArray(value);

function parseDistribution(raw: unknown, path: string): [string, BenchmarkDistribution] {
  if (!isRecord(raw)) throw new InvalidArgumentError(`suite.json ${path}`, raw, 'a parameter object');
  const name = field(raw, 'name', path, 'a string', isString);
  const type = field(raw, 'type', path, "'float', 'int' or 'categorical'", (v): v is string => v === 'float' || v === 'int' || v === 'categorical');
  if (type === 'categorical') {
    const choices = field(raw, 'choices', path, 'an array of strings', (v): v is string[] => isArray(v) && v.every(isString));
    return [name, categoricalDistribution(choices, name)];
  }
  const low = field(raw, 'low', path, 'a finite number', isNumber);
  const high = field(raw, 'high', path, 'a finite number', isNumber);
  const log = field(raw, 'log', path, 'a boolean', isBoolean);
  return [name, type === 'float' ? floatDistribution(low, high, { log }, name) : intDistribution(low, high, { log }, name)];
}

function parsePoint(raw: unknown, path: string, space: BenchmarkSpace): BenchmarkParams {
  if (!isRecord(raw)) throw new InvalidArgumentError(`suite.json ${path}`, raw, 'an object of parameter values');
  const names = Object.keys(space);
  const keys = Object.keys(raw);
  if (keys.length !== names.length || !names.every((name) => Object.hasOwn(raw, name))) {
    throw new InvalidArgumentError(`suite.json ${path}`, keys, `exactly the parameters ${listNames(names)}`);
  }
  for (const name of names) {
    const value = raw[name];
    if (!(isNumber(value) || isString(value)) || !containsExternal(space[name]!, value)) {
      throw new InvalidArgumentError(`suite.json ${path}.${name}`, value, describeDistribution(space[name]!));
    }
  }
  return Object.freeze({ ...(raw as Record<string, number | string>) });
}

function parseProblem(raw: unknown, index: number): BenchmarkProblem {
  const path = `problems[${index}]`;
  if (!isRecord(raw)) throw new InvalidArgumentError(`suite.json ${path}`, raw, 'a problem object');
  const name = field(raw, 'name', path, 'a string', isString);
  const implementation = IMPLEMENTATIONS[name];
  if (implementation === undefined) {
    throw new InvalidArgumentError(`suite.json ${path}.name`, name, `one of the implemented problems ${listNames(Object.keys(IMPLEMENTATIONS))}`);
  }
  const description = field(raw, 'description', path, 'a string', isString);
  const dim = field(raw, 'dim', path, 'a positive integer', (v): v is number => Number.isSafeInteger(v) && (v as number) > 0);
  const floatOnly = field(raw, 'float_only', path, 'a boolean', isBoolean);
  const rawSpace = field(raw, 'space', path, 'an array of parameters', isArray);
  const space: Record<string, BenchmarkDistribution> = {};
  rawSpace.forEach((entry, i) => {
    const [paramName, dist] = parseDistribution(entry, `${path}.space[${i}]`);
    if (Object.hasOwn(space, paramName)) throw new InvalidArgumentError(`suite.json ${path}.space[${i}].name`, paramName, 'a name not used before');
    space[paramName] = dist;
  });
  const names = Object.keys(space);
  if (names.length !== dim) throw new InvalidArgumentError(`suite.json ${path}.dim`, dim, `the number of parameters (${names.length})`);
  const allFloat = Object.values(space).every((dist) => dist.type === 'float');
  if (floatOnly !== allFloat) throw new InvalidArgumentError(`suite.json ${path}.float_only`, floatOnly, `${allFloat} (what the space holds)`);
  if (floatOnly && !names.every((paramName, i) => paramName === `x${i}`)) {
    throw new InvalidArgumentError(`suite.json ${path}.space`, names, 'continuous parameters named x0 … x{d-1} in order');
  }
  Object.freeze(space);

  const rawOptimum = field(raw, 'optimum', path, 'an object', isRecord);
  const optimum = Object.freeze({
    value: field(rawOptimum, 'value', `${path}.optimum`, 'a finite number', isNumber),
    params: parsePoint(rawOptimum.x, `${path}.optimum.x`, space),
  });
  const testVectors = Object.freeze(
    field(raw, 'test_vectors', path, 'an array', isArray).map((vector, i) => {
      const vectorPath = `${path}.test_vectors[${i}]`;
      if (!isRecord(vector)) throw new InvalidArgumentError(`suite.json ${vectorPath}`, vector, 'an object {x, value}');
      return Object.freeze({ params: parsePoint(vector.x, `${vectorPath}.x`, space), value: field(vector, 'value', vectorPath, 'a finite number', isNumber) });
    }),
  );

  const shape = { name, dim };
  const evaluate = (params: Readonly<Record<string, ParamValue>>): number => {
    if (!isRecord(params)) throw new InvalidArgumentError(`${name}.params`, params, 'an object of parameter values');
    for (const paramName of names) {
      const dist = space[paramName]!;
      const value = Object.hasOwn(params, paramName) ? params[paramName] : undefined;
      if (value === undefined || !containsExternal(dist, value)) {
        throw new InvalidArgumentError(`${name}.${paramName}`, value, describeDistribution(dist));
      }
    }
    return implementation(params as BenchmarkParams, shape);
  };

  return Object.freeze({ name, description, dim, floatOnly, space, optimum, testVectors, evaluate });
}

/**
 * Validate and build a suite from parsed suite.json content. Every problem must have an
 * implementation here; throws `InvalidArgumentError` naming the offending JSON path otherwise.
 */
export function parseSuite(json: unknown): BenchmarkSuite {
  if (!isRecord(json)) throw new InvalidArgumentError('suite.json', json, 'an object');
  const version = field(json, 'version', '$', 'a number', isNumber);
  const description = field(json, 'description', '$', 'a string', isString);
  const conventions = field(json, 'conventions', '$', 'an object of strings', (v): v is Record<string, string> => isRecord(v) && Object.values(v).every(isString));
  const problems = field(json, 'problems', '$', 'an array', isArray).map(parseProblem);
  const seen = new Set<string>();
  for (const problem of problems) {
    if (seen.has(problem.name)) throw new InvalidArgumentError('suite.json problems[].name', problem.name, 'unique problem names');
    seen.add(problem.name);
  }
  return Object.freeze({ version, description, conventions: Object.freeze({ ...conventions }), problems: Object.freeze(problems) });
}

/** The suite in `bench/data/suite.json` (a copy of the team's shared benchmark folder). */
export const suite: BenchmarkSuite = parseSuite(JSON.parse(readFileSync(new URL('../../data/suite.json', import.meta.url), 'utf8')));

/** Every problem of the suite, in suite.json's order. */
export const benchmarkProblems: readonly BenchmarkProblem[] = suite.problems;

/** The problem called `name`; throws `InvalidArgumentError` listing the known names otherwise. */
export function getBenchmarkProblem(name: string): BenchmarkProblem {
  const problem = benchmarkProblems.find((candidate) => candidate.name === name);
  if (problem === undefined) {
    throw new InvalidArgumentError('problem', name, `one of ${listNames(benchmarkProblems.map((p) => p.name))}`);
  }
  return problem;
}
