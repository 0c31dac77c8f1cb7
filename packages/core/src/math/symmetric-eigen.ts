/** The eigendecomposition `A = Q Λ Qᵀ` of a real symmetric matrix. */
export interface SymmetricEigen {
  /** Eigenvalues, ascending. */
  readonly values: Float64Array;
  /**
   * Orthonormal eigenvectors, row-major `n × n`: column `j` (`vectors[i * n + j]` for `i` in
   * `0..n-1`) is the eigenvector of `values[j]`.
   */
  readonly vectors: Float64Array;
}

/**
 * Eigendecomposition of the symmetric `n × n` matrix `matrix` (row-major; only its lower triangle
 * is read) by the cyclic Jacobi method with threshold (Rutishauser 1971, as in Numerical Recipes
 * §11.1). Jacobi is slower than Householder + QL for large `n` but converges to full relative
 * accuracy and is unbothered by repeated eigenvalues, which is what CMA-ES's covariance (n ≲ 100)
 * needs. Throws `RangeError` for a non-finite entry or a length that is not `n²`.
 */
export function symmetricEigen(matrix: ArrayLike<number>, n: number): SymmetricEigen {
  if (!Number.isSafeInteger(n) || n < 0 || matrix.length !== n * n) throw new RangeError(`symmetricEigen: expected ${n}×${n} = ${n * n} entries, got ${matrix.length}`);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const value = matrix[i * n + j] as number;
      if (!Number.isFinite(value)) throw new RangeError(`symmetricEigen: entry (${i}, ${j}) is ${value}`);
      a[i * n + j] = value;
      a[j * n + i] = value;
    }
  }
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  const d = new Float64Array(n);
  const b = new Float64Array(n);
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    d[i] = a[i * n + i] as number;
    b[i] = d[i] as number;
  }
  for (let sweep = 0; sweep < 100; sweep++) {
    let offDiagonal = 0;
    for (let p = 0; p < n - 1; p++) for (let q = p + 1; q < n; q++) offDiagonal += Math.abs(a[p * n + q] as number);
    if (offDiagonal === 0) break;
    // Small rotations are skipped during the first sweeps only (Numerical Recipes' threshold).
    const threshold = sweep < 3 ? (0.2 * offDiagonal) / (n * n) : 0;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q] as number;
        const g = 100 * Math.abs(apq);
        const dp = d[p] as number;
        const dq = d[q] as number;
        // After four sweeps, an element negligible next to both diagonal entries is set to zero.
        if (sweep > 3 && Math.abs(dp) + g === Math.abs(dp) && Math.abs(dq) + g === Math.abs(dq)) {
          a[p * n + q] = 0;
          continue;
        }
        if (Math.abs(apq) <= threshold) continue;
        const h = dq - dp;
        let t: number;
        if (Math.abs(h) + g === Math.abs(h)) {
          t = apq / h;
        } else {
          const theta = (0.5 * h) / apq;
          t = 1 / (Math.abs(theta) + Math.sqrt(1 + theta * theta));
          if (theta < 0) t = -t;
        }
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        const tau = s / (1 + c);
        const shift = t * apq;
        z[p] = (z[p] as number) - shift;
        z[q] = (z[q] as number) + shift;
        d[p] = dp - shift;
        d[q] = dq + shift;
        a[p * n + q] = 0;
        for (let j = 0; j < p; j++) rotate(a, j * n + p, j * n + q, s, tau);
        for (let j = p + 1; j < q; j++) rotate(a, p * n + j, j * n + q, s, tau);
        for (let j = q + 1; j < n; j++) rotate(a, p * n + j, q * n + j, s, tau);
        for (let j = 0; j < n; j++) rotate(v, j * n + p, j * n + q, s, tau);
      }
    }
    for (let p = 0; p < n; p++) {
      b[p] = (b[p] as number) + (z[p] as number);
      d[p] = b[p] as number;
      z[p] = 0;
    }
  }
  // Sort ascending, moving the eigenvector columns along.
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => (d[i] as number) - (d[j] as number));
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((from, to) => {
    values[to] = d[from] as number;
    for (let i = 0; i < n; i++) vectors[i * n + to] = v[i * n + from] as number;
  });
  return { values, vectors };
}

/** Apply the Jacobi rotation (sine `s`, `tau = s / (1 + c)`) to the entries `m[i1]`, `m[i2]`. */
function rotate(m: Float64Array, i1: number, i2: number, s: number, tau: number): void {
  const x = m[i1] as number;
  const y = m[i2] as number;
  m[i1] = x - s * (y + x * tau);
  m[i2] = y + s * (x - y * tau);
}
