import { afterEach, beforeEach, expect, it } from 'vitest';
import { TunekitError } from '../../errors/tunekit-error.js';
import type { FrozenTrial } from '../../protocol/frozen-trial.js';
import type { JsonValue } from '../../protocol/json-value.js';
import type { Storage, StudyRecord } from '../../protocol/storage.js';
import type { StudyDirection } from '../../protocol/trial-state.js';

/** A clock the test controls; `FixedClock` from `@tunekit/core/testing` is one. */
export interface ConformanceClock {
  /** The storage's current time, ms since the epoch. */
  now(): number;
  /** Move the storage's clock forward. */
  advance(ms: number): unknown;
}

/** What the factory hands the suite for one test. */
export interface StorageConformanceContext {
  /** A fresh, open storage. The suite closes it after the test (then calls `cleanup`). */
  readonly storage: Storage;
  /** Drop what the test left behind (a temporary file, a schema). Called after `storage.close()`. */
  readonly cleanup?: () => Promise<void> | void;
  /**
   * The storage's clock, when the test can control it (e.g. `new InMemoryStorage({ now: clock.now })`).
   * Heartbeat and datetime tests then move it instead of waiting in real time, and check datetimes
   * exactly. Without it they sleep, and accept datetimes within `clockToleranceMs` of this process's clock.
   */
  readonly clock?: ConformanceClock;
  /**
   * Where the storage's data lives, as JSON (`{ path }`, `{ connectionString, schema }`): passed to
   * `openStorage(handle)` in each worker process by the multi-process tests (`options.processes`).
   */
  readonly handle?: JsonValue;
}

export type StorageConformanceFactory = () => Promise<StorageConformanceContext> | StorageConformanceContext;

/** Runs the storage suite in several OS processes sharing one database. */
export interface StorageConformanceProcesses {
  /**
   * Absolute path or file URL of a module that exports `openStorage(handle: JsonValue): Promise<Storage>`
   * (named or default export). Each worker process imports it and opens the context's `handle`.
   */
  readonly module: string | URL;
  /** Worker processes racing each other (default 4). */
  readonly count?: number;
  /**
   * Node flags for the workers. Default: `['--conditions=source', '--import', 'tsx']` when the worker
   * or `module` is TypeScript (`tsx` resolved from the working directory), else none.
   */
  readonly execArgv?: readonly string[];
}

export interface StorageConformanceOptions {
  /**
   * Most operations the concurrency tests keep in flight at once (default: all of them, one
   * `Promise.all`). Lower it only for a backend that cannot queue that many calls; the numbers of
   * operations (and so what is checked) stay the same.
   */
  readonly concurrency?: number;
  /** Also race several processes on one database (persistent backends only). */
  readonly processes?: StorageConformanceProcesses;
  /** Per-test timeout in ms (default: vitest's configured `testTimeout`). */
  readonly timeoutMs?: number;
  /** Accepted difference between the storage's clock and this process's, without `context.clock` (default 60 000 ms). */
  readonly clockToleranceMs?: number;
}

/** What every test group gets: the current test's storage, and helpers. */
export interface ConformanceHarness {
  readonly options: StorageConformanceOptions;
  /** The storage of the test being run. */
  storage(): Storage;
  context(): StorageConformanceContext;
  /** A study name no other test (or earlier run on a shared database) uses. */
  uniqueName(label: string): string;
  /** Create a study with a unique name. */
  newStudy(directions?: readonly StudyDirection[], label?: string): Promise<StudyRecord>;
  /** Let `ms` pass on the storage's clock (moves `context.clock`, or sleeps). */
  elapse(ms: number): Promise<void>;
  /**
   * Register a test, with the configured timeout. `skip(note)` ends it as skipped with the reason
   * shown by the reporter (for optional features the storage turns out not to have).
   */
  test(name: string, body: (skip: (note: string) => never) => Promise<void>): void;
  /** Run `count` operations with at most `options.concurrency` in flight; results in index order. */
  all<T>(count: number, operation: (index: number) => Promise<T>): Promise<T[]>;
  /** Like `all`, but collects rejections instead of throwing. */
  settle<T>(count: number, operation: (index: number) => Promise<T>): Promise<PromiseSettledResult<T>[]>;
}

