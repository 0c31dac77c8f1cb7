/**
 * Optuna's default `gamma`: the number of trials in TPE's "below" group (the good ones) for `n`
 * finished trials, `min(ceil(0.1 · n), 25)`.
 */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/** hyperopt's `gamma`, `min(ceil(0.25 · √n), 25)` (Optuna's `hyperopt_default_gamma`). */
export function hyperoptDefaultGamma(n: number): number {
  return Math.min(Math.ceil(0.25 * Math.sqrt(n)), 25);
}

/**
 * Optuna's default observation weights for `n` observations in trial-number order: all 1 below
 * 25; otherwise the 25 newest weigh 1 and the older ones ramp linearly from `1/n` up to 1
 * (Bergstra et al. 2013, "Making a Science of Model Search").
 */
export function defaultWeights(n: number): Float64Array {
  const weights = new Float64Array(Math.max(0, n)).fill(1);
  if (n <= 25) return weights;
  const rampLength = n - 25;
  const start = 1 / n;
  // numpy.linspace(1/n, 1, rampLength): a single point is the start.
  const delta = rampLength > 1 ? (1 - start) / (rampLength - 1) : 0;
  for (let i = 0; i < rampLength; i++) weights[i] = start + i * delta;
  if (rampLength > 1) weights[rampLength - 1] = 1;
  return weights;
}
