import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { normalCdf } from '../../math/normal.js';
import { SeededRandom } from '../../utils/seeded-random.js';
import { CmaEs, inverseNormalCdf, uniformCells, type CmaEsOptions } from './cma-es.js';

type Objective = (point: Float64Array) => number;

/** Run until `target` is reached or `maxGenerations`; the best value and the generations used. */
function minimise(objective: Objective, options: CmaEsOptions, maxGenerations: number, seed = 0, target = -Infinity): { best: number; generations: number; optimizer: CmaEs } {
  const optimizer = new CmaEs(options);
  const rng = new SeededRandom(seed);
  let best = Infinity;
  while (optimizer.generation < maxGenerations && best > target) {
    const solutions = Array.from({ length: optimizer.popsize }, () => {
      const { x, point } = optimizer.ask(rng);
      const value = objective(point);
      best = Math.min(best, value);
      return { x, value };
    });
    optimizer.tell(solutions);
  }
  return { best, generations: optimizer.generation, optimizer };
}

const sphere: Objective = (x) => x.reduce((sum, value) => sum + value * value, 0);
const rosenbrock: Objective = (x) => {
  let sum = 0;
  for (let i = 0; i + 1 < x.length; i++) sum += 100 * ((x[i + 1] as number) - (x[i] as number) ** 2) ** 2 + (1 - (x[i] as number)) ** 2;
  return sum;
};
/** Axis-parallel ellipsoid with condition number 1e6. */
const ellipsoid: Objective = (x) => x.reduce((sum, value, i) => sum + 1e6 ** (i / (x.length - 1)) * value * value, 0);