let nameCounter = 0;

export function createConformanceHarness(factory: StorageConformanceFactory, options: StorageConformanceOptions): ConformanceHarness {
  let current: StorageConformanceContext | undefined;
  // One random run id per suite registration: names stay unique on a database shared across runs.
  const runId = globalThis.crypto.randomUUID().slice(0, 8);

  beforeEach(async () => {
    current = await factory();
    if (current === undefined || current === null || typeof current.storage !== 'object') {
      throw new Error('describeStorageConformance: the factory must return { storage, cleanup?, clock?, handle? }');
    }
  });
  afterEach(async () => {
    const context = current;
    current = undefined;
    if (context === undefined) return;
    try {
      await context.storage.close();
    } finally {
      await context.cleanup?.();
    }
  });

  const context = (): StorageConformanceContext => {
    if (current === undefined) throw new Error('describeStorageConformance: no storage outside a test');
    return current;
  };
  const limit = options.concurrency ?? Number.POSITIVE_INFINITY;
  if (!(limit >= 1)) throw new Error(`describeStorageConformance: options.concurrency must be >= 1, got ${String(options.concurrency)}`);

  const settle = async <T>(count: number, operation: (index: number) => Promise<T>): Promise<PromiseSettledResult<T>[]> => {
    const results: PromiseSettledResult<T>[] = new Array(count);
    if (limit >= count) {
      const settled = await Promise.allSettled(Array.from({ length: count }, (_, index) => operation(index)));
      settled.forEach((result, index) => (results[index] = result));
      return results;
    }
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < count) {
        const index = next++;
        try {
          results[index] = { status: 'fulfilled', value: await operation(index) };
        } catch (reason) {
          results[index] = { status: 'rejected', reason };
        }
      }
    };
    await Promise.all(Array.from({ length: limit }, lane));
    return results;
  };

  const harness: ConformanceHarness = {
    options,
    storage: () => context().storage,
    context,
    uniqueName: (label) => `conformance-${label}-${runId}-${++nameCounter}`,
    newStudy: (directions = ['minimize'], label = 'study') =>
      context().storage.createStudy({ studyName: harness.uniqueName(label), directions }),
    elapse: async (ms) => {
      const clock = context().clock;
      if (clock !== undefined) await clock.advance(ms);
      else await new Promise((resolve) => setTimeout(resolve, ms));
    },
    test: (name, body) => {
      const run = (ctx: { skip: (note?: string) => never }): Promise<void> => body((note) => ctx.skip(note));
      if (options.timeoutMs === undefined) it(name, run);
      else it(name, run, options.timeoutMs);
    },
    settle,
    all: async (count, operation) => {
      const settled = await settle(count, operation);
      const failed = settled.find((result) => result.status === 'rejected');
      if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
      return settled.map((result) => (result as PromiseFulfilledResult<Awaited<ReturnType<typeof operation>>>).value);
    },
  };
  return harness;
}

type ErrorClass<E> = abstract new (...args: never[]) => E;

/**
 * Await `action()` and check it rejects with a `TunekitError` of `errorClass` (matched by name, so
 * duplicated copies of core still match) carrying `fields`. Storage methods must reject, never
 * throw synchronously, so that callers can batch them with `Promise.all`.
 */
