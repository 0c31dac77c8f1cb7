import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../utils/seeded-random.js';
import { symmetricEigen } from './symmetric-eigen.js';

/** max |A - Q Λ Qᵀ| and max |QᵀQ - I|. */
function errors(a: Float64Array, n: number): { reconstruction: number; orthogonality: number; values: Float64Array } {
  const { values, vectors: q } = symmetricEigen(a, n);
  let reconstruction = 0;
  let orthogonality = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      let dot = 0;
      for (let k = 0; k < n; k++) {
        sum += (q[i * n + k] as number) * (values[k] as number) * (q[j * n + k] as number);
        dot += (q[k * n + i] as number) * (q[k * n + j] as number);
      }
      reconstruction = Math.max(reconstruction, Math.abs(sum - (a[i * n + j] as number)));
      orthogonality = Math.max(orthogonality, Math.abs(dot - (i === j ? 1 : 0)));
    }
  }
  return { reconstruction, orthogonality, values };
}

function randomSymmetric(rng: SeededRandom, n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.normal();
  return a;
}

/** Q diag(eigenvalues) Qᵀ for a random orthogonal Q (Gram–Schmidt of a Gaussian matrix). */
function withSpectrum(rng: SeededRandom, eigenvalues: readonly number[]): Float64Array {
  const n = eigenvalues.length;
  const q = new Float64Array(n * n);
  for (let col = 0; col < n; col++) {
    for (let i = 0; i < n; i++) q[i * n + col] = rng.normal();
    for (let prev = 0; prev < col; prev++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += (q[i * n + col] as number) * (q[i * n + prev] as number);
      for (let i = 0; i < n; i++) q[i * n + col] = (q[i * n + col] as number) - dot * (q[i * n + prev] as number);
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += (q[i * n + col] as number) ** 2;
    for (let i = 0; i < n; i++) q[i * n + col] = (q[i * n + col] as number) / Math.sqrt(norm);
  }
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += (q[i * n + k] as number) * (eigenvalues[k] as number) * (q[j * n + k] as number);
      a[i * n + j] = sum;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j] as number;
  return a;
}

describe('symmetricEigen', () => {
  it('reconstructs random symmetric matrices to 1e-10 with orthonormal vectors', () => {
    const rng = new SeededRandom(1);
    for (const n of [1, 2, 3, 5, 10, 25, 40]) {
      for (let repeat = 0; repeat < 3; repeat++) {
        const a = randomSymmetric(rng, n);
        const result = errors(a, n);
        expect(result.reconstruction, `n=${n}`).toBeLessThan(1e-10);
        expect(result.orthogonality, `n=${n}`).toBeLessThan(1e-10);
        for (let i = 1; i < n; i++) expect(result.values[i] as number).toBeGreaterThanOrEqual(result.values[i - 1] as number);
      }
    }
  });

  it('recovers the spectrum of SPD matrices, including repeated and degenerate eigenvalues', () => {
    const rng = new SeededRandom(2);
    const spectra = [
      [1, 2, 3, 4, 5, 6],
      [2, 2, 2, 2, 2],
      [1e-6, 1, 1, 1, 7, 7],
      [0, 0, 3, 3, 3],
      [1e-12, 1e-3, 1, 1e3, 1e6],
    ];
    for (const spectrum of spectra) {
      const a = withSpectrum(rng, spectrum);
      const result = errors(a, spectrum.length);
      const scale = Math.max(...spectrum);
      expect(result.reconstruction).toBeLessThan(1e-10 * Math.max(1, scale));
      expect(result.orthogonality).toBeLessThan(1e-10);
      const sorted = spectrum.slice().sort((x, y) => x - y);
      sorted.forEach((value, i) => expect(Math.abs((result.values[i] as number) - value)).toBeLessThan(1e-9 * Math.max(1, scale)));
    }
  });

  it('handles diagonal, zero and identity matrices exactly', () => {
    expect(Array.from(symmetricEigen([3, 0, 0, -1], 2).values)).toEqual([-1, 3]);
    expect(Array.from(symmetricEigen(new Float64Array(9), 3).values)).toEqual([0, 0, 0]);
    const identity = symmetricEigen([1, 0, 0, 1], 2);
    expect(Array.from(identity.vectors)).toEqual([1, 0, 0, 1]);
    expect(symmetricEigen([], 0).values).toHaveLength(0);
  });

  it('rejects non-finite entries and wrong sizes', () => {
    expect(() => symmetricEigen([1, Number.NaN, Number.NaN, 1], 2)).toThrow(RangeError);
    expect(() => symmetricEigen([1, 2, 3], 2)).toThrow(RangeError);
  });
});
