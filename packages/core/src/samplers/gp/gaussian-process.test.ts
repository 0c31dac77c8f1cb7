import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../utils/seeded-random.js';
import { fitKernelParams, GaussianProcess, KernelLossFunction, type GPData, type KernelParams } from './gaussian-process.js';
import { matern52 } from './matern-kernel.js';

const toy: GPData = {
  x: Float64Array.from([0.1, 0.4, 0.7, 0.95]),
  y: Float64Array.from([0.5, -1.0, 0.3, 1.2]),
  n: 4,
  dim: 1,
  isCategorical: Uint8Array.from([0]),
};
const toyParams = { inverseSquaredLengthscales: Float64Array.from([4]), kernelScale: 1.3, noiseVariance: 1e-4 };

/** A random mixed data set: `dim - 1` numeric coordinates and one categorical with 3 choices. */
function randomData(n: number, dim: number, seed: number): GPData {
  const rng = new SeededRandom(seed);
  const x = new Float64Array(n * dim);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim - 1; d++) x[i * dim + d] = rng.float();
    x[i * dim + dim - 1] = rng.int(0, 2);
    y[i] = Math.sin(6 * (x[i * dim] as number)) + 0.3 * (x[i * dim + dim - 1] as number) + 0.05 * rng.normal();
  }
  return { x, y, n, dim, isCategorical: Uint8Array.from({ length: dim }, (_, d) => (d === dim - 1 ? 1 : 0)) };
}

describe('GaussianProcess', () => {
  it('matches a NumPy posterior on a 1-D toy problem', () => {
    // Expected: numpy.linalg.solve on K = 1.3·matern52(4 (xi − xj)²) + 1e-4 I, computed once.
    const gp = new GaussianProcess(toy, toyParams);
    const out = new Float64Array(2);
    const expected: readonly (readonly [number, number, number])[] = [
      [0.25, -0.4501845176371398, 0.01891203104004946],
      [0.55, -0.5975718701645082, 0.014492058355430881],
      [0.9, 1.1151861165759835, 0.004528793909543749],
    ];
    for (const [q, mean, variance] of expected) {
      gp.posterior([q], out);
      expect(out[0]).toBeCloseTo(mean, 11);
      expect(out[1]).toBeCloseTo(variance, 11);
    }
  });

  it('interpolates the data (tiny noise) with near-zero variance at the observations', () => {
    const gp = new GaussianProcess(toy, toyParams);
    const out = new Float64Array(2);
    for (let i = 0; i < toy.n; i++) {
      gp.posterior([toy.x[i] as number], out);
      expect(out[0]).toBeCloseTo(toy.y[i] as number, 2);
      expect(out[1]).toBeLessThan(2e-4);
    }
    gp.posterior([50], out);
    expect(out[0]).toBeCloseTo(0, 6); // zero prior mean far away
    expect(out[1]).toBeCloseTo(1.3, 6);
  });

  for (const additive of [false, true]) it(`gives posterior gradients that match finite differences${additive ? ' (additive kernel)' : ''}`, () => {
    const data = randomData(15, 3, 1);
    const extra = additive ? { additiveScales: Float64Array.from([0.3, 0.1, 0.2]), additiveInverseSquaredLengthscales: Float64Array.from([40, 300, 5]) } : {};
    const gp = new GaussianProcess(data, { inverseSquaredLengthscales: Float64Array.from([3, 0.7, 1.5]), kernelScale: 0.9, noiseVariance: 1e-3, ...extra });
    const point = Float64Array.from([0.31, 0.62, 1]);
    const out = new Float64Array(2);
    const gm = new Float64Array(3);
    const gv = new Float64Array(3);
    gp.posterior(point, out, gm, gv);
    for (let d = 0; d < 2; d++) {
      const h = 1e-6;
      const plus = new Float64Array(2);
      const minus = new Float64Array(2);
      gp.posterior(point.map((v, k) => (k === d ? v + h : v)), plus);
      gp.posterior(point.map((v, k) => (k === d ? v - h : v)), minus);
      expect(gm[d]).toBeCloseTo(((plus[0] as number) - (minus[0] as number)) / (2 * h), 6);
      expect(gv[d]).toBeCloseTo(((plus[1] as number) - (minus[1] as number)) / (2 * h), 6);
    }
    expect(gm[2]).toBe(0);
  });
});

