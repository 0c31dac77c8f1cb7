import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import type { SeededRandom } from '../../utils/seeded-random.js';
import type { Crossover } from './crossover.js';

/**
 * Blend crossover BLX-α (Eshelman & Schaffer 1993; Takahashi & Kita 2001, eq. 1): each gene is
 * uniform on the parents' interval widened by `alpha` times its length on both sides.
 * Default `alpha = 0.5`, which keeps the population's variance from shrinking.
 */
export class BLXAlphaCrossover implements Crossover {
  readonly name = 'BLXAlphaCrossover';
  readonly nParents = 2;
  readonly alpha: number;

  constructor(alpha = 0.5) {
    if (!(alpha >= 0) || !Number.isFinite(alpha)) throw new InvalidArgumentError('BLXAlphaCrossover.alpha', alpha, 'a finite number >= 0');
    this.alpha = alpha;
  }

  crossover(parents: readonly (readonly number[])[], rng: SeededRandom): number[] {
    const first = parents[0] as readonly number[];
    const second = parents[1] as readonly number[];
    return first.map((a, i) => {
      const b = second[i] as number;
      const low = Math.min(a, b);
      const high = Math.max(a, b);
      const margin = this.alpha * (high - low);
      return rng.uniform(low - margin, high + margin);
    });
  }
}
