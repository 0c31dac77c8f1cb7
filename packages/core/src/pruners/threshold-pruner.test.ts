import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { IntermediateValue } from '../protocol/frozen-trial.js';
import { NonScalarIntermediateValueError } from '../errors/non-scalar-intermediate-value-error.js';
import { makeStudyView, makeTrial } from './__fixtures__/test-study-view.js';
import { ThresholdPruner, type ThresholdPrunerOptions } from './threshold-pruner.js';

function decide(options: ThresholdPrunerOptions, spec: { values?: IntermediateValue[]; steps?: Array<[number, IntermediateValue]> }): boolean {
  const trial = makeTrial(0, { state: 'running', ...spec });
  const view = makeStudyView([trial]);
  const result = new ThresholdPruner(options).prune(view, trial);
  expect(view.writes).toEqual([]);
  return result;
}

describe('ThresholdPruner', () => {
  it('prunes when the latest value is above upper (strictly)', () => {
    expect(new ThresholdPruner({ upper: 1 }).name).toBe('ThresholdPruner');
    expect(decide({ upper: 1 }, { values: [0.5] })).toBe(false);
    expect(decide({ upper: 1 }, { values: [1] })).toBe(false);
    expect(decide({ upper: 1 }, { values: [1.01] })).toBe(true);
    expect(decide({ upper: 1 }, { values: [Infinity] })).toBe(true);
    // Only the latest value matters: an earlier excursion is forgiven.
    expect(decide({ upper: 1 }, { values: [5, 0.5] })).toBe(false);
  });

  it('prunes when the latest value is below lower (strictly)', () => {
    expect(decide({ lower: 0 }, { values: [-0.1] })).toBe(true);
    expect(decide({ lower: 0 }, { values: [0] })).toBe(false);
    expect(decide({ lower: 0 }, { values: [-Infinity] })).toBe(true);
    expect(decide({ lower: 0, upper: 1 }, { values: [0.5] })).toBe(false);
    expect(decide({ lower: 0, upper: 1 }, { values: [2] })).toBe(true);
  });

  it('prunes when the latest value is NaN, not for an earlier NaN', () => {
    expect(decide({ upper: 1 }, { values: [Number.NaN] })).toBe(true);
    expect(decide({ lower: 0 }, { values: [Number.NaN] })).toBe(true);
    expect(decide({ upper: 1 }, { values: [Number.NaN, 0.5] })).toBe(false);
  });

  it('never prunes a trial without reports', () => {
    expect(decide({ upper: 1 }, { values: [] })).toBe(false);
  });

  it('respects warm-up and interval steps', () => {
    // Warm-up 2: steps 0-1 are free, step 2 is checked.
    expect(decide({ upper: 1, nWarmupSteps: 2 }, { values: [5, 5] })).toBe(false);
    expect(decide({ upper: 1, nWarmupSteps: 2 }, { values: [5, 5, 5] })).toBe(true);
    // Interval 2 from warm-up 0: step 1 off grid, step 2 checked; a missed check at 2 happens at 3.
    expect(decide({ upper: 1, intervalSteps: 2 }, { values: [0, 5] })).toBe(false);
    expect(decide({ upper: 1, intervalSteps: 2 }, { values: [0, 0, 5] })).toBe(true);
    expect(decide({ upper: 1, intervalSteps: 2 }, { steps: [[0, 0], [3, 5]] })).toBe(true);
  });

  it('works in multi-objective studies (it never uses the direction)', () => {
    const trial = makeTrial(0, { state: 'running', values: [2] });
    const view = makeStudyView([trial], ['minimize', 'maximize']);
    expect(new ThresholdPruner({ upper: 1 }).prune(view, trial)).toBe(true);
  });

  it('rejects a vector value, naming trial and step', () => {
    expect(() => decide({ upper: 1 }, { values: [0, [1, 2]] })).toThrow(NonScalarIntermediateValueError);
    expect(() => decide({ upper: 1 }, { values: [0, [1, 2]] })).toThrow(
      expect.objectContaining({ prunerName: 'ThresholdPruner', trialNumber: 0, step: 1 }),
    );
  });

  it('validates options', () => {
    const cases: Array<[ThresholdPrunerOptions, string, unknown]> = [
      [{}, 'ThresholdPruner.lower', undefined],
      [{ lower: 2, upper: 1 }, 'ThresholdPruner.lower', 2],
      [{ lower: Number.NaN }, 'ThresholdPruner.lower', Number.NaN],
      [{ upper: 'big' as unknown as number }, 'ThresholdPruner.upper', 'big'],
      [{ upper: 1, nWarmupSteps: -1 }, 'ThresholdPruner.nWarmupSteps', -1],
      [{ upper: 1, intervalSteps: 0 }, 'ThresholdPruner.intervalSteps', 0],
    ];
    for (const [options, field, value] of cases) {
      let error: unknown;
      try {
        new ThresholdPruner(options);
      } catch (caught) {
        error = caught;
      }
      expect(error, field).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).field).toBe(field);
      expect((error as InvalidArgumentError).value).toEqual(value);
    }
    expect(() => new ThresholdPruner(undefined as unknown as ThresholdPrunerOptions)).toThrow(InvalidArgumentError);
    expect(() => new ThresholdPruner({ lower: 1, upper: 1 })).not.toThrow();
    expect(() => new ThresholdPruner({ lower: -Infinity })).not.toThrow();
  });
});
