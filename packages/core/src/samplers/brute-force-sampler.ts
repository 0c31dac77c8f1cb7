import { distributionsEqual } from '../distributions/index.js';
import { InvalidDistributionError } from '../errors/invalid-distribution-error.js';
import { describeValue } from '../errors/tunekit-error.js';
import type { Distribution, ParamValue, SearchSpace } from '../protocol/distribution.js';
import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { Sampler } from '../protocol/sampler.js';
import type { StudyView } from '../protocol/study-view.js';
import type { TrialState } from '../protocol/trial-state.js';
import { SeededRandom } from '../utils/seeded-random.js';
import { studyKey } from './study-key.js';
import { checkBooleans, checkSeed } from '../utils/check-options.js';

export interface BruteForceSamplerOptions {
  /** Seed of the (random) enumeration order; drawn at random when absent. */
  readonly seed?: number;
  /**
   * Stop only when every combination has *finished* (Optuna's `avoid_premature_stop`). By default
   * the study stops once every combination is finished or running, which can stop too early when a
   * running trial has not suggested all its parameters yet, but never runs a combination twice
   * because of the running ones.
   */
  readonly avoidPrematureStop?: boolean;
}

/**
 * Exhaustive search over a discrete, possibly conditional, define-by-run space (Optuna's
 * `BruteForceSampler`). The space is discovered as trials run: a tree of the parameters the
 * trials of the study (finished and running) suggested, in suggestion order, with one branch per
 * candidate value. Each suggestion goes down a branch that still has untried combinations, chosen
 * at random (seeded) and weighted by how many remain; when every combination has been tried the
 * study stops (`study.stop()`).
 *
 * Every suggested distribution must be finite: ints, categoricals and floats with a `step`
 * (a continuous float throws `InvalidDistributionError` naming the parameter). The space may depend
 * on earlier values (`suggestInt('b', a, 3)`), but changing a parameter's range between trials of
 * one study leaves the enumeration incomplete (those trials are ignored for the bookkeeping).
 */
export class BruteForceSampler implements Sampler {
  readonly name = 'BruteForceSampler';
  readonly #rng: SeededRandom;
  readonly #excludeRunning: boolean;
  /**
   * Values this instance returned for trials still running, per study: a concurrent trial of this
   * process may read the study before those params reach the storage.
   */
  readonly #handedOut = new Map<string, Map<number, Map<string, { value: ParamValue; dist: Distribution }>>>();

  constructor(options: BruteForceSamplerOptions = {}) {
    checkSeed('BruteForceSampler', options.seed);
    checkBooleans('BruteForceSampler', options, ['avoidPrematureStop']);
    this.#rng = new SeededRandom(options.seed);
    this.#excludeRunning = !(options.avoidPrematureStop ?? false);
  }

  inferRelativeSearchSpace(): SearchSpace {
    return {};
  }

  sampleRelative(): Record<string, ParamValue> {
    return {};
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, dist: Distribution): ParamValue {
    const candidates = new Candidates(name, dist);
    const root = new TreeNode();
    root.expand(name, candidates);
    // Only trials that agree with what this trial has suggested so far lie below this point of the tree.
    const fixed = Object.entries(trial.params);
    for (const other of this.#paths(study, trial)) {
      if (other.trialId === trial.trialId) continue;
      if (!fixed.every(([param, value]) => other.steps.some((step) => step.name === param && sameValue(step.value, value)))) continue;
      root.addPath(other.steps.filter((step) => !Object.hasOwn(trial.params, step.name)), other.state);
    }
    const index = root.isAnyExpandable(this.#excludeRunning) ? root.sampleChild(this.#rng, this.#excludeRunning) : this.#rng.int(0, candidates.count - 1);
    const value = candidates.value(index);
    this.#remember(study, trial.trialId, name, value, dist);
    return value;
  }

  afterTrial(study: StudyView, trial: FrozenTrial, state: TrialState, _values: readonly number[] | undefined): void {
    this.#handedOut.get(studyKey(study))?.delete(trial.trialId);
    // This trial's path goes in first: if ranges changed during the study, the tree is the
    // current space and the trials that do not fit it are the ones skipped.
    const root = new TreeNode();
    root.addPath(pathOf(trial), state);
    for (const other of this.#paths(study, trial)) if (other.trialId !== trial.trialId) root.addPath(other.steps, other.state);
    if (!root.isAnyExpandable(this.#excludeRunning)) study.stop();
  }

  /** The parameter paths of the study's started trials, completed with what this instance handed out to running ones. */
  #paths(study: StudyView, trial: FrozenTrial): { trialId: number; state: TrialState; steps: PathStep[] }[] {
    const handedOut = this.#handedOut.get(studyKey(study));
    const paths: { trialId: number; state: TrialState; steps: PathStep[] }[] = [];
    for (const other of study.getTrials({ states: STARTED_STATES })) {
      const steps = other.trialId === trial.trialId ? [] : pathOf(other);
      const local = handedOut?.get(other.trialId);
      if (local !== undefined) {
        if (other.state !== 'running') handedOut?.delete(other.trialId);
        else for (const [name, { value, dist }] of local) if (!Object.hasOwn(other.params, name)) steps.push({ name, value, dist });
      }
      paths.push({ trialId: other.trialId, state: other.state, steps });
    }
    return paths;
  }

  #remember(study: StudyView, trialId: number, name: string, value: ParamValue, dist: Distribution): void {
    const key = studyKey(study);
    let trials = this.#handedOut.get(key);
    if (trials === undefined) {
      trials = new Map();
      this.#handedOut.set(key, trials);
    }
    let params = trials.get(trialId);
    if (params === undefined) {
      params = new Map();
      trials.set(trialId, params);
    }
    params.set(name, { value, dist });
  }
}

const STARTED_STATES: readonly TrialState[] = ['complete', 'pruned', 'fail', 'running'];

interface PathStep {
  readonly name: string;
  readonly value: ParamValue;
  readonly dist: Distribution;
}

function pathOf(trial: FrozenTrial): PathStep[] {
  const steps: PathStep[] = [];
  for (const [name, dist] of Object.entries(trial.distributions)) steps.push({ name, value: trial.params[name] as ParamValue, dist });
  return steps;
}


function sameValue(a: ParamValue, b: ParamValue): boolean {
  return a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));
}

