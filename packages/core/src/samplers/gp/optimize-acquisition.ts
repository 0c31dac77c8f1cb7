import { minimizeLbfgsb } from '../../math/lbfgsb.js';
import type { SeededRandom } from '../../utils/seeded-random.js';
import type { GPDimension } from './gp-search-space.js';

/** What the optimiser maximises: a value at a point, with the gradient over numeric coordinates. */
export interface AcquisitionFunction {
  evaluate(point: ArrayLike<number>, gradient?: Float64Array): number;
}

export interface OptimizeAcquisitionOptions {
  /** Random candidates scored before the local searches. Default 2048 (Optuna's); see `preliminarySamplesFor`. */
  readonly nPreliminarySamples?: number;
  /** Local searches, started from the best candidates and the warm starts. Default 10 (Optuna's). */
  readonly nLocalSearch?: number;
  /** Points always scored and searched from (e.g. the best observed points), in GP coordinates. */
  readonly warmStarts?: readonly Float64Array[];
  /** A local search stops when a round gains less than this. Default 1e-4 (Optuna's). */
  readonly tolerance?: number;
}

/**
 * Maximise an acquisition over a mixed space, as Optuna's `optimize_acqf_mixed`: score
 * `nPreliminarySamples` random points plus the warm starts, then run `nLocalSearch` local searches
 * from the warm starts and the best-scoring candidates. A local search alternates L-BFGS-B over
 * the numeric coordinates (and large int grids, relaxed and snapped back) with an exact
 * coordinate search over each int/step grid and each categorical, until a round gains less than
 * `tolerance`. Returns the best point (every coordinate legal) and its value.
 */
export function optimizeAcquisition(acquisition: AcquisitionFunction, dimensions: readonly GPDimension[], rng: SeededRandom, options: OptimizeAcquisitionOptions = {}): { point: Float64Array; value: number } {
  const dim = dimensions.length;
  const nPreliminary = options.nPreliminarySamples ?? 2048;
  const nLocal = options.nLocalSearch ?? 10;
  const tolerance = options.tolerance ?? 1e-4;
  const warmStarts = options.warmStarts ?? [];

  const candidates = new Float64Array(nPreliminary * dim);
  const values = new Float64Array(nPreliminary);
  const point = new Float64Array(dim);
  for (let c = 0; c < nPreliminary; c++) {
    for (let d = 0; d < dim; d++) point[d] = (dimensions[d] as GPDimension).random(rng);
    candidates.set(point, c * dim);
    const value = acquisition.evaluate(point);
    values[c] = Number.isNaN(value) ? -Infinity : value;
  }
  const order = Array.from({ length: nPreliminary }, (_, i) => i).sort((a, b) => (values[b] as number) - (values[a] as number));
  const starts: Float64Array[] = warmStarts.slice(0, nLocal).map((start) => Float64Array.from(start, (u, d) => (dimensions[d] as GPDimension).snap(u)));
  for (let k = 0; starts.length < nLocal && k < order.length; k++) {
    const index = order[k] as number;
    starts.push(candidates.slice(index * dim, (index + 1) * dim));
  }

  let best: Float64Array = candidates.slice(0, dim);
  let bestValue = nPreliminary > 0 ? (values[order[0] as number] as number) : -Infinity;
  if (nPreliminary > 0) best = candidates.slice((order[0] as number) * dim, ((order[0] as number) + 1) * dim);
  for (const start of starts) {
    const result = localSearch(acquisition, dimensions, start, tolerance);
    if (result.value > bestValue || bestValue === -Infinity) {
      best = result.point;
      bestValue = result.value;
    }
  }
  return { point: best, value: bestValue };
}

function localSearch(acquisition: AcquisitionFunction, dimensions: readonly GPDimension[], start: Float64Array, tolerance: number): { point: Float64Array; value: number } {
  const dim = dimensions.length;
  const x = new Float64Array(start);
  let value = acquisition.evaluate(x);
  if (Number.isNaN(value)) value = -Infinity;
  const relaxed = dimensions.map((dimension, d) => (dimension.relaxed ? d : -1)).filter((d) => d >= 0);
  const searched = dimensions.map((dimension, d) => (dimension.kind !== 'continuous' ? d : -1)).filter((d) => d >= 0);
  const full = new Float64Array(dim);
  const fullGradient = new Float64Array(dim);
  const trial = new Float64Array(dim);
  for (let round = 0; round < 10; round++) {
    const before = value;
    if (relaxed.length > 0) {
      full.set(x);
      const result = minimizeLbfgsb(
        (sub, gradient) => {
          for (let k = 0; k < relaxed.length; k++) full[relaxed[k] as number] = sub[k] as number;
          const v = acquisition.evaluate(full, fullGradient);
          for (let k = 0; k < relaxed.length; k++) gradient[k] = -(fullGradient[relaxed[k] as number] as number);
          return -v;
        },
        relaxed.map((d) => x[d] as number),
        { lower: relaxed.map(() => 0), upper: relaxed.map(() => 1), maxIterations: 200, gtol: 1e-5 },
      );
      if (!result.failed) {
        trial.set(x);
        for (let k = 0; k < relaxed.length; k++) {
          const d = relaxed[k] as number;
          trial[d] = (dimensions[d] as GPDimension).snap(result.x[k] as number);
        }
        const v = acquisition.evaluate(trial);
        if (v > value) {
          x.set(trial);
          value = v;
        }
      }
    }
    for (const d of searched) {
      const dimension = dimensions[d] as GPDimension;
      const current = x[d] as number;
      let bestU = current;
      for (const u of dimension.alternatives(current)) {
        if (u === current) continue;
        x[d] = u;
        const v = acquisition.evaluate(x);
        if (v > value) {
          value = v;
          bestU = u;
        }
      }
      x[d] = bestU;
    }
    // Numeric-only spaces: one L-BFGS run is already a local optimum.
    if (searched.length === 0 || !(value - before > tolerance)) break;
  }
  return { point: x, value };
}
