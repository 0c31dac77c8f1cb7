import { describe, expect, it } from 'vitest';
import { minimizeLbfgsb } from './lbfgsb.js';

/** Rosenbrock in `n` dimensions, minimum 0 at (1, …, 1). */
function rosenbrock(x: Float64Array, gradient: Float64Array): number {
  let value = 0;
  gradient.fill(0);
  for (let i = 0; i + 1 < x.length; i++) {
    const a = x[i] as number;
    const b = x[i + 1] as number;
    value += 100 * (b - a * a) ** 2 + (1 - a) ** 2;
    gradient[i] = (gradient[i] as number) - 400 * a * (b - a * a) - 2 * (1 - a);
    gradient[i + 1] = (gradient[i + 1] as number) + 200 * (b - a * a);
  }
  return value;
}

describe('minimizeLbfgsb', () => {
  it('minimises Rosenbrock (unconstrained minimum inside the box)', () => {
    const result = minimizeLbfgsb(rosenbrock, [-1.2, 1, -0.5, 0.8, 0], { lower: [-2, -2, -2, -2, -2], upper: [2, 2, 2, 2, 2], maxIterations: 1000 });
    expect(result.converged).toBe(true);
    expect(result.value).toBeLessThan(1e-8);
    for (const v of result.x) expect(v).toBeCloseTo(1, 3);
  });

  it('stops on an active bound when the minimum lies outside the box', () => {
    // Box [-2, 0.5]²: the constrained minimum is (0.5, 0.25) (SciPy's L-BFGS-B agrees).
    const result = minimizeLbfgsb(rosenbrock, [-1.5, -1.5], { lower: [-2, -2], upper: [0.5, 0.5], maxIterations: 1000 });
    expect(result.x[0]).toBeCloseTo(0.5, 6);
    expect(result.x[1]).toBeCloseTo(0.25, 4);
    expect(result.value).toBeCloseTo(0.25, 6);
    for (const v of result.x) expect(v).toBeLessThanOrEqual(0.5);
  });

  it('projects the start point into the box and reports a non-finite start as failed', () => {
    const inside = minimizeLbfgsb((x, g) => {
      g[0] = 2 * ((x[0] as number) - 3);
      return ((x[0] as number) - 3) ** 2;
    }, [10], { lower: [0], upper: [1] });
    expect(inside.x[0]).toBe(1);
    const failed = minimizeLbfgsb(() => NaN, [0]);
    expect(failed.failed).toBe(true);
  });
});
