import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import type { SeededRandom } from '../../utils/seeded-random.js';
import type { Crossover, CrossoverContext } from './crossover.js';

/**
 * Modified simulated binary crossover, vSBX (Pan, Wang & Li 2019, §3.2): like SBX, but the two
 * children are drawn from separate halves of the spread distribution, so that a child can also land
 * beyond the parent it is near. `eta` defaults to 20 for multi-objective studies, 2 otherwise
 * (Optuna's defaults). One child per call: each gene is one of the two vSBX children or one of the
 * parents' genes, each pair with probability 1/2 (Optuna's variant).
 */
export class VSBXCrossover implements Crossover {
  readonly name = 'VSBXCrossover';
  readonly nParents = 2;
  readonly eta: number | undefined;

  constructor(options: { readonly eta?: number } = {}) {
    if (options.eta !== undefined && (!(options.eta >= 0) || !Number.isFinite(options.eta))) {
      throw new InvalidArgumentError('VSBXCrossover.eta', options.eta, 'a finite number >= 0');
    }
    this.eta = options.eta;
  }

  crossover(parents: readonly (readonly number[])[], rng: SeededRandom, context: CrossoverContext): number[] {
    const eta = this.eta ?? (context.nObjectives > 1 ? 20 : 2);
    const exponent = 1 / (eta + 1);
    const first = parents[0] as readonly number[];
    const second = parents[1] as readonly number[];
    return first.map((x1, i) => {
      const x2 = second[i] as number;
      const u = rng.float();
      const beta1 = Math.pow(0.5 * u, exponent);
      const beta2 = Math.pow(0.5 * (1 - u), exponent);
      let child1: number;
      let child2: number;
      if (u > 0.5) {
        child1 = 0.5 * ((1 - beta1) * x1 + (1 + beta1) * x2);
        child2 = 0.5 * (-(1 - beta2) * x1 + (3 - beta2) * x2);
      } else {
        child1 = 0.5 * ((1 + beta1) * x1 + (1 - beta1) * x2);
        child2 = 0.5 * ((3 - beta2) * x1 - (1 - beta2) * x2);
      }
      if (rng.float() < 0.5) return rng.float() < 0.5 ? child1 : child2;
      return rng.float() < 0.5 ? x1 : x2;
    });
  }
}
