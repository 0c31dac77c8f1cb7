import { afterEach, describe, expect, it, vi } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { TrialPruned } from '../errors/trial-pruned.js';
import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { Pruner } from '../protocol/pruner.js';
import type { Sampler } from '../protocol/sampler.js';
import { NopPruner } from '../pruners/nop-pruner.js';
import { RandomSampler } from '../samplers/random-sampler.js';
import { InMemoryStorage } from '../storages/in-memory-storage.js';
import type { Trial } from '../trial/trial.js';
import { createStudy, loadStudy, type CreateStudyOptions } from './create-study.js';
import type { OptimizeOptions } from './run-optimize.js';
import type { Study } from './study.js';

function newStudy(options: CreateStudyOptions = {}): Promise<Study> {
  return createStudy({ storage: new InMemoryStorage(), sampler: new RandomSampler({ seed: 0 }), pruner: new NopPruner(), ...options });
}

/** Quiet defaults for tests: no progress line, failed-trial warnings collected instead of printed. */
function quiet(options: OptimizeOptions = {}): OptimizeOptions & { messages: string[] } {
  const messages: string[] = [];
  return { progress: false, logger: (message: string) => messages.push(message), ...options, messages };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

async function countByState(study: Study): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const trial of await study.storage.getAllTrials(study.studyId)) counts[trial.state] = (counts[trial.state] ?? 0) + 1;
  return counts;
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('optimize: counting and concurrency', () => {
  it('runs nTrials trials and reports them in finishing order', async () => {
    const study = await newStudy();
    const result = await study.optimize((trial) => (trial.suggestFloat('x', -3, 3) - 1) ** 2, quiet({ nTrials: 12 }));
    expect(result.stoppedBy).toBe('nTrials');
    expect(result.trials.map((t) => t.number)).toEqual([...Array(12).keys()]);
    expect(result.trials.every((t) => t.state === 'complete')).toBe(true);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(Object.isFrozen(result.trials)).toBe(true);
    expect(study.bestValue).toBe(Math.min(...result.trials.map((t) => t.values?.[0] as number)));
    // A second call continues the study.
    const more = await study.optimize((trial) => trial.suggestFloat('x', -3, 3), quiet({ nTrials: 3 }));
    expect(more.trials.map((t) => t.number)).toEqual([12, 13, 14]);
  });

  it('keeps `concurrency` trials in flight, never more, and runs exactly nTrials', async () => {
    const study = await newStudy();
    let inFlight = 0;
    let peak = 0;
    const result = await study.optimize(
      async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await sleep(2);
        inFlight--;
        return 1;
      },
      quiet({ nTrials: 10, concurrency: 4 }),
    );
    expect(peak).toBe(4);
    expect(result.trials).toHaveLength(10);
    expect(await study.storage.countTrials(study.studyId)).toBe(10);
    expect(await countByState(study)).toEqual({ complete: 10 });
  });

  it('reaching nTrials lets the last trials in flight finish without aborting their signal', async () => {
    const study = await newStudy();
    const aborted: boolean[] = [];
    await study.optimize(
      async (trial) => {
        await sleep(1 + (trial.number % 3));
        aborted.push(trial.signal.aborted);
        return 0;
      },
      quiet({ nTrials: 9, concurrency: 3 }),
    );
    expect(aborted).toHaveLength(9);
    expect(aborted.every((value) => !value)).toBe(true);
  });

  it('stops when study.stop() is called (from a callback), letting running trials finish', async () => {
    const study = await newStudy();
    let createdAtStop = -1;
    const result = await study.optimize(async () => {
      await tick();
      return 1;
    }, quiet({ concurrency: 2, callbacks: [async (s, trial) => {
      if (trial.number !== 3) return;
      s.stop();
      createdAtStop = await s.storage.countTrials(s.studyId);
    }] }));
    expect(result.stoppedBy).toBe('stop');
    expect(createdAtStop).toBeGreaterThanOrEqual(4);
    expect(result.trials).toHaveLength(createdAtStop); // the one still running finished; nothing new started
    expect(await countByState(study)).toEqual({ complete: createdAtStop });
    // stop() applies to the call that was running, not to the next one.
    expect((await study.optimize(() => 1, quiet({ nTrials: 2 }))).trials).toHaveLength(2);
  });

  it("a sampler can end optimize through its StudyView (e.g. a grid is exhausted); the view is the study's snapshot", async () => {
    const base = new RandomSampler({ seed: 8 });
    const views: string[] = [];
    const sampler: Sampler = {
      inferRelativeSearchSpace: () => ({}),
      sampleRelative: () => ({}),
      sampleIndependent: (...args) => base.sampleIndependent(...args),
      beforeTrial: (view, trial) => {
        views.push(`${view.studyName} #${trial.number}: ${view.getTrials().length} trials, ${view.getTrials({ states: ['complete'] }).length} complete, attrs ${JSON.stringify(view.systemAttrs)}`);
        expect(view.getTrials({ states: ['complete'] })).toBe(view.getTrials({ states: ['complete'] })); // cached per snapshot
        if (trial.number === 2) view.stop();
      },
    };
    const study = await newStudy({ sampler, studyName: 'grid' });
    await study.setSystemAttr('space', 'xy');
    const result = await study.optimize((trial) => trial.suggestFloat('x', 0, 1), quiet({ nTrials: 10 }));
    expect(result.stoppedBy).toBe('stop');
    expect(result.trials).toHaveLength(3); // the trial being started still runs
    expect(views).toEqual(['grid #0: 1 trials, 0 complete, attrs {"space":"xy"}', 'grid #1: 2 trials, 1 complete, attrs {"space":"xy"}', 'grid #2: 3 trials, 2 complete, attrs {"space":"xy"}']);
  });

  it('calls each callback after each trial with the study and the finished record', async () => {
    const study = await newStudy();
    const seen: string[] = [];
    await study.optimize(
      (trial) => {
        if (trial.number === 1) throw new TrialPruned();
        return trial.number;
      },
      quiet({
        nTrials: 3,
        callbacks: [
          (s, trial) => {
            expect(s).toBe(study);
            expect(Object.isFrozen(trial)).toBe(true);
            seen.push(`a${trial.number}:${trial.state}`);
          },
          async (_s, trial) => {
            await tick();
            seen.push(`b${trial.number}`);
          },
        ],
      }),
    );
    expect(seen).toEqual(['a0:complete', 'b0', 'a1:pruned', 'b1', 'a2:complete', 'b2']);
  });

  it('validates its options, naming the field', async () => {
    const study = await newStudy();
    const bad: readonly [OptimizeOptions, string][] = [
      [{ nTrials: -1 }, 'optimize nTrials'],
      [{ nTrials: 1.5 }, 'optimize nTrials'],
      [{ concurrency: 0 }, 'optimize concurrency'],
      [{ maxTrials: -2 }, 'optimize maxTrials'],
      [{ timeout: Number.NaN }, 'optimize timeout'],
      [{ timeout: -1 }, 'optimize timeout'],
      [{ catch: [RangeError, 'TypeError' as never] }, 'optimize catch'],
      [{ callbacks: [1 as never] }, 'optimize callbacks'],
      [{ signal: { aborted: false } as never }, 'optimize signal'],
    ];
    for (const [options, field] of bad) await expect(study.optimize(() => 1, options), field).rejects.toMatchObject({ field });
    await expect(study.optimize('objective' as never)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(await study.storage.countTrials(study.studyId)).toBe(0);
    expect((await study.optimize(() => 1, quiet({ nTrials: 0 }))).trials).toEqual([]);
  });
});

