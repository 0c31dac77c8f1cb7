import { describe, expect, it } from 'vitest';
import { floatDistribution } from '../distributions/distribution-factories.js';
import { DuplicatedStudyError } from '../errors/duplicated-study-error.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { StudyNotFoundError } from '../errors/study-not-found-error.js';
import type { Storage } from '../protocol/storage.js';
import { MedianPruner } from '../pruners/median-pruner.js';
import { NopPruner } from '../pruners/nop-pruner.js';
import { RandomSampler } from '../samplers/random-sampler.js';
import { AutoSampler } from '../samplers/auto-sampler.js';
import { InMemoryStorage } from '../storages/in-memory-storage.js';
import { copyStudy, createStudy, deleteStudy, getAllStudies, loadStudy } from './create-study.js';
import { Study } from './study.js';

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('createStudy', () => {
  it('defaults: generated name, minimize, in-memory storage, AutoSampler and MedianPruner', async () => {
    const study = await createStudy();
    expect(study).toBeInstanceOf(Study);
    expect(study.studyName).toMatch(/^no-name-[0-9a-f-]{36}$/);
    expect(study.directions).toEqual(['minimize']);
    expect(study.direction).toBe('minimize');
    expect(study.isMultiObjective).toBe(false);
    expect(study.storage).toBeInstanceOf(InMemoryStorage);
    expect(study.sampler).toBeInstanceOf(AutoSampler);
    expect(study.pruner).toBeInstanceOf(MedianPruner);
    expect(study.trials).toEqual([]);
    expect((await createStudy()).studyName).not.toBe(study.studyName);
    await study.close();
  });

  it('takes a name, directions, a sampler, a pruner and a storage instance or URL', async () => {
    const storage = new InMemoryStorage();
    const sampler = new RandomSampler({ seed: 3 });
    const pruner = new NopPruner();
    const study = await createStudy({ studyName: 'multi', storage, directions: ['minimize', 'maximize'], sampler, pruner });
    expect(study).toMatchObject({ studyName: 'multi', directions: ['minimize', 'maximize'], sampler, pruner, storage, isMultiObjective: true });
    expect(() => study.direction).toThrow(/single-objective/);
    const fromUrl = await createStudy({ storage: 'memory:', direction: 'maximize' });
    expect(fromUrl.storage).toBeInstanceOf(InMemoryStorage);
    expect(fromUrl.direction).toBe('maximize');
  });

  it('throws DuplicatedStudyError for a taken name, or loads it with loadIfExists', async () => {
    const storage = new InMemoryStorage();
    const first = await createStudy({ studyName: 's', storage });
    await first.setUserAttr('owner', 'me');
    const error = await rejection(createStudy({ studyName: 's', storage }));
    expect(error).toBeInstanceOf(DuplicatedStudyError);
    expect(error).toMatchObject({ studyName: 's' });
    const again = await createStudy({ studyName: 's', storage, loadIfExists: true });
    expect(again.studyId).toBe(first.studyId);
    expect(again.userAttrs).toEqual({ owner: 'me' });
    const mismatch = await rejection(createStudy({ studyName: 's', storage, loadIfExists: true, direction: 'maximize' }));
    expect(mismatch).toBeInstanceOf(InvalidArgumentError);
    expect(mismatch.message).toContain("the directions of the existing study 's' (minimize)");
  });

  it('validates its options, naming the field', async () => {
    const cases: readonly [Parameters<typeof createStudy>[0], string][] = [
      [{ direction: 'up' as never }, 'createStudy direction'],
      [{ directions: [] }, 'createStudy directions'],
      [{ directions: ['minimize', 'sideways' as never] }, 'createStudy directions[1]'],
      [{ direction: 'minimize', directions: ['minimize'] }, 'createStudy direction'],
      [{ studyName: '' }, 'createStudy studyName'],
      [{ sampler: {} as never }, 'createStudy sampler'],
      [{ pruner: { prune: 1 } as never }, 'createStudy pruner'],
      [{ heartbeat: { intervalMs: 0, gracePeriodMs: 10 } }, 'createStudy heartbeat.intervalMs'],
      [{ heartbeat: { intervalMs: 10, gracePeriodMs: 10 } }, 'createStudy heartbeat.gracePeriodMs'],
      [{ retryFailedTrials: { maxRetries: 1 } }, 'createStudy retryFailedTrials'],
      [{ heartbeat: { intervalMs: 10, gracePeriodMs: 100 }, retryFailedTrials: { maxRetries: -1 } }, 'createStudy retryFailedTrials.maxRetries'],
      [{ storage: 42 as never }, 'storage'],
    ];
    for (const [options, field] of cases) {
      const error = await rejection(createStudy(options));
      expect(error, field).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).field).toBe(field);
    }
  });

  it('refuses heartbeats on a storage without them', async () => {
    const inner = new InMemoryStorage();
    const withoutHeartbeats = new Proxy(inner, {
      get(target, property, receiver) {
        if (property === 'recordHeartbeat' || property === 'failStaleTrials') return undefined;
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as Storage;
    const error = await rejection(createStudy({ storage: withoutHeartbeats, heartbeat: { intervalMs: 10, gracePeriodMs: 100 } }));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.message).toContain('a storage that supports heartbeats');
  });
});

