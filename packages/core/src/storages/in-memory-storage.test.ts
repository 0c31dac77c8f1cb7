import { describe, expect, it } from 'vitest';
import { floatDistribution } from '../distributions/index.js';
import { describeStorageConformance } from '../testing/describe-storage-conformance.js';
import { FixedClock } from '../testing/test-doubles.js';
import { InMemoryStorage } from './in-memory-storage.js';

describeStorageConformance('InMemoryStorage', () => {
  const clock = new FixedClock();
  return { storage: new InMemoryStorage({ now: clock.now }), clock };
});

// The same suite on the default (wall) clock: heartbeats wait in real time, datetimes are checked
// against Date.now().
describeStorageConformance('InMemoryStorage (Date.now clock)', () => ({ storage: new InMemoryStorage() }));

describe('InMemoryStorage specifics', () => {
  it('uses the injected clock for every datetime and heartbeat', async () => {
    const clock = new FixedClock(Date.UTC(2030, 5, 1));
    const storage = new InMemoryStorage({ now: clock.now });
    const study = await storage.createStudy({ studyName: 's', directions: ['minimize'] });
    const trial = await storage.createTrial(study.studyId);
    expect(trial?.datetimeStart?.getTime()).toBe(Date.UTC(2030, 5, 1));
    await storage.recordHeartbeat(trial?.trialId as number);
    clock.advance(60_001);
    const [failed] = await storage.failStaleTrials(study.studyId, 60_000);
    expect(failed?.datetimeComplete?.getTime()).toBe(Date.UTC(2030, 5, 1) + 60_001);
    expect(failed?.systemAttrs.fail_reason).toBe('Heartbeat stopped: no sign of life for 60001 ms (grace period 60000 ms)');
  });

  it('reports nTrials and the first datetimeStart in getAllStudies', async () => {
    const clock = new FixedClock(1_000_000);
    const storage = new InMemoryStorage({ now: clock.now });
    const study = await storage.createStudy({ studyName: 's', directions: ['minimize'] });
    await storage.createTrial(study.studyId, { template: { state: 'waiting' } });
    expect((await storage.getAllStudies())[0]).toMatchObject({ nTrials: 1, datetimeStart: undefined });
    clock.advance(5);
    await storage.createTrial(study.studyId);
    const [record] = await storage.getAllStudies();
    expect(record?.nTrials).toBe(2);
    expect(record?.datetimeStart?.getTime()).toBe(1_000_005);
  });

  it('getAllTrials hands out a fresh array that shares the frozen records, refreshed after writes', async () => {
    const storage = new InMemoryStorage();
    const study = await storage.createStudy({ studyName: 's', directions: ['minimize'] });
    const trial = await storage.createTrial(study.studyId);
    const first = await storage.getAllTrials(study.studyId);
    const again = await storage.getAllTrials(study.studyId);
    expect(again).not.toBe(first);
    expect(again[0]).toBe(first[0]);
    expect(await storage.getTrial(trial?.trialId as number)).toBe(first[0]);
    await storage.setTrialParam(trial?.trialId as number, 'x', 0.5, floatDistribution(0, 1));
    const second = await storage.getAllTrials(study.studyId);
    expect(second[0]).not.toBe(first[0]);
    expect(second[0]?.params).toEqual({ x: 0.5 });
    expect(first[0]?.params).toEqual({});
  });

  it('stores a normalised copy of the distribution, so equal ranges written differently do not conflict', async () => {
    const storage = new InMemoryStorage();
    const study = await storage.createStudy({ studyName: 's', directions: ['minimize'] });
    const trial = await storage.createTrial(study.studyId);
    const id = trial?.trialId as number;
    // high 1 is not on the 0.3 grid: the factory adjusts it down to the last grid point, as Optuna does.
    await storage.setTrialParam(id, 'x', 0.3, { type: 'float', low: 0, high: 1, log: false, step: 0.3 });
    await storage.setTrialParam(id, 'x', 0.6, floatDistribution(0, 1, { step: 0.3 }));
    const stored = await storage.getTrial(id);
    expect(stored.params.x).toBe(0.6);
    expect(stored.distributions.x).toEqual(floatDistribution(0, 1, { step: 0.3 }));
    expect((stored.distributions.x as { high: number }).high).toBeCloseTo(0.9, 12);
  });

  it('keeps independent state per instance', async () => {
    const a = new InMemoryStorage();
    const b = new InMemoryStorage();
    await a.createStudy({ studyName: 'same', directions: ['minimize'] });
    await b.createStudy({ studyName: 'same', directions: ['maximize'] });
    expect((await a.getStudyByName('same')).directions).toEqual(['minimize']);
    expect((await b.getStudyByName('same')).directions).toEqual(['maximize']);
  });
});
