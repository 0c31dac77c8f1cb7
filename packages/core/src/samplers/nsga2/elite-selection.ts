import type { SeededRandom } from '../../utils/seeded-random.js';
import { dominatesPoint, nonDominationRanks, type Point } from '../tpe/hypervolume.js';

/** One finished trial as NSGA-II ranks it. */
export interface Candidate {
  /** One loss per objective (maximised objectives negated): smaller is better. */
  readonly losses: Point;
  /**
   * Total constraint violation: 0 when feasible (or when the study has no constraints), the sum
   * of the positive constraint values when infeasible, `Infinity` when the constraints are unknown.
   */
  readonly violation: number;
}

/**
 * Deb's constrained domination (Deb, Pratap, Agarwal & Meyarivan 2002, §VI-A), as in Optuna:
 * a feasible candidate beats an infeasible one; of two infeasible ones, the smaller violation
 * wins; two feasible ones compare by Pareto domination. Candidates without constraint values lose
 * to every candidate that has them, and compare by Pareto domination among themselves.
 */
export function constrainedDominates(a: Candidate, b: Candidate): boolean {
  const va = a.violation;
  const vb = b.violation;
  if ((va === 0 && vb === 0) || (va === Infinity && vb === Infinity)) return dominatesPoint(a.losses, b.losses);
  return va < vb;
}

/**
 * The non-dominated fronts of `candidates` under `constrainedDominates`, best first, as index lists
 * (indices ascending within a front): the feasible candidates' Pareto fronts, then the infeasible
 * ones by increasing violation (equal violations share a front), then the Pareto fronts of those
 * without constraint values.
 */
export function nonDominatedFronts(candidates: readonly Candidate[]): number[][] {
  const feasible: number[] = [];
  const infeasible: number[] = [];
  const unknown: number[] = [];
  candidates.forEach((candidate, i) => {
    if (candidate.violation === 0) feasible.push(i);
    else if (candidate.violation === Infinity) unknown.push(i);
    else infeasible.push(i);
  });
  const fronts: number[][] = [];
  const paretoFronts = (indices: readonly number[]) => {
    const ranks = nonDominationRanks(indices.map((i) => (candidates[i] as Candidate).losses));
    const byRank: number[][] = [];
    indices.forEach((index, k) => {
      const rank = ranks[k] as number;
      (byRank[rank] ??= []).push(index);
    });
    for (const front of byRank) if (front !== undefined) fronts.push(front);
  };
  paretoFronts(feasible);
  infeasible.sort((i, j) => (candidates[i] as Candidate).violation - (candidates[j] as Candidate).violation || i - j);
  for (let k = 0; k < infeasible.length; k++) {
    const violation = (candidates[infeasible[k] as number] as Candidate).violation;
    const last = fronts[fronts.length - 1];
    const lastViolation = k > 0 ? (candidates[infeasible[k - 1] as number] as Candidate).violation : undefined;
    if (last !== undefined && lastViolation === violation) last.push(infeasible[k] as number);
    else fronts.push([infeasible[k] as number]);
  }
  paretoFronts(unknown);
  return fronts;
}

/**
 * Crowding distance of each point of one front (Deb et al. 2002, §III-B), Optuna's variant: per
 * objective, sort the points; the extreme ones get `Infinity`, each inner one the gap between its
 * neighbours divided by the objective's range; an objective on which all points agree adds
 * nothing; equal neighbours have a gap of 0. The distances are summed over the objectives.
 */
export function crowdingDistances(points: readonly Point[]): number[] {
  const n = points.length;
  const distances = new Array<number>(n).fill(0);
  if (n === 0) return distances;
  const nObjectives = (points[0] as Point).length;
  for (let m = 0; m < nObjectives; m++) {
    const value = (i: number) => (points[i] as Point)[m] as number;
    const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => value(i) - value(j) || i - j);
    const min = value(order[0] as number);
    const max = value(order[n - 1] as number);
    if (min === max) continue;
    const width = max - min;
    for (let k = 0; k < n; k++) {
      const below = k === 0 ? -Infinity : value(order[k - 1] as number);
      const above = k === n - 1 ? Infinity : value(order[k + 1] as number);
      const gap = below === above ? 0 : above - below;
      const index = order[k] as number;
      distances[index] = (distances[index] as number) + gap / width;
    }
  }
  return distances;
}

/**
 * NSGA-II's environmental selection: the `size` best of `candidates`, as indices. Whole fronts are
 * taken while they fit; the front that does not fit contributes its least crowded members (largest
 * crowding distance first, ties in an order shuffled by `rng`).
 */
export function selectElite(candidates: readonly Candidate[], size: number, rng: SeededRandom): number[] {
  const elite: number[] = [];
  for (const front of nonDominatedFronts(candidates)) {
    if (elite.length + front.length <= size) {
      elite.push(...front);
      if (elite.length === size) break;
      continue;
    }
    const distances = crowdingDistances(front.map((i) => (candidates[i] as Candidate).losses));
    // Infinity - Infinity is NaN: compare, don't subtract.
    const order = rng.shuffled(front.map((_, k) => k)).sort((a, b) => {
      const da = distances[a] as number;
      const db = distances[b] as number;
      return da === db ? 0 : da > db ? -1 : 1;
    });
    for (const k of order.slice(0, size - elite.length)) elite.push(front[k] as number);
    break;
  }
  return elite;
}
