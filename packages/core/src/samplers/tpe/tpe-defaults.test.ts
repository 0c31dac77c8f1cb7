import { describe, expect, it } from 'vitest';
import { defaultGamma, defaultWeights, hyperoptDefaultGamma } from './tpe-defaults.js';

// Expected values: Optuna's functions evaluated with numpy (ceil, sqrt, linspace).
describe('TPE defaults', () => {
  it('defaultGamma = min(ceil(0.1 n), 25)', () => {
    const n = [0, 1, 9, 10, 11, 30, 249, 250, 251, 1000];
    expect(n.map(defaultGamma)).toEqual([0, 1, 1, 1, 2, 3, 25, 25, 25, 25]);
  });

  it('hyperoptDefaultGamma = min(ceil(0.25 √n), 25)', () => {
    expect([0, 1, 16, 17, 100, 10000, 20000].map(hyperoptDefaultGamma)).toEqual([0, 1, 1, 2, 3, 25, 25]);
  });

  it('defaultWeights: flat up to 25, then a linear ramp from 1/n for the older ones', () => {
    expect(Array.from(defaultWeights(0))).toEqual([]);
    expect(Array.from(defaultWeights(25))).toEqual(new Array(25).fill(1));
    expect(Array.from(defaultWeights(26))).toEqual([1 / 26, ...new Array(25).fill(1)]);
    expect(Array.from(defaultWeights(27))).toEqual([1 / 27, 1, ...new Array(25).fill(1)]);
    const thirty = Array.from(defaultWeights(30));
    [0.03333333333333333, 0.275, 0.5166666666666667, 0.7583333333333333, 1].forEach((value, i) => expect(thirty[i]).toBeCloseTo(value, 15));
    expect(thirty.slice(5)).toEqual(new Array(25).fill(1));
  });
});