describe('optimize: objective outcomes', () => {
  it('TrialPruned → pruned, with the last reported value', async () => {
    const alwaysPrune: Pruner = { prune: () => true };
    const study = await newStudy({ pruner: alwaysPrune });
    const result = await study.optimize(
      async (trial) => {
        for (let step = 0; step < 10; step++) {
          trial.report(10 - step, step);
          if (step >= 2 && (await trial.shouldPrune())) throw new TrialPruned(`pruned at step ${step}`);
        }
        return 0;
      },
      quiet({ nTrials: 3 }),
    );
    expect(result.trials.map((t) => [t.state, t.values, [...t.intermediateValues.keys()]])).toEqual(Array(3).fill(['pruned', [8], [0, 1, 2]]));
    expect(result.stoppedBy).toBe('nTrials');
  });

  it('NaN, Infinity, non-numbers and the wrong arity fail the trial with a clear reason; the study goes on', async () => {
    const returns: unknown[] = [Number.NaN, Number.NEGATIVE_INFINITY, 'high', undefined, [1, 2], { value: 1 }, 0.5];
    const study = await newStudy();
    const options = quiet({ nTrials: returns.length });
    const result = await study.optimize((trial) => returns[trial.number] as number, options);
    expect(result.stoppedBy).toBe('nTrials');
    expect(result.trials.map((t) => t.state)).toEqual(['fail', 'fail', 'fail', 'fail', 'fail', 'fail', 'complete']);
    expect(result.trials.map((t) => t.systemAttrs.fail_reason)).toEqual([
      'The objective returned NaN; only finite numbers are accepted',
      'The objective returned -Infinity; only finite numbers are accepted',
      'The objective returned the string "high", not a number',
      'The objective returned no value (expected a number)',
      'The objective returned 2 value(s) but the study has 1 direction(s)',
      'The objective returned an object, not a number',
      undefined,
    ]);
    expect(options.messages[0]).toBe('Trial 0 failed: The objective returned NaN; only finite numbers are accepted');
    expect(options.messages).toHaveLength(6);
    expect(study.bestValue).toBe(0.5);

    const multi = await newStudy({ directions: ['minimize', 'maximize'] });
    const multiResult = await multi.optimize((trial) => (trial.number === 0 ? 1 : [1, 2]), quiet({ nTrials: 2 }));
    expect(multiResult.trials.map((t) => t.state)).toEqual(['fail', 'complete']);
    expect(multiResult.trials[0]?.systemAttrs.fail_reason).toBe('The objective returned 1 value(s) but the study has 2 direction(s)');
  });

  it('an uncaught error fails the trial, keeps its message and is rethrown', async () => {
    const study = await newStudy();
    const boom = new Error('boom');
    await expect(
      study.optimize((trial) => {
        if (trial.number === 2) throw boom;
        return 1;
      }, quiet({ nTrials: 10 })),
    ).rejects.toBe(boom);
    const trials = await study.getTrials();
    expect(trials.map((t) => t.state)).toEqual(['complete', 'complete', 'fail']);
    expect(trials[2]?.systemAttrs.fail_reason).toBe('Error: boom');
  });

  it('with concurrency, the other running trials finish cleanly before the rethrow; none is left running', async () => {
    const study = await newStudy();
    const thrown = deferred();
    const started: number[] = [];
    const error = await study
      .optimize(
        async (trial) => {
          started.push(trial.number);
          if (trial.number === 1) {
            await tick();
            thrown.resolve();
            throw new TypeError('bad shape');
          }
          await thrown.promise;
          await sleep(5); // still working when the error happens
          return trial.number;
        },
        quiet({ nTrials: 20, concurrency: 4 }),
      )
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    // Checked right after the rejection: every trial has ended.
    const trials = await study.getTrials();
    expect(trials.filter((t) => t.state === 'running')).toEqual([]);
    expect(started.sort()).toEqual([0, 1, 2, 3]); // no trial started after the error
    expect(trials.map((t) => t.state)).toEqual(['complete', 'fail', 'complete', 'complete']);
    expect(trials[1]?.systemAttrs.fail_reason).toBe('TypeError: bad shape');
  });

  it('errors listed in `catch` (and their subclasses) fail the trial but not the study', async () => {
    class DivergedError extends RangeError {
      override name = 'DivergedError';
    }
    const study = await newStudy();
    const options = quiet({ nTrials: 6, catch: [RangeError] });
    const result = await study.optimize((trial) => {
      if (trial.number === 1) throw new RangeError('lr too high');
      if (trial.number === 3) throw new DivergedError('loss is NaN');
      return trial.number;
    }, options);
    expect(result.trials.map((t) => t.state)).toEqual(['complete', 'fail', 'complete', 'fail', 'complete', 'complete']);
    expect(result.trials[1]?.systemAttrs.fail_reason).toBe('RangeError: lr too high');
    expect(result.trials[3]?.systemAttrs.fail_reason).toBe('DivergedError: loss is NaN');
    expect(options.messages).toEqual(['Trial 1 failed: RangeError: lr too high', 'Trial 3 failed: DivergedError: loss is NaN']);
  });

  it('a thrown non-Error fails the trial and is rethrown as is', async () => {
    const study = await newStudy();
    await expect(study.optimize(() => Promise.reject('plain string'), quiet({ nTrials: 2 }))).rejects.toBe('plain string');
    expect((await study.getTrials())[0]?.systemAttrs.fail_reason).toBe('Thrown value: plain string');
  });

  it('a callback that throws stops optimize with that error once running trials end', async () => {
    const study = await newStudy();
    const failure = new Error('callback failed');
    await expect(
      study.optimize(async () => {
        await tick();
        return 1;
      }, quiet({ nTrials: 50, concurrency: 3, callbacks: [(_s, t) => {
        if (t.number === 4) throw failure;
      }] })),
    ).rejects.toBe(failure);
    const counts = await countByState(study);
    expect(counts.running).toBeUndefined();
    expect(counts.complete).toBeLessThanOrEqual(7);
  });

  it('a trial finished elsewhere meanwhile (failed by a heartbeat check) is discarded, and optimize goes on', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }); // this worker's heartbeat never gets to beat
    let clock = 0;
    const storage = new InMemoryStorage({ now: () => clock });
    const options = { storage, studyName: 'slow', heartbeat: { intervalMs: 1_000, gracePeriodMs: 5_000 }, sampler: new RandomSampler({ seed: 5 }), pruner: new NopPruner() };
    const slow = await createStudy(options);
    const other = await loadStudy(options);
    const run = quiet({ nTrials: 2 });
    const result = await slow.optimize(async (trial) => {
      trial.suggestFloat('x', 0, 1);
      if (trial.number === 0) {
        clock += 60_000; // a long step that blocked the event loop: no heartbeat for a minute
        await other.tell(await other.ask(), 5); // another worker's ask fails trial 0
      }
      return 1;
    }, run);
    expect(result.stoppedBy).toBe('nTrials');
    expect(result.trials.map((t) => [t.number, t.state])).toEqual([
      [0, 'fail'],
      [2, 'complete'],
    ]);
    expect(run.messages[0]).toBe("Trial 0 was already finished elsewhere (state 'fail'); its result is discarded");
    expect(run.messages[1]).toMatch(/^Trial 0 failed: Heartbeat stopped/);
    await slow.close();
    await other.close();
  });

  it('failed trials are logged to stderr by default; logger: false silences them', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const study = await newStudy();
    await study.optimize(() => Number.NaN, { nTrials: 1, progress: false });
    expect(write).toHaveBeenCalledWith('[tunekit] Trial 0 failed: The objective returned NaN; only finite numbers are accepted\n');
    write.mockClear();
    await study.optimize(() => Number.NaN, { nTrials: 1, progress: false, logger: false });
    expect(write).not.toHaveBeenCalled();
  });
});

