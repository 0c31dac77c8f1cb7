import { describe, expect } from 'vitest';
import { categoricalDistribution, floatDistribution } from '../../distributions/distribution-factories.js';
import type { CategoricalDistribution, FloatDistribution } from '../../protocol/distribution.js';
import type { FrozenTrial, IntermediateValue } from '../../protocol/frozen-trial.js';
import type { JsonValue } from '../../protocol/json-value.js';
import type { StudyRecord } from '../../protocol/storage.js';
import type { StudyDirection } from '../../protocol/trial-state.js';
import type { ConformanceHarness } from './create-conformance-harness.js';

type Mutation = [string, () => unknown];

/** Every way a caller could try to change a record; each must throw (ESM code is strict mode). */
function trialMutations(trial: FrozenTrial): Mutation[] {
  const anyTrial = trial as unknown as Record<string, unknown>;
  const params = trial.params as Record<string, unknown>;
  const nested = trial.userAttrs.nested as { list: unknown[]; inner: Record<string, unknown> };
  const map = trial.intermediateValues as Map<number, IntermediateValue>;
  const vector = trial.intermediateValues.get(1) as number[];
  const distribution = trial.distributions.x as unknown as Record<string, unknown>;
  const choices = (trial.distributions.c as CategoricalDistribution).choices as unknown[];
  return [
    ['trial.state =', () => (anyTrial.state = 'complete')],
    ['trial.number =', () => (anyTrial.number = 99)],
    ['trial.values =', () => (anyTrial.values = [1])],
    ['delete trial.params', () => delete anyTrial.params],
    ['params.x =', () => (params.x = 123)],
    ['params.new =', () => (params.extra = 1)],
    ['delete params.x', () => delete params.x],
    ['distribution.low =', () => (distribution.low = -5)],
    ['choices.push', () => choices.push('z')],
    ['choice object mutation', () => ((choices[1] as Record<string, unknown>).k = 'changed')],
    ['userAttrs.k =', () => ((trial.userAttrs as Record<string, unknown>).k = 'x')],
    ['nested attr list push', () => nested.list.push(4)],
    ['nested attr object set', () => (nested.inner.deep = 'changed')],
    ['systemAttrs.s =', () => ((trial.systemAttrs as Record<string, unknown>).s = 'x')],
    ['intermediateValues.set', () => map.set(5, 1)],
    ['intermediateValues.set (existing step)', () => map.set(0, 42)],
    ['intermediateValues.delete', () => map.delete(0)],
    ['intermediateValues.clear', () => map.clear()],
    ['vector intermediate value [0] =', () => (vector[0] = 42)],
    ['datetimeStart.setTime', () => trial.datetimeStart?.setTime(0)],
    ['datetimeStart.setFullYear', () => trial.datetimeStart?.setFullYear(1999)],
    ['datetimeStart.setUTCHours', () => trial.datetimeStart?.setUTCHours(3)],
  ];
}

function valuesMutations(trial: FrozenTrial): Mutation[] {
  const values = trial.values as number[];
  return [
    ['values[0] =', () => (values[0] = 42)],
    ['values.push', () => values.push(1)],
    ['values.length = 0', () => (values.length = 0)],
    ['datetimeComplete.setTime', () => trial.datetimeComplete?.setTime(0)],
  ];
}

function expectAllThrow(mutations: Mutation[]): void {
  for (const [what, mutate] of mutations) {
    let threw = false;
    try {
      mutate();
    } catch {
      threw = true;
    }
    expect(threw, `${what} must throw`).toBe(true);
  }
}

/** A plain deep copy for before/after comparisons (records are compared as data, not by class). */
function copy<T>(value: T): T {
  return structuredClone(value);
}

/** A FrozenTrial as plain data: the intermediate values Map as entries, dates as times. */
function plain(trial: FrozenTrial): unknown {
  return structuredClone({
    ...trial,
    intermediateValues: [...trial.intermediateValues],
    datetimeStart: trial.datetimeStart?.getTime(),
    datetimeComplete: trial.datetimeComplete?.getTime(),
  });
}

async function buildTrial(h: ConformanceHarness): Promise<{ trial: FrozenTrial; studyId: number }> {
  const storage = h.storage();
  const study = await h.newStudy();
  const trial = (await storage.createTrial(study.studyId)) as FrozenTrial;
  await storage.setTrialParam(trial.trialId, 'x', 0.5, floatDistribution(0, 1));
  await storage.setTrialParam(trial.trialId, 'c', 1, categoricalDistribution(['a', { k: 'v' }]));
  await storage.setTrialIntermediateValue(trial.trialId, 0, 1.5);
  await storage.setTrialIntermediateValue(trial.trialId, 1, [1, 2]);
  await storage.setTrialUserAttr(trial.trialId, 'nested', { list: [1, 2, 3], inner: { deep: 'value' } });
  await storage.setTrialSystemAttr(trial.trialId, 's', { a: [1] });
  return { trial: await storage.getTrial(trial.trialId), studyId: study.studyId };
}

