import type { Distribution, ParamValue, SearchSpace } from '../protocol/distribution.js';
import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { Sampler } from '../protocol/sampler.js';
import type { StudyView } from '../protocol/study-view.js';
import { SeededRandom } from '../utils/seeded-random.js';
import { sampleUniform } from './sample-uniform.js';
import { checkSeed } from '../utils/check-options.js';

export interface RandomSamplerOptions {
  /** Seed for exact reproducibility; drawn at random when absent. */
  readonly seed?: number;
}

/** Independent uniform (log-uniform for `log: true`) sampling. The baseline, and the fallback of smarter samplers. */
export class RandomSampler implements Sampler {
  readonly name = 'RandomSampler';
  private readonly rng: SeededRandom;

  constructor(options: RandomSamplerOptions = {}) {
    checkSeed('RandomSampler', options.seed);
    this.rng = new SeededRandom(options.seed);
  }

  inferRelativeSearchSpace(): SearchSpace {
    return {};
  }

  sampleRelative(): Record<string, ParamValue> {
    return {};
  }

  sampleIndependent(_study: StudyView, _trial: FrozenTrial, _name: string, dist: Distribution): ParamValue {
    return sampleUniform(dist, this.rng);
  }
}