describe('optimize: signal and timeout', () => {
  it('an aborted signal starts no new trial; running ones end cleanly; resolves with stoppedBy signal', async () => {
    const study = await newStudy();
    const controller = new AbortController();
    const aborted = deferred();
    const threeBlocked = deferred();
    let blocked = 0;
    let createdAtAbort = -1;
    const seen = new Map<number, boolean>();
    const result = await study.optimize(
      async (trial) => {
        if (trial.number < 5) await tick();
        else if (trial.number === 5) await threeBlocked.promise; // ends once trials 6, 7 and 8 are running
        else {
          if (++blocked === 3) threeBlocked.resolve();
          await aborted.promise; // still running when the signal aborts
        }
        seen.set(trial.number, trial.signal.aborted);
        return trial.number;
      },
      quiet({
        concurrency: 4,
        signal: controller.signal,
        callbacks: [
          async (s, trial) => {
            if (trial.number !== 5) return;
            controller.abort();
            createdAtAbort = await s.storage.countTrials(s.studyId);
            aborted.resolve();
          },
        ],
      }),
    );
    expect(result.stoppedBy).toBe('signal');
    const trials = await study.getTrials();
    expect(createdAtAbort).toBe(9);
    expect(trials).toHaveLength(9); // nothing new after the abort
    expect(trials.every((t) => t.state === 'complete')).toBe(true); // this objective ignores the signal, so they complete
    expect(result.trials).toHaveLength(9);
    // Trials that ended after the abort saw it on trial.signal; earlier ones did not.
    expect([...seen.entries()].sort((x, y) => x[0] - y[0]).map(([, value]) => value)).toEqual([false, false, false, false, false, false, true, true, true]);
  });

  it('objectives that give up on the abort are failed without making optimize throw', async () => {
    const study = await newStudy();
    const controller = new AbortController();
    let waiting = 0;
    const waitFor = (signal: AbortSignal, reason: () => unknown) =>
      new Promise((_resolve, reject) => {
        signal.addEventListener('abort', () => reject(reason()));
        if (++waiting === 3) setImmediate(() => controller.abort(new Error('user cancelled')));
      });
    const result = await study.optimize(
      async (trial) => {
        if (trial.number === 0) await waitFor(trial.signal, () => trial.signal.reason); // optimize's own reason
        if (trial.number === 1) await waitFor(controller.signal, () => controller.signal.reason); // the user's reason
        if (trial.number === 2) await waitFor(trial.signal, () => new DOMException('stopped', 'AbortError')); // fetch-style
        return 1;
      },
      quiet({ concurrency: 3, signal: controller.signal }),
    );
    expect(result.stoppedBy).toBe('signal');
    const trials = await study.getTrials();
    expect(trials.map((t) => t.state)).toEqual(['fail', 'fail', 'fail']);
    expect(trials.map((t) => t.systemAttrs.fail_reason)).toEqual(['TunekitError: optimize stopped: signal', 'Error: user cancelled', 'AbortError: stopped']);
  });

  it('a signal aborted while a slot is asking (slow storage) creates no trial', async () => {
    const inner = new InMemoryStorage();
    const slowClaims = new Proxy(inner, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        if (property !== 'claimWaitingTrial') return value.bind(target);
        return async (...args: unknown[]) => {
          await sleep(20); // a database round trip
          return value.apply(target, args);
        };
      },
    });
    const study = await newStudy({ storage: slowClaims });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 5);
    const objective = vi.fn(() => 1);
    const result = await study.optimize(objective, quiet({ concurrency: 2, signal: controller.signal }));
    expect(result).toMatchObject({ stoppedBy: 'signal', trials: [] });
    expect(objective).not.toHaveBeenCalled();
    expect(await inner.countTrials(study.studyId)).toBe(0);
  });

  it('a signal aborted before the call runs nothing', async () => {
    const study = await newStudy();
    const objective = vi.fn(() => 1);
    const result = await study.optimize(objective, quiet({ signal: AbortSignal.abort(), nTrials: 5 }));
    expect(result).toMatchObject({ stoppedBy: 'signal', trials: [] });
    expect(objective).not.toHaveBeenCalled();
    expect(await study.storage.countTrials(study.studyId)).toBe(0);
  });

  it('timeout starts no new trial after the deadline; the running one finishes (fake timers)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const study = await newStudy();
    const done = study.optimize(
      async (trial) => {
        await new Promise((resolve) => setTimeout(resolve, 100)); // each trial "trains" for 100 ms
        return trial.number;
      },
      quiet({ timeout: 350 }),
    );
    await vi.advanceTimersByTimeAsync(1_000);
    const result = await done;
    expect(result.stoppedBy).toBe('timeout');
    // Trials start at 0, 100, 200, 300 ms; the deadline (350) passes during #3, which completes.
    expect(result.trials.map((t) => [t.number, t.state])).toEqual([
      [0, 'complete'],
      [1, 'complete'],
      [2, 'complete'],
      [3, 'complete'],
    ]);
    expect(result.elapsedMs).toBe(400);
    expect(await countByState(study)).toEqual({ complete: 4 });
  });

  it('timeout with real timers and concurrency: stops, nothing left running', async () => {
    const study = await newStudy();
    const result = await study.optimize(async () => {
      await sleep(5);
      return 1;
    }, quiet({ timeout: 60, concurrency: 3 }));
    expect(result.stoppedBy).toBe('timeout');
    expect(result.trials.length).toBeGreaterThanOrEqual(3);
    const counts = await countByState(study);
    expect(counts).toEqual({ complete: result.trials.length });
  });
});