export function registerImmutabilityTests(h: ConformanceHarness): void {
  describe('immutability of returned records', () => {
    h.test('mutating a FrozenTrial from getTrial throws and never changes what later reads return', async () => {
      const storage = h.storage();
      const { trial } = await buildTrial(h);
      const before = plain(trial);
      expectAllThrow(trialMutations(trial));
      expect(plain(trial)).toEqual(before);
      expect(plain(await storage.getTrial(trial.trialId))).toEqual(before);
    });

    h.test('records from createTrial, claimWaitingTrial and getAllTrials are frozen too; finished values and dates as well', async () => {
      const storage = h.storage();
      const { trial, studyId } = await buildTrial(h);
      const listed = (await storage.getAllTrials(studyId))[0] as FrozenTrial;
      expectAllThrow(trialMutations(listed));
      await storage.createTrial(studyId, { template: { state: 'waiting' } });
      const claimed = (await storage.claimWaitingTrial(studyId)) as FrozenTrial;
      expect(Object.isFrozen(claimed) && Object.isFrozen(claimed.params) && Object.isFrozen(claimed.systemAttrs)).toBe(true);
      expect(() => (claimed.datetimeStart as Date).setTime(0)).toThrow();
      const created = (await storage.createTrial(studyId, { template: { state: 'complete', values: [1], userAttrs: { a: { b: 1 } } } })) as FrozenTrial;
      expect(() => ((created.userAttrs.a as Record<string, unknown>).b = 2)).toThrow();
      expectAllThrow(valuesMutations(created));
      await storage.setTrialState(trial.trialId, 'complete', [3]);
      const finished = await storage.getTrial(trial.trialId);
      const before = plain(finished);
      expectAllThrow([...trialMutations(finished), ...valuesMutations(finished)]);
      expect(plain(await storage.getTrial(trial.trialId))).toEqual(before);
      expect(plain((await storage.getAllTrials(studyId))[0] as FrozenTrial)).toEqual(before);
    });

    h.test('mutating the array getAllTrials returned never changes later results', async () => {
      const storage = h.storage();
      const { trial, studyId } = await buildTrial(h);
      const list = (await storage.getAllTrials(studyId)) as FrozenTrial[];
      const filtered = (await storage.getAllTrials(studyId, { states: ['running'] })) as FrozenTrial[];
      for (const array of [list, filtered]) {
        try {
          array.push(trial);
        } catch {}
        try {
          array.length = 0;
        } catch {}
        try {
          array.reverse();
        } catch {}
      }
      expect((await storage.getAllTrials(studyId)).map((t) => t.trialId)).toEqual([trial.trialId]);
      expect((await storage.getAllTrials(studyId, { states: ['running'] })).map((t) => t.trialId)).toEqual([trial.trialId]);
    });

    h.test('StudyRecords are frozen: directions and attrs cannot be changed through them', async () => {
      const storage = h.storage();
      const study = await h.newStudy(['minimize', 'maximize'], 'frozen-study');
      await storage.setStudyUserAttr(study.studyId, 'u', { list: [1] });
      await storage.setStudySystemAttr(study.studyId, 's', 'x');
      const records: StudyRecord[] = [await storage.getStudy(study.studyId), await storage.getStudyByName(study.studyName), (await storage.getAllStudies()).find((s) => s.studyId === study.studyId) as StudyRecord, study];
      for (const record of records) {
        const before = copy(record);
        expectAllThrow([
          ['record.studyName =', () => ((record as unknown as Record<string, unknown>).studyName = 'other')],
          ['directions.push', () => (record.directions as StudyDirection[]).push('minimize')],
          ['directions[0] =', () => ((record.directions as StudyDirection[])[0] = 'maximize')],
          ['userAttrs.x =', () => ((record.userAttrs as Record<string, unknown>).x = 1)],
          ['systemAttrs.s =', () => ((record.systemAttrs as Record<string, unknown>).s = 1)],
        ]);
        if (record !== study) {
          expectAllThrow([['nested user attr push', () => ((record.userAttrs.u as { list: number[] }).list.push(2))]]);
        }
        expect(record).toEqual(before);
      }
      const after = await storage.getStudy(study.studyId);
      expect(after.studyName).toBe(study.studyName);
      expect(after.directions).toEqual(['minimize', 'maximize']);
      expect(after.userAttrs).toEqual({ u: { list: [1] } });
      expect(after.systemAttrs).toEqual({ s: 'x' });
    });
  });

  describe('isolation from inputs', () => {
    h.test('mutating a template (params, distributions, values, intermediate values, attrs, dates) after createTrial changes nothing stored', async () => {
      const storage = h.storage();
      const study = await h.newStudy(['minimize', 'maximize'], 'template-input');
      const choices: JsonValue[] = ['a', { k: ['v'] }];
      const floatDist = { type: 'float', low: 0, high: 1, log: false, step: undefined } as { -readonly [K in keyof FloatDistribution]: FloatDistribution[K] };
      const params = { x: { internal: 0.5, distribution: floatDist }, c: { internal: 1, distribution: { type: 'categorical' as const, choices } } };
      const values = [1, 2];
      const vector = [3, 4];
      const intermediate = new Map<number, IntermediateValue>([[0, 1], [1, vector]]);
      const userAttrs: Record<string, JsonValue> = { nested: { list: [1, 2] } };
      const systemAttrs: Record<string, JsonValue> = { fixed_params: { x: 0.5 } };
      const start = new Date(Date.UTC(2022, 0, 2, 3, 4, 5, 6));
      const end = new Date(Date.UTC(2022, 0, 2, 3, 4, 5, 7));
      const created = (await storage.createTrial(study.studyId, {
        template: { state: 'complete', params, values, intermediateValues: intermediate, userAttrs, systemAttrs, datetimeStart: start, datetimeComplete: end },
      })) as FrozenTrial;
      const expected = plain(await storage.getTrial(created.trialId));
      floatDist.high = 10;
      floatDist.low = -10;
      params.x.internal = 0.9;
      (params as Record<string, unknown>).extra = { internal: 0, distribution: floatDist };
      choices[1] = 'changed';
      choices.push('added');
      values[0] = 99;
      values.push(3);
      vector[0] = 99;
      intermediate.set(0, 42);
      intermediate.set(7, 7);
      (userAttrs.nested as { list: number[] }).list.push(3);
      userAttrs.nested = 'replaced';
      systemAttrs.fixed_params = null;
      systemAttrs.extra = 1;
      start.setTime(0);
      end.setTime(0);
      const stored = await storage.getTrial(created.trialId);
      expect(plain(stored)).toEqual(expected);
      expect(stored.params).toEqual({ x: 0.5, c: { k: ['v'] } });
      expect(stored.distributions.x).toEqual(floatDistribution(0, 1));
      expect(stored.values).toEqual([1, 2]);
      expect([...stored.intermediateValues]).toEqual([[0, 1], [1, [3, 4]]]);
      expect(stored.datetimeStart?.getTime()).toBe(Date.UTC(2022, 0, 2, 3, 4, 5, 6));
      expect(plain(created)).toEqual(expected);
    });

    h.test('mutating the arguments of trial writes after the call changes nothing stored', async () => {
      const storage = h.storage();
      const study = await h.newStudy(['minimize', 'maximize'], 'write-input');
      const trial = (await storage.createTrial(study.studyId)) as FrozenTrial;
      const dist = { type: 'categorical' as const, choices: [{ a: 1 }, [1, 2]] as JsonValue[] };
      const vector = [1, 2];
      const userValue = { list: [1, { deep: true }] } as { list: JsonValue[] };
      const systemValue = ['x', { y: 'z' }] as JsonValue[];
      await storage.setTrialParam(trial.trialId, 'c', 0, dist);
      await storage.setTrialIntermediateValue(trial.trialId, 0, vector);
      await storage.setTrialUserAttr(trial.trialId, 'u', userValue);
      await storage.setTrialSystemAttr(trial.trialId, 's', systemValue);
      const expected = plain(await storage.getTrial(trial.trialId));
      (dist.choices[0] as Record<string, JsonValue>).a = 2;
      dist.choices.push('new');
      vector[0] = 42;
      vector.push(3);
      userValue.list.push('more');
      (userValue.list[1] as Record<string, JsonValue>).deep = false;
      systemValue[0] = 'changed';
      expect(plain(await storage.getTrial(trial.trialId))).toEqual(expected);
      const values = [5, 6];
      await storage.setTrialState(trial.trialId, 'complete', values);
      values[0] = 0;
      expect((await storage.getTrial(trial.trialId)).values).toEqual([5, 6]);
    });

    h.test('mutating createStudy directions and study attr values after the call changes nothing stored', async () => {
      const storage = h.storage();
      const directions: StudyDirection[] = ['minimize', 'maximize'];
      const study = await storage.createStudy({ studyName: h.uniqueName('study-input'), directions });
      directions[0] = 'maximize';
      directions.push('minimize');
      const userValue = { a: [1, 2], b: { c: 'd' } } as Record<string, JsonValue>;
      await storage.setStudyUserAttr(study.studyId, 'u', userValue);
      await storage.setStudySystemAttr(study.studyId, 's', userValue);
      (userValue.a as number[]).push(3);
      userValue.b = null;
      const stored = await storage.getStudy(study.studyId);
      expect(stored.directions).toEqual(['minimize', 'maximize']);
      expect(study.directions).toEqual(['minimize', 'maximize']);
      expect(stored.userAttrs).toEqual({ u: { a: [1, 2], b: { c: 'd' } } });
      expect(stored.systemAttrs).toEqual({ s: { a: [1, 2], b: { c: 'd' } } });
    });
  });
}
