import type { StudyDirection } from '@tunekit/core';
import { UsageError } from '../errors/usage-error.js';

/** Output formats of the listing commands. */
export type OutputFormat = 'table' | 'json' | 'csv';

const INTEGER = /^[+]?\d+$/;
// A decimal or exponent number; `Number()` alone would also accept '', ' ', '0x10' and 'Infinity'.
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** An integer >= `min` (1 by default). */
export function parseInteger(flag: string, value: string | undefined, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  const number = INTEGER.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < min) {
    throw UsageError.invalidValue(flag, value, min === 1 ? 'a positive integer' : min === 0 ? 'a non-negative integer' : `an integer >= ${min}`);
  }
  return number;
}

/** A finite number. */
export function parseFiniteNumber(flag: string, value: string): number {
  const trimmed = value.trim();
  if (!DECIMAL.test(trimmed)) throw UsageError.invalidValue(flag, value, 'a finite number');
  const number = Number(trimmed);
  if (!Number.isFinite(number)) throw UsageError.invalidValue(flag, value, 'a finite number');
  return number;
}

/** A duration in seconds (`--timeout 90`, `--timeout 0.5`), returned in milliseconds. */
export function parseSeconds(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  const seconds = DECIMAL.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!(Number.isFinite(seconds) && seconds > 0)) throw UsageError.invalidValue(flag, value, 'a number of seconds > 0');
  return seconds * 1000;
}

export function parseDirection(flag: string, value: string): StudyDirection {
  const normalized = value.trim().toLowerCase();
  if (normalized !== 'minimize' && normalized !== 'maximize') throw UsageError.invalidValue(flag, value, "'minimize' or 'maximize'");
  return normalized;
}

/** `minimize,maximize` (commas or spaces). */
export function parseDirections(flag: string, value: string): StudyDirection[] {
  const parts = value.split(/[\s,]+/).filter((part) => part.length > 0);
  if (parts.length === 0) throw UsageError.invalidValue(flag, value, "a comma-separated list of 'minimize' | 'maximize'");
  return parts.map((part) => parseDirection(flag, part));
}

export function parseFormat(value: string | undefined): OutputFormat {
  if (value === undefined) return 'table';
  const normalized = value.trim().toLowerCase();
  if (normalized === 'table' || normalized === 'json' || normalized === 'csv') return normalized;
  throw UsageError.invalidValue('--format', value, "'table', 'json' or 'csv'");
}

/** `1.5,2` (commas or spaces) → finite numbers. */
export function parseNumberList(flag: string, value: string): number[] {
  const parts = value.split(/[\s,]+/).filter((part) => part.length > 0);
  if (parts.length === 0) throw UsageError.invalidValue(flag, value, 'one or more finite numbers');
  return parts.map((part) => parseFiniteNumber(flag, part));
}

/** A flag that must be there. */
export function requireFlag<T>(flag: string, value: T | undefined, command: string): T {
  if (value === undefined) throw new UsageError(`Missing ${flag} for 'tunekit ${command}' (see 'tunekit ${command} --help')`, { flag });
  return value;
}
