import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../utils/seeded-random.js';
import { constrainedDominates, crowdingDistances, nonDominatedFronts, selectElite, type Candidate } from './elite-selection.js';

const feasible = (...losses: number[]): Candidate => ({ losses, violation: 0 });
const infeasible = (violation: number, ...losses: number[]): Candidate => ({ losses, violation });
const unknown = (...losses: number[]): Candidate => ({ losses, violation: Infinity });

describe('crowdingDistances', () => {
  it('matches a hand-worked front of four points', () => {
    // Objective 0 sorted: 0, 1, 2, 4 (range 4): ends ∞; (1, 2) gets (2 − 0)/4 = 0.5; (2, 1) gets (4 − 1)/4 = 0.75.
    // Objective 1 sorted: 0, 1, 2, 4 (range 4): ends ∞; (2, 1) gets (2 − 0)/4 = 0.5; (1, 2) gets (4 − 1)/4 = 0.75.
    // Sums: ∞, 1.25, 1.25, ∞.
    expect(crowdingDistances([[0, 4], [1, 2], [2, 1], [4, 0]])).toEqual([Infinity, 1.25, 1.25, Infinity]);
  });

  it('gives equal neighbours a gap of 0 and skips an objective on which all points agree', () => {
    // One objective, sorted 0, 1, 1, 1, 3 (range 3): ∞; (1 − 0)/3; 1 = 1 → 0; (3 − 1)/3; ∞.
    const distances = crowdingDistances([[0], [1], [1], [1], [3]]);
    expect(distances[0]).toBe(Infinity);
    expect(distances[1]).toBeCloseTo(1 / 3, 12);
    expect(distances[2]).toBe(0);
    expect(distances[3]).toBeCloseTo(2 / 3, 12);
    expect(distances[4]).toBe(Infinity);
    // Objective 0 is constant (adds nothing, no ∞ either); objective 1 = 0, 1, 2 (range 2): ∞, (2 − 0)/2 = 1, ∞.
    expect(crowdingDistances([[1, 0], [1, 1], [1, 2]])).toEqual([Infinity, 1, Infinity]);
    // Every objective constant: all 0.
    expect(crowdingDistances([[2, 2], [2, 2]])).toEqual([0, 0]);
    expect(crowdingDistances([])).toEqual([]);
  });
});

describe('nonDominatedFronts', () => {
  it('sorts a hand-worked set into fronts', () => {
    // A(1,5) B(2,2) C(5,1) are mutually non-dominated; D(3,3) is dominated by B only; F(2,6) by A
    // only; D and F do not dominate each other; E(4,4) is dominated by B and D.
    const points = [feasible(1, 5), feasible(2, 2), feasible(5, 1), feasible(3, 3), feasible(4, 4), feasible(2, 6)];
    expect(nonDominatedFronts(points)).toEqual([[0, 1, 2], [3, 5], [4]]);
  });

  it('puts feasible fronts first, then infeasible by violation (ties share a front), then unknown constraints', () => {
    const candidates = [
      infeasible(0.5, 0, 0), // 0
      feasible(9, 9), // 1
      unknown(0, 0), // 2
      infeasible(0.2, 5, 5), // 3
      feasible(1, 10), // 4
      infeasible(0.5, 9, 9), // 5
      unknown(1, 1), // 6
      feasible(10, 10), // 7
    ];
    // Feasible: {1, 4} then {7} (dominated by 1). Infeasible: 0.2 → {3}; 0.5 → {0, 5}. Unknown: {2} then {6}.
    expect(nonDominatedFronts(candidates)).toEqual([[1, 4], [7], [3], [0, 5], [2], [6]]);
  });
});

describe('constrainedDominates (Deb et al. 2002)', () => {
  it('a feasible candidate beats an infeasible one whatever their objectives', () => {
    expect(constrainedDominates(feasible(100, 100), infeasible(1e-9, 0, 0))).toBe(true);
    expect(constrainedDominates(infeasible(1e-9, 0, 0), feasible(100, 100))).toBe(false);
  });

  it('between infeasible candidates, the smaller violation wins; equal violations tie', () => {
    expect(constrainedDominates(infeasible(1, 9, 9), infeasible(2, 0, 0))).toBe(true);
    expect(constrainedDominates(infeasible(2, 0, 0), infeasible(1, 9, 9))).toBe(false);
    expect(constrainedDominates(infeasible(1, 0, 0), infeasible(1, 9, 9))).toBe(false);
    expect(constrainedDominates(infeasible(1, 9, 9), infeasible(1, 0, 0))).toBe(false);
  });

  it('between feasible candidates (or two without constraint values), Pareto domination decides', () => {
    expect(constrainedDominates(feasible(1, 2), feasible(2, 2))).toBe(true);
    expect(constrainedDominates(feasible(1, 3), feasible(2, 2))).toBe(false);
    expect(constrainedDominates(feasible(2, 2), feasible(2, 2))).toBe(false);
    expect(constrainedDominates(unknown(1, 2), unknown(2, 2))).toBe(true);
    expect(constrainedDominates(unknown(2, 2), unknown(1, 2))).toBe(false);
  });

  it('a candidate without constraint values loses to any candidate with them', () => {
    expect(constrainedDominates(infeasible(1e6, 9, 9), unknown(0, 0))).toBe(true);
    expect(constrainedDominates(unknown(0, 0), infeasible(1e6, 9, 9))).toBe(false);
    expect(constrainedDominates(feasible(9, 9), unknown(0, 0))).toBe(true);
  });
});

describe('selectElite', () => {
  it('takes whole fronts while they fit, then the least crowded of the next front', () => {
    // Front 0 = {0, 1, 2, 3} (the four-point front above: crowding ∞, 1.25, 1.25, ∞); front 1 = {4}.
    const candidates = [feasible(0, 4), feasible(1, 2), feasible(2, 1), feasible(4, 0), feasible(5, 5)];
    expect(selectElite(candidates, 5, new SeededRandom(0)).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(selectElite(candidates, 4, new SeededRandom(0)).sort()).toEqual([0, 1, 2, 3]);
    // Size 2: the two extremes (∞) win over the inner points.
    expect(selectElite(candidates, 2, new SeededRandom(0)).sort()).toEqual([0, 3]);
    // Size 3: both extremes, and one of the two tied inner points, chosen by the generator.
    const picks = new Set<number>();
    for (let seed = 0; seed < 20; seed++) {
      const elite = selectElite(candidates, 3, new SeededRandom(seed));
      expect(elite).toHaveLength(3);
      expect(elite).toContain(0);
      expect(elite).toContain(3);
      picks.add(elite.find((i) => i === 1 || i === 2) as number);
    }
    expect([...picks].sort()).toEqual([1, 2]);
  });

  it('prefers feasible candidates, then the least violating', () => {
    const candidates = [infeasible(3, 0, 0), feasible(9, 9), infeasible(1, 5, 5), infeasible(2, 0, 0)];
    expect(selectElite(candidates, 1, new SeededRandom(0))).toEqual([1]);
    expect(selectElite(candidates, 3, new SeededRandom(0))).toEqual([1, 2, 3]);
  });
});