describe('CmaEs', () => {
  it('minimises the 5-D sphere below 1e-8 within 200 generations', () => {
    for (const seed of [0, 1, 2]) {
      const result = minimise(sphere, { mean: [3, -2, 1, 4, -3], sigma: 2 }, 200, seed, 1e-8);
      expect(result.best, `seed ${seed}`).toBeLessThan(1e-8);
    }
  });

  it('minimises the 5-D Rosenbrock function below 1e-8 within 1000 generations', () => {
    for (const seed of [0, 1, 2]) {
      const result = minimise(rosenbrock, { mean: [0, 0, 0, 0, 0], sigma: 0.5 }, 1000, seed, 1e-8);
      expect(result.best, `seed ${seed}`).toBeLessThan(1e-8);
    }
  });

  it('learns the covariance of an ill-conditioned ellipsoid (far fewer generations than without adaptation would need)', () => {
    const result = minimise(ellipsoid, { mean: [1, 1, 1, 1, 1, 1], sigma: 1 }, 1500, 0, 1e-10);
    expect(result.best).toBeLessThan(1e-10);
    // The learnt distribution's axes are scaled like the ellipsoid's: the sampled spread along the
    // stiffest axis is ~1000 times smaller than along the flattest.
    const rng = new SeededRandom(5);
    const spread = [0, 0];
    for (let k = 0; k < 400; k++) {
      const { x } = result.optimizer.ask(rng);
      const mean = result.optimizer.mean;
      spread[0] = (spread[0] as number) + ((x[0] as number) - (mean[0] as number)) ** 2;
      spread[1] = (spread[1] as number) + ((x[5] as number) - (mean[5] as number)) ** 2;
    }
    const ratio = Math.sqrt((spread[0] as number) / (spread[1] as number));
    expect(ratio).toBeGreaterThan(100);
    expect(ratio).toBeLessThan(10_000);
  });

  it('sep-CMA-ES (diagonal covariance) solves a 20-D separable ellipsoid faster than full CMA-ES', () => {
    const mean = new Array(20).fill(1);
    const separable = minimise(ellipsoid, { mean, sigma: 1, separable: true }, 3000, 0, 1e-8);
    const full = minimise(ellipsoid, { mean, sigma: 1 }, 3000, 0, 1e-8);
    expect(separable.best).toBeLessThan(1e-8);
    expect(separable.generations).toBeLessThan(full.generations);
    // Its samples are axis-aligned: the correlation of two coordinates stays ~0.
    const rng = new SeededRandom(2);
    const rotated: Objective = (x) => ((x[0] as number) + (x[1] as number)) ** 2 + 1e-4 * ((x[0] as number) - (x[1] as number)) ** 2;
    const result = minimise(rotated, { mean: [3, 1], sigma: 1, separable: true }, 30);
    let cross = 0;
    let square0 = 0;
    let square1 = 0;
    const m = result.optimizer.mean;
    for (let k = 0; k < 2000; k++) {
      const { x } = result.optimizer.ask(rng);
      const a = (x[0] as number) - (m[0] as number);
      const c = (x[1] as number) - (m[1] as number);
      cross += a * c;
      square0 += a * a;
      square1 += c * c;
    }
    expect(Math.abs(cross / Math.sqrt(square0 * square1))).toBeLessThan(0.1);
  });

  it('stays inside its bounds', () => {
    const optimizer = new CmaEs({ mean: [0.9, 0.1], sigma: 2, bounds: [[0, 1], [0, 1]] });
    const rng = new SeededRandom(3);
    for (let k = 0; k < 200; k++) {
      const { x, point } = optimizer.ask(rng);
      for (const value of [...x, ...point]) {
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
      }
    }
  });

  it('with a margin, integer coordinates keep moving where plain CMA-ES freezes on a plateau', () => {
    // Two continuous coordinates already at their optimum shrink σ; three integer coordinates (0..20) start at 2
    // and must reach 7. Without a margin every sample rounds to the same integers once σ is small.
    const cells = uniformCells(21, 0, 21);
    const integers = (point: Float64Array) => [2, 3, 4].map((i) => cells.cellOf(point[i] as number));
    const objective: Objective = (point) => 100 * ((point[0] as number) ** 2 + (point[1] as number) ** 2) + integers(point).reduce((sum, k) => sum + (k - 7) ** 2, 0);
    const base = { mean: [0, 0, 2.5, 2.5, 2.5], sigma: 0.05, discrete: [undefined, undefined, cells, cells, cells] } as const;
    const bestPlain: number[] = [];
    const bestMargin: number[] = [];
    for (const seed of [0, 1, 2, 3]) {
      bestPlain.push(minimise(objective, { ...base, margin: false }, 400, seed).best);
      bestMargin.push(minimise(objective, base, 400, seed).best);
    }
    for (const value of bestPlain) expect(value).toBeGreaterThanOrEqual(25); // stuck: at best one integer moved
    for (const value of bestMargin) expect(value).toBeLessThan(1e-3); // every integer reached 7
  });

  it('discrete points are the centres of their cells, whatever the margin', () => {
    const cells = uniformCells(4, 0, 1);
    const optimizer = new CmaEs({ mean: [0.5, 0.5], sigma: 0.3, discrete: [cells, undefined], bounds: [[0, 1], [0, 1]] });
    const rng = new SeededRandom(9);
    for (let k = 0; k < 50; k++) {
      const { point } = optimizer.ask(rng);
      expect([0.125, 0.375, 0.625, 0.875]).toContain(point[0]);
    }
  });

  it('asks to stop on a flat objective (TolFun) after its history window', () => {
    const optimizer = new CmaEs({ mean: [0, 0, 0], sigma: 1 });
    const rng = new SeededRandom(0);
    let stoppedAt = -1;
    for (let generation = 0; generation < 100 && stoppedAt < 0; generation++) {
      optimizer.tell(Array.from({ length: optimizer.popsize }, () => ({ x: optimizer.ask(rng).x, value: 1 })));
      if (optimizer.shouldStop()) stoppedAt = optimizer.generation;
    }
    expect(stoppedAt).toBe(10 + Math.ceil((30 * 3) / optimizer.popsize) + 1);
    // A sloped objective does not stop that early.
    const sloped = new CmaEs({ mean: [0, 0, 0], sigma: 1 });
    for (let generation = 0; generation < 30; generation++) {
      sloped.tell(Array.from({ length: sloped.popsize }, () => {
        const { x } = sloped.ask(rng);
        return { x, value: x[0] as number };
      }));
      expect(sloped.shouldStop()).toBe(false);
    }
  });

  it('uses Hansen’s default population size and rejects bad options', () => {
    expect(new CmaEs({ mean: [0, 0], sigma: 1 }).popsize).toBe(6);
    expect(new CmaEs({ mean: new Array(10).fill(0), sigma: 1 }).popsize).toBe(10);
    expect(() => new CmaEs({ mean: [0, 0], sigma: 0 })).toThrow(InvalidArgumentError);
    expect(() => new CmaEs({ mean: [], sigma: 1 })).toThrow(InvalidArgumentError);
    expect(() => new CmaEs({ mean: [0, 0], sigma: 1, popsize: 1 })).toThrow(InvalidArgumentError);
    const optimizer = new CmaEs({ mean: [0, 0], sigma: 1, popsize: 4 });
    expect(() => optimizer.tell([{ x: [0, 0], value: 1 }])).toThrow(InvalidArgumentError);
    expect(() => optimizer.tell(Array(4).fill({ x: [0, 0], value: Number.NaN }))).toThrow(InvalidArgumentError);
  });

  it('normalCdf and inverseNormalCdf invert each other', () => {
    for (const p of [1e-8, 0.001, 0.02, 0.3, 0.5, 0.77, 0.999]) expect(normalCdf(inverseNormalCdf(p))).toBeCloseTo(p, 6);
    expect(inverseNormalCdf(0.975)).toBeCloseTo(1.959964, 6);
  });
});
