import { HyperbandPruner, MedianPruner, NopPruner, SuccessiveHalvingPruner } from '@tunekit/core';
import { describe, expect, it } from 'vitest';
import { PRUNERS } from './digits-objective.js';
import { loadDigits } from './digits.js';
import { withSeededMathRandom } from './seeded-math-random.js';

describe('loadDigits', () => {
  it('reads all 1797 rows, 64 features scaled to [0, 1], 174–183 samples per class', () => {
    const digits = loadDigits(42);
    expect([digits.count, digits.featureCount]).toEqual([1797, 64]);
    expect(digits.features).toHaveLength(1797 * 64);
    expect(Math.min(...digits.features)).toBe(0);
    expect(Math.max(...digits.features)).toBe(1);
    const perClass = Array.from({ length: 10 }, (_, label) => digits.labels.filter((l) => l === label).length);
    expect(perClass.reduce((a, b) => a + b)).toBe(1797);
    expect(Math.min(...perClass)).toBe(174);
    expect(Math.max(...perClass)).toBe(183);
  });

  it('shuffles rows deterministically by seed, keeping features and labels together', () => {
    const a = loadDigits(1);
    const b = loadDigits(1);
    const c = loadDigits(2);
    expect(a.labels).toEqual(b.labels);
    expect(a.labels).not.toEqual(c.labels);
    // Same multiset of (row, label) pairs whatever the order.
    const rows = (d: typeof a) =>
      Array.from({ length: d.count }, (_, i) => `${Array.from(d.features.subarray(i * 64, i * 64 + 64)).join(',')}|${d.labels[i]}`).sort();
    expect(rows(a)).toEqual(rows(c));
  });
});

describe('withSeededMathRandom', () => {
  it('gives the same Math.random stream for the same seed and restores Math.random', async () => {
    const original = Math.random;
    const draw = () => withSeededMathRandom(7, async () => [Math.random(), Math.random(), Math.random()]);
    const first = await draw();
    expect(await draw()).toEqual(first);
    expect(await withSeededMathRandom(8, async () => Math.random())).not.toBe(first[0]);
    expect(Math.random).toBe(original);
    await expect(withSeededMathRandom(7, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(Math.random).toBe(original);
  });
});

describe('PRUNERS', () => {
  it('builds each pruner the example offers', () => {
    expect(PRUNERS.none!(27)).toBeInstanceOf(NopPruner);
    expect(PRUNERS.median!(27)).toBeInstanceOf(MedianPruner);
    expect(PRUNERS.sha!(27)).toBeInstanceOf(SuccessiveHalvingPruner);
    const hyperband = PRUNERS.hyperband!(27) as HyperbandPruner;
    expect(hyperband.bracketCount()).toBe(4);
  });
});
