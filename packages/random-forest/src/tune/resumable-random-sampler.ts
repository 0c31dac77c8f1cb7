import { RandomSampler, type Distribution, type FrozenTrial, type ParamValue, type Sampler, type SearchSpace, type StudyView } from '@tunekit/core';

/**
 * @internal The default sampler of a study `tuneRandomForest` creates: a `RandomSampler` seeded on
 * first use from the seed and the number of the first trial it samples. A new study gets exactly
 * `RandomSampler({ seed })`; a study resumed from a storage continues with fresh draws instead of
 * replaying the first run's parameters (which a plainly seeded sampler would do).
 */
export class ResumableRandomSampler implements Sampler {
  readonly name = 'RandomSampler';
  readonly #seed: number;
  #inner: RandomSampler | undefined;

  constructor(seed: number) {
    this.#seed = seed;
  }

  inferRelativeSearchSpace(): SearchSpace {
    return {};
  }

  sampleRelative(): Record<string, ParamValue> {
    return {};
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, dist: Distribution): ParamValue {
    // A fractional offset changes every bit the seed is hashed from: an unrelated stream.
    this.#inner ??= new RandomSampler({ seed: trial.number === 0 ? this.#seed : this.#seed + trial.number / 4096 });
    return this.#inner.sampleIndependent(study, trial, name, dist);
  }
}
