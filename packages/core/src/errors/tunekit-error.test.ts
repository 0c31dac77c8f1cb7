import { describe, expect, it } from 'vitest';
import {
  DuplicatedStudyError,
  InvalidArgumentError,
  InvalidDistributionError,
  ParamConflictError,
  StorageError,
  StudyNotFoundError,
  TrialNotFoundError,
  TrialPruned,
  TunekitError,
  UpdateFinishedTrialError,
  describeValue,
} from './index.js';

describe('TunekitError', () => {
  it('carries a code, a cause and the subclass name', () => {
    const cause = new Error('disk full');
    const error = new TunekitError('write failed', { code: 'X', cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('TunekitError');
    expect(error.code).toBe('X');
    expect(error.cause).toBe(cause);
    expect(new TunekitError('plain').code).toBe('TUNEKIT_ERROR');
    expect('cause' in new TunekitError('plain')).toBe(false);
  });

  it('isInstance recognises errors across duplicated copies of the package (global symbol marker)', () => {
    expect(TunekitError.isInstance(new TrialPruned())).toBe(true);
    expect(TunekitError.isInstance(new Error('x'))).toBe(false);
    expect(TunekitError.isInstance(null)).toBe(false);
    expect(TunekitError.isInstance('TunekitError')).toBe(false);
    // What an instance made by another copy of @tunekit/core looks like: same Symbol.for marker, another class.
    const marker: unique symbol = Symbol.for('tunekit.error');
    class OtherCopyError extends Error {
      readonly [marker] = true;
    }
    const foreign = new OtherCopyError('from another copy');
    expect(foreign instanceof TunekitError).toBe(false);
    expect(TunekitError.isInstance(foreign)).toBe(true);
    expect(TunekitError.isInstance({ [Symbol.for('tunekit.error')]: false })).toBe(false);
  });
});

describe('subclasses', () => {
  it('have their own name, a stable code and readonly structured fields', () => {
    const cases: readonly [TunekitError, string, string, Record<string, unknown>, RegExp][] = [
      [new DuplicatedStudyError('s'), 'DuplicatedStudyError', 'DUPLICATED_STUDY', { studyName: 's' }, /'s' already exists.*loadIfExists/],
      [new InvalidArgumentError('optimize nTrials', -1, 'a positive integer'), 'InvalidArgumentError', 'INVALID_ARGUMENT', { field: 'optimize nTrials', value: -1 }, /Invalid optimize nTrials: expected a positive integer, got -1/],
      [new InvalidDistributionError('lr', 'low', -1, 'low must be > 0'), 'InvalidDistributionError', 'INVALID_DISTRIBUTION', { paramName: 'lr', field: 'low', value: -1 }, /Invalid parameter 'lr': low must be > 0/],
      [new ParamConflictError('x', 3, 'detail'), 'ParamConflictError', 'PARAM_CONFLICT', { paramName: 'x', trialNumber: 3 }, /'x' in trial 3 was already suggested with a different distribution: detail/],
      [new StorageError('sqlite:./a.db', 'locked', { cause: new Error('SQLITE_BUSY') }), 'StorageError', 'STORAGE_ERROR', { storage: 'sqlite:./a.db' }, /^sqlite:\.\/a\.db: locked$/],
      [new StudyNotFoundError({ studyName: 'gone' }), 'StudyNotFoundError', 'STUDY_NOT_FOUND', { studyName: 'gone', studyId: undefined }, /No study named 'gone'/],
      [new StudyNotFoundError({ studyId: 7 }), 'StudyNotFoundError', 'STUDY_NOT_FOUND', { studyId: 7 }, /No study with id 7/],
      [new TrialNotFoundError({ trialNumber: 4 }), 'TrialNotFoundError', 'TRIAL_NOT_FOUND', { trialNumber: 4, trialId: undefined }, /No trial with number 4/],
      [new TrialNotFoundError({ trialId: 9 }), 'TrialNotFoundError', 'TRIAL_NOT_FOUND', { trialId: 9 }, /No trial with id 9/],
      [new TrialPruned(), 'TrialPruned', 'TRIAL_PRUNED', {}, /Trial was pruned/],
      [new UpdateFinishedTrialError(12, 3, 'complete', 'report step 2'), 'UpdateFinishedTrialError', 'UPDATE_FINISHED_TRIAL', { trialId: 12, trialNumber: 3, state: 'complete' }, /Cannot report step 2: trial 3 is already finished \(state 'complete'\)/],
      [new UpdateFinishedTrialError(12, undefined, 'fail', 'tell'), 'UpdateFinishedTrialError', 'UPDATE_FINISHED_TRIAL', { trialNumber: undefined }, /trial id 12 is already finished/],
    ];
    for (const [error, name, code, fields, message] of cases) {
      expect(error).toBeInstanceOf(TunekitError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(name);
      expect(error.code).toBe(code);
      expect(error).toMatchObject(fields);
      expect(error.message).toMatch(message);
    }
    expect(new StorageError('memory:', 'x', { code: 'CUSTOM' }).code).toBe('CUSTOM');
    expect((new StorageError('memory:', 'x', { cause: 'c' }).cause)).toBe('c');
    expect(new TrialPruned('pruned at epoch 3').message).toBe('pruned at epoch 3');
  });
});

describe('describeValue', () => {
  it('renders values unambiguously and briefly', () => {
    expect(describeValue('0')).toBe('"0"');
    expect(describeValue(0)).toBe('0');
    expect(describeValue(-0)).toBe('-0');
    expect(describeValue(Number.NaN)).toBe('NaN');
    expect(describeValue(Number.NEGATIVE_INFINITY)).toBe('-Infinity');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(null)).toBe('null');
    expect(describeValue(10n)).toBe('10n');
    expect(describeValue(function objective() {})).toBe('function objective');
    expect(describeValue(() => 1)).toMatch(/^function /);
    expect(describeValue({ a: [1, 'b'] })).toBe('{"a":[1,"b"]}');
    expect(describeValue(Symbol('s'))).toBe('Symbol(s)');
    const long = describeValue('x'.repeat(200));
    expect(long.length).toBe(80);
    expect(long.endsWith('...')).toBe(true);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(describeValue(cyclic)).toBe('[object Object]');
  });
});
