import { isSingle } from '../../distributions/index.js';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import type { Distribution, FloatDistribution, IntDistribution, ParamValue, SearchSpace } from '../../protocol/distribution.js';
import type { FrozenTrial } from '../../protocol/frozen-trial.js';
import type { Sampler } from '../../protocol/sampler.js';
import type { StudyView } from '../../protocol/study-view.js';
import type { TrialState } from '../../protocol/trial-state.js';
import { SeededRandom } from '../../utils/seeded-random.js';
import { RandomSampler } from '../random-sampler.js';
import { HaltonSequence } from './halton-sequence.js';
import { mapUnitToDistribution } from './map-unit-to-distribution.js';
import type { QmcSequence } from './qmc-sequence.js';
import { SobolSequence } from './sobol-sequence.js';
import { studyKey } from '../study-key.js';
import { checkBooleans, checkSamplerOption, checkSeed } from '../../utils/check-options.js';

/** The low-discrepancy sequences `QMCSampler` can draw from. */
export type QmcType = 'sobol' | 'halton';

export interface QMCSamplerOptions {
  /** The sequence: `'sobol'` (default) or `'halton'`. Sobol is best with 2^m trials. */
  readonly qmcType?: QmcType;
  /**
   * Randomise the sequence (Sobol: linear matrix scramble + digital shift; Halton: random digit
   * permutations). Default false, as Optuna: unscrambled points do not depend on the seed, so
   * distributed workers agree without sharing one. When true, every worker must use the same seed.
   */
  readonly scramble?: boolean;
  /**
   * Seed of the scrambling and of the default independent sampler; drawn at random when absent.
   * Two samplers with the same seed (and options) give the same point to the same trial number,
   * in any process.
   */
  readonly seed?: number;
  /**
   * Samples the first trial (before the search space is known), categorical parameters and
   * parameters outside the search space. Default: `new RandomSampler({ seed })` (seed derived from ours).
   */
  readonly independentSampler?: Sampler;
  /** Warn (once per parameter) when a parameter is sampled by the independent sampler after the first trial. Default true. */
  readonly warnIndependentSampling?: boolean;
  /**
   * Warn at construction when `scramble` is on and no seed was given: workers would then scramble
   * differently and their points would not form one low-discrepancy sequence. Default true.
   */
  readonly warnAsynchronousSeeding?: boolean;
}

const FINISHED: readonly TrialState[] = ['complete', 'pruned'];

/**
 * Quasi-Monte Carlo sampling (Bergstra & Bengio 2012): the numeric parameters of each trial are the
 * coordinates of one point of a Sobol or Halton sequence, which covers the search space more
 * evenly than independent random points. Optuna 3.1's `QMCSampler` semantics:
 *
 * - The search space is fixed by the first finished (complete or pruned) trial of the study: its
 *   numeric parameters, names sorted, one coordinate each (single-valued distributions excluded).
 *   Until a trial has finished, trials are sampled by the independent sampler. Categorical
 *   parameters, and parameters that trial did not have, always are (with a warning).
 * - Coordinates map onto values uniformly (log-uniformly for `log: true`); ints and stepped floats
 *   give every grid value an equal share of [0, 1) (see `mapUnitToDistribution`).
 * - Point index: trial `n` takes point `n - 1` (clamped at 0), so trial 1, the first QMC trial of
 *   a fresh study, takes point 0 (the origin when unscrambled), as Optuna and SciPy do. Optuna keeps
 *   a study-attribute counter instead, which its authors note is not atomic; deriving the index
 *   from the trial number, which storages allocate atomically, makes it distributed-safe and
 *   reproducible: the same trial number gets the same point in every process. The price: points
 *   of trials that were sampled independently (those that started before any trial finished)
 *   are skipped rather than reused.
 * - Sobol beyond `SobolSequence.maxDimension` (1024) dimensions falls back to Halton, with a warning.
 */
export class QMCSampler implements Sampler {
  readonly name = 'QMCSampler';
  readonly qmcType: QmcType;
  readonly scramble: boolean;
  /** The seed in use (drawn at random when none was given). */
  readonly seed: number;
  readonly #independent: Sampler;
  readonly #warnIndependent: boolean;
  readonly #warned = new Set<string>();
  readonly #sequences = new Map<string, QmcSequence>();
  #space: { readonly studyKey: string; readonly space: SearchSpace } | undefined;

