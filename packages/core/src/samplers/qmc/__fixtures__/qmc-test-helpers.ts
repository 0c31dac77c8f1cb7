import { readFileSync } from 'node:fs';

/** Unscrambled SciPy 1.10.1 points (see __fixtures__/generate-scipy-qmc-points.py). */
export interface ScipyQmcFixture {
  readonly n: number;
  /** Which coordinates of the 1024-dimensional sequences are stored, in row order. */
  readonly columns: readonly number[];
  /** Sobol coordinates times 2^30 (SciPy's 30-bit points are exact multiples of 2^-30). */
  readonly sobolTimes2To30: readonly (readonly number[])[];
  readonly halton: readonly (readonly number[])[];
}

export function loadScipyFixture(): ScipyQmcFixture {
  return JSON.parse(readFileSync(new URL('./scipy-qmc-points.json', import.meta.url), 'utf8')) as ScipyQmcFixture;
}

/**
 * Squared centered L2-discrepancy of points in [0, 1)^d (Hickernell 1998), the formula of SciPy's
 * `qmc.discrepancy(method='CD')`. Lower means more uniform.
 */
export function centeredDiscrepancy(points: readonly ArrayLike<number>[]): number {
  const n = points.length;
  const d = (points[0] as ArrayLike<number>).length;
  let single = 0;
  for (const point of points) {
    let product = 1;
    for (let k = 0; k < d; k++) {
      const z = Math.abs((point[k] as number) - 0.5);
      product *= 1 + 0.5 * z - 0.5 * z * z;
    }
    single += product;
  }
  let pairs = 0;
  for (const a of points) {
    for (const b of points) {
      let product = 1;
      for (let k = 0; k < d; k++) {
        const x = a[k] as number;
        const y = b[k] as number;
        product *= 1 + 0.5 * Math.abs(x - 0.5) + 0.5 * Math.abs(y - 0.5) - 0.5 * Math.abs(x - y);
      }
      pairs += product;
    }
  }
  return (13 / 12) ** d - (2 / n) * single + pairs / (n * n);
}

/**
 * For coordinate `k` of `points`: how many fall in each of `bins` equal intervals of [0, 1). A point
 * within 1e-9 of an interval's start counts in it: unscrambled Halton points lie exactly on the
 * boundaries, and their sums of powers of 1/b may round one ulp below.
 */
export function binCounts(points: readonly ArrayLike<number>[], k: number, bins: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  for (const point of points) {
    const u = point[k] as number;
    const bin = Math.floor(u * bins + 1e-9);
    counts[bin] = (counts[bin] as number) + 1;
  }
  return counts;
}
