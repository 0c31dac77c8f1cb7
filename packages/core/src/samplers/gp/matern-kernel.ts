/**
 * The Matérn 5/2 kernel as a function of the squared scaled distance `d2 = Σ_d λ_d δ_d²`
 * (`λ_d` the inverse squared lengthscale of dimension `d`; `δ_d` the coordinate difference, or for
 * a categorical dimension the Hamming distance 0/1): `k(d2) = (1 + r + r²/3) e^(−r)` with
 * `r = √(5 d2)` (Rasmussen & Williams 2006, eq. 4.17). The sampler multiplies it by a kernel scale.
 */
export function matern52(d2: number): number {
  const r = Math.sqrt(5 * d2);
  return Math.exp(-r) * (1 + r + (5 / 3) * d2);
}

/** `dk/d(d2)` of `matern52`: `−(5/6)(1 + r) e^(−r)`; finite at `d2 = 0`, unlike `dk/dr`. */
export function matern52Derivative(d2: number): number {
  const r = Math.sqrt(5 * d2);
  return (-5 / 6) * (1 + r) * Math.exp(-r);
}

/**
 * `matern52(d2)` into `values[index]` and `matern52Derivative(d2)` into `derivatives[index]`, with
 * one square root and one exponential (the kernel fit's inner loop); returns the value.
 */
export function matern52WithDerivative(d2: number, values: Float64Array, derivatives: Float64Array, index: number): number {
  const r = Math.sqrt(5 * d2);
  const e = Math.exp(-r);
  const value = e * (1 + r + (5 / 3) * d2);
  values[index] = value;
  derivatives[index] = (-5 / 6) * (1 + r) * e;
  return value;
}

/**
 * The squared scaled distance between row `a` of `xa` and row `b` of `xb` (both row-major with
 * `dim` columns): `Σ_d λ_d δ_d²`, with `δ_d ∈ {0, 1}` (differs or not) where `isCategorical[d]`.
 */
export function scaledSquaredDistance(xa: Float64Array, a: number, xb: Float64Array, b: number, dim: number, inverseSquaredLengthscales: Float64Array, isCategorical: Uint8Array): number {
  let d2 = 0;
  const offsetA = a * dim;
  const offsetB = b * dim;
  for (let d = 0; d < dim; d++) {
    const diff = (xa[offsetA + d] as number) - (xb[offsetB + d] as number);
    if (isCategorical[d] === 1) {
      if (diff !== 0) d2 += inverseSquaredLengthscales[d] as number;
    } else {
      d2 += (inverseSquaredLengthscales[d] as number) * diff * diff;
    }
  }
  return d2;
}
