import { describe, expect, it } from 'vitest';
import { categoricalDistribution, containsExternal, floatDistribution, intDistribution } from '../../distributions/index.js';
import { SeededRandom } from '../../utils/seeded-random.js';
import { GPDimension } from './gp-search-space.js';

describe('GPDimension', () => {
  it('maps floats to [0, 1], log floats in log space, and round-trips', () => {
    const linear = new GPDimension('x', floatDistribution(-2, 6));
    expect(linear.kind).toBe('continuous');
    expect(linear.encode(2)).toBeCloseTo(0.5, 14);
    expect(linear.decode(0.25)).toBeCloseTo(0, 12);
    const log = new GPDimension('lr', floatDistribution(1e-4, 1, { log: true }));
    expect(log.encode(1e-2)).toBeCloseTo(0.5, 12);
    expect(log.decode(log.encode(0.0123))).toBeCloseTo(0.0123, 12);
    expect(linear.encode(7)).toBeNaN();
    expect(linear.encode(undefined)).toBeNaN();
  });

  it('widens grids by half a step, and snaps every coordinate to a grid value', () => {
    const units = new GPDimension('units', intDistribution(16, 256, { step: 16 }));
    expect(units.kind).toBe('discrete');
    expect(units.size).toBe(16);
    // 16 values on [8, 264]: each owns 1/16 of [0, 1].
    expect(units.encode(16)).toBeCloseTo(1 / 32, 12);
    expect(units.encode(256)).toBeCloseTo(1 - 1 / 32, 12);
    const rng = new SeededRandom(1);
    for (const dist of [intDistribution(16, 256, { step: 16 }), intDistribution(1, 1024, { log: true }), floatDistribution(0, 1, { step: 0.1 }), intDistribution(-5, 5000)]) {
      const dimension = new GPDimension('p', dist);
      for (let i = 0; i < 200; i++) {
        const u = rng.float() * 1.2 - 0.1;
        const snapped = dimension.snap(u);
        const value = dimension.decode(snapped);
        expect(containsExternal(dist, value), `${JSON.stringify(dist)} → ${value}`).toBe(true);
        expect(dimension.encode(value)).toBeCloseTo(snapped, 12); // grid-aligned
        expect(dimension.decode(u)).toBe(value);
      }
    }
  });

  it('lists every grid value of a small grid and the neighbours on a large one', () => {
    const small = new GPDimension('k', intDistribution(0, 4));
    expect(small.relaxed).toBe(false);
    expect(small.alternatives(0.5).map((u) => small.decode(u))).toEqual([0, 1, 2, 3, 4]);
    const large = new GPDimension('w', intDistribution(0, 1000));
    expect(large.relaxed).toBe(true);
    const values = large.alternatives(large.encode(500)).map((u) => large.decode(u));
    expect(values).toEqual(expect.arrayContaining([499, 501, 498, 502, 492, 508]));
  });

  it('uses choice indices for categoricals', () => {
    const act = new GPDimension('act', categoricalDistribution(['relu', 'tanh', { k: 1 }]));
    expect(act.kind).toBe('categorical');
    expect(act.encode({ k: 1 })).toBe(2);
    expect(act.decode(1)).toBe('tanh');
    expect(act.alternatives(0)).toEqual([0, 1, 2]);
    const rng = new SeededRandom(2);
    for (let i = 0; i < 30; i++) expect([0, 1, 2]).toContain(act.random(rng));
  });
});
