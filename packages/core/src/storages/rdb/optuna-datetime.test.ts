import { afterEach, describe, expect, it } from 'vitest';
import { formatOptunaDatetime, formatOptunaUtcDatetime, parseOptunaDatetime, parseOptunaUtcDatetime } from './optuna-datetime.js';

const originalTz = process.env.TZ;
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe('Optuna datetimes', () => {
  it("formats local time like SQLAlchemy stores Python's datetime.now() (microseconds, no zone)", () => {
    process.env.TZ = 'Asia/Tokyo';
    const ms = Date.UTC(2024, 0, 31, 23, 59, 58, 7);
    expect(formatOptunaDatetime(ms)).toBe('2024-02-01 08:59:58.007000');
    expect(parseOptunaDatetime('2024-02-01 08:59:58.007000')).toBe(ms);
  });

  it('reads local time in the current zone, truncating microseconds to milliseconds', () => {
    process.env.TZ = 'America/New_York';
    expect(parseOptunaDatetime('2021-06-01 12:00:00.123456')).toBe(Date.UTC(2021, 5, 1, 16, 0, 0, 123));
    expect(parseOptunaDatetime('2021-06-01 12:00:00')).toBe(Date.UTC(2021, 5, 1, 16, 0, 0, 0));
    expect(parseOptunaDatetime('2021-06-01T12:00:00.5')).toBe(Date.UTC(2021, 5, 1, 16, 0, 0, 500));
    expect(parseOptunaDatetime(null)).toBeUndefined();
    expect(parseOptunaDatetime(new Date(5))).toBe(5);
  });

  it('round-trips ms timestamps in any zone outside the repeated DST hour', () => {
    for (const zone of ['UTC', 'Europe/Berlin', 'America/Los_Angeles', 'Australia/Adelaide']) {
      process.env.TZ = zone;
      for (const ms of [0, 1, 1_700_000_000_123, Date.UTC(2024, 6, 1, 12), -86_400_000 * 365 * 30 + 17, Date.UTC(9999, 11, 31)]) {
        expect(parseOptunaDatetime(formatOptunaDatetime(ms)), `${zone} ${ms}`).toBe(ms);
      }
    }
  });

  it('writes and reads heartbeats in UTC, with or without a fraction (SQLite CURRENT_TIMESTAMP has none)', () => {
    process.env.TZ = 'Asia/Kolkata';
    const ms = Date.UTC(2023, 4, 6, 7, 8, 9, 250);
    expect(formatOptunaUtcDatetime(ms)).toBe('2023-05-06 07:08:09.250000');
    expect(parseOptunaUtcDatetime('2023-05-06 07:08:09.250000')).toBe(ms);
    expect(parseOptunaUtcDatetime('2023-05-06 07:08:09')).toBe(ms - 250);
  });

  it('refuses text that is not a datetime', () => {
    expect(() => parseOptunaDatetime('yesterday')).toThrow(/YYYY-MM-DD/);
    expect(() => formatOptunaDatetime(Number.NaN)).toThrow();
  });
});
