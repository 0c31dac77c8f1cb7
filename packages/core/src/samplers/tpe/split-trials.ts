import type { FrozenTrial } from '../../protocol/frozen-trial.js';
import type { StudyDirection } from '../../protocol/trial-state.js';
import {
  exclusiveHypervolume,
  hypervolume,
  nonDominationRanks,
  paretoFrontMask,
  referencePoint,
  selectBySubsetHypervolume,
  type Point,
} from './hypervolume.js';

import { violationOf } from '../../trial/constraints.js';

/** Weight floor of MOTPE's below group (Optuna's `EPS`). */
const EPS = 1e-12;

/** The two groups TPE models: `below` = good trials (density l), `above` = the rest (density g). */
export interface TrialSplit {
  /** Ordered by trial number. */
  readonly below: readonly FrozenTrial[];
  /** Ordered by trial number; running trials (constant liar) are always here. */
  readonly above: readonly FrozenTrial[];
}

/** The losses of a complete trial (objectives flipped to minimisation), or undefined when unusable. */
export function lossesOf(trial: FrozenTrial, directions: readonly StudyDirection[]): number[] | undefined {
  const values = trial.values;
  if (values === undefined || values.length !== directions.length) return undefined;
  const losses = new Array<number>(values.length);
  for (let j = 0; j < values.length; j++) {
    const value = values[j];
    if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
    losses[j] = directions[j] === 'maximize' ? -value : value;
  }
  return losses;
}


/**
 * Split trials into below / above as Optuna's TPE does: the `nBelow` best feasible complete
 * trials (single objective: by value; multi-objective: by non-domination rank, the boundary rank
 * tie-broken by hypervolume subset selection), then, while places remain, pruned trials (those
 * that got further first, then by their last intermediate value), then infeasible trials (by total
 * violation). Everything else, and every running trial, goes above. Complete trials without
 * usable values and trials in other states are ignored.
 */
export function splitTrials(trials: readonly FrozenTrial[], directions: readonly StudyDirection[], nBelow: number, constraintsEnabled: boolean): TrialSplit {
  const complete: FrozenTrial[] = [];
  const completeLosses: number[][] = [];
  const pruned: FrozenTrial[] = [];
  const running: FrozenTrial[] = [];
  const infeasible: FrozenTrial[] = [];
  for (const trial of trials) {
    if (trial.state === 'running') {
      // Checked first: a running trial has no constraint values yet.
      running.push(trial);
    } else if (trial.state === 'complete' || trial.state === 'pruned') {
      if (constraintsEnabled && violationOf(trial) > 0) {
        infeasible.push(trial);
      } else if (trial.state === 'pruned') {
        pruned.push(trial);
      } else {
        const losses = lossesOf(trial, directions);
        if (losses !== undefined) {
          complete.push(trial);
          completeLosses.push(losses);
        }
      }
    }
  }
  let remaining = Math.max(0, Math.floor(nBelow));
  const belowComplete = directions.length <= 1 ? bestSingleObjective(completeLosses, remaining) : bestMultiObjective(completeLosses, remaining);
  remaining = Math.max(0, remaining - belowComplete.size);
  const belowPruned = firstByKey(pruned, (trial) => prunedKey(trial, directions), remaining);
  remaining = Math.max(0, remaining - belowPruned.size);
  const belowInfeasible = firstByKey(infeasible, (trial) => [violationOf(trial)], remaining);

  const below: FrozenTrial[] = [];
  const above: FrozenTrial[] = [];
  complete.forEach((trial, i) => (belowComplete.has(i) ? below : above).push(trial));
  pruned.forEach((trial, i) => (belowPruned.has(i) ? below : above).push(trial));
  infeasible.forEach((trial, i) => (belowInfeasible.has(i) ? below : above).push(trial));
  above.push(...running);
  below.sort(byNumber);
  above.sort(byNumber);
  return { below, above };
}

function byNumber(a: FrozenTrial, b: FrozenTrial): number {
  return a.number - b.number;
}

/**
 * Indices of the `n` smallest losses (ties: earlier trial first), by one pass that keeps a sorted
 * list of the best `n`: n is at most 25 by default, so this beats sorting every trial.
 */
function bestSingleObjective(losses: readonly number[][], n: number): Set<number> {
  const best: number[] = [];
  const bestLoss: number[] = [];
  for (let i = 0; i < losses.length; i++) {
    const loss = (losses[i] as number[])[0] as number;
    if (best.length === n && !(loss < (bestLoss[n - 1] as number))) continue;
    let at = best.length;
    while (at > 0 && loss < (bestLoss[at - 1] as number)) at--;
    best.splice(at, 0, i);
    bestLoss.splice(at, 0, loss);
    if (best.length > n) {
      best.pop();
      bestLoss.pop();
    }
  }
  return new Set(best);
}

