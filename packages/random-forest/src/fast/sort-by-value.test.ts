import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortByValue } from './sort-by-value.js';

describe('sortByValue', () => {
  it('sorts keys ascending and carries the items along, on any sub-range', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ noNaN: true, noDefaultInfinity: true })), { maxLength: 300 }), fc.nat(), fc.nat(), (values, a, b) => {
        const keys = Float64Array.from(values);
        const items = Int32Array.from(values, (_, i) => i);
        const lo = values.length === 0 ? 0 : a % values.length;
        const hi = values.length === 0 ? 0 : lo + (b % (values.length - lo + 1));
        sortByValue(keys, items, lo, hi);
        for (let i = lo + 1; i < hi; i++) expect(keys[i - 1] as number).toBeLessThanOrEqual(keys[i] as number);
        for (let i = 0; i < values.length; i++) expect(keys[i]).toBe(Float64Array.of(values[items[i] as number] as number)[0]);
        expect([...items].sort((x, y) => x - y)).toEqual(values.map((_, i) => i));
        for (let i = 0; i < lo; i++) expect(items[i]).toBe(i);
        for (let i = hi; i < values.length; i++) expect(items[i]).toBe(i);
      }),
    );
  });

  it('handles long runs of equal values and sorted input without degrading', () => {
    const n = 100_000;
    const keys = Float64Array.from({ length: n }, (_, i) => i % 3);
    const items = Int32Array.from({ length: n }, (_, i) => i);
    sortByValue(keys, items, 0, n);
    expect(keys[0]).toBe(0);
    expect(keys[n - 1]).toBe(2);
    const sorted = Float64Array.from({ length: n }, (_, i) => i);
    sortByValue(sorted, Int32Array.from({ length: n }, (_, i) => i), 0, n);
    expect(sorted[n - 1]).toBe(n - 1);
  });
});