export async function expectRejection<E extends Error>(action: () => Promise<unknown>, errorClass: ErrorClass<E>, fields?: Partial<Record<keyof E, unknown>>): Promise<E> {
  let promise: Promise<unknown>;
  try {
    promise = action();
  } catch (error) {
    throw new Error(`Expected a rejected promise (${errorClass.name}), but the storage threw synchronously: ${String(error)}`);
  }
  let caught: unknown;
  let rejected = false;
  try {
    await promise;
  } catch (error) {
    caught = error;
    rejected = true;
  }
  if (!rejected) expect.fail(`Expected the call to reject with ${errorClass.name}, but it resolved`);
  if (!TunekitError.isInstance(caught) || caught.name !== errorClass.name) {
    expect.fail(`Expected ${errorClass.name}, got ${caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)}`);
  }
  if (fields !== undefined) expect(caught).toMatchObject(fields);
  return caught as unknown as E;
}

/** Doubles whose exact bits every backend must keep (objective and intermediate values). */
export const EDGE_DOUBLES: readonly number[] = Object.freeze([
  0,
  -0,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  -Number.MIN_VALUE,
  5e-324,
  2.2250738585072014e-308, // smallest normal
  2.225073858507201e-308, // largest subnormal
  Number.EPSILON,
  0.1 + 0.2,
  1 / 3,
  -Math.PI,
  2 ** 53 + 2,
  123456789.123456789,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
]);

/** Check the invariants `FrozenTrial` documents, on any record a storage hands out. */
export function expectWellFormedTrial(trial: FrozenTrial, nObjectives: number): void {
  expect(Number.isSafeInteger(trial.trialId), `trialId ${trial.trialId}`).toBe(true);
  expect(Number.isSafeInteger(trial.number) && trial.number >= 0, `number ${trial.number}`).toBe(true);
  expect(['running', 'complete', 'pruned', 'fail', 'waiting']).toContain(trial.state);
  expect(Object.isFrozen(trial), 'the FrozenTrial object is frozen').toBe(true);
  for (const part of ['params', 'distributions', 'userAttrs', 'systemAttrs'] as const) {
    expect(Object.isFrozen(trial[part]), `${part} is frozen`).toBe(true);
  }
  expect(Object.keys(trial.params).sort(), 'params have exactly the keys of distributions').toEqual(Object.keys(trial.distributions).sort());
  for (const dist of Object.values(trial.distributions)) expect(Object.isFrozen(dist), 'each distribution is frozen').toBe(true);
  if (trial.values !== undefined) {
    expect(Object.isFrozen(trial.values), 'values are frozen').toBe(true);
    expect(trial.values).toHaveLength(nObjectives);
  }
  if (trial.state === 'complete') expect(trial.values, 'a complete trial has values').toBeDefined();
  if (trial.state === 'running' || trial.state === 'waiting') expect(trial.values, `a ${trial.state} trial has no values`).toBeUndefined();
  expect(trial.intermediateValues).toBeInstanceOf(Map);
  const steps = [...trial.intermediateValues.keys()];
  expect(steps, 'intermediate values are in ascending step order').toEqual([...steps].sort((a, b) => a - b));
  if (trial.state === 'waiting') expect(trial.datetimeStart, 'a waiting trial has no datetimeStart').toBeUndefined();
  else expect(trial.datetimeStart, `a ${trial.state} trial has a datetimeStart`).toBeInstanceOf(Date);
  if (trial.state === 'complete' || trial.state === 'pruned' || trial.state === 'fail') {
    expect(trial.datetimeComplete, 'a finished trial has a datetimeComplete').toBeInstanceOf(Date);
  } else {
    expect(trial.datetimeComplete, `a ${trial.state} trial has no datetimeComplete`).toBeUndefined();
  }
}

/** Whether two arrays of numbers are equal bit for bit (`Object.is`: -0 is not 0, NaN is NaN). */
export function sameNumbers(actual: readonly number[] | undefined, expected: readonly number[]): boolean {
  return actual !== undefined && actual.length === expected.length && actual.every((value, index) => Object.is(value, expected[index]));
}

export function describeNumbers(values: readonly number[] | undefined): string {
  return values === undefined ? 'undefined' : `[${values.map((value) => (Object.is(value, -0) ? '-0' : String(value))).join(', ')}]`;
}
