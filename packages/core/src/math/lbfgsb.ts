/**
 * Box-constrained limited-memory BFGS: a projected-gradient variant of L-BFGS-B (Byrd, Lu,
 * Nocedal & Zhu 1995). Variables at a bound whose gradient pushes outwards are held fixed for the
 * step; the quasi-Newton direction (two-loop recursion, Nocedal & Wright 2006, alg. 7.4) is taken
 * over the free ones, and the step is projected back into the box with an Armijo backtracking
 * search. Not the full Cauchy-point/subspace algorithm, but the same fixed points and stopping
 * rules as SciPy's `minimize(method='L-BFGS-B')` (`gtol` on the projected gradient, `ftol` on the
 * relative decrease).
 */

/** The function to minimise: writes the gradient at `x` into `gradient` and returns the value. */
export type ObjectiveWithGradient = (x: Float64Array, gradient: Float64Array) => number;

export interface LbfgsbOptions {
  /** Lower bounds per variable (default: none, -Infinity). */
  readonly lower?: ArrayLike<number>;
  /** Upper bounds per variable (default: none, +Infinity). */
  readonly upper?: ArrayLike<number>;
  /** Stop when the largest projected gradient component is at most this. Default 1e-5 (SciPy's). */
  readonly gtol?: number;
  /** Stop when `(f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) <= ftol`. Default 2.2e-9 (SciPy's `factr` 1e7). */
  readonly ftol?: number;
  /** Iteration budget. Default 200. */
  readonly maxIterations?: number;
  /** Correction pairs kept. Default 10 (SciPy's `maxcor`). */
  readonly memory?: number;
  /**
   * Length of the first (steepest-descent) step, before any curvature is known. Default 1 (as
   * SciPy); smaller when `x0` is known to be close to the minimum (a warm start).
   */
  readonly initialStepLength?: number;
}

export interface LbfgsbResult {
  /** The best point found (inside the box). */
  readonly x: Float64Array;
  /** The objective there. */
  readonly value: number;
  readonly iterations: number;
  readonly evaluations: number;
  /** True when a stopping rule (gtol or ftol) was met, false when the budget ran out or the search stalled. */
  readonly converged: boolean;
  /** True when the objective was not finite at the start point (nothing could be done). */
  readonly failed: boolean;
}

