import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../utils/seeded-random.js';
import { LogEIAcquisition, LowerConfidenceBoundAcquisition } from './acquisition.js';
import { GaussianProcess, type GPData } from './gaussian-process.js';
import { logH } from './log-expected-improvement.js';

function data(seed: number, shift: number): GPData {
  const rng = new SeededRandom(seed);
  const n = 12;
  const dim = 3;
  const x = new Float64Array(n * dim);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i * dim] = rng.float();
    x[i * dim + 1] = rng.float();
    x[i * dim + 2] = rng.int(0, 2);
    y[i] = Math.cos(5 * (x[i * dim] as number)) + (x[i * dim + 1] as number) ** 2 - shift;
  }
  return { x, y, n, dim, isCategorical: Uint8Array.from([0, 0, 1]) };
}
const params = { inverseSquaredLengthscales: Float64Array.from([2, 1.5, 0.8]), kernelScale: 1.1, noiseVariance: 1e-4 };

/** The analytic gradient over the two numeric coordinates matches central differences; the categorical's is 0. */
function expectFiniteDifferenceGradient(acquisition: { evaluate(point: ArrayLike<number>, gradient?: Float64Array): number }): void {
  for (const point of [
    [0.3, 0.8, 1],
    [0.95, 0.05, 0],
    [0.52, 0.41, 2],
  ]) {
    const gradient = new Float64Array(3);
    acquisition.evaluate(point, gradient);
    for (let d = 0; d < 2; d++) {
      const h = 1e-6;
      const plus = acquisition.evaluate(point.map((v, k) => (k === d ? v + h : v)));
      const minus = acquisition.evaluate(point.map((v, k) => (k === d ? v - h : v)));
      const numeric = (plus - minus) / (2 * h);
      expect(Math.abs((gradient[d] as number) - numeric) / Math.max(1, Math.abs(numeric)), `d${d} at ${point}`).toBeLessThan(1e-5);
    }
    expect(gradient[2]).toBe(0);
  }
}

describe('LogEIAcquisition', () => {
  const objective = new GaussianProcess(data(1, 0), params);
  const constraint = new GaussianProcess(data(2, 0.4), params);

  it('equals log σ + log h((f* − μ)/σ) of the posterior', () => {
    const acquisition = new LogEIAcquisition(objective, -0.5);
    const point = [0.3, 0.8, 1];
    const out = new Float64Array(2);
    objective.posterior(point, out);
    const sigma = Math.sqrt((out[1] as number) + 1e-12);
    expect(acquisition.evaluate(point)).toBeCloseTo(Math.log(sigma) + logH((-0.5 - (out[0] as number)) / sigma), 12);
  });

  for (const [label, incumbent, constraints] of [
    ['log EI', -0.5, []],
    ['log EI + log P(feasible)', -0.5, [{ gp: constraint, threshold: 0.1 }]],
    ['log P(feasible) alone', undefined, [{ gp: constraint, threshold: -0.3 }]],
  ] as const) {
    it(`has an analytic gradient matching finite differences (${label})`, () => {
      const acquisition = new LogEIAcquisition(objective, incumbent, constraints);
      expectFiniteDifferenceGradient(acquisition);
    });
  }

  it('stays finite far from the data, where EI underflows', () => {
    const acquisition = new LogEIAcquisition(objective, -50);
    const value = acquisition.evaluate([0.5, 0.5, 0]);
    expect(Number.isFinite(value)).toBe(true);
    expect(value).toBeLessThan(-100);
  });
});

describe('LowerConfidenceBoundAcquisition', () => {
  const objective = new GaussianProcess(data(3, 0), params);

  it('equals −(μ − √β σ) of the posterior', () => {
    const point = [0.3, 0.8, 1];
    const out = new Float64Array(2);
    objective.posterior(point, out);
    const sigma = Math.sqrt((out[1] as number) + 1e-12);
    expect(new LowerConfidenceBoundAcquisition(objective, 4).evaluate(point)).toBeCloseTo(-(out[0] as number) + 2 * sigma, 12);
    expect(new LowerConfidenceBoundAcquisition(objective, 1).evaluate(point)).toBeCloseTo(-(out[0] as number) + sigma, 12);
  });

  it('has an analytic gradient matching finite differences, zero on categoricals', () => {
    const acquisition = new LowerConfidenceBoundAcquisition(objective, 1);
    expectFiniteDifferenceGradient(acquisition);
  });
});
