import { InvalidArgumentError, StudyNotFoundError } from '@tunekit/core';
import { describe, expect, it } from 'vitest';
import { describeCliError } from './describe-cli-error.js';
import { UsageError } from './usage-error.js';

describe('describeCliError', () => {
  it('gives exit 2 for usage errors and rejected storage URLs, 1 otherwise', () => {
    expect(describeCliError(new UsageError('bad flag')).exitCode).toBe(2);
    const url = describeCliError(new InvalidArgumentError('storage', 'mongo://x', 'a URL'));
    expect(url).toMatchObject({ exitCode: 2, message: 'Invalid --storage: expected a URL, got "mongo://x"' });
    expect(describeCliError(new StudyNotFoundError({ studyName: 'x' })).exitCode).toBe(1);
    expect(describeCliError(new InvalidArgumentError('optimize nTrials', -1, 'a positive integer')).exitCode).toBe(1);
    expect(describeCliError(new RangeError('boom'))).toMatchObject({ exitCode: 1, message: 'RangeError: boom' });
    expect(describeCliError('a string')).toMatchObject({ exitCode: 1, message: 'Thrown value: a string' });
  });

  it('makes the message one line without control characters, and keeps causes for --debug', () => {
    const error = new Error('first\n  second\r\nthird \u001b[31m', { cause: new TypeError('root cause') });
    const report = describeCliError(error);
    expect(report.message).toBe('Error: first second third [31m');
    expect(report.details).toContain('Caused by: TypeError: root cause');
  });
});
