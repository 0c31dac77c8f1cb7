import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';

/**
 * Datetimes as Optuna stores them.
 *
 * - `trials.datetime_start` / `datetime_complete`: Optuna writes Python's `datetime.now()`, a
 *   *naive local time*, which SQLAlchemy stores on SQLite as `'YYYY-MM-DD HH:MM:SS.ffffff'`.
 *   tunekit does the same (the writing process's local time zone), so that times written by
 *   Python and Node workers on one machine agree and optuna-dashboard shows them as Optuna would.
 *   Consequences, as with Optuna: workers in different time zones disagree, and the repeated
 *   hour when daylight saving time ends is ambiguous (read as its first occurrence). JavaScript
 *   dates have millisecond precision, so Python's microseconds are truncated on read.
 * - `trial_heartbeats.heartbeat`: Optuna writes the database's `CURRENT_TIMESTAMP`, which on
 *   SQLite is *UTC* (`'YYYY-MM-DD HH:MM:SS'`), and compares it with `CURRENT_TIMESTAMP`. tunekit
 *   writes UTC too, so both see each other's heartbeats.
 */

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function format(year: number, month: number, day: number, hours: number, minutes: number, seconds: number, ms: number): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)} ${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}.${pad(ms, 3)}000`;
}

function checkTime(ms: number): Date {
  const date = new Date(ms);
  if (!Number.isFinite(ms) || Number.isNaN(date.getTime())) throw new InvalidArgumentError('datetime', ms, 'a valid time in ms since the epoch');
  return date;
}

/** ms since the epoch → Optuna's naive local `'YYYY-MM-DD HH:MM:SS.ffffff'`. */
export function formatOptunaDatetime(ms: number): string {
  const d = checkTime(ms);
  return format(d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds());
}

/** ms since the epoch → `'YYYY-MM-DD HH:MM:SS.ffffff'` in UTC (heartbeats). */
export function formatOptunaUtcDatetime(ms: number): string {
  const d = checkTime(ms);
  return format(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;

function parse(value: string | Date | null | undefined, utc: boolean): number | undefined {
  if (value === null || value === undefined) return undefined;
  // Drivers that parse timestamps themselves (node-postgres) hand over a Date.
  if (value instanceof Date) return value.getTime();
  const match = PATTERN.exec(value.trim());
  if (match === null) throw new InvalidArgumentError('datetime', value, "Optuna's 'YYYY-MM-DD HH:MM:SS[.ffffff]'");
  const [year, month, day, hours, minutes, seconds] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const ms = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  if (!utc) {
    const date = new Date(year, month - 1, day, hours, minutes, seconds, ms);
    // Years 0-99 would be mapped to 1900-1999 by the Date constructor.
    if (year < 100) date.setFullYear(year, month - 1, day);
    return date.getTime();
  }
  const date = new Date(Date.UTC(year, month - 1, day, hours, minutes, seconds, ms));
  if (year < 100) date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

/** Optuna's naive local datetime text (or a driver's `Date`) → ms since the epoch; NULL → undefined. */
export function parseOptunaDatetime(value: string | Date | null | undefined): number | undefined {
  return parse(value, false);
}

/** A UTC datetime text (heartbeats, with or without fraction) → ms since the epoch. */
export function parseOptunaUtcDatetime(value: string | Date | null | undefined): number | undefined {
  return parse(value, true);
}
