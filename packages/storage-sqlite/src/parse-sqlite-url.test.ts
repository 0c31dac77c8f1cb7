import { InvalidArgumentError } from '@tunekit/core';
import { describe, expect, it } from 'vitest';
import { parseSqliteUrl } from './parse-sqlite-url.js';

describe('parseSqliteUrl', () => {
  it.each([
    ['sqlite:./tunekit.db', './tunekit.db'],
    ['sqlite:tunekit.db', 'tunekit.db'],
    ['sqlite:../up/x.db', '../up/x.db'],
    ['sqlite:/abs/one-slash.db', '/abs/one-slash.db'],
    ['sqlite:///abs/path.db', '/abs/path.db'],
    ['sqlite:////abs/path.db', '//abs/path.db'],
    ['sqlite:///tmp/with%20space.db', '/tmp/with space.db'],
    ['sqlite:///C:/Users/me/x.db', 'C:/Users/me/x.db'],
    ['sqlite::memory:', ':memory:'],
    ['sqlite://:memory:', ':memory:'],
    ['sqlite:///:memory:', ':memory:'],
  ])('%s → %s', (url, path) => {
    expect(parseSqliteUrl(url)).toBe(path);
  });

  it.each(['postgres://x', 'sqlite:', 'sqlite://', 'sqlite:///', 'sqlite://host/x.db', 'sqlite:///bad%zz.db', 'memory:'])('refuses %s with InvalidArgumentError naming the forms', (url) => {
    expect(() => parseSqliteUrl(url)).toThrow(InvalidArgumentError);
    expect(() => parseSqliteUrl(url)).toThrow(/sqlite:\.\/path\.db/);
  });
});