/** Optuna's `_split_complete_trials_multi_objective`: whole fronts, then HSSP on the boundary front. */
function bestMultiObjective(losses: readonly number[][], n: number): Set<number> {
  if (n <= 0) return new Set();
  if (n >= losses.length) return new Set(losses.map((_, i) => i));
  const ranks = nonDominationRanks(losses, n);
  let lastFullRank = -1;
  for (let rank = 0, count = 0; ; rank++) {
    const size = ranks.filter((r) => r === rank).length;
    if (size === 0 || count + size > n) break;
    count += size;
    lastFullRank = rank;
  }
  const chosen = new Set<number>();
  ranks.forEach((rank, i) => {
    if (rank <= lastFullRank) chosen.add(i);
  });
  if (chosen.size < n) {
    const boundary: number[] = [];
    ranks.forEach((rank, i) => {
      if (rank === lastFullRank + 1) boundary.push(i);
    });
    const points = boundary.map((i) => losses[i] as Point);
    for (const j of selectBySubsetHypervolume(points, n - chosen.size, referencePoint(points))) chosen.add(boundary[j] as number);
  }
  return chosen;
}

/** Pruned trials: further steps first, then the last reported value (NaN last), no report last of all. */
function prunedKey(trial: FrozenTrial, directions: readonly StudyDirection[]): number[] {
  let lastStep = -Infinity;
  let lastValue: unknown;
  for (const [step, value] of trial.intermediateValues) {
    if (step > lastStep) {
      lastStep = step;
      lastValue = value;
    }
  }
  if (lastStep === -Infinity) return [1, 0];
  if (typeof lastValue !== 'number' || directions.length !== 1) {
    // Multi-objective reports cannot be ordered by one value: the step alone decides.
    return [-lastStep, 0];
  }
  if (Number.isNaN(lastValue)) return [-lastStep, Infinity];
  return [-lastStep, directions[0] === 'maximize' ? -lastValue : lastValue];
}

function firstByKey(trials: readonly FrozenTrial[], key: (trial: FrozenTrial) => number[], n: number): Set<number> {
  if (n <= 0 || trials.length === 0) return new Set();
  const keys = trials.map(key);
  const order = trials.map((_, i) => i);
  order.sort((a, b) => compareKeys(keys[a] as number[], keys[b] as number[]) || a - b);
  return new Set(order.slice(0, n));
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let j = 0; j < a.length; j++) {
    const x = a[j] as number;
    const y = b[j] as number;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

/**
 * MOTPE's weights for the below group (Optuna's `_calculate_weights_below_for_multi_objective`):
 * each feasible complete trial weighs its exclusive hypervolume contribution among the below
 * group's Pareto front, divided by the largest (floored at 1e-12); trials off that front,
 * infeasible or pruned ones weigh 1e-12.
 */
export function multiObjectiveBelowWeights(below: readonly FrozenTrial[], directions: readonly StudyDirection[], constraintsEnabled: boolean): Float64Array {
  const weights = new Float64Array(below.length).fill(EPS);
  const members: number[] = [];
  const points: number[][] = [];
  below.forEach((trial, i) => {
    if (trial.state !== 'complete' || (constraintsEnabled && violationOf(trial) > 0)) return;
    const losses = lossesOf(trial, directions);
    if (losses === undefined) return;
    members.push(i);
    points.push(losses);
  });
  if (members.length === 0) return weights;
  for (const i of members) weights[i] = 1;
  if (members.length <= 1) return weights;
  const reference = referencePoint(points);
  const onFront = paretoFrontMask(points);
  const front = points.filter((_, j) => onFront[j]);
  if (!Number.isFinite(hypervolume(front, reference))) return weights;
  const contributions = new Float64Array(points.length);
  let maxContribution = 0;
  let frontIndex = 0;
  for (let j = 0; j < points.length; j++) {
    if (!onFront[j]) continue;
    const others = front.filter((_, f) => f !== frontIndex);
    frontIndex++;
    const contribution = exclusiveHypervolume(points[j] as Point, others, reference);
    contributions[j] = contribution;
    if (contribution > maxContribution) maxContribution = contribution;
  }
  const scale = Math.max(maxContribution, EPS);
  members.forEach((i, j) => {
    weights[i] = Math.max((contributions[j] as number) / scale, EPS);
  });
  return weights;
}