/** The finite list of values of a distribution, addressed by index (never materialised). */
class Candidates {
  readonly count: number;
  readonly #dist: Distribution;
  readonly #decimals: number | undefined;

  constructor(name: string, dist: Distribution) {
    this.#dist = dist;
    this.#decimals = undefined;
    switch (dist.type) {
      case 'categorical':
        this.count = dist.choices.length;
        break;
      case 'int':
        this.count = Math.round((dist.high - dist.low) / dist.step) + 1;
        break;
      case 'float':
        if (dist.step === undefined) {
          if (dist.low !== dist.high) {
            throw new InvalidDistributionError(name, 'step', undefined, `BruteForceSampler enumerates finite spaces only: give suggestFloat('${name}', ${dist.low}, ${dist.high}) a step (a continuous${dist.log ? ' log-scaled' : ''} float has infinitely many values)`);
          }
          this.count = 1;
        } else {
          this.count = Math.round((dist.high - dist.low) / dist.step) + 1;
          // Decimal places of low and step: 0.1 + 2 * 0.1 is given as 0.3, as Optuna's Decimal arithmetic does.
          this.#decimals = Math.max(decimalPlaces(dist.low), decimalPlaces(dist.step));
        }
        break;
    }
    if (!Number.isSafeInteger(this.count) || this.count < 1) {
      throw new InvalidDistributionError(name, 'step', describeValue(dist), `BruteForceSampler cannot enumerate ${describeValue(dist)}`);
    }
  }

  /** Whether another distribution gives the same candidates (same tree node). */
  sameAs(other: Candidates): boolean {
    return distributionsEqual(this.#dist, other.#dist);
  }

  value(index: number): ParamValue {
    const dist = this.#dist;
    switch (dist.type) {
      case 'categorical':
        return dist.choices[index] as ParamValue;
      case 'int':
        return dist.low + index * dist.step;
      case 'float': {
        if (dist.step === undefined) return dist.low;
        const raw = dist.low + index * dist.step;
        const decimals = this.#decimals as number;
        const rounded = decimals <= 100 ? Number(raw.toFixed(decimals)) : raw;
        return Math.min(dist.high, Math.max(dist.low, rounded));
      }
    }
  }

  /** The index of an external value, or `undefined` when it is not one of the candidates. */
  indexOf(value: ParamValue): number | undefined {
    const dist = this.#dist;
    if (dist.type === 'categorical') {
      const index = dist.choices.findIndex((choice) => sameValue(choice, value));
      return index >= 0 ? index : undefined;
    }
    if (typeof value !== 'number') return undefined;
    const step = dist.step;
    if (step === undefined) return value === dist.low ? 0 : undefined;
    const position = (value - dist.low) / step;
    const index = Math.round(position);
    return index >= 0 && index < this.count && Math.abs(position - index) < 1e-8 ? index : undefined;
  }
}

function decimalPlaces(value: number): number {
  const match = /^-?\d+(?:\.(\d+))?(?:e([+-]\d+))?$/i.exec(String(value));
  if (match === null) return 0;
  return Math.max(0, (match[1]?.length ?? 0) - Number(match[2] ?? 0));
}

/**
 * A node of the tried-parameters tree. Unexpanded: `children` undefined (nothing below it was
 * tried). A leaf: expanded with no parameter (a trial ended here). Otherwise: the parameter
 * suggested at this point, and one child per candidate value, kept sparse (only tried values).
 */
class TreeNode {
  paramName: string | undefined;
  candidates: Candidates | undefined;
  children: Map<number, TreeNode> | undefined;
  running = false;

