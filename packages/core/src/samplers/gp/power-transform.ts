/**
 * Yeo–Johnson power transform (Yeo & Johnson 2000) with its exponent chosen by maximum likelihood,
 * as scikit-learn's `PowerTransformer` and HEBO (Cowen-Rivers et al. 2022) apply to BO targets:
 * heavy-tailed objectives (Rosenbrock-like values spanning orders of magnitude) become close to
 * Gaussian, so that the GP resolves the good region instead of fitting the worst values; for
 * roughly Gaussian targets the exponent is near 1 and the transform near the identity. Monotone
 * increasing, so the best observation stays the best.
 */
export function yeoJohnson(y: number, lambda: number): number {
  if (y >= 0) return Math.abs(lambda) < 1e-12 ? Math.log1p(y) : (Math.pow(y + 1, lambda) - 1) / lambda;
  return Math.abs(lambda - 2) < 1e-12 ? -Math.log1p(-y) : -(Math.pow(1 - y, 2 - lambda) - 1) / (2 - lambda);
}

/** The profile log-likelihood of `lambda` for a Gaussian model of the transformed values. */
export function yeoJohnsonLogLikelihood(values: ArrayLike<number>, lambda: number): number {
  const n = values.length;
  let mean = 0;
  let jacobian = 0;
  for (let i = 0; i < n; i++) {
    const y = values[i] as number;
    mean += yeoJohnson(y, lambda) / n;
    jacobian += Math.sign(y) * Math.log1p(Math.abs(y));
  }
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (yeoJohnson(values[i] as number, lambda) - mean) ** 2 / n;
  if (!(variance > 0)) return -Infinity;
  return -0.5 * n * Math.log(variance) + (lambda - 1) * jacobian;
}

/** The maximum-likelihood exponent in `[low, high]` (golden-section search). */
export function fitYeoJohnsonLambda(values: ArrayLike<number>, low = -3, high = 3): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = low;
  let b = high;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = yeoJohnsonLogLikelihood(values, c);
  let fd = yeoJohnsonLogLikelihood(values, d);
  for (let iteration = 0; iteration < 60 && b - a > 1e-4; iteration++) {
    if (fc >= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - ratio * (b - a);
      fc = yeoJohnsonLogLikelihood(values, c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + ratio * (b - a);
      fd = yeoJohnsonLogLikelihood(values, d);
    }
  }
  const lambda = (a + b) / 2;
  return Number.isFinite(yeoJohnsonLogLikelihood(values, lambda)) ? lambda : 1;
}
