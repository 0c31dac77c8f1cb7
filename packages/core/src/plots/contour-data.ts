import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { StudyDirection } from '../protocol/trial-state.js';
import { axisPosition, collectParamAxes, isBetter, positiveInteger, resolveObjective, scoredTrials, type ParamAxis } from './plot-helpers.js';

export interface ContourOptions {
  /** Default 0. */
  readonly objective?: number;
  /**
   * Bins per numeric axis. Default: about `sqrt(n / 2)` for `n` trials, between 4 and 30, so that
   * a small study is not a grid of empty cells and a large one stays readable. An int parameter
   * with no more distinct values than that gets one bin per value; a categorical one, one per choice.
   */
  readonly bins?: number;
}

/** How one axis of a contour grid is cut. */
export interface ContourAxis {
  readonly axis: ParamAxis;
  /** Numeric axes: bin boundaries, `bins.length + 1` of them (equally spaced in log space on log axes). */
  readonly edges?: readonly number[];
  /** One label per bin: the bin's centre (geometric centre on log axes, the value for int bins), or the choice. */
  readonly bins: readonly (number | string)[];
}

/** A non-empty grid cell. */
export interface ContourCell {
  /** Bin index on the x axis. */
  readonly x: number;
  /** Bin index on the y axis. */
  readonly y: number;
  /** The best objective value among the cell's trials. */
  readonly value: number;
  /** The trial that has it. */
  readonly number: number;
  /** How many trials fell in the cell. */
  readonly count: number;
}

/**
 * Optuna's `plot_contour` for one pair of parameters, as a grid of best values rather than an
 * interpolated surface: each complete trial lands in one (x bin, y bin) cell and the cell shows
 * the best objective value found there. Empty cells are absent (nothing is made up for regions
 * never sampled).
 */
export interface ContourData {
  readonly objective: number;
  readonly direction: StudyDirection;
  readonly x: ContourAxis;
  readonly y: ContourAxis;
  readonly cells: readonly ContourCell[];
  /** Range of the cells' values. */
  readonly valueRange: readonly [number, number] | undefined;
  /** Complete trials that have both parameters. */
  readonly total: number;
}

/** The contour grid of the parameters `xParam` × `yParam` (see `ContourData`). */
export function getContourData(trials: readonly FrozenTrial[], directions: readonly StudyDirection[], xParam: string, yParam: string, options: ContourOptions = {}): ContourData {
  const { objective, direction } = resolveObjective(directions, options.objective, 'getContourData');
  if (xParam === yParam) throw new InvalidArgumentError('getContourData.yParam', yParam, `a parameter other than xParam ('${xParam}')`);
  const scored = scoredTrials(trials, objective);
  const axes = collectParamAxes(scored.map((entry) => entry.trial));
  const xAxis = axes.find((axis) => axis.name === xParam);
  const yAxis = axes.find((axis) => axis.name === yParam);
  if (xAxis === undefined) throw new InvalidArgumentError('getContourData.xParam', xParam, `a parameter of a complete trial (${axes.map((axis) => axis.name).join(', ') || 'none'})`);
  if (yAxis === undefined) throw new InvalidArgumentError('getContourData.yParam', yParam, `a parameter of a complete trial (${axes.map((axis) => axis.name).join(', ') || 'none'})`);
  const placed: { x: number; y: number; value: number; number: number }[] = [];
  for (const entry of scored) {
    const px = axisPosition(xAxis, entry.trial.params[xParam]);
    const py = axisPosition(yAxis, entry.trial.params[yParam]);
    if (px !== undefined && py !== undefined) placed.push({ x: px, y: py, value: entry.value, number: entry.trial.number });
  }
  const defaultBins = Math.min(30, Math.max(4, Math.ceil(Math.sqrt(placed.length / 2))));
  const binCount = positiveInteger(options.bins, defaultBins, 'getContourData.bins');
  const xCut = cutAxis(xAxis, binCount);
  const yCut = cutAxis(yAxis, binCount);
  const grid = new Map<number, { value: number; number: number; count: number }>();
  const width = xCut.axis.bins.length;
  for (const point of placed) {
    const key = xCut.binOf(point.x) + width * yCut.binOf(point.y);
    const cell = grid.get(key);
    if (cell === undefined) grid.set(key, { value: point.value, number: point.number, count: 1 });
    else {
      cell.count++;
      if (isBetter(point.value, cell.value, direction) || (point.value === cell.value && point.number < cell.number)) {
        cell.value = point.value;
        cell.number = point.number;
      }
    }
  }
  const cells: ContourCell[] = [...grid.entries()].sort((a, b) => a[0] - b[0]).map(([key, cell]) => ({ x: key % width, y: Math.floor(key / width), ...cell }));
  let lo = Infinity;
  let hi = -Infinity;
  for (const cell of cells) {
    lo = Math.min(lo, cell.value);
    hi = Math.max(hi, cell.value);
  }
  return { objective, direction, x: xCut.axis, y: yCut.axis, cells, valueRange: cells.length === 0 ? undefined : [lo, hi], total: placed.length };
}

/** The public description of an axis's bins, and where a position falls among them. */
function cutAxis(axis: ParamAxis, count: number): { readonly axis: ContourAxis; readonly binOf: (position: number) => number } {
  if (axis.scale === 'categorical') return { axis: { axis, bins: axis.categories ?? [] }, binOf: (position) => position };
  const low = axis.low as number;
  const high = axis.high as number;
  if (!(high > low)) return { axis: { axis, edges: [low, high], bins: [low] }, binOf: () => 0 };
  if (axis.integer === true && axis.scale === 'linear' && high - low + 1 <= count) {
    const bins: number[] = [];
    const edges: number[] = [low - 0.5];
    for (let value = low; value <= high; value++) {
      bins.push(value);
      edges.push(value + 0.5);
    }
    return { axis: { axis, edges, bins }, binOf: (position) => clamp(Math.round(position - low), bins.length) };
  }
  const log = axis.scale === 'log';
  const from = log ? Math.log(low) : low;
  const to = log ? Math.log(high) : high;
  const edges: number[] = [];
  for (let i = 0; i <= count; i++) {
    const edge = from + ((to - from) * i) / count;
    edges.push(log ? Math.exp(edge) : edge);
  }
  // Exact bounds: exp(log(x)) drifts by an ulp.
  edges[0] = low;
  edges[count] = high;
  const bins: number[] = [];
  for (let i = 0; i < count; i++) {
    const a = edges[i] as number;
    const b = edges[i + 1] as number;
    bins.push(log ? Math.sqrt(a * b) : (a + b) / 2);
  }
  return { axis: { axis, edges, bins }, binOf: (position) => clamp(Math.floor((((log ? Math.log(position) : position) - from) / (to - from)) * count), count) };
}

function clamp(index: number, count: number): number {
  return Math.min(count - 1, Math.max(0, index));
}
