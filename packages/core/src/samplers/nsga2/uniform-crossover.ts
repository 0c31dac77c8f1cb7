import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import type { SeededRandom } from '../../utils/seeded-random.js';
import type { Crossover } from './crossover.js';

/**
 * Uniform crossover (Syswerda 1989): each gene comes from the first parent, or from the second with
 * probability `swappingProb` (default 0.5). Children only ever take values their parents have.
 */
export class UniformCrossover implements Crossover {
  readonly name = 'UniformCrossover';
  readonly nParents = 2;
  readonly swappingProb: number;

  constructor(swappingProb = 0.5) {
    if (!(swappingProb >= 0 && swappingProb <= 1)) throw new InvalidArgumentError('UniformCrossover.swappingProb', swappingProb, 'a number in [0, 1]');
    this.swappingProb = swappingProb;
  }

  crossover(parents: readonly (readonly number[])[], rng: SeededRandom): number[] {
    const first = parents[0] as readonly number[];
    const second = parents[1] as readonly number[];
    return first.map((value, i) => (rng.float() < this.swappingProb ? (second[i] as number) : value));
  }
}
