/**
 * Multi-objective helpers for MOTPE, all for *minimisation* (flip maximised objectives first):
 * non-domination ranks, hypervolume (exact: a sweep in 2-D, the WFG recursion above), exclusive
 * contributions and a greedy hypervolume subset selection.
 */

/** A point: one loss per objective. */
export type Point = readonly number[];

/** Whether `a` dominates `b` (no worse everywhere, better somewhere). */
export function dominatesPoint(a: Point, b: Point): boolean {
  let better = false;
  for (let j = 0; j < a.length; j++) {
    const x = a[j] as number;
    const y = b[j] as number;
    if (x > y) return false;
    if (x < y) better = true;
  }
  return better;
}

/**
 * Non-domination rank of every point (0 = Pareto front). With `nBelow`, ranking stops once at
 * least `nBelow` points are ranked; the rest get rank `Infinity` (Optuna's `n_below` shortcut).
 */
export function nonDominationRanks(points: readonly Point[], nBelow = points.length): number[] {
  const n = points.length;
  const ranks = new Array<number>(n).fill(Infinity);
  let remaining: number[] = [];
  for (let i = 0; i < n; i++) remaining.push(i);
  let rank = 0;
  let ranked = 0;
  while (remaining.length > 0 && ranked < nBelow) {
    const front: number[] = [];
    const rest: number[] = [];
    for (const i of remaining) {
      let dominated = false;
      for (const j of remaining) {
        if (j !== i && dominatesPoint(points[j] as Point, points[i] as Point)) {
          dominated = true;
          break;
        }
      }
      (dominated ? rest : front).push(i);
    }
    for (const i of front) ranks[i] = rank;
    ranked += front.length;
    rank++;
    remaining = rest;
  }
  return ranks;
}

/** Whether each point is on the Pareto front of `points` (duplicates of a front point are too). */
export function paretoFrontMask(points: readonly Point[]): boolean[] {
  return nonDominationRanks(points).map((rank) => rank === 0);
}

/** Volume of the box between `point` and `reference` (0 when the point does not dominate it). */
function boxVolume(point: Point, reference: Point): number {
  let volume = 1;
  for (let j = 0; j < reference.length; j++) {
    const side = (reference[j] as number) - (point[j] as number);
    if (!(side > 0)) return 0;
    volume *= side;
  }
  return volume;
}

/** The hypervolume dominated by `points` and bounded by `reference` (exact). */
export function hypervolume(points: readonly Point[], reference: Point): number {
  const inside = points.filter((point) => boxVolume(point, reference) > 0);
  if (inside.length === 0) return 0;
  const d = reference.length;
  if (d === 1) return (reference[0] as number) - Math.min(...inside.map((point) => point[0] as number));
  if (d === 2) return hypervolume2d(inside, reference);
  return wfg(nonDominated(inside), reference);
}

function hypervolume2d(points: readonly Point[], reference: Point): number {
  const sorted = points.slice().sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number));
  const refX = reference[0] as number;
  const refY = reference[1] as number;
  let volume = 0;
  let lowestY = refY;
  for (const point of sorted) {
    const y = point[1] as number;
    if (y < lowestY) {
      volume += (refX - (point[0] as number)) * (lowestY - y);
      lowestY = y;
    }
  }
  return volume;
}

/** While, Bradstreet & Barone's WFG recursion: Σ exclusive contributions of a sorted set. */
function wfg(points: readonly Point[], reference: Point): number {
  if (points.length === 0) return 0;
  if (reference.length === 2) return hypervolume2d(points, reference);
  // Sorting by the first objective makes the limit sets small.
  const sorted = points.slice().sort((a, b) => (a[0] as number) - (b[0] as number));
  let volume = 0;
  for (let i = 0; i < sorted.length; i++) volume += exclusive(sorted[i] as Point, sorted.slice(i + 1), reference);
  return volume;
}

/** The volume `point` adds to `others`: its box minus what `others` already cover inside it. */
export function exclusiveHypervolume(point: Point, others: readonly Point[], reference: Point): number {
  return exclusive(point, others, reference);
}

function exclusive(point: Point, others: readonly Point[], reference: Point): number {
  const own = boxVolume(point, reference);
  if (own === 0 || others.length === 0) return own;
  const limited = others.map((other) => other.map((value, j) => Math.max(value, point[j] as number)));
  const covered = reference.length === 2 ? hypervolume2d(limited, reference) : wfg(nonDominated(limited), reference);
  return Math.max(0, own - covered);
}

/** The points no other point dominates, without exact duplicates. */
function nonDominated(points: readonly Point[]): Point[] {
  const result: Point[] = [];
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as Point;
    let keep = true;
    for (let j = 0; j < points.length && keep; j++) {
      if (j === i) continue;
      const q = points[j] as Point;
      if (dominatesPoint(q, p) || (j < i && q.every((value, k) => value === p[k]))) keep = false;
    }
    if (keep) result.push(p);
  }
  return result;
}

/**
 * Hypervolume subset selection: `k` of `points` whose union dominates a large volume, chosen
 * greedily (each step takes the point with the largest exclusive contribution; ties go to the
 * earlier point). Greedy selection is within `1 − 1/e` of the optimum (the volume is submodular).
 * Returns indices into `points`.
 */
export function selectBySubsetHypervolume(points: readonly Point[], k: number, reference: Point): number[] {
  const chosen: number[] = [];
  const taken = new Array<boolean>(points.length).fill(false);
  const chosenPoints: Point[] = [];
  for (let step = 0; step < Math.min(k, points.length); step++) {
    let best = -1;
    let bestGain = -Infinity;
    for (let i = 0; i < points.length; i++) {
      if (taken[i]) continue;
      const gain = exclusive(points[i] as Point, chosenPoints, reference);
      if (gain > bestGain) {
        bestGain = gain;
        best = i;
      }
    }
    taken[best] = true;
    chosen.push(best);
    chosenPoints.push(points[best] as Point);
  }
  return chosen;
}

/** Optuna's reference point for a set of losses: 1.1 × the worst (0.9 × for negatives), 0 → 1e-12. */
export function referencePoint(points: readonly Point[]): number[] {
  const d = points[0]?.length ?? 0;
  const reference = new Array<number>(d).fill(-Infinity);
  for (const point of points) for (let j = 0; j < d; j++) reference[j] = Math.max(reference[j] as number, point[j] as number);
  return reference.map((worst) => {
    const value = Math.max(1.1 * worst, 0.9 * worst);
    return value === 0 ? 1e-12 : value;
  });
}