/** Minimise `objective` from `x0` (projected into the box) subject to `lower <= x <= upper`. */
export function minimizeLbfgsb(objective: ObjectiveWithGradient, x0: ArrayLike<number>, options: LbfgsbOptions = {}): LbfgsbResult {
  const n = x0.length;
  const lower = Float64Array.from({ length: n }, (_, i) => options.lower?.[i] ?? -Infinity);
  const upper = Float64Array.from({ length: n }, (_, i) => options.upper?.[i] ?? Infinity);
  const gtol = options.gtol ?? 1e-5;
  const ftol = options.ftol ?? 2.220446049250313e-9;
  const maxIterations = options.maxIterations ?? 200;
  const memory = Math.max(1, options.memory ?? 10);
  const initialStepLength = options.initialStepLength ?? 1;

  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = clamp(x0[i] as number, lower[i] as number, upper[i] as number);
  const gradient = new Float64Array(n);
  let value = objective(x, gradient);
  let evaluations = 1;
  if (!Number.isFinite(value) || !allFinite(gradient)) return { x, value, iterations: 0, evaluations, converged: false, failed: true };

  const sHistory: Float64Array[] = [];
  const yHistory: Float64Array[] = [];
  const rhoHistory: number[] = [];
  const alphas = new Float64Array(memory);
  const direction = new Float64Array(n);
  const free = new Uint8Array(n);
  const trial = new Float64Array(n);
  const trialGradient = new Float64Array(n);

  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    // Projected gradient and the free set.
    let projectedNorm = 0;
    for (let i = 0; i < n; i++) {
      const g = gradient[i] as number;
      const atLower = (x[i] as number) <= (lower[i] as number) && g > 0;
      const atUpper = (x[i] as number) >= (upper[i] as number) && g < 0;
      free[i] = atLower || atUpper ? 0 : 1;
      if (free[i] === 1) projectedNorm = Math.max(projectedNorm, Math.abs(g));
    }
    if (projectedNorm <= gtol) {
      converged = true;
      break;
    }
    iterations++;

    // Two-loop recursion on the free variables.
    for (let i = 0; i < n; i++) direction[i] = free[i] === 1 ? -(gradient[i] as number) : 0;
    const m = sHistory.length;
    for (let k = m - 1; k >= 0; k--) {
      const s = sHistory[k] as Float64Array;
      const y = yHistory[k] as Float64Array;
      let dot = 0;
      for (let i = 0; i < n; i++) if (free[i] === 1) dot += (s[i] as number) * (direction[i] as number);
      const alpha = (rhoHistory[k] as number) * dot;
      alphas[k] = alpha;
      for (let i = 0; i < n; i++) if (free[i] === 1) direction[i] = (direction[i] as number) - alpha * (y[i] as number);
    }
    if (m > 0) {
      const s = sHistory[m - 1] as Float64Array;
      const y = yHistory[m - 1] as Float64Array;
      let sy = 0;
      let yy = 0;
      for (let i = 0; i < n; i++) {
        sy += (s[i] as number) * (y[i] as number);
        yy += (y[i] as number) * (y[i] as number);
      }
      const gamma = sy / yy;
      for (let i = 0; i < n; i++) direction[i] = (direction[i] as number) * gamma;
    }
    for (let k = 0; k < m; k++) {
      const s = sHistory[k] as Float64Array;
      const y = yHistory[k] as Float64Array;
      let dot = 0;
      for (let i = 0; i < n; i++) if (free[i] === 1) dot += (y[i] as number) * (direction[i] as number);
      const beta = (rhoHistory[k] as number) * dot;
      for (let i = 0; i < n; i++) if (free[i] === 1) direction[i] = (direction[i] as number) + ((alphas[k] as number) - beta) * (s[i] as number);
    }
    let slope = 0;
    for (let i = 0; i < n; i++) slope += (direction[i] as number) * (gradient[i] as number);
    if (!(slope < 0)) {
      // Not a descent direction (stale curvature): restart from steepest descent.
      sHistory.length = 0;
      yHistory.length = 0;
      rhoHistory.length = 0;
      for (let i = 0; i < n; i++) direction[i] = free[i] === 1 ? -(gradient[i] as number) : 0;
    }

    // Projected Armijo backtracking; the first step of a fresh memory is scaled to unit length.
    let step = 1;
    if (sHistory.length === 0) {
      let norm = 0;
      for (let i = 0; i < n; i++) norm += (direction[i] as number) ** 2;
      step = Math.min(1, initialStepLength / Math.sqrt(norm));
    }
    let accepted = false;
    let trialValue = value;
    for (let attempt = 0; attempt < 30; attempt++) {
      let decrease = 0;
      let moved = false;
      for (let i = 0; i < n; i++) {
        const next = clamp((x[i] as number) + step * (direction[i] as number), lower[i] as number, upper[i] as number);
        trial[i] = next;
        if (next !== x[i]) moved = true;
        decrease += (gradient[i] as number) * (next - (x[i] as number));
      }
      if (!moved) break;
      trialValue = objective(trial, trialGradient);
      evaluations++;
      if (Number.isFinite(trialValue) && allFinite(trialGradient) && trialValue <= value + 1e-4 * decrease) {
        accepted = true;
        break;
      }
      // Backtrack by minimising the quadratic through f(0), f'(0) and f(step), kept in [0.1, 0.5]·step.
      let next = 0.1 * step;
      if (Number.isFinite(trialValue) && decrease < 0) {
        const curvature = trialValue - value - decrease;
        if (curvature > 0) next = Math.min(0.5 * step, Math.max(0.1 * step, (-decrease * step) / (2 * curvature)));
      }
      step = next;
    }
    if (!accepted) {
      if (sHistory.length > 0) {
        // Retry once more from steepest descent before giving up.
        sHistory.length = 0;
        yHistory.length = 0;
        rhoHistory.length = 0;
        continue;
      }
      break;
    }

    const s = new Float64Array(n);
    const y = new Float64Array(n);
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = (trial[i] as number) - (x[i] as number);
      y[i] = (trialGradient[i] as number) - (gradient[i] as number);
      sy += (s[i] as number) * (y[i] as number);
      yy += (y[i] as number) * (y[i] as number);
    }
    const previous = value;
    x.set(trial);
    gradient.set(trialGradient);
    value = trialValue;
    if (sy > 2.2e-16 * yy) {
      if (sHistory.length === memory) {
        sHistory.shift();
        yHistory.shift();
        rhoHistory.shift();
      }
      sHistory.push(s);
      yHistory.push(y);
      rhoHistory.push(1 / sy);
    }
    if ((previous - value) / Math.max(Math.abs(previous), Math.abs(value), 1) <= ftol) {
      converged = true;
      break;
    }
  }
  return { x, value, iterations, evaluations, converged, failed: false };
}

function clamp(value: number, low: number, high: number): number {
  return value < low ? low : value > high ? high : value;
}

function allFinite(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i] as number)) return false;
  return true;
}
