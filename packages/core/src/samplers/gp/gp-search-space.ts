import { containsExternal, snapToDistribution, toExternal, toInternal } from '../../distributions/index.js';
import type { Distribution, ParamValue } from '../../protocol/distribution.js';
import type { SeededRandom } from '../../utils/seeded-random.js';

/** How the acquisition optimiser treats a dimension. */
export type GPDimensionKind = 'continuous' | 'discrete' | 'categorical';

/** Grids up to this size are searched exhaustively, coordinate by coordinate. */
const EXHAUSTIVE_GRID = 32;

/**
 * One parameter in the GP's coordinates. Floats and ints map to `[0, 1]`: log parameters in log
 * space; ints and stepped floats on a range widened by half a step at each end (as Optuna does, so
 * that every grid value owns an equal share of the interval), and always grid-aligned when the
 * kernel sees them. Categoricals are their choice index (the kernel uses a Hamming distance).
 */
export class GPDimension {
  readonly name: string;
  readonly distribution: Distribution;
  readonly kind: GPDimensionKind;
  /** Number of grid values (discrete) or choices (categorical); Infinity for continuous ones. */
  readonly size: number;
  readonly #low: number;
  readonly #high: number;
  readonly #log: boolean;
  readonly #step: number | undefined;

  constructor(name: string, distribution: Distribution) {
    this.name = name;
    this.distribution = distribution;
    if (distribution.type === 'categorical') {
      this.kind = 'categorical';
      this.size = distribution.choices.length;
      this.#low = 0;
      this.#high = distribution.choices.length - 1;
      this.#log = false;
      this.#step = undefined;
      return;
    }
    const step = distribution.step;
    this.#log = distribution.log;
    this.#step = step;
    if (step === undefined) {
      this.kind = 'continuous';
      this.size = Infinity;
      this.#low = distribution.log ? Math.log(distribution.low) : distribution.low;
      this.#high = distribution.log ? Math.log(distribution.high) : distribution.high;
    } else {
      this.kind = 'discrete';
      this.size = Math.round((distribution.high - distribution.low) / step) + 1;
      // Log ints (step 1): [low − ½, high + ½] in log space.
      this.#low = distribution.log ? Math.log(distribution.low - 0.5) : distribution.low - step / 2;
      this.#high = distribution.log ? Math.log(distribution.high + 0.5) : distribution.high + step / 2;
    }
  }

  /** A stored external value → GP coordinate, or NaN when absent or outside the distribution. */
  encode(value: ParamValue | undefined): number {
    if (value === undefined || !containsExternal(this.distribution, value)) return NaN;
    const internal = toInternal(this.distribution, value);
    if (this.kind === 'categorical') return internal;
    const t = this.#log ? Math.log(internal) : internal;
    return this.#high === this.#low ? 0.5 : (t - this.#low) / (this.#high - this.#low);
  }

  /** GP coordinate → the legal internal value it stands for (clipped, on the grid). */
  #internal(u: number): number {
    if (this.kind === 'categorical') return snapToDistribution(this.distribution, u);
    const t = this.#low + Math.min(1, Math.max(0, u)) * (this.#high - this.#low);
    return snapToDistribution(this.distribution, this.#log ? Math.exp(t) : t);
  }

  /** GP coordinate → external value. */
  decode(u: number): ParamValue {
    return toExternal(this.distribution, this.#internal(u));
  }

  /** The coordinate of the legal value nearest `u` (grid-aligned, or a choice index). */
  snap(u: number): number {
    if (this.kind === 'continuous') return Math.min(1, Math.max(0, u));
    if (this.kind === 'categorical') return this.#internal(u);
    return this.encode(toExternal(this.distribution, this.#internal(u)));
  }

  /** A uniformly random coordinate (grid-aligned for discrete dimensions). */
  random(rng: SeededRandom): number {
    if (this.kind === 'categorical') return rng.int(0, this.size - 1);
    return this.snap(rng.float());
  }

  /**
   * Coordinates to try when searching this dimension alone around `u`: every value of a small grid
   * or every choice; for a large grid, its neighbours 1, 2, 4 and 8 steps away.
   */
  alternatives(u: number): number[] {
    if (this.kind === 'categorical') return Array.from({ length: this.size }, (_, i) => i);
    if (this.kind === 'continuous') return [];
    const dist = this.distribution as Exclude<Distribution, { type: 'categorical' }>;
    const step = this.#step as number;
    if (this.size <= EXHAUSTIVE_GRID) return Array.from({ length: this.size }, (_, k) => this.encode(toExternal(dist, snapToDistribution(dist, dist.low + k * step))));
    const here = this.#internal(u);
    const out: number[] = [];
    for (let offset = 1; offset <= 8 && offset < this.size; offset *= 2) {
      for (const sign of [-1, 1]) {
        const value = here + sign * offset * step;
        if (value >= dist.low && value <= dist.high) out.push(this.encode(toExternal(dist, snapToDistribution(dist, value))));
      }
    }
    return out;
  }

  /** Whether the continuous optimiser may move this coordinate (a relaxation for large grids). */
  get relaxed(): boolean {
    return this.kind === 'continuous' || (this.kind === 'discrete' && this.size > EXHAUSTIVE_GRID);
  }
}
