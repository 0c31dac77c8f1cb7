import { describe, expect, it } from 'vitest';
import { categoricalDistribution, floatDistribution, intDistribution } from '../../distributions/index.js';
import { SeededRandom } from '../../utils/seeded-random.js';
import { GPDimension } from './gp-search-space.js';
import { optimizeAcquisition } from './optimize-acquisition.js';

describe('optimizeAcquisition', () => {
  it('finds the maximum of a smooth function over a mixed space, on the grids', () => {
    const dimensions = [
      new GPDimension('a', floatDistribution(0, 1)),
      new GPDimension('b', floatDistribution(0, 1)),
      new GPDimension('k', intDistribution(0, 10)),
      new GPDimension('w', intDistribution(0, 1000)),
      new GPDimension('c', categoricalDistribution(['x', 'y', 'z'])),
    ];
    // Peak at a = 0.37, b = 0.81, k = 7, w = 613, c = 'z'.
    const target = [0.37, 0.81, dimensions[2]!.encode(7), dimensions[3]!.encode(613)];
    let evaluations = 0;
    const acquisition = {
      evaluate(point: ArrayLike<number>, gradient?: Float64Array): number {
        evaluations++;
        let value = (point[4] as number) === 2 ? 0 : -1;
        for (let d = 0; d < 4; d++) value -= 10 * ((point[d] as number) - (target[d] as number)) ** 2;
        if (gradient !== undefined) {
          for (let d = 0; d < 4; d++) gradient[d] = -20 * ((point[d] as number) - (target[d] as number));
          gradient[4] = 0;
        }
        return value;
      },
    };
    const { point, value } = optimizeAcquisition(acquisition, dimensions, new SeededRandom(3), { nPreliminarySamples: 256 });
    expect(point[0]).toBeCloseTo(0.37, 4);
    expect(point[1]).toBeCloseTo(0.81, 4);
    expect(dimensions[2]!.decode(point[2] as number)).toBe(7);
    expect(dimensions[3]!.decode(point[3] as number)).toBe(613);
    expect(dimensions[4]!.decode(point[4] as number)).toBe('z');
    expect(value).toBeGreaterThan(-1e-6);
    expect(evaluations).toBeGreaterThan(256);
  });

  it('searches from the warm starts', () => {
    // A needle next to the warm start that random candidates almost never hit.
    const dimensions = [new GPDimension('a', floatDistribution(0, 1))];
    const acquisition = {
      evaluate(point: ArrayLike<number>, gradient?: Float64Array): number {
        const d = (point[0] as number) - 0.123456;
        if (gradient !== undefined) gradient[0] = Math.abs(d) < 0.001 ? -2e6 * d : 0;
        return Math.abs(d) < 0.001 ? 1 - 1e6 * d * d : 0;
      },
    };
    const { point } = optimizeAcquisition(acquisition, dimensions, new SeededRandom(1), { nPreliminarySamples: 16, nLocalSearch: 2, warmStarts: [Float64Array.from([0.1236])] });
    expect(point[0]).toBeCloseTo(0.123456, 5);
  });
});
