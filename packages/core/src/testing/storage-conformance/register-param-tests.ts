import { describe, expect } from 'vitest';
import { categoricalDistribution, floatDistribution, intDistribution } from '../../distributions/distribution-factories.js';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { InvalidDistributionError } from '../../errors/invalid-distribution-error.js';
import { ParamConflictError } from '../../errors/param-conflict-error.js';
import { TrialNotFoundError } from '../../errors/trial-not-found-error.js';
import type { Distribution, ParamValue } from '../../protocol/distribution.js';
import type { JsonValue } from '../../protocol/json-value.js';
import { expectRejection, expectWellFormedTrial, type ConformanceHarness } from './create-conformance-harness.js';

/** Categorical choices of every JSON kind, including ones a naive backend would confuse. */
export const TRICKY_CHOICES: readonly JsonValue[] = [
  null,
  true,
  false,
  0,
  1,
  -1.5,
  '0',
  '',
  'null',
  '✓ 日本',
  { a: { b: [1, 2] } },
  [1, 'x', null],
  [],
  {},
];

export function registerParamTests(h: ConformanceHarness): void {
  describe('params', () => {
    h.test('float, log-float, stepped float, int, log-int, stepped int: internal and external values round-trip', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const trial = await storage.createTrial(study.studyId);
      const id = trial?.trialId as number;
      const cases: [string, number, Distribution, ParamValue][] = [
        ['float', 0.1 + 0.2, floatDistribution(-1, 1), 0.1 + 0.2],
        ['float_third', 1 / 3, floatDistribution(0, 1), 1 / 3],
        ['float_negative', -0.75, floatDistribution(-1, 0), -0.75],
        ['float_log', 1.2345678901234567e-7, floatDistribution(1e-9, 1, { log: true }), 1.2345678901234567e-7],
        ['float_step', 0.30000000000000004, floatDistribution(0, 1, { step: 0.1 }), 0.30000000000000004],
        ['float_wide', 1e300, floatDistribution(-Number.MAX_VALUE, Number.MAX_VALUE), 1e300],
        ['float_single', 2.5, floatDistribution(2.5, 2.5), 2.5],
        ['int', -7, intDistribution(-10, 10), -7],
        ['int_log', 512, intDistribution(1, 1024, { log: true }), 512],
        ['int_step', 48, intDistribution(16, 256, { step: 16 }), 48],
        ['int_large', 2 ** 40, intDistribution(0, 2 ** 41), 2 ** 40],
      ];
      for (const [name, internal, distribution] of cases) await storage.setTrialParam(id, name, internal, distribution);
      const stored = await storage.getTrial(id);
      expectWellFormedTrial(stored, 1);
      for (const [name, , distribution, external] of cases) {
        expect(Object.is(stored.params[name], external), `${name}: ${String(stored.params[name])} !== ${String(external)}`).toBe(true);
        expect(stored.distributions[name], name).toEqual(distribution);
      }
      expect(Number.isInteger(stored.params.int_log)).toBe(true);
      expect(Object.keys(stored.params).sort()).toEqual(cases.map(([name]) => name).sort());
    });

    h.test('categorical params return the choice itself for null, booleans, numbers, strings, nested objects and arrays', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const dist = categoricalDistribution(TRICKY_CHOICES);
      for (let index = 0; index < TRICKY_CHOICES.length; index++) {
        const trial = await storage.createTrial(study.studyId);
        await storage.setTrialParam(trial?.trialId as number, 'choice', index, dist);
        const stored = await storage.getTrial(trial?.trialId as number);
        expect(stored.params.choice, `choice ${index}`).toStrictEqual(TRICKY_CHOICES[index]);
        expect(stored.distributions.choice).toEqual(dist);
      }
      // Every trial in the study view sees the same distribution and its own choice.
      const all = await storage.getAllTrials(study.studyId);
      expect(all.map((t) => t.params.choice)).toStrictEqual([...TRICKY_CHOICES]);
    });

    h.test('setting a name again with an equal distribution overwrites the value', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const trial = await storage.createTrial(study.studyId);
      const id = trial?.trialId as number;
      await storage.setTrialParam(id, 'x', 0.2, floatDistribution(0, 1));
      await storage.setTrialParam(id, 'x', 0.9, floatDistribution(0, 1)); // a distinct but equal object
      await storage.setTrialParam(id, 'c', 0, categoricalDistribution([{ a: 1 }, null]));
      await storage.setTrialParam(id, 'c', 1, categoricalDistribution([{ a: 1 }, null]));
      const stored = await storage.getTrial(id);
      expect(stored.params).toEqual({ x: 0.9, c: null });
    });

    h.test('setting a name again with a different distribution throws ParamConflictError and keeps the stored param', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const trial = await storage.createTrial(study.studyId);
      const id = trial?.trialId as number;
      await storage.setTrialParam(id, 'x', 0.5, floatDistribution(0, 1));
      await storage.setTrialParam(id, 'n', 3, intDistribution(0, 10));
      await storage.setTrialParam(id, 'c', 1, categoricalDistribution(['a', 'b']));
      const before = await storage.getTrial(id);
      const conflicts: [string, number, Distribution][] = [
        ['x', 0.5, floatDistribution(0, 2)],
        ['x', 0.5, floatDistribution(0.1, 1, { log: true })],
        ['x', 0.5, floatDistribution(0, 1, { step: 0.5 })],
        ['x', 1, intDistribution(0, 1)],
        ['n', 3, intDistribution(0, 10, { step: 2 })],
        ['n', 3, floatDistribution(0, 10)],
        ['c', 1, categoricalDistribution(['a', 'b', 'c'])],
        ['c', 1, categoricalDistribution(['b', 'a'])],
        ['c', 1, categoricalDistribution(['a', 'B'])],
      ];
      for (const [name, internal, dist] of conflicts) {
        await expectRejection(() => storage.setTrialParam(id, name, internal, dist), ParamConflictError, { paramName: name, trialNumber: 0 });
      }
      expect(await storage.getTrial(id)).toEqual(before);
    });

    h.test('invalid internal values and distributions are refused before anything is stored', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const trial = await storage.createTrial(study.studyId);
      const id = trial?.trialId as number;
      const float = floatDistribution(0, 1);
      const int = intDistribution(0, 10);
      const cat = categoricalDistribution(['a', 'b', 'c']);
      await storage.setTrialParam(id, 'keepFloat', 0.5, float);
      await storage.setTrialParam(id, 'keepInt', 5, int);
      await storage.setTrialParam(id, 'keepCat', 2, cat);
      const before = await storage.getTrial(id);
      const badValues: [number, Distribution, string][] = [
        [Number.NaN, float, 'keepFloat'],
        [Number.POSITIVE_INFINITY, float, 'keepFloat'],
        ['1' as unknown as number, float, 'keepFloat'],
        [Number.NEGATIVE_INFINITY, int, 'keepInt'],
        [2.5, int, 'keepInt'],
        [-1, cat, 'keepCat'],
        [3, cat, 'keepCat'],
        [1.5, cat, 'keepCat'],
      ];
      for (const [internal, dist, existing] of badValues) {
        await expectRejection(() => storage.setTrialParam(id, 'bad', internal, dist), InvalidArgumentError, { field: expect.stringContaining('bad') });
        // Nor may a bad value overwrite a stored one.
        await expectRejection(() => storage.setTrialParam(id, existing, internal, dist), InvalidArgumentError);
      }
      const badDistributions: unknown[] = [
        { type: 'float', low: 1, high: 0, log: false, step: undefined },
        { type: 'float', low: 0, high: 1, log: true, step: undefined },
        { type: 'int', low: 0, high: 10, log: false, step: 0 },
        { type: 'categorical', choices: [] },
        { type: 'uniform', low: 0, high: 1 },
        null,
      ];
      for (const dist of badDistributions) {
        await expectRejection(() => storage.setTrialParam(id, 'bad', 0, dist as Distribution), InvalidDistributionError);
      }
      expect(await storage.getTrial(id)).toEqual(before);
    });

    h.test('values outside the range are stored as given (enqueued fixed params may lie outside, as in Optuna)', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const trial = await storage.createTrial(study.studyId);
      const id = trial?.trialId as number;
      await storage.setTrialParam(id, 'x', 1.5, floatDistribution(0, 1));
      await storage.setTrialParam(id, 'n', 13, intDistribution(0, 10, { step: 2 }));
      expect((await storage.getTrial(id)).params).toEqual({ x: 1.5, n: 13 });
    });

    h.test('params of different trials and studies are independent; unknown trial ids throw TrialNotFoundError', async () => {
      const storage = h.storage();
      const a = await h.newStudy(['minimize'], 'params-a');
      const b = await h.newStudy(['minimize'], 'params-b');
      const ta = await storage.createTrial(a.studyId);
      const tb = await storage.createTrial(b.studyId);
      await storage.setTrialParam(ta?.trialId as number, 'x', 0.1, floatDistribution(0, 1));
      await storage.setTrialParam(tb?.trialId as number, 'x', 5, intDistribution(0, 10));
      expect((await storage.getTrial(ta?.trialId as number)).params).toEqual({ x: 0.1 });
      expect((await storage.getTrial(tb?.trialId as number)).params).toEqual({ x: 5 });
      await storage.deleteStudy(b.studyId);
      await expectRejection(() => storage.setTrialParam(tb?.trialId as number, 'x', 1, intDistribution(0, 10)), TrialNotFoundError, { trialId: tb?.trialId });
      await expectRejection(() => storage.setTrialParam(-1, 'x', 1, intDistribution(0, 10)), TrialNotFoundError);
    });
  });
}
