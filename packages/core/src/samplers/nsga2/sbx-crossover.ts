import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import type { SeededRandom } from '../../utils/seeded-random.js';
import type { Crossover, CrossoverContext } from './crossover.js';

/**
 * Simulated binary crossover, SBX (Deb & Agrawal 1995), in its bounded form (Deb & Goyal 1996;
 * as in Optuna and pymoo): the spread factor's distribution is truncated so that both children
 * stay inside `[0, 1]`. `eta` (distribution index) defaults to 20 for multi-objective studies and
 * 2 for single-objective ones, as in Optuna: larger values keep children closer to their parents.
 *
 * Each gene is, with probability 1/2, one of the two SBX children (each with probability 1/2), and
 * otherwise one of the parents' genes: Optuna's one-child variant. Far from the bounds the two
 * children are symmetric about the parents' midpoint, so a child's mean is the parents' mean.
 */
export class SBXCrossover implements Crossover {
  readonly name = 'SBXCrossover';
  readonly nParents = 2;
  readonly eta: number | undefined;

  constructor(options: { readonly eta?: number } = {}) {
    if (options.eta !== undefined && (!(options.eta >= 0) || !Number.isFinite(options.eta))) {
      throw new InvalidArgumentError('SBXCrossover.eta', options.eta, 'a finite number >= 0');
    }
    this.eta = options.eta;
  }

  crossover(parents: readonly (readonly number[])[], rng: SeededRandom, context: CrossoverContext): number[] {
    const eta = this.eta ?? (context.nObjectives > 1 ? 20 : 2);
    const first = parents[0] as readonly number[];
    const second = parents[1] as readonly number[];
    const exponent = 1 / (eta + 1);
    return first.map((x1, i) => {
      const x2 = second[i] as number;
      const low = Math.min(x1, x2);
      const high = Math.max(x1, x2);
      const diff = Math.max(high - low, 1e-10);
      const u = rng.float();
      // Deb & Goyal's bounded spread factors: beta measures the room to each bound in units of
      // half the parents' distance; alpha truncates the polynomial distribution to that room.
      const betaq = (room: number) => {
        const alpha = 2 - Math.pow(1 + (2 * Math.max(room, 0)) / diff, -(eta + 1));
        return u <= 1 / alpha ? Math.pow(u * alpha, exponent) : Math.pow(1 / (2 - u * alpha), exponent);
      };
      const child1 = 0.5 * (low + high - betaq(low) * diff);
      const child2 = 0.5 * (low + high + betaq(1 - high) * diff);
      if (rng.float() < 0.5) return rng.float() < 0.5 ? child1 : child2;
      return rng.float() < 0.5 ? x1 : x2;
    });
  }
}
