import { distributionsEqual } from '../distributions/distribution-values.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { Distribution, ParamValue } from '../protocol/distribution.js';
import type { FrozenTrial, IntermediateValue } from '../protocol/frozen-trial.js';
import type { StudyDirection } from '../protocol/trial-state.js';

/** How a parameter axis is drawn: linear, logarithmic (log distributions) or one slot per choice. */
export type ParamScale = 'linear' | 'log' | 'categorical';

/**
 * One parameter as plots show it, merged over every trial that has it. Numeric axes span the
 * union of the trials' distribution ranges; a name that is categorical in any trial is categorical,
 * its choices labelled by `categoryLabel` in order of first appearance.
 */
export interface ParamAxis {
  readonly name: string;
  readonly scale: ParamScale;
  /** Numeric axes: the lowest and highest bound of the distributions seen. */
  readonly low?: number;
  readonly high?: number;
  /** Numeric axes: whether every distribution seen was an int distribution. */
  readonly integer?: boolean;
  /** Categorical axes: the choice labels, in order. */
  readonly categories?: readonly string[];
}

/** The objective a single-objective plot shows: its index and direction. */
export interface ObjectiveTarget {
  readonly objective: number;
  readonly direction: StudyDirection;
}

/** A choice as text: strings as they are, anything else as JSON (`null`, `true`, `3`, `[1,2]`). */
export function categoryLabel(value: ParamValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Check `objective` against the study's directions; default 0. */
export function resolveObjective(directions: readonly StudyDirection[], objective: number | undefined, where: string): ObjectiveTarget {
  if (directions.length === 0) throw new InvalidArgumentError(`${where}.directions`, directions, 'at least one direction');
  const index = objective ?? 0;
  if (!Number.isInteger(index) || index < 0 || index >= directions.length) {
    throw new InvalidArgumentError(`${where}.objective`, objective, `an objective index in [0, ${directions.length - 1}]`);
  }
  return { objective: index, direction: directions[index] as StudyDirection };
}

/** A positive integer option, or its default. */
export function positiveInteger(value: number | undefined, fallback: number, field: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError(field, value, 'a positive integer');
  return value;
}

/** The finite value of objective `objective` of a complete trial, else undefined. */
export function objectiveValue(trial: FrozenTrial, objective: number): number | undefined {
  if (trial.state !== 'complete' || trial.values === undefined) return undefined;
  const value = trial.values[objective];
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

/** Complete trials with a finite value for `objective`, each with that value. */
export function scoredTrials(trials: readonly FrozenTrial[], objective: number): { trial: FrozenTrial; value: number }[] {
  const scored: { trial: FrozenTrial; value: number }[] = [];
  for (const trial of trials) {
    const value = objectiveValue(trial, objective);
    if (value !== undefined) scored.push({ trial, value });
  }
  return scored;
}

/** `a` before `b` when `a` is the better value (ties: lower trial number first). */
export function compareScored(direction: StudyDirection): (a: { trial: FrozenTrial; value: number }, b: { trial: FrozenTrial; value: number }) => number {
  const sign = direction === 'minimize' ? 1 : -1;
  return (a, b) => sign * (a.value - b.value) || a.trial.number - b.trial.number;
}

/** Whether `candidate` is better than `incumbent` under `direction` (strictly). */
export function isBetter(candidate: number, incumbent: number, direction: StudyDirection): boolean {
  return direction === 'minimize' ? candidate < incumbent : candidate > incumbent;
}

/** An intermediate value as a plottable number: the first objective of a vector; undefined when not finite. */
export function scalarIntermediate(value: IntermediateValue): number | undefined {
  const scalar = typeof value === 'number' ? value : value[0];
  return scalar !== undefined && Number.isFinite(scalar) ? scalar : undefined;
}

/**
 * `count` items spread evenly over `items` (always the first and the last when `count >= 2`),
 * deterministic: the same input gives the same selection. All of them when there are few enough.
 */
export function pickEvenly<T>(items: readonly T[], count: number): T[] {
  if (count >= items.length) return items.slice();
  if (count <= 0) return [];
  if (count === 1) return [items[0] as T];
  const picked: T[] = [];
  const stride = (items.length - 1) / (count - 1);
  for (let i = 0; i < count; i++) picked.push(items[Math.round(i * stride)] as T);
  return picked;
}

/**
 * The parameters of `trials`, in order of first appearance, merged across trials (see
 * `ParamAxis`). Only the trials given are looked at.
 */
export function collectParamAxes(trials: readonly FrozenTrial[]): ParamAxis[] {
  const merged = new Map<string, { dists: Distribution[]; categories: Map<string, number>; categorical: boolean }>();
  for (const trial of trials) {
    for (const [name, dist] of Object.entries(trial.distributions)) {
      let entry = merged.get(name);
      if (entry === undefined) {
        entry = { dists: [], categories: new Map(), categorical: false };
        merged.set(name, entry);
      }
      // By value: each suggest call makes its own distribution object, so `includes` would keep one per trial.
      if (!entry.dists.some((seen) => distributionsEqual(seen, dist))) entry.dists.push(dist);
      if (dist.type === 'categorical') {
        entry.categorical = true;
        for (const choice of dist.choices) {
          const label = categoryLabel(choice);
          if (!entry.categories.has(label)) entry.categories.set(label, entry.categories.size);
        }
      }
    }
  }
  const axes: ParamAxis[] = [];
  for (const [name, entry] of merged) {
    if (entry.categorical) {
      // A name that is numeric in some trials and categorical in others: numeric values become labels too.
      for (const trial of trials) {
        const value = trial.params[name];
        if (value !== undefined && trial.distributions[name]?.type !== 'categorical') {
          const label = categoryLabel(value);
          if (!entry.categories.has(label)) entry.categories.set(label, entry.categories.size);
        }
      }
      axes.push({ name, scale: 'categorical', categories: [...entry.categories.keys()] });
      continue;
    }
    let low = Infinity;
    let high = -Infinity;
    let log = true;
    let integer = true;
    for (const dist of entry.dists) {
      if (dist.type === 'categorical') continue;
      low = Math.min(low, dist.low);
      high = Math.max(high, dist.high);
      if (!dist.log) log = false;
      if (dist.type !== 'int') integer = false;
    }
    axes.push({ name, scale: log && low > 0 ? 'log' : 'linear', low, high, integer });
  }
  return axes;
}

/**
 * A trial's parameter as a number on `axis`: the value itself on numeric axes, the choice's index
 * on categorical ones. Undefined when the trial lacks the parameter or the value does not fit.
 */
export function axisPosition(axis: ParamAxis, value: ParamValue | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (axis.scale === 'categorical') {
    const index = axis.categories?.indexOf(categoryLabel(value)) ?? -1;
    return index < 0 ? undefined : index;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  if (axis.scale === 'log' && value <= 0) return undefined;
  return value;
}

/** What a param value looks like on an axis: a number, or a choice label on categorical axes. */
export function axisValue(axis: ParamAxis, value: ParamValue | undefined): number | string | undefined {
  const position = axisPosition(axis, value);
  if (position === undefined) return undefined;
  return axis.scale === 'categorical' ? (axis.categories?.[position] as string) : position;
}

/** ms since the epoch, or undefined. */
export function epochMs(date: Date | undefined): number | undefined {
  return date === undefined ? undefined : date.getTime();
}
