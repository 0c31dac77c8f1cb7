import { describe, expect, it } from 'vitest';
import { categoricalDistribution, containsInternal, floatDistribution, intDistribution } from '../../distributions/index.js';
import type { Distribution } from '../../protocol/distribution.js';
import { SeededRandom } from '../../utils/seeded-random.js';
import { ParzenEstimator, type ParzenEstimatorOptions } from './parzen-estimator.js';
import { defaultWeights } from './tpe-defaults.js';
import { ndtr } from './truncated-normal.js';

const MULTIVARIATE: ParzenEstimatorOptions = { priorWeight: 1, considerMagicClip: true, considerEndpoints: false, multivariate: true };
const UNIVARIATE: ParzenEstimatorOptions = { ...MULTIVARIATE, multivariate: false };

const column = (...values: number[]) => Float64Array.from(values);
const estimator = (dists: readonly Distribution[], observations: readonly number[][], options: ParzenEstimatorOptions, weights?: readonly number[]) =>
  new ParzenEstimator(
    dists.map((distribution) => ({ distribution })),
    observations.map((values) => Float64Array.from(values)),
    weights ?? defaultWeights(observations[0]?.length ?? 0),
    options,
  );
const logPdfAt = (pe: ParzenEstimator, point: readonly number[]) => pe.logPdf(point.map((value) => column(value)), 1)[0] as number;

/** Random observations inside each distribution (internal values). */
function randomObservations(dists: readonly Distribution[], n: number, rng: SeededRandom): number[][] {
  return dists.map((dist) => {
    const values: number[] = [];
    for (let i = 0; i < n; i++) {
      if (dist.type === 'categorical') values.push(rng.int(0, dist.choices.length - 1));
      else if (dist.type === 'int') values.push(dist.low + rng.int(0, (dist.high - dist.low) / dist.step) * dist.step);
      else if (dist.step !== undefined) values.push(dist.low + rng.int(0, Math.round((dist.high - dist.low) / dist.step)) * dist.step);
      else if (dist.log) values.push(Math.exp(rng.uniform(Math.log(dist.low), Math.log(dist.high))));
      else values.push(rng.uniform(dist.low, dist.high));
    }
    return values;
  });
}

/** The grid of a finite distribution (internal values). */
function grid(dist: Distribution): number[] {
  if (dist.type === 'categorical') return dist.choices.map((_, index) => index);
  const step = dist.step as number;
  const count = Math.round((dist.high - dist.low) / step);
  return Array.from({ length: count + 1 }, (_, k) => dist.low + k * step);
}

/**
 * ∫ p over the domain: midpoint rule over a continuous dimension (in log space for log floats,
 * where the density lives), sums over finite ones.
 */
function totalMass(pe: ParzenEstimator, dists: readonly Distribution[]): number {
  const axes = dists.map((dist) => {
    if (dist.type === 'categorical' || dist.step !== undefined) return { points: grid(dist), width: 1 };
    const low = dist.log ? Math.log(dist.low) : dist.low;
    const high = dist.log ? Math.log(dist.high) : dist.high;
    const cells = Math.floor(4000 / dists.length);
    const width = (high - low) / cells;
    const points = Array.from({ length: cells }, (_, i) => low + (i + 0.5) * width);
    return { points: dist.log ? points.map(Math.exp) : points, width };
  });
  const combos = axes.reduce<number[][]>((acc, axis) => acc.flatMap((prefix) => axis.points.map((value) => [...prefix, value])), [[]]);
  const columns = dists.map((_, d) => Float64Array.from(combos, (combo) => combo[d] as number));
  const cellVolume = axes.reduce((product, axis) => product * axis.width, 1);
  const logs = pe.logPdf(columns, combos.length);
  let sum = 0;
  for (const value of logs) sum += Math.exp(value) * cellVolume;
  return sum;
}

