import { describe, expect } from 'vitest';
import { DuplicatedStudyError } from '../../errors/duplicated-study-error.js';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { StudyNotFoundError } from '../../errors/study-not-found-error.js';
import { TrialNotFoundError } from '../../errors/trial-not-found-error.js';
import type { JsonValue } from '../../protocol/json-value.js';
import type { StudyRecord } from '../../protocol/storage.js';
import type { StudyDirection } from '../../protocol/trial-state.js';
import { expectRejection, type ConformanceHarness } from './create-conformance-harness.js';

/** JSON values every backend must round-trip as attributes. */
export const SAMPLE_ATTRS: Readonly<Record<string, JsonValue>> = {
  nested: { a: [1, 2.5, -3e-9, { b: null, c: [true, false] }], d: { e: { f: { g: 'deep' } } } },
  unicode: 'héllo wörld ✓ 日本語 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🎉👩‍👩‍👧 مرحبا',
  'clé ünïcode ☃': 'key with unicode',
  '': 'empty key',
  emptyString: '',
  emptyArray: [],
  emptyObject: {},
  zero: 0,
  negative: -42,
  big: 1.7976931348623157e308,
  tiny: 5e-324,
  integer: 9007199254740991,
  yes: true,
  no: false,
  nothing: null,
  quotes: `it's "quoted" \\ back\\slash\n\ttab; DROP TABLE studies; --`,
  list: ['x', 1, null, [[]], { k: 'v' }],
};

function withoutSummary(record: StudyRecord): Omit<StudyRecord, 'nTrials' | 'datetimeStart'> {
  const { nTrials: _n, datetimeStart: _d, ...rest } = record;
  return rest;
}

