import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../utils/seeded-random.js';
import { cholesky, choleskyInverse, choleskyWithJitter, solveLower, solveLowerTransposed } from './cholesky.js';

/** A random symmetric positive definite n×n matrix B Bᵀ + n I. */
function randomSpd(n: number, rng: SeededRandom): Float64Array {
  const b = Float64Array.from({ length: n * n }, () => rng.normal());
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = i === j ? n : 0;
      for (let k = 0; k < n; k++) sum += (b[i * n + k] as number) * (b[j * n + k] as number);
      a[i * n + j] = sum;
    }
  }
  return a;
}

function multiply(a: Float64Array, b: Float64Array, n: number, transposeB = false): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += (a[i * n + k] as number) * (transposeB ? (b[j * n + k] as number) : (b[k * n + j] as number));
      out[i * n + j] = sum;
    }
  }
  return out;
}

describe('cholesky', () => {
  const rng = new SeededRandom(3);
  const n = 7;
  const a = randomSpd(n, rng);

  it('factors a symmetric positive definite matrix as L Lᵀ', () => {
    const l = new Float64Array(n * n);
    expect(cholesky(a, n, l)).toBe(true);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(l[i * n + j]).toBe(0);
    const product = multiply(l, l, n, true);
    for (let i = 0; i < n * n; i++) expect(product[i]).toBeCloseTo(a[i] as number, 10);
  });

  it('solves L x = b and Lᵀ x = b, and inverts L Lᵀ', () => {
    const l = new Float64Array(n * n);
    cholesky(a, n, l);
    const b = Float64Array.from({ length: n }, (_, i) => i - 2.5);
    const x = new Float64Array(b);
    solveLower(l, n, x);
    solveLowerTransposed(l, n, x);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += (a[i * n + k] as number) * (x[k] as number);
      expect(sum).toBeCloseTo(b[i] as number, 10);
    }
    const inverse = new Float64Array(n * n);
    choleskyInverse(l, n, inverse);
    const identity = multiply(a, inverse, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(identity[i * n + j]).toBeCloseTo(i === j ? 1 : 0, 10);
  });

  it('rejects an indefinite matrix, and jitter rescues a singular one', () => {
    const indefinite = Float64Array.from([1, 2, 2, 1]);
    expect(cholesky(indefinite, 2, new Float64Array(4))).toBe(false);
    const singular = Float64Array.from([1, 1, 1, 1]);
    const out = new Float64Array(4);
    const jitter = choleskyWithJitter(singular, 2, out, 1e-10);
    expect(jitter).toBeGreaterThan(0);
    expect(singular[3]).toBe(1); // input untouched
    expect(Number.isNaN(choleskyWithJitter(indefinite, 2, out, 1e-10, 3))).toBe(true);
  });
});
