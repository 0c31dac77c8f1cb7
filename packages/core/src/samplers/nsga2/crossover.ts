import type { SeededRandom } from '../../utils/seeded-random.js';

/** What a crossover may know about the study besides its parents. */
export interface CrossoverContext {
  /** Number of objectives of the study (SBX and vSBX pick their default `eta` from it). */
  readonly nObjectives: number;
}

/**
 * Mixes the numeric parameters of `nParents` parents into one child, for `NSGAIISampler`.
 *
 * The sampler hands every numeric parameter over in a normalised coordinate: `[0, 1]` spans the
 * distribution (its logarithm for `log: true`; half a step beyond each end for ints and stepped
 * floats, so that every grid value owns an equal share). Categorical parameters never reach a
 * crossover: the sampler swaps them between the first and last parent (uniform crossover).
 *
 * Contract for implementations:
 * - `crossover` receives `nParents` rows of equal length `d >= 1`, all distinct trials, and
 *   returns `d` finite numbers. They may lie outside `[0, 1]`: the sampler clips (and snaps to the
 *   step grid), so an operator need not know the bounds.
 * - Randomness comes from `rng` only (never `Math.random()`), consumed in a fixed order, so that a
 *   seeded study is reproducible.
 * - Must not mutate `parents`.
 */
export interface Crossover {
  /** For messages (e.g. `'SBXCrossover'`). */
  readonly name: string;
  /** Parents per child, at least 2. `NSGAIISampler` requires `populationSize >= nParents`. */
  readonly nParents: number;
  crossover(parents: readonly (readonly number[])[], rng: SeededRandom, context: CrossoverContext): number[];
}