describe('loadStudy', () => {
  it('opens a study by name, with its trials and attributes', async () => {
    const storage = new InMemoryStorage();
    const created = await createStudy({ studyName: 'a', storage, direction: 'maximize' });
    await createStudy({ studyName: 'b', storage });
    await created.optimize((trial) => trial.suggestFloat('x', 0, 1), { nTrials: 3, progress: false });
    await created.setUserAttr('k', [1]);
    const loaded = await loadStudy({ studyName: 'a', storage });
    expect(loaded.studyId).toBe(created.studyId);
    expect(loaded.directions).toEqual(['maximize']);
    expect(loaded.trials).toHaveLength(3);
    expect(loaded.bestValue).toBe(created.bestValue);
    expect(loaded.userAttrs).toEqual({ k: [1] });
  });

  it('without a name, opens the only study of the storage', async () => {
    const storage = new InMemoryStorage();
    const only = await createStudy({ studyName: 'only', storage });
    expect((await loadStudy({ storage })).studyId).toBe(only.studyId);
  });

  it('without a name, refuses an empty storage or one with several studies, listing them', async () => {
    const storage = new InMemoryStorage();
    const empty = await rejection(loadStudy({ storage }));
    expect(empty).toBeInstanceOf(InvalidArgumentError);
    expect(empty.message).toContain('the storage holds 0 studies');
    await createStudy({ studyName: 'one', storage });
    await createStudy({ studyName: 'two', storage });
    const several = await rejection(loadStudy({ storage }));
    expect(several).toMatchObject({ field: 'loadStudy studyName' });
    expect(several.message).toContain('the storage holds 2 studies: one, two');
  });

  it('throws StudyNotFoundError for an unknown name', async () => {
    const error = await rejection(loadStudy({ studyName: 'missing', storage: new InMemoryStorage() }));
    expect(error).toBeInstanceOf(StudyNotFoundError);
    expect(error).toMatchObject({ studyName: 'missing' });
  });
});

describe('deleteStudy / getAllStudies', () => {
  it('lists studies with their trial counts, and deletes one with its trials', async () => {
    const storage = new InMemoryStorage();
    const a = await createStudy({ studyName: 'a', storage });
    await a.optimize((trial) => trial.suggestFloat('x', 0, 1), { nTrials: 2, progress: false });
    await createStudy({ studyName: 'b', storage, directions: ['minimize', 'maximize'] });
    const all = await getAllStudies(storage);
    expect(all.map((s) => [s.studyName, s.directions, s.nTrials])).toEqual([
      ['a', ['minimize'], 2],
      ['b', ['minimize', 'maximize'], 0],
    ]);
    expect(all[0]?.datetimeStart).toBeInstanceOf(Date);
    await deleteStudy({ studyName: 'a', storage });
    expect((await getAllStudies(storage)).map((s) => s.studyName)).toEqual(['b']);
    await expect(loadStudy({ studyName: 'a', storage })).rejects.toBeInstanceOf(StudyNotFoundError);
    await expect(storage.getAllTrials(a.studyId)).rejects.toBeInstanceOf(StudyNotFoundError);
    await expect(deleteStudy({ studyName: 'a', storage })).rejects.toBeInstanceOf(StudyNotFoundError);
  });

  it('getAllStudies of a fresh memory: URL is empty', async () => {
    expect(await getAllStudies('memory:')).toEqual([]);
  });
});

describe('copyStudy', () => {
  it('copies attributes and every trial (states, params, values, reports, attrs, dates) to another storage', async () => {
    const from = new InMemoryStorage();
    const to = new InMemoryStorage();
    const source = await createStudy({ studyName: 'src', storage: from, direction: 'maximize', sampler: new RandomSampler({ seed: 4 }), pruner: new NopPruner() });
    await source.setUserAttr('dataset', 'iris');
    await source.setSystemAttr('sampler', 'RandomSampler');
    await source.optimize(
      (trial) => {
        const x = trial.suggestFloat('x', 0, 1);
        const act = trial.suggestCategorical('act', ['relu', 'tanh']);
        trial.report(x / 2, 0);
        trial.setUserAttr('act_was', act);
        if (trial.number === 1) throw new RangeError('diverged');
        return x;
      },
      { nTrials: 4, catch: [RangeError], progress: false, logger: false },
    );
    await source.enqueueTrial({ x: 0.5 });
    await copyStudy({ fromStudyName: 'src', fromStorage: from, toStorage: to });
    const copy = await loadStudy({ studyName: 'src', storage: to });
    expect(copy.directions).toEqual(['maximize']);
    expect(copy.userAttrs).toEqual({ dataset: 'iris' });
    expect(copy.systemAttrs).toEqual({ sampler: 'RandomSampler' });
    const strip = (trials: readonly { trialId: number }[]) => trials.map(({ trialId: _id, ...rest }) => ({ ...rest, intermediateValues: [...(rest as { intermediateValues: Map<number, unknown> }).intermediateValues] }));
    const original = await source.getTrials();
    expect(original.map((t) => t.state)).toEqual(['complete', 'fail', 'complete', 'complete', 'waiting']);
    expect(strip(await copy.getTrials())).toEqual(strip(original));
    expect(copy.bestTrial.number).toBe(source.bestTrial.number);
  });

  it('copies within one storage under another name, and refuses to copy a study onto itself', async () => {
    const storage = new InMemoryStorage();
    const source = await createStudy({ studyName: 'src', storage });
    await source.addTrial({ state: 'complete', values: [1], params: { x: 0.5 }, distributions: { x: floatDistribution(0, 1) } });
    await copyStudy({ fromStudyName: 'src', fromStorage: storage, toStudyName: 'dst' });
    const copy = await loadStudy({ studyName: 'dst', storage });
    expect(copy.trials.map((t) => [t.number, t.params, t.values])).toEqual([[0, { x: 0.5 }, [1]]]);
    await expect(copyStudy({ fromStudyName: 'src', fromStorage: storage })).rejects.toMatchObject({ field: 'copyStudy toStudyName' });
    await expect(copyStudy({ fromStudyName: 'src', fromStorage: storage, toStudyName: 'dst' })).rejects.toBeInstanceOf(DuplicatedStudyError);
  });
});