describe('ParzenEstimator: log density by hand', () => {
  it('univariate rule, one observation (neighbour bandwidth)', () => {
    // Float [0, 10], observation 2: neighbours are the domain's low end and the prior's centre 5;
    // without endpoints the width is 5 − 2 = 3 (above the clip 10 / 3^1.5 = 1.92).
    // Values: scipy, logsumexp of ½ φ((x−2)/3)/(3 Z₁) and ½ φ((x−5)/10)/(10 Z₂).
    const pe = estimator([floatDistribution(0, 10, {})], [[2]], UNIVARIATE);
    const expected: [number, number][] = [
      [0, -2.1407847596690823],
      [2, -1.9717940358861568],
      [6.5, -2.519062155102586],
      [10, -3.0256861443574157],
    ];
    for (const [x, value] of expected) expect(logPdfAt(pe, [x])).toBeCloseTo(value, 9);
  });

  it('multivariate rule, two observations of a float and an int (discrete kernels)', () => {
    // Float [0, 10] and int [0, 5] (bins of width 1, domain [−0.5, 5.5]); observations (2, 1) and
    // (7, 4). Scott-like widths 0.07·2^(−1/6)·range are clipped to range / 4^1.5: 1.25 and 0.75.
    // Values: scipy, by the formula (three equally weighted product kernels incl. the prior).
    const pe = estimator([floatDistribution(0, 10, {}), intDistribution(0, 5, {})], [[2, 7], [1, 4]], MULTIVARIATE);
    const expected: [number, number, number][] = [
      [3.5, 2, -3.970543225798893],
      [0, 0, -4.403760959153785],
      [10, 5, -5.068807933709148],
      [7, 4, -2.812479135609282],
    ];
    for (const [x, i, value] of expected) expect(logPdfAt(pe, [x, i])).toBeCloseTo(value, 9);
  });

  it('multivariate rule without clipping: width 0.07 · n^(−1/(d+4)) · range', () => {
    const rng = new SeededRandom(3);
    const values = Array.from({ length: 30 }, () => rng.uniform(0, 10));
    const pe = estimator([floatDistribution(0, 10, {})], [values], MULTIVARIATE, Array(30).fill(1));
    const sigma = 0.07 * 30 ** (-1 / 5) * 10;
    const kernel = (x: number, mu: number, s: number) => Math.exp(-0.5 * ((x - mu) / s) ** 2) / (s * Math.sqrt(2 * Math.PI) * (ndtr((10 - mu) / s) - ndtr((0 - mu) / s)));
    for (const x of [0.3, 4.1, 9.9]) {
      const expected = (values.reduce((sum, mu) => sum + kernel(x, mu, sigma), 0) + kernel(x, 5, 10)) / 31;
      // 9 digits: the kernel normalisers use interpolated tails (absolute error < 2e-10).
      expect(logPdfAt(pe, [x])).toBeCloseTo(Math.log(expected), 9);
    }
  });

  it('categorical kernel: prior weight spread evenly, one on the observed choice', () => {
    // Rows (1/3 + [obs]) normalised: [2/3, 1/6, 1/6], [1/6, 1/6, 2/3], prior [1/3, 1/3, 1/3].
    const pe = estimator([categoricalDistribution(['a', 'b', 'c'])], [[0, 2]], MULTIVARIATE);
    expect(Math.exp(logPdfAt(pe, [0]))).toBeCloseTo(7 / 18, 12);
    expect(Math.exp(logPdfAt(pe, [1]))).toBeCloseTo(4 / 18, 12);
    expect(Math.exp(logPdfAt(pe, [2]))).toBeCloseTo(7 / 18, 12);
  });

  it('log-scaled int: bins [x − ½, x + ½] in log space (Optuna 4.6+)', () => {
    // Int [1, 100] log, observation 10: domain log([0.5, 100.5]); its neighbour width (0.344, to
    // the prior's centre) is clipped to range / 3^1.5 = 1.0206.
    const pe = estimator([intDistribution(1, 100, { log: true })], [[10]], UNIVARIATE);
    const expected: [number, number][] = [
      [1, -2.1650693357776305],
      [10, -3.5189319766420653],
      [50, -5.816262814764455],
      [100, -6.885269014196821],
    ];
    for (const [x, value] of expected) expect(logPdfAt(pe, [x])).toBeCloseTo(value, 9);
  });

  it('distance-aware categorical kernel: nearer choices get more mass', () => {
    const dist = categoricalDistribution([1, 2, 4, 8]);
    const pe = new ParzenEstimator([{ distribution: dist, categoricalDistance: (a, b) => Math.abs(Math.log2(Number(a)) - Math.log2(Number(b))) }], [column(0, 0, 0)], [1, 1, 1], MULTIVARIATE);
    const p = [0, 1, 2, 3].map((index) => Math.exp(logPdfAt(pe, [index])));
    expect(p[0]).toBeGreaterThan(p[1] as number);
    expect(p[1]).toBeGreaterThan(p[2] as number);
    expect(p[2]).toBeGreaterThan(p[3] as number);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});

describe('ParzenEstimator: densities integrate to 1', () => {
  const cases: [string, Distribution[]][] = [
    ['float', [floatDistribution(-3, 7, {})]],
    ['log float', [floatDistribution(1e-4, 10, { log: true })]],
    ['int', [intDistribution(-5, 12, {})]],
    ['stepped int', [intDistribution(2, 30, { step: 4 })]],
    ['stepped float', [floatDistribution(0, 1, { step: 0.1 })]],
    ['log int', [intDistribution(1, 1024, { log: true })]],
    ['categorical', [categoricalDistribution(['x', 'y', 'z', 'w'])]],
    ['float × int × categorical', [floatDistribution(0, 1, {}), intDistribution(1, 6, {}), categoricalDistribution([true, false, null])]],
    ['log float × log int', [floatDistribution(1e-3, 1, { log: true }), intDistribution(1, 50, { log: true })]],
  ];
  for (const [title, dists] of cases) {
    for (const [rule, options] of [
      ['multivariate', MULTIVARIATE],
      ['univariate', UNIVARIATE],
      ['univariate, no magic clip, endpoints', { ...UNIVARIATE, considerMagicClip: false, considerEndpoints: true }],
    ] as const) {
      it(`${title} (${rule})`, () => {
        const rng = new SeededRandom(title.length + rule.length);
        for (const n of [0, 1, 7, 40]) {
          const weights = Array.from({ length: n }, () => rng.uniform(0.1, 2));
          const pe = estimator(dists, randomObservations(dists, n, rng), options, weights);
          expect(totalMass(pe, dists), `${n} observations`).toBeCloseTo(1, 4);
        }
      });
    }
  }
});

describe('ParzenEstimator: sampling', () => {
  const dists: Distribution[] = [
    floatDistribution(-3, 7, {}),
    floatDistribution(1e-4, 10, { log: true }),
    intDistribution(-5, 12, {}),
    intDistribution(2, 30, { step: 4 }),
    floatDistribution(0, 1, { step: 0.1 }),
    intDistribution(1, 1024, { log: true }),
    categoricalDistribution(['x', 'y', 'z']),
  ];

  it('draws legal internal values of every kind', () => {
    const rng = new SeededRandom(5);
    for (const options of [MULTIVARIATE, UNIVARIATE]) {
      const pe = estimator(dists, randomObservations(dists, 25, rng), options);
      const samples = pe.sample(rng, 500);
      dists.forEach((dist, d) => {
        for (const value of samples[d] as Float64Array) expect(containsInternal(dist, value), `${JSON.stringify(dist)} ∌ ${value}`).toBe(true);
      });
    }
  });

  it('draws from the density it evaluates (finite dimensions: frequencies match probabilities)', () => {
    const rng = new SeededRandom(9);
    const finite = [intDistribution(1, 40, { log: true }), categoricalDistribution(['a', 'b', 'c', 'd'])];
    const pe = estimator(finite, [[3, 3, 20, 1], [0, 1, 1, 3]], UNIVARIATE);
    const n = 200_000;
    const samples = pe.sample(rng, n);
    finite.forEach((dist, d) => {
      const counts = new Map<number, number>();
      for (const value of samples[d] as Float64Array) counts.set(value, (counts.get(value) ?? 0) + 1);
      // Marginal of dimension d: sum the joint over the other dimension's values.
      const other = finite[1 - d] as Distribution;
      for (const value of grid(dist)) {
        let probability = 0;
        for (const otherValue of grid(other)) probability += Math.exp(logPdfAt(pe, d === 0 ? [value, otherValue] : [otherValue, value]));
        const frequency = (counts.get(value) ?? 0) / n;
        expect(Math.abs(frequency - probability), `P(${value})`).toBeLessThan(4 * Math.sqrt((probability * (1 - probability)) / n) + 1e-4);
      }
    });
  });

  it('draws from the density it evaluates (a continuous dimension: bin frequencies)', () => {
    const rng = new SeededRandom(13);
    const pe = estimator([floatDistribution(0, 10, {})], [[1, 1.5, 8]], UNIVARIATE);
    const n = 100_000;
    const samples = pe.sample(rng, n)[0] as Float64Array;
    for (let bin = 0; bin < 10; bin++) {
      const inside = samples.filter((value) => value >= bin && value < bin + 1).length / n;
      let probability = 0;
      for (let i = 0; i < 200; i++) probability += Math.exp(logPdfAt(pe, [bin + (i + 0.5) / 200])) / 200;
      expect(Math.abs(inside - probability), `bin ${bin}`).toBeLessThan(4 * Math.sqrt((probability * (1 - probability)) / n) + 1e-4);
    }
  });

  it('is reproducible for a seed', () => {
    const observations = randomObservations(dists, 12, new SeededRandom(1));
    const draw = (seed: number) => estimator(dists, observations, MULTIVARIATE).sample(new SeededRandom(seed), 20).map((values) => Array.from(values));
    expect(draw(4)).toEqual(draw(4));
    expect(draw(4)).not.toEqual(draw(5));
  });
});
