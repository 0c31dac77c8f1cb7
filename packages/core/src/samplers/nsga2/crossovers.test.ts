import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { SeededRandom } from '../../utils/seeded-random.js';
import { BLXAlphaCrossover } from './blx-alpha-crossover.js';
import type { Crossover } from './crossover.js';
import { SBXCrossover } from './sbx-crossover.js';
import { SPXCrossover } from './spx-crossover.js';
import { UNDXCrossover } from './undx-crossover.js';
import { UniformCrossover } from './uniform-crossover.js';
import { VSBXCrossover } from './vsbx-crossover.js';

const single = { nObjectives: 1 };
const multi = { nObjectives: 2 };

/** `n` children of the same parents; column `i` of the result holds gene `i` of every child. */
function children(crossover: Crossover, parents: number[][], n: number, context = single, seed = 1): number[][] {
  const rng = new SeededRandom(seed);
  const columns = parents[0]!.map(() => [] as number[]);
  for (let k = 0; k < n; k++) {
    const child = crossover.crossover(parents, rng, context);
    if (child.length !== parents[0]!.length) throw new Error(`child of length ${child.length}`);
    for (let i = 0; i < child.length; i++) columns[i]!.push(child[i]!);
  }
  return columns;
}
const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const variance = (values: readonly number[]) => {
  const m = mean(values);
  return values.reduce((sum, value) => sum + (value - m) ** 2, 0) / (values.length - 1);
};

describe('UniformCrossover', () => {
  it('takes each gene from one parent, from the second with probability swappingProb', () => {
    const parents = [
      [0.1, 0.2, 0.3],
      [0.7, 0.8, 0.9],
    ];
    for (const swappingProb of [0, 0.3, 1]) {
      const columns = children(new UniformCrossover(swappingProb), parents, 4000);
      columns.forEach((column, i) => {
        expect(column.every((value) => value === parents[0]![i] || value === parents[1]![i])).toBe(true);
        const second = column.filter((value) => value === parents[1]![i]).length / column.length;
        // Binomial(4000, p): standard error <= 0.008.
        expect(Math.abs(second - swappingProb)).toBeLessThan(0.03);
      });
    }
  });

  it('rejects a swapping probability outside [0, 1]', () => {
    expect(() => new UniformCrossover(1.5)).toThrow(InvalidArgumentError);
  });
});

describe('BLXAlphaCrossover', () => {
  it('draws uniformly on the parents’ interval widened by alpha on both sides', () => {
    const [column] = children(new BLXAlphaCrossover(0.5), [[0.4], [0.6]], 20000);
    // Interval [0.4 − 0.1, 0.6 + 0.1] = [0.3, 0.7]: mean 0.5, variance 0.4² / 12.
    expect(column!.every((value) => value >= 0.3 && value <= 0.7)).toBe(true);
    expect(mean(column!)).toBeCloseTo(0.5, 2);
    expect(variance(column!)).toBeCloseTo(0.16 / 12, 3);
    expect(Math.min(...column!)).toBeLessThan(0.31);
    expect(Math.max(...column!)).toBeGreaterThan(0.69);
  });
});