export function registerStudyTests(h: ConformanceHarness): void {
  describe('studies', () => {
    h.test('createStudy returns the new study; getStudy and getStudyByName return the same record', async () => {
      const storage = h.storage();
      const name = h.uniqueName('create');
      const created = await storage.createStudy({ studyName: name, directions: ['maximize'] });
      expect(Number.isSafeInteger(created.studyId)).toBe(true);
      expect(created.studyName).toBe(name);
      expect(created.directions).toEqual(['maximize']);
      expect(created.userAttrs).toEqual({});
      expect(created.systemAttrs).toEqual({});
      expect(withoutSummary(await storage.getStudy(created.studyId))).toEqual(withoutSummary(created));
      expect(withoutSummary(await storage.getStudyByName(name))).toEqual(withoutSummary(created));
      expect(await storage.countTrials(created.studyId)).toBe(0);
      expect(await storage.getAllTrials(created.studyId)).toEqual([]);
    });

    h.test('directions round-trip for single- and multi-objective studies', async () => {
      const cases: StudyDirection[][] = [['minimize'], ['maximize'], ['minimize', 'maximize'], ['maximize', 'minimize', 'minimize', 'maximize']];
      for (const directions of cases) {
        const study = await h.newStudy(directions, 'directions');
        expect(study.directions).toEqual(directions);
        expect((await h.storage().getStudy(study.studyId)).directions).toEqual(directions);
        expect((await h.storage().getStudyByName(study.studyName)).directions).toEqual(directions);
      }
    });

    h.test('study names round-trip exactly (unicode, quotes, SQL and LIKE metacharacters, spaces) and are matched exactly', async () => {
      const storage = h.storage();
      const base = h.uniqueName('names');
      const names = [`${base} ✓ 日本語 🎉`, `${base} it's "q" ; -- %_\\`, `${base}  spaced  `, `${base}-${'x'.repeat(200)}`, `${base}-Case`];
      for (const name of names) {
        const study = await storage.createStudy({ studyName: name, directions: ['minimize'] });
        expect(study.studyName).toBe(name);
        expect((await storage.getStudyByName(name)).studyId).toBe(study.studyId);
        expect((await storage.getStudy(study.studyId)).studyName).toBe(name);
      }
      // Exact matching: no case folding, trimming, LIKE patterns or unicode normalisation.
      await expectRejection(() => storage.getStudyByName(`${base}-case`), StudyNotFoundError, { studyName: `${base}-case` });
      await expectRejection(() => storage.getStudyByName(`${base}  spaced`), StudyNotFoundError);
      await expectRejection(() => storage.getStudyByName(`${base} it's "q" ; -- %%\\`), StudyNotFoundError);
      await expectRejection(() => storage.getStudyByName(`${base}%`), StudyNotFoundError);
      const nfc = `${base}-\u00e9`;
      await storage.createStudy({ studyName: nfc, directions: ['minimize'] });
      await expectRejection(() => storage.getStudyByName(`${base}-e\u0301`), StudyNotFoundError);
    });

    h.test('a taken name throws DuplicatedStudyError with .studyName and leaves the first study untouched', async () => {
      const storage = h.storage();
      const first = await h.newStudy(['minimize'], 'duplicate');
      await storage.setStudyUserAttr(first.studyId, 'keep', 'me');
      const trial = await storage.createTrial(first.studyId);
      const error = await expectRejection(
        () => storage.createStudy({ studyName: first.studyName, directions: ['maximize', 'maximize'] }),
        DuplicatedStudyError,
        { studyName: first.studyName },
      );
      expect(error.message).toContain(first.studyName);
      const after = await storage.getStudyByName(first.studyName);
      expect(after.studyId).toBe(first.studyId);
      expect(after.directions).toEqual(['minimize']);
      expect(after.userAttrs).toEqual({ keep: 'me' });
      expect((await storage.getAllTrials(first.studyId)).map((t) => t.trialId)).toEqual([trial?.trialId]);
      expect((await storage.getAllStudies()).filter((s) => s.studyName === first.studyName)).toHaveLength(1);
    });

    h.test('concurrent createStudy calls with one name: exactly one succeeds, the others throw DuplicatedStudyError', async () => {
      const storage = h.storage();
      const name = h.uniqueName('race');
      const results = await h.settle(8, () => storage.createStudy({ studyName: name, directions: ['minimize'] }));
      const created = results.filter((r) => r.status === 'fulfilled');
      expect(created).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') {
          expect(result.reason, String(result.reason)).toMatchObject({ name: 'DuplicatedStudyError', studyName: name });
        }
      }
      expect((await storage.getAllStudies()).filter((s) => s.studyName === name)).toHaveLength(1);
    });

    h.test('createStudy refuses an empty or non-string name and invalid directions (InvalidArgumentError), storing nothing', async () => {
      const storage = h.storage();
      const before = (await storage.getAllStudies()).length;
      await expectRejection(() => storage.createStudy({ studyName: '', directions: ['minimize'] }), InvalidArgumentError);
      await expectRejection(() => storage.createStudy({ studyName: 42 as unknown as string, directions: ['minimize'] }), InvalidArgumentError);
      const name = h.uniqueName('bad-directions');
      const badDirections: unknown[] = [[], ['up'], ['minimize', 'MAXIMIZE'], 'minimize', undefined, [null]];
      for (const directions of badDirections) {
        await expectRejection(() => storage.createStudy({ studyName: name, directions: directions as StudyDirection[] }), InvalidArgumentError);
      }
      await expectRejection(() => storage.getStudyByName(name), StudyNotFoundError);
      expect((await storage.getAllStudies()).length).toBe(before);
    });

    h.test('unknown study ids and names throw StudyNotFoundError from every study-scoped method', async () => {
      const storage = h.storage();
      const gone = await h.newStudy(['minimize'], 'gone');
      await storage.deleteStudy(gone.studyId);
      for (const studyId of [gone.studyId, -1]) {
        const fields = { studyId };
        await expectRejection(() => storage.getStudy(studyId), StudyNotFoundError, fields);
        await expectRejection(() => storage.deleteStudy(studyId), StudyNotFoundError);
        await expectRejection(() => storage.setStudyUserAttr(studyId, 'k', 1), StudyNotFoundError);
        await expectRejection(() => storage.setStudySystemAttr(studyId, 'k', 1), StudyNotFoundError);
        await expectRejection(() => storage.createTrial(studyId), StudyNotFoundError);
        await expectRejection(() => storage.createTrial(studyId, { template: { state: 'waiting' } }), StudyNotFoundError);
        await expectRejection(() => storage.claimWaitingTrial(studyId), StudyNotFoundError);
        await expectRejection(() => storage.getAllTrials(studyId), StudyNotFoundError);
        await expectRejection(() => storage.countTrials(studyId), StudyNotFoundError);
      }
      await expectRejection(() => storage.getStudyByName(gone.studyName), StudyNotFoundError, { studyName: gone.studyName });
      await expectRejection(() => storage.getStudyByName(h.uniqueName('never-created')), StudyNotFoundError);
    });

    h.test('getAllStudies lists every study once, in ascending id order, with correct summaries when given', async () => {
      const storage = h.storage();
      const a = await h.newStudy(['minimize'], 'all-a');
      const b = await h.newStudy(['maximize', 'minimize'], 'all-b');
      const c = await h.newStudy(['maximize'], 'all-c');
      await storage.createTrial(b.studyId);
      await storage.createTrial(b.studyId, { template: { state: 'waiting' } });
      await storage.setStudyUserAttr(c.studyId, 'tag', 'c');
      const all = await storage.getAllStudies();
      const ids = all.map((s) => s.studyId);
      expect(ids, 'ordered by id').toEqual([...ids].sort((x, y) => x - y));
      expect(new Set(ids).size, 'ids are unique').toBe(ids.length);
      const mine = all.filter((s) => [a.studyId, b.studyId, c.studyId].includes(s.studyId));
      expect(mine.map((s) => s.studyName)).toEqual([a.studyName, b.studyName, c.studyName]);
      expect(mine.map((s) => s.directions)).toEqual([['minimize'], ['maximize', 'minimize'], ['maximize']]);
      expect(mine[2]?.userAttrs).toEqual({ tag: 'c' });
      const counts = [0, 2, 0];
      mine.forEach((study, index) => {
        if (study.nTrials !== undefined) expect(study.nTrials, `nTrials of ${study.studyName}`).toBe(counts[index]);
      });
      if (mine[0]?.datetimeStart !== undefined) expect.fail('a study without trials has no datetimeStart');
      if (mine[1]?.datetimeStart !== undefined) expect(mine[1].datetimeStart).toBeInstanceOf(Date);
    });

    h.test('deleteStudy removes the study and its trials, frees the name, and leaves other studies alone', async () => {
      const storage = h.storage();
      const doomed = await h.newStudy(['minimize'], 'doomed');
      const kept = await h.newStudy(['minimize'], 'kept');
      const doomedTrials = [await storage.createTrial(doomed.studyId), await storage.createTrial(doomed.studyId, { template: { state: 'waiting' } })];
      const keptTrial = await storage.createTrial(kept.studyId);
      await storage.setStudyUserAttr(doomed.studyId, 'x', 1);
      await storage.deleteStudy(doomed.studyId);
      await expectRejection(() => storage.getStudy(doomed.studyId), StudyNotFoundError);
      await expectRejection(() => storage.getStudyByName(doomed.studyName), StudyNotFoundError);
      for (const trial of doomedTrials) {
        await expectRejection(() => storage.getTrial(trial?.trialId as number), TrialNotFoundError, { trialId: trial?.trialId });
      }
      expect((await storage.getAllStudies()).some((s) => s.studyId === doomed.studyId)).toBe(false);
      expect((await storage.getTrial(keptTrial?.trialId as number)).state).toBe('running');
      expect(await storage.countTrials(kept.studyId)).toBe(1);
      // The name is free again; the new study starts empty, with numbering from 0.
      const reborn = await storage.createStudy({ studyName: doomed.studyName, directions: ['maximize'] });
      expect(reborn.studyId).not.toBe(doomed.studyId);
      expect(reborn.userAttrs).toEqual({});
      expect(await storage.countTrials(reborn.studyId)).toBe(0);
      expect((await storage.createTrial(reborn.studyId))?.number).toBe(0);
    });

    h.test('study user and system attrs round-trip nested JSON, unicode and empty strings, in separate namespaces', async () => {
      const storage = h.storage();
      const study = await h.newStudy(['minimize'], 'attrs');
      for (const [key, value] of Object.entries(SAMPLE_ATTRS)) {
        await storage.setStudyUserAttr(study.studyId, key, value);
        await storage.setStudySystemAttr(study.studyId, key, { system: value });
      }
      await storage.setStudySystemAttr(study.studyId, 'only-system', 'yes');
      for (const record of [await storage.getStudy(study.studyId), await storage.getStudyByName(study.studyName), (await storage.getAllStudies()).find((s) => s.studyId === study.studyId)]) {
        expect(record?.userAttrs).toEqual(SAMPLE_ATTRS);
        expect(Object.keys(record?.userAttrs ?? {}).sort()).toEqual(Object.keys(SAMPLE_ATTRS).sort());
        expect(record?.systemAttrs).toEqual({ ...Object.fromEntries(Object.entries(SAMPLE_ATTRS).map(([k, v]) => [k, { system: v }])), 'only-system': 'yes' });
      }
    });

    h.test('setting a study attr again overwrites it', async () => {
      const storage = h.storage();
      const study = await h.newStudy(['minimize'], 'overwrite');
      await storage.setStudyUserAttr(study.studyId, 'k', { long: 'x'.repeat(1000), list: [1, 2, 3] });
      await storage.setStudyUserAttr(study.studyId, 'k', 'short');
      await storage.setStudySystemAttr(study.studyId, 'k', [1]);
      await storage.setStudySystemAttr(study.studyId, 'k', null);
      const record = await storage.getStudy(study.studyId);
      expect(record.userAttrs).toEqual({ k: 'short' });
      expect(record.systemAttrs).toEqual({ k: null });
    });

    h.test('attr keys named like Object.prototype members are stored as plain own keys', async () => {
      const storage = h.storage();
      const study = await h.newStudy(['minimize'], 'proto-keys');
      const keys = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype'];
      for (const key of keys) await storage.setStudyUserAttr(study.studyId, key, { key });
      const record = await storage.getStudy(study.studyId);
      expect(Object.keys(record.userAttrs).sort()).toEqual([...keys].sort());
      for (const key of keys) expect(Object.getOwnPropertyDescriptor(record.userAttrs, key)?.value, key).toEqual({ key });
      expect(Object.getPrototypeOf(record.userAttrs) === Object.prototype || Object.getPrototypeOf(record.userAttrs) === null).toBe(true);
    });

    h.test('non-JSON study attr values are refused with InvalidArgumentError and nothing is stored', async () => {
      const storage = h.storage();
      const study = await h.newStudy(['minimize'], 'bad-attrs');
      await storage.setStudyUserAttr(study.studyId, 'k', 'before');
      const bad: unknown[] = [Number.NaN, Number.POSITIVE_INFINITY, undefined, () => 1, new Date(0), new Map(), 10n, Symbol('s'), { nested: [Number.NEGATIVE_INFINITY] }, [undefined]];
      for (const value of bad) {
        await expectRejection(() => storage.setStudyUserAttr(study.studyId, 'k', value as JsonValue), InvalidArgumentError);
        await expectRejection(() => storage.setStudySystemAttr(study.studyId, 'k', value as JsonValue), InvalidArgumentError);
        await expectRejection(() => storage.setStudyUserAttr(study.studyId, 'other', value as JsonValue), InvalidArgumentError);
      }
      const record = await storage.getStudy(study.studyId);
      expect(record.userAttrs).toEqual({ k: 'before' });
      expect(record.systemAttrs).toEqual({});
    });
  });
}