  constructor(options: QMCSamplerOptions = {}) {
    const where = 'QMCSampler';
    checkSeed(where, options.seed);
    const qmcType = options.qmcType ?? 'sobol';
    if (qmcType !== 'sobol' && qmcType !== 'halton') throw new InvalidArgumentError(`${where}.qmcType`, qmcType, "'sobol' or 'halton'");
    checkBooleans(where, options, ['scramble', 'warnIndependentSampling', 'warnAsynchronousSeeding']);
    const independent = checkSamplerOption(where, 'independentSampler', options.independentSampler);
    this.qmcType = qmcType;
    this.scramble = options.scramble ?? false;
    const root = new SeededRandom(options.seed);
    this.seed = root.seed;
    this.#independent = independent ?? new RandomSampler({ seed: root.nextUint32() });
    this.#warnIndependent = options.warnIndependentSampling ?? true;
    if (this.scramble && options.seed === undefined && (options.warnAsynchronousSeeding ?? true)) {
      process.emitWarning(
        'QMCSampler scrambles its sequence but was given no seed, so it drew one at random. Workers running in parallel ' +
          'must share one seed for their points to form a single low-discrepancy sequence. Pass seed (or warnAsynchronousSeeding: false).',
        { code: 'TUNEKIT_QMC_ASYNCHRONOUS_SEEDING' },
      );
    }
  }

  inferRelativeSearchSpace(study: StudyView): SearchSpace {
    const key = studyKey(study);
    if (this.#space?.studyKey === key) return this.#space.space;
    const first = study.getTrials({ states: FINISHED })[0];
    if (first === undefined) return {};
    const space: Record<string, Distribution> = {};
    for (const name of Object.keys(first.distributions).sort()) {
      const dist = first.distributions[name] as Distribution;
      if (dist.type !== 'categorical' && !isSingle(dist)) space[name] = dist;
    }
    this.#space = { studyKey: key, space: Object.freeze(space) };
    return this.#space.space;
  }

  sampleRelative(_study: StudyView, trial: FrozenTrial, space: SearchSpace): Record<string, ParamValue> {
    const names = Object.keys(space);
    if (names.length === 0) return {};
    const point = this.#sequence(names.length).point(Math.max(0, trial.number - 1));
    const result: Record<string, ParamValue> = {};
    names.forEach((name, d) => {
      const dist = space[name] as Distribution;
      if (dist.type !== 'categorical') result[name] = mapUnitToDistribution(dist as FloatDistribution | IntDistribution, point[d] as number);
    });
    return result;
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, dist: Distribution): ParamValue {
    if (this.#warnIndependent && this.#space?.studyKey === studyKey(study) && !isSingle(dist) && !this.#warned.has(name)) {
      this.#warned.add(name);
      process.emitWarning(
        `QMCSampler sampled parameter '${name}' (trial ${trial.number}) with its independent sampler: QMC covers only the ` +
          'numeric parameters of the first finished trial. Pass warnIndependentSampling: false if this is intended.',
        { code: 'TUNEKIT_QMC_INDEPENDENT_SAMPLING' },
      );
    }
    return this.#independent.sampleIndependent(study, trial, name, dist);
  }

  beforeTrial(study: StudyView, trial: FrozenTrial): void | Promise<void> {
    return this.#independent.beforeTrial?.(study, trial);
  }

  afterTrial(study: StudyView, trial: FrozenTrial, state: TrialState, values: readonly number[] | undefined): void | Promise<void> {
    return this.#independent.afterTrial?.(study, trial, state, values);
  }

  /** The sequence for `dimension` coordinates; scrambled ones are drawn from the seed alone, so every process agrees. */
  #sequence(dimension: number): QmcSequence {
    const halton = this.qmcType === 'halton' || dimension > SobolSequence.maxDimension;
    const key = `${halton ? 'halton' : 'sobol'}:${dimension}`;
    let sequence = this.#sequences.get(key);
    if (sequence === undefined) {
      if (halton && this.qmcType === 'sobol') {
        process.emitWarning(
          `QMCSampler: the search space has ${dimension} numeric parameters, more than the ${SobolSequence.maxDimension} dimensions ` +
            "of the shipped Sobol direction numbers; using a Halton sequence instead (pass qmcType: 'halton' to silence this).",
          { code: 'TUNEKIT_QMC_SOBOL_DIMENSION' },
        );
      }
      const options = { scramble: this.scramble, rng: new SeededRandom(this.seed) };
      sequence = halton ? new HaltonSequence(dimension, options) : new SobolSequence(dimension, options);
      this.#sequences.set(key, sequence);
    }
    return sequence;
  }
}