describe('KernelLossFunction', () => {
  it('equals −(log marginal likelihood + log prior) computed directly', () => {
    const loss = new KernelLossFunction(toy, false, 1e-6);
    const raw = loss.toRaw(toyParams);
    const params = loss.fromRaw(raw);
    // The raw noise starts 1% of the floor above it (as Optuna), hence 1e-4 + 1e-8.
    expect(params.noiseVariance).toBeCloseTo(1e-4 + 1e-8, 14);
    // Direct: log|K| and yᵀK⁻¹y by Gaussian elimination on the full matrix.
    const n = 4;
    const k = new Float64Array(16);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) k[i * n + j] = 1.3 * matern52(4 * ((toy.x[i] as number) - (toy.x[j] as number)) ** 2) + (i === j ? params.noiseVariance : 0);
    const a = Array.from({ length: n }, (_, i) => [...k.slice(i * n, i * n + n), toy.y[i] as number]);
    let logDet = 0;
    for (let c = 0; c < n; c++) {
      const pivot = (a[c] as number[])[c] as number;
      logDet += Math.log(pivot);
      for (let r = c + 1; r < n; r++) {
        const f = ((a[r] as number[])[c] as number) / pivot;
        for (let q = c; q <= n; q++) (a[r] as number[])[q] = ((a[r] as number[])[q] as number) - f * ((a[c] as number[])[q] as number);
      }
    }
    const solution = new Array<number>(n).fill(0);
    for (let r = n - 1; r >= 0; r--) {
      let sum = (a[r] as number[])[n] as number;
      for (let q = r + 1; q < n; q++) sum -= ((a[r] as number[])[q] as number) * (solution[q] as number);
      solution[r] = sum / ((a[r] as number[])[r] as number);
    }
    const quadratic = solution.reduce((acc, v, i) => acc + v * (toy.y[i] as number), 0);
    const logLikelihood = -0.5 * quadratic - 0.5 * logDet - 2 * Math.log(2 * Math.PI);
    const logPrior = -(0.1 / 4 + 0.4) + (Math.log(1.3) - 1.3) + (0.1 * Math.log(params.noiseVariance) - 30 * params.noiseVariance);
    expect(loss.evaluate(raw, new Float64Array(3))).toBeCloseTo(-(logLikelihood + logPrior), 9);
  });

  /** The loss's analytic gradient at `raw` against central differences; returns the gradient. */
  const expectLossGradient = (loss: KernelLossFunction, raw: Float64Array): Float64Array => {
    const gradient = new Float64Array(raw.length);
    loss.evaluate(raw, gradient);
    for (let k = 0; k < raw.length; k++) {
      const h = 1e-6;
      const g = new Float64Array(raw.length);
      const plus = loss.evaluate(raw.map((v, i) => (i === k ? v + h : v)), g);
      const minus = loss.evaluate(raw.map((v, i) => (i === k ? v - h : v)), g);
      const numeric = (plus - minus) / (2 * h);
      expect(Math.abs((gradient[k] as number) - numeric) / Math.max(1, Math.abs(numeric)), `component ${k}`).toBeLessThan(1e-5);
    }
    return gradient;
  };

  for (const deterministic of [false, true]) {
    it(`has an analytic gradient matching finite differences (deterministic: ${deterministic})`, () => {
      const loss = new KernelLossFunction(randomData(20, 4, 7), deterministic, 1e-6);
      const gradient = expectLossGradient(loss, Float64Array.from([0.3, -0.5, 1.1, -0.2, 0.4, -3]));
      if (deterministic) expect(gradient[5]).toBe(0);
    });
  }

  it('has an analytic gradient matching finite differences with the additive kernel', () => {
    const loss = new KernelLossFunction(randomData(20, 4, 7), false, 1e-6, true);
    const raw = Float64Array.from([0.3, -0.5, 1.1, -0.2, 0.4, -3, -2, -1.5, -3, -2.5, 4, 6, 2, 5]);
    expectLossGradient(loss, raw);
    // The additive part's raw parameters round-trip through fromRaw/toRaw.
    expect(Array.from(loss.toRaw(loss.fromRaw(raw)).slice(6))).toEqual(Array.from(raw.slice(6)).map((v) => expect.closeTo(v, 12)));
  });

  it('fitting lowers the loss from the defaults and recovers a short lengthscale for a wiggly function', () => {
    const data = randomData(30, 2, 3);
    const loss = new KernelLossFunction(data, false, 1e-6);
    const fitted = fitKernelParams(data);
    const g = new Float64Array(4);
    const atDefault = loss.evaluate(loss.toRaw({ inverseSquaredLengthscales: Float64Array.from([1, 1]), kernelScale: 1, noiseVariance: 1 }), g);
    const atFit = loss.evaluate(loss.toRaw(fitted), g);
    expect(atFit).toBeLessThan(atDefault);
    // sin(6x) varies on a scale ~1/6: the fitted inverse squared lengthscale is well above 1.
    expect(fitted.inverseSquaredLengthscales[0]).toBeGreaterThan(3);
    // And the warm start converges to the same optimum.
    const warm = fitKernelParams(data, { warmStart: fitted });
    expect(loss.evaluate(loss.toRaw(warm), g)).toBeCloseTo(atFit, 2);
  });

  it('with the additive part, learns per-coordinate ripples of a separable function that the joint kernel smooths away', () => {
    // f = Σ_d (x_d − 0.5)² · 4 + cos(2π · 5 x_d): a bowl plus five ripples per coordinate, in 4-D.
    const dim = 4;
    const f = (point: ArrayLike<number>) => {
      let sum = 0;
      for (let d = 0; d < dim; d++) sum += 4 * ((point[d] as number) - 0.5) ** 2 + Math.cos(10 * Math.PI * (point[d] as number));
      return sum;
    };
    const rng = new SeededRandom(11);
    const sample = (n: number) => {
      const x = new Float64Array(n * dim);
      for (let i = 0; i < x.length; i++) x[i] = rng.float();
      const y = Float64Array.from({ length: n }, (_, i) => f(x.subarray(i * dim, (i + 1) * dim)));
      return { x, y };
    };
    const train = sample(120);
    const mean = train.y.reduce((a, b) => a + b, 0) / train.y.length;
    const std = Math.sqrt(train.y.reduce((a, b) => a + (b - mean) ** 2, 0) / train.y.length);
    const data: GPData = { x: train.x, y: train.y.map((v) => (v - mean) / std), n: 120, dim, isCategorical: new Uint8Array(dim) };
    const test = sample(300);
    const r2 = (params: KernelParams) => {
      const gp = new GaussianProcess(data, params);
      const out = new Float64Array(2);
      let residual = 0;
      let total = 0;
      for (let i = 0; i < 300; i++) {
        gp.posterior(test.x.subarray(i * dim, (i + 1) * dim), out);
        const truth = ((test.y[i] as number) - mean) / std;
        residual += ((out[0] as number) - truth) ** 2;
        total += truth ** 2;
      }
      return 1 - residual / total;
    };
    const joint = fitKernelParams(data);
    const additive = fitKernelParams(data, { additive: true });
    expect(joint.additiveScales).toBeUndefined();
    expect(additive.additiveScales).toHaveLength(dim);
    // The fitted 1-D lengthscales are of the ripples' size (period 0.2 of the box), not the box's.
    for (const lambda of additive.additiveInverseSquaredLengthscales ?? []) expect(1 / Math.sqrt(lambda)).toBeLessThan(0.2);
    expect(r2(additive)).toBeGreaterThan(0.6);
    expect(r2(additive)).toBeGreaterThan(r2(joint) + 0.3);
  });
});
