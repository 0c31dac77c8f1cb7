import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import type { SeededRandom } from '../../utils/seeded-random.js';
import type { Crossover } from './crossover.js';

/**
 * Simplex crossover, SPX (Tsutsui, Yamamura & Higuchi 1999, §2): the parents' simplex, expanded by
 * `epsilon` about its centroid, is sampled uniformly. Three parents, as in Optuna; `epsilon`
 * defaults to `√(d + 2)` (the paper's recommendation, which keeps the population's covariance).
 */
export class SPXCrossover implements Crossover {
  readonly name = 'SPXCrossover';
  readonly nParents = 3;
  readonly epsilon: number | undefined;

  constructor(options: { readonly epsilon?: number } = {}) {
    if (options.epsilon !== undefined && (!(options.epsilon >= 0) || !Number.isFinite(options.epsilon))) {
      throw new InvalidArgumentError('SPXCrossover.epsilon', options.epsilon, 'a finite number >= 0');
    }
    this.epsilon = options.epsilon;
  }

  crossover(parents: readonly (readonly number[])[], rng: SeededRandom): number[] {
    const d = (parents[0] as readonly number[]).length;
    const k = parents.length;
    const epsilon = this.epsilon ?? Math.sqrt(d + 2);
    const centroid = new Array<number>(d).fill(0);
    for (const parent of parents) for (let i = 0; i < d; i++) centroid[i] = (centroid[i] as number) + (parent[i] as number) / k;
    // Eq. 3: the vertices of the expanded simplex.
    const vertices = parents.map((parent) => parent.map((value, i) => (centroid[i] as number) + epsilon * (value - (centroid[i] as number))));
    // Eq. 2 and 4: r_{j} = u^{1/(j+1)}, C_j = r_{j-1} (y_{j-1} − y_j + C_{j-1}).
    let offset = new Array<number>(d).fill(0);
    for (let j = 1; j < k; j++) {
      const r = Math.pow(rng.float(), 1 / j);
      const previous = vertices[j - 1] as readonly number[];
      const current = vertices[j] as readonly number[];
      offset = offset.map((value, i) => r * ((previous[i] as number) - (current[i] as number) + value));
    }
    // Eq. 5: the child.
    const last = vertices[k - 1] as readonly number[];
    return last.map((value, i) => value + (offset[i] as number));
  }
}
