import { describe, expect, it } from 'vitest';
import { parseDirections, parseFiniteNumber, parseFormat, parseInteger, parseNumberList, parseSeconds } from './flag-values.js';

function message(body: () => unknown): string {
  try {
    body();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a throw');
}

describe('flag values', () => {
  it('parses integers with a lower bound, naming flag and value when wrong', () => {
    expect(parseInteger('--trials', '12')).toBe(12);
    expect(parseInteger('--trials', '0', 0)).toBe(0);
    expect(parseInteger('--trials', undefined)).toBeUndefined();
    for (const bad of ['0', '-1', '1.5', '1e3', '', 'abc', '0x10', '99999999999999999']) {
      expect(message(() => parseInteger('--trials', bad))).toBe(`Invalid --trials ${JSON.stringify(bad)}: expected a positive integer`);
    }
  });

  it('parses seconds into milliseconds', () => {
    expect(parseSeconds('--timeout', '90')).toBe(90_000);
    expect(parseSeconds('--timeout', '0.25')).toBe(250);
    for (const bad of ['0', '-5', 'Infinity', '1m', '']) expect(message(() => parseSeconds('--timeout', bad))).toContain('expected a number of seconds > 0');
  });

  it('parses finite numbers and lists of them, rejecting NaN, Infinity and hex', () => {
    expect(parseFiniteNumber('--values', '-1.5e-3')).toBe(-0.0015);
    expect(parseNumberList('--values', '1, -2 .5')).toEqual([1, -2, 0.5]);
    for (const bad of ['NaN', 'Infinity', '1e400', '0x1', '1,5x']) expect(() => parseNumberList('--values', bad)).toThrow(/Invalid --values .*expected (a finite number|one or more)/);
  });

  it('parses directions and formats case-insensitively', () => {
    expect(parseDirections('--directions', 'Maximize, minimize')).toEqual(['maximize', 'minimize']);
    expect(parseFormat('JSON')).toBe('json');
    expect(parseFormat(undefined)).toBe('table');
    expect(message(() => parseFormat('xml'))).toBe('Invalid --format "xml": expected \'table\', \'json\' or \'csv\'');
  });
});
