import { describe, expect } from 'vitest';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import type { FrozenTrial, IntermediateValue } from '../../protocol/frozen-trial.js';
import { describeNumbers, EDGE_DOUBLES, expectRejection, expectWellFormedTrial, sameNumbers, type ConformanceHarness } from './create-conformance-harness.js';

function expectSameIntermediate(actual: IntermediateValue | undefined, expected: IntermediateValue, what: string): void {
  const a = typeof actual === 'number' ? [actual] : actual;
  const e = typeof expected === 'number' ? [expected] : expected;
  expect(typeof actual === 'number', `${what}: scalar stays scalar, vector stays vector`).toBe(typeof expected === 'number');
  expect(sameNumbers(a, e), `${what}: got ${describeNumbers(a)}, expected ${describeNumbers(e)}`).toBe(true);
}

export function registerValueTests(h: ConformanceHarness): void {
  describe('intermediate values', () => {
    h.test('numbers and vectors round-trip; vectors come back frozen', async () => {
      const storage = h.storage();
      const study = await h.newStudy(['minimize', 'maximize'], 'intermediate');
      const trial = (await storage.createTrial(study.studyId)) as FrozenTrial;
      await storage.setTrialIntermediateValue(trial.trialId, 0, 0.5);
      await storage.setTrialIntermediateValue(trial.trialId, 1, [0.25, -1]);
      await storage.setTrialIntermediateValue(trial.trialId, 2, [3]);
      const stored = await storage.getTrial(trial.trialId);
      expectWellFormedTrial(stored, 2);
      expect([...stored.intermediateValues]).toEqual([[0, 0.5], [1, [0.25, -1]], [2, [3]]]);
      expect(Object.isFrozen(stored.intermediateValues.get(1))).toBe(true);
    });

    h.test('the first report of a step wins; later reports of it are ignored without error', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const trial = (await storage.createTrial(study.studyId)) as FrozenTrial;
      await storage.setTrialIntermediateValue(trial.trialId, 3, 1);
      await storage.setTrialIntermediateValue(trial.trialId, 3, 2);
      await storage.setTrialIntermediateValue(trial.trialId, 3, [9, 9]);
      await storage.setTrialIntermediateValue(trial.trialId, 4, Number.NaN);
      await storage.setTrialIntermediateValue(trial.trialId, 4, 5);
      const stored = await storage.getTrial(trial.trialId);
      expect(stored.intermediateValues.get(3)).toBe(1);
      expect(stored.intermediateValues.get(4)).toBeNaN();
      expect(stored.intermediateValues.size).toBe(2);
    });

    h.test('concurrent reports of one step keep exactly one of them', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const trial = (await storage.createTrial(study.studyId)) as FrozenTrial;
      await h.all(20, (i) => storage.setTrialIntermediateValue(trial.trialId, 7, i));
      const stored = await storage.getTrial(trial.trialId);
      expect(stored.intermediateValues.size).toBe(1);
      expect(Array.from({ length: 20 }, (_, i) => i)).toContain(stored.intermediateValues.get(7));
    });

    h.test('steps come back in ascending order whatever the order of reports', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const trial = (await storage.createTrial(study.studyId)) as FrozenTrial;
      const steps = [5, 1, 100, 0, 3, 1_000_000, 2, 10, 20];
      for (const step of steps) await storage.setTrialIntermediateValue(trial.trialId, step, step / 2);
      const stored = await storage.getTrial(trial.trialId);
      expect([...stored.intermediateValues.keys()]).toEqual([...steps].sort((a, b) => a - b));
      for (const step of steps) expect(stored.intermediateValues.get(step)).toBe(step / 2);
      const viaAll = (await storage.getAllTrials(study.studyId))[0];
      expect([...(viaAll?.intermediateValues.keys() ?? [])]).toEqual([...steps].sort((a, b) => a - b));
    });

    h.test('edge doubles (±0, ±MAX_VALUE, subnormals, ±Infinity, NaN) round-trip bit-exactly, as scalars and in vectors', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const trial = (await storage.createTrial(study.studyId)) as FrozenTrial;
      const values = [...EDGE_DOUBLES, Number.NaN];
      for (const [step, value] of values.entries()) await storage.setTrialIntermediateValue(trial.trialId, step, value);
      await storage.setTrialIntermediateValue(trial.trialId, values.length, values);
      for (const stored of [await storage.getTrial(trial.trialId), (await storage.getAllTrials(study.studyId))[0] as FrozenTrial]) {
        for (const [step, value] of values.entries()) expectSameIntermediate(stored.intermediateValues.get(step), value, `step ${step}`);
        expectSameIntermediate(stored.intermediateValues.get(values.length), values, 'vector');
      }
      // Also through a template (addTrial), and after the trial finished.
      const added = (await storage.createTrial(study.studyId, { template: { state: 'pruned', intermediateValues: new Map(values.map((value, step) => [step, value])) } })) as FrozenTrial;
      const reread = await storage.getTrial(added.trialId);
      for (const [step, value] of values.entries()) expectSameIntermediate(reread.intermediateValues.get(step), value, `template step ${step}`);
    });

    h.test('non-integer, negative or non-finite steps and non-numeric values are refused (InvalidArgumentError), storing nothing', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const trial = (await storage.createTrial(study.studyId)) as FrozenTrial;
      for (const step of [1.5, -1, -0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '1' as unknown as number]) {
        await expectRejection(() => storage.setTrialIntermediateValue(trial.trialId, step, 1), InvalidArgumentError, { field: 'step' });
      }
      for (const value of ['1', null, undefined, [], [1, '2'], { 0: 1 }, true] as unknown[]) {
        await expectRejection(() => storage.setTrialIntermediateValue(trial.trialId, 0, value as number), InvalidArgumentError);
      }
      expect(await storage.getTrial(trial.trialId)).toEqual(trial);
    });
  });

  describe('objective values', () => {
    h.test('edge doubles (±0, ±MAX_VALUE, subnormals, ±Infinity) round-trip bit-exactly as objective values', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const trials: [number, number][] = [];
      for (const value of EDGE_DOUBLES) {
        const trial = (await storage.createTrial(study.studyId)) as FrozenTrial;
        await storage.setTrialState(trial.trialId, 'complete', [value]);
        trials.push([trial.trialId, value]);
        const added = (await storage.createTrial(study.studyId, { template: { state: 'complete', values: [value] } })) as FrozenTrial;
        trials.push([added.trialId, value]);
      }
      const all = await storage.getAllTrials(study.studyId);
      for (const [trialId, value] of trials) {
        const stored = await storage.getTrial(trialId);
        expect(sameNumbers(stored.values, [value]), `got ${describeNumbers(stored.values)}, expected ${describeNumbers([value])}`).toBe(true);
        const listed = all.find((t) => t.trialId === trialId);
        expect(sameNumbers(listed?.values, [value]), `getAllTrials: got ${describeNumbers(listed?.values)}`).toBe(true);
      }
    });

    h.test('multi-objective values keep their order and exact bits', async () => {
      const storage = h.storage();
      const directions = EDGE_DOUBLES.map((_, i) => (i % 2 === 0 ? 'minimize' : 'maximize') as 'minimize' | 'maximize');
      const study = await h.newStudy(directions, 'multi-values');
      const trial = (await storage.createTrial(study.studyId)) as FrozenTrial;
      await storage.setTrialState(trial.trialId, 'complete', EDGE_DOUBLES);
      const stored = await storage.getTrial(trial.trialId);
      expect(sameNumbers(stored.values, EDGE_DOUBLES), `got ${describeNumbers(stored.values)}`).toBe(true);
    });

    h.test('NaN is refused for complete, in setTrialState and in templates', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const trial = (await storage.createTrial(study.studyId)) as FrozenTrial;
      await expectRejection(() => storage.setTrialState(trial.trialId, 'complete', [Number.NaN]), InvalidArgumentError, { field: 'values' });
      await expectRejection(() => storage.createTrial(study.studyId, { template: { state: 'complete', values: [Number.NaN] } }), InvalidArgumentError);
      expect((await storage.getTrial(trial.trialId)).state).toBe('running');
      expect(await storage.countTrials(study.studyId)).toBe(1);
    });
  });
}