describe('optimize: the study-wide maxTrials cap', () => {
  it('counts trials already in the study, including those of earlier calls', async () => {
    const study = await newStudy();
    await study.optimize(() => 1, quiet({ nTrials: 3 }));
    const result = await study.optimize(() => 1, quiet({ maxTrials: 5 }));
    expect(result.stoppedBy).toBe('maxTrials');
    expect(result.trials).toHaveLength(2);
    expect((await study.optimize(() => 1, quiet({ maxTrials: 5 }))).trials).toHaveLength(0);
  });

  it('holds across two Study objects running concurrently, replacing failed trials', async () => {
    const storage = new InMemoryStorage();
    const first = await createStudy({ storage, studyName: 'capped', sampler: new RandomSampler({ seed: 1 }), pruner: new NopPruner() });
    const second = await loadStudy({ storage, studyName: 'capped', sampler: new RandomSampler({ seed: 2 }), pruner: new NopPruner() });
    let overCap = 0;
    const objective = async (trial: Trial) => {
      const x = trial.suggestFloat('x', 0, 1);
      const counted = await storage.countTrials(first.studyId, ['running', 'complete', 'pruned']);
      if (counted > 30) overCap++;
      for (let i = 0; i < 1 + (trial.number % 3); i++) await tick();
      if (trial.number % 7 === 3) return Number.NaN; // fail: invalid value
      if (trial.number % 11 === 5) throw new RangeError('caught failure'); // fail: caught error
      if (trial.number % 5 === 1) throw new TrialPruned(); // pruned: counts towards the cap
      return x;
    };
    const options = quiet({ concurrency: 4, maxTrials: 30, catch: [RangeError] });
    const [a, b] = await Promise.all([first.optimize(objective, options), second.optimize(objective, options)]);
    expect(a.stoppedBy).toBe('maxTrials');
    expect(b.stoppedBy).toBe('maxTrials');
    const counts = await countByState(first);
    expect(counts.running).toBeUndefined();
    expect((counts.complete ?? 0) + (counts.pruned ?? 0)).toBe(30);
    expect(counts.fail).toBeGreaterThan(0);
    expect(counts.pruned).toBeGreaterThan(0);
    expect(overCap).toBe(0);
    expect(a.trials.length + b.trials.length).toBe(30 + (counts.fail ?? 0));
    expect(a.trials.length).toBeGreaterThan(0);
    expect(b.trials.length).toBeGreaterThan(0);
  });
});