  /** Expand, or check that the node already is this parameter; false on a mismatch. */
  expand(name: string | undefined, candidates: Candidates | undefined): boolean {
    if (this.children === undefined) {
      this.paramName = name;
      this.candidates = candidates;
      this.children = new Map();
      return true;
    }
    if (this.paramName !== name) return false;
    if (candidates === undefined || this.candidates === undefined) return candidates === this.candidates;
    return this.candidates.sameAs(candidates);
  }

  /**
   * Follow (and grow) the path of one trial. Trials that do not fit the tree (a range changed, a
   * value off the grid, a continuous float) are skipped: they must never make sampling throw.
   */
  addPath(steps: readonly PathStep[], state: TrialState): void {
    let node: TreeNode = this;
    for (const step of steps) {
      let candidates: Candidates;
      try {
        candidates = new Candidates(step.name, step.dist);
      } catch {
        return;
      }
      if (!node.expand(step.name, candidates)) return;
      const index = candidates.indexOf(step.value);
      if (index === undefined) return;
      const children = node.children as Map<number, TreeNode>;
      let child = children.get(index);
      if (child === undefined) {
        child = new TreeNode();
        children.set(index, child);
      }
      node = child;
    }
    if (state === 'running') node.running = true;
    else node.expand(undefined, undefined);
  }

  /** Whether an untried combination remains below this node. */
  isAnyExpandable(excludeRunning: boolean): boolean {
    if (this.children === undefined) return !(excludeRunning && this.running);
    if (this.candidates !== undefined && this.children.size < this.candidates.count) return true;
    for (const child of this.children.values()) if (child.isAnyExpandable(excludeRunning)) return true;
    return false;
  }

  /** Untried combinations below this node (each unexpanded node counts one). */
  countUnexpanded(excludeRunning: boolean): number {
    if (this.children === undefined) return excludeRunning && this.running ? 0 : 1;
    let count = this.candidates === undefined ? 0 : this.candidates.count - this.children.size;
    for (const child of this.children.values()) count += child.countUnexpanded(excludeRunning);
    return count;
  }

  /**
   * Pick a child index. As Optuna: half the weight proportional to the untried combinations below
   * each child, half spread evenly over the children that have any (so that small branches are not
   * starved); running children only when nothing else is left.
   */
  sampleChild(rng: SeededRandom, excludeRunning: boolean): number {
    const candidates = this.candidates as Candidates;
    const children = this.children as Map<number, TreeNode>;
    const explicit = [...children.entries()].map(([index, child]) => ({ index, count: child.countUnexpanded(excludeRunning), running: child.running }));
    const untouched = candidates.count - children.size;
    const total = explicit.reduce((sum, child) => sum + child.count, 0) + untouched;
    const nonEmpty = explicit.filter((child) => child.count > 0).length + untouched;
    const weightOf = (count: number) => (count > 0 ? 0.5 * (count / total) + 0.5 / nonEmpty : 0);
    const weights = explicit.map((child) => weightOf(child.count));
    const untouchedWeight = untouched * weightOf(1);
    if (untouched > 0 || explicit.some((child, i) => !child.running && (weights[i] as number) > 0)) {
      explicit.forEach((child, i) => {
        if (child.running) weights[i] = 0;
      });
    }
    const sum = weights.reduce((a, b) => a + b, 0) + untouchedWeight;
    let target = rng.float() * sum;
    for (const [i, child] of explicit.entries()) {
      target -= weights[i] as number;
      if (target < 0 && (weights[i] as number) > 0) return child.index;
    }
    if (untouched > 0) return pickUntouched(rng, candidates.count, children);
    // Rounding left `target` just above zero: take the last child with weight.
    for (let i = explicit.length - 1; i >= 0; i--) if ((weights[i] as number) > 0) return (explicit[i] as { index: number }).index;
    return rng.int(0, candidates.count - 1);
  }
}

/** A uniformly random candidate index that has no child node yet. */
function pickUntouched(rng: SeededRandom, count: number, children: ReadonlyMap<number, TreeNode>): number {
  if (children.size * 2 < count) {
    for (;;) {
      const index = rng.int(0, count - 1);
      if (!children.has(index)) return index;
    }
  }
  const free: number[] = [];
  for (let index = 0; index < count; index++) if (!children.has(index)) free.push(index);
  return rng.choice(free);
}