describe('SBXCrossover', () => {
  it('keeps the parents’ mean far from the bounds, and spreads more with a smaller eta', () => {
    const parents = [[0.45], [0.55]];
    const [wide] = children(new SBXCrossover({ eta: 2 }), parents, 40000);
    const [narrow] = children(new SBXCrossover({ eta: 20 }), parents, 40000);
    // Far from the bounds the two SBX children are symmetric about 0.5, and so is the parent mix.
    expect(mean(wide!)).toBeCloseTo(0.5, 2);
    expect(mean(narrow!)).toBeCloseTo(0.5, 2);
    // Spread factor β: E[β²] = (3/5 + 3) / 2 = 1.8 for eta = 2 and ≈ 1 for eta = 20; with the parent
    // copies, variance ≈ 0.05² · (1.8 + 1) / 2 = 0.0035 against ≈ 0.0025.
    expect(variance(wide!)).toBeGreaterThan(1.2 * variance(narrow!));
    // Half the genes are a parent's: 0.45 or 0.55 exactly, each about a quarter of the time.
    const copies = wide!.filter((value) => value === 0.45 || value === 0.55).length / wide!.length;
    expect(copies).toBeGreaterThan(0.47);
    expect(copies).toBeLessThan(0.53);
  });

  it('defaults eta to 20 for several objectives and 2 for one (Optuna)', () => {
    const parents = [[0.45], [0.55]];
    const [defaultMulti] = children(new SBXCrossover(), parents, 5000, multi, 3);
    const [eta20] = children(new SBXCrossover({ eta: 20 }), parents, 5000, multi, 3);
    const [defaultSingle] = children(new SBXCrossover(), parents, 5000, single, 3);
    const [eta2] = children(new SBXCrossover({ eta: 2 }), parents, 5000, single, 3);
    expect(defaultMulti).toEqual(eta20);
    expect(defaultSingle).toEqual(eta2);
  });

  it('keeps children inside [0, 1] even when the parents lie next to a bound', () => {
    for (const parents of [[[0.001, 0.999, 0.5]], [[0, 1, 0.02]]]) {
      const rows = [parents[0]!, [0.3, 0.6, 0]];
      for (const column of children(new SBXCrossover({ eta: 0.5 }), rows, 5000)) {
        expect(Math.min(...column)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...column)).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('VSBXCrossover', () => {
  it('puts children on both sides of each parent, and mostly near the parents with a large eta', () => {
    const [column] = children(new VSBXCrossover({ eta: 2 }), [[0.4], [0.6]], 20000);
    expect(column!.some((value) => value < 0.4)).toBe(true);
    expect(column!.some((value) => value > 0.6)).toBe(true);
    expect(column!.some((value) => value > 0.4 && value < 0.6)).toBe(true);
    // Not symmetric (the child near the second parent spreads further), but centred between the parents.
    expect(mean(column!)).toBeGreaterThan(0.45);
    expect(mean(column!)).toBeLessThan(0.55);
    const [narrow] = children(new VSBXCrossover({ eta: 50 }), [[0.4], [0.6]], 20000);
    expect(variance(narrow!)).toBeLessThan(variance(column!));
  });
});

describe('UNDXCrossover', () => {
  it('is normal around the midpoint of parents 1 and 2, with the paper’s spreads along and across their line', () => {
    // Parents 1 and 2 on the x axis, |x1 − x2| = 0.2; parent 3 at distance D = 0.3 from that line.
    const crossover = new UNDXCrossover({ sigmaXi: 0.5, sigmaEta: 0.35 });
    const [along, across] = children(crossover, [[0.4, 0.5], [0.6, 0.5], [0.5, 0.8]], 40000);
    expect(mean(along!)).toBeCloseTo(0.5, 2);
    expect(mean(across!)).toBeCloseTo(0.5, 2);
    // sd along = sigmaXi · |x1 − x2| = 0.1; across = sigmaEta · D = 0.105.
    expect(Math.sqrt(variance(along!))).toBeCloseTo(0.1, 2);
    expect(Math.sqrt(variance(across!))).toBeCloseTo(0.105, 2);
  });

  it('needs three parents', () => {
    expect(new UNDXCrossover().nParents).toBe(3);
  });
});

describe('SPXCrossover', () => {
  it('samples the expanded simplex: mean at the centroid, points beyond the parents', () => {
    const parents = [
      [0.2, 0.2],
      [0.6, 0.3],
      [0.4, 0.7],
    ];
    const [x, y] = children(new SPXCrossover(), parents, 40000);
    expect(mean(x!)).toBeCloseTo(0.4, 2);
    expect(mean(y!)).toBeCloseTo(0.4, 2);
    // epsilon = √(2 + 2) = 2 doubles the simplex about its centroid: some children leave the
    // parents' hull, none leave the doubled simplex's bounding box [0, 0.8] × [0, 1].
    expect(Math.min(...x!)).toBeLessThan(0.2);
    expect(Math.min(...x!)).toBeGreaterThanOrEqual(-1e-12);
    expect(Math.max(...x!)).toBeLessThanOrEqual(0.8 + 1e-12);
    expect(Math.min(...y!)).toBeGreaterThanOrEqual(-1e-12);
    expect(Math.max(...y!)).toBeLessThanOrEqual(1 + 1e-12);
  });
});