describe('optimize: reproducibility', () => {
  async function run(seed: number): Promise<readonly FrozenTrial[]> {
    const study = await newStudy({ sampler: new RandomSampler({ seed }) });
    await study.optimize(
      (trial) => {
        const kind = trial.suggestCategorical('kind', ['a', 'b', 'c']);
        const x = trial.suggestFloat('x', -5, 5);
        const n = trial.suggestInt('n', 1, 1000, { log: true });
        const lr = kind === 'a' ? trial.suggestFloat('lr', 1e-5, 1, { log: true }) : 0;
        const step = trial.suggestFloat('step', 0, 1, { step: 0.05 });
        return x * x + Math.log(n) + lr + step;
      },
      quiet({ nTrials: 25, concurrency: 1 }),
    );
    return study.getTrials();
  }

  it('a seeded RandomSampler with concurrency 1 gives identical trials run after run', async () => {
    const strip = (trials: readonly FrozenTrial[]) => trials.map((t) => ({ state: t.state, params: t.params, values: t.values, distributions: t.distributions }));
    const [one, two, other] = await Promise.all([run(42), run(42), run(43)]);
    expect(strip(one)).toEqual(strip(two));
    expect(strip(one)).not.toEqual(strip(other));
    expect(new Set(one.map((t) => t.params.x)).size).toBe(25);
  });
});

describe('optimize regressions', () => {
  it('runs exactly nTrials when slots finish at different times', async () => {
    const study = await createStudy({ storage: 'memory:' });
    const result = await study.optimize((trial) => trial.suggestFloat('x', 0, 1), { nTrials: 3, concurrency: 2, progress: false });
    expect(result.trials).toHaveLength(3);
    expect(result.stoppedBy).toBe('nTrials');
  });

  it('honours timeout with a synchronous objective (the loop yields to timers)', async () => {
    const study = await createStudy({ storage: 'memory:' });
    const result = await study.optimize((trial) => trial.suggestFloat('x', 0, 1), { timeout: 200, progress: false });
    expect(result.stoppedBy).toBe('timeout');
    expect(result.trials.length).toBeGreaterThan(0);
  });
});
