/**
 * Dense Cholesky factorisation and triangular solves on row-major `Float64Array` matrices, for the
 * Gaussian-process sampler. No allocation in the loops; the caller owns every buffer.
 */

/**
 * Factor the symmetric matrix `a` (n×n, row-major; only its lower triangle is read) as `L Lᵀ`,
 * writing `L` into `out` (its upper triangle is zeroed; `out` may be `a`). Returns false, leaving
 * `out` partly written, when the matrix is not numerically positive definite.
 */
export function cholesky(a: Float64Array, n: number, out: Float64Array = a): boolean {
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    for (let j = 0; j <= i; j++) {
      const rowJ = j * n;
      let sum = (a[rowI + j] as number) - dot(out, rowI, out, rowJ, j);
      if (i === j) {
        if (!(sum > 0) || !Number.isFinite(sum)) return false;
        out[rowI + i] = Math.sqrt(sum);
      } else {
        out[rowI + j] = sum / (out[rowJ + j] as number);
      }
    }
    for (let j = i + 1; j < n; j++) out[rowI + j] = 0;
  }
  return true;
}

/**
 * Factor `a + jitter·I` into `out` (a different buffer: `a` is left intact), escalating the
 * jitter (from `initialJitter`, ×10 per attempt, at most `maxAttempts` attempts after the plain
 * one) until the factorisation succeeds. Returns the jitter finally added (0 when none was
 * needed), or NaN when every attempt failed.
 */
export function choleskyWithJitter(a: Float64Array, n: number, out: Float64Array, initialJitter = 1e-10, maxAttempts = 8): number {
  if (cholesky(a, n, out)) return 0;
  let jitter = initialJitter;
  const shifted = new Float64Array(n * n);
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    shifted.set(a);
    for (let i = 0; i < n; i++) shifted[i * n + i] = (shifted[i * n + i] as number) + jitter;
    if (cholesky(shifted, n, out)) return jitter;
    jitter *= 10;
  }
  return NaN;
}

/** Solve `L x = b` in place (`b` becomes `x`), `L` lower triangular n×n row-major. */
export function solveLower(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const row = i * n;
    b[i] = ((b[i] as number) - dot(l, row, b, 0, i)) / (l[row + i] as number);
  }
}

/** Solve `Lᵀ x = b` in place (`b` becomes `x`), `L` lower triangular n×n row-major. */
export function solveLowerTransposed(l: Float64Array, n: number, b: Float64Array): void {
  // Column-oriented back substitution: reads L row by row (cache friendly for row-major L).
  for (let i = n - 1; i >= 0; i--) {
    const row = i * n;
    const xi = (b[i] as number) / (l[row + i] as number);
    b[i] = xi;
    for (let k = 0; k < i; k++) b[k] = (b[k] as number) - (l[row + k] as number) * xi;
  }
}

/**
 * The inverse of `L Lᵀ` from its factor `L`, written (full, symmetric) into `out` (n×n).
 * `work` is an n×n scratch buffer. About n³/3 multiply-adds, all as contiguous dot products.
 */
export function choleskyInverse(l: Float64Array, n: number, out: Float64Array, work: Float64Array = new Float64Array(n * n)): void {
  // work holds U = (L⁻¹)ᵀ row-major, so that a column of L⁻¹ is a contiguous row of U:
  // (L⁻¹)[i, j] = −(Σ_{j≤k<i} L[i, k] (L⁻¹)[k, j]) / L[i, i].
  for (let i = 0; i < n; i++) {
    const row = i * n;
    const inverseDiagonal = 1 / (l[row + i] as number);
    for (let j = 0; j < i; j++) work[j * n + i] = -dot(l, row + j, work, j * n + j, i - j) * inverseDiagonal;
    work[row + i] = inverseDiagonal;
  }
  // (L Lᵀ)⁻¹[i, j] = Σ_{k ≥ max(i, j)} U[i, k] U[j, k].
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const value = dot(work, i * n + i, work, j * n + i, n - i);
      out[i * n + j] = value;
      out[j * n + i] = value;
    }
  }
}

/** `Σ_{k<length} a[offsetA + k] · b[offsetB + k]`, unrolled by four (several accumulators let the JIT pipeline). */
function dot(a: Float64Array, offsetA: number, b: Float64Array, offsetB: number, length: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < length; k += 4) {
    s0 += (a[offsetA + k] as number) * (b[offsetB + k] as number);
    s1 += (a[offsetA + k + 1] as number) * (b[offsetB + k + 1] as number);
    s2 += (a[offsetA + k + 2] as number) * (b[offsetB + k + 2] as number);
    s3 += (a[offsetA + k + 3] as number) * (b[offsetB + k + 3] as number);
  }
  for (; k < length; k++) s0 += (a[offsetA + k] as number) * (b[offsetB + k] as number);
  return s0 + s1 + (s2 + s3);
}
