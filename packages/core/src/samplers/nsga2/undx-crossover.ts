import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import type { SeededRandom } from '../../utils/seeded-random.js';
import type { Crossover } from './crossover.js';

/**
 * Unimodal normal distribution crossover, UNDX (Ono & Kobayashi 1997; Kita, Ono & Kobayashi 1999,
 * §2): the child is normal around the midpoint of parents 1 and 2, with standard deviation
 * `sigmaXi · |x1 − x2|` along the line through them and `sigmaEta · D` across it, where `D` is the
 * distance of parent 3 from that line. Defaults from the paper: `sigmaXi = 0.5`,
 * `sigmaEta = 0.35 / √d`. (Optuna passes `sigma²` as the standard deviation; we follow the paper.)
 */
export class UNDXCrossover implements Crossover {
  readonly name = 'UNDXCrossover';
  readonly nParents = 3;
  readonly sigmaXi: number;
  readonly sigmaEta: number | undefined;

  constructor(options: { readonly sigmaXi?: number; readonly sigmaEta?: number } = {}) {
    const sigmaXi = options.sigmaXi ?? 0.5;
    if (!(sigmaXi >= 0) || !Number.isFinite(sigmaXi)) throw new InvalidArgumentError('UNDXCrossover.sigmaXi', sigmaXi, 'a finite number >= 0');
    if (options.sigmaEta !== undefined && (!(options.sigmaEta >= 0) || !Number.isFinite(options.sigmaEta))) {
      throw new InvalidArgumentError('UNDXCrossover.sigmaEta', options.sigmaEta, 'a finite number >= 0');
    }
    this.sigmaXi = sigmaXi;
    this.sigmaEta = options.sigmaEta;
  }

  crossover(parents: readonly (readonly number[])[], rng: SeededRandom): number[] {
    const x1 = parents[0] as readonly number[];
    const x2 = parents[1] as readonly number[];
    const x3 = parents[2] as readonly number[];
    const d = x1.length;
    const sigmaEta = this.sigmaEta ?? 0.35 / Math.sqrt(d);
    // Unit vector along the primary search line (zero when parents 1 and 2 coincide).
    const direction = x1.map((value, i) => (x2[i] as number) - value);
    const length = Math.hypot(...direction);
    const unit = length > 1e-10 ? direction.map((value) => value / length) : direction.map(() => 0);
    const projection = (v: readonly number[]) => v.reduce((sum, value, i) => sum + value * (unit[i] as number), 0);
    // D: the distance of parent 3 from the primary search line.
    const toThird = x3.map((value, i) => value - (x1[i] as number));
    const along = projection(toThird);
    const distance = Math.hypot(...toThird.map((value, i) => value - along * (unit[i] as number)));
    const xi = rng.normal() * this.sigmaXi;
    // Σ η_i e_i over an orthonormal basis of the line's orthogonal complement equals an isotropic
    // normal vector with its component along the line removed.
    const eta = x1.map(() => rng.normal() * sigmaEta);
    const etaAlong = projection(eta);
    return x1.map((value, i) => {
      const midpoint = 0.5 * (value + (x2[i] as number));
      const across = d > 1 ? distance * ((eta[i] as number) - etaAlong * (unit[i] as number)) : 0;
      return midpoint - xi * (direction[i] as number) + across;
    });
  }
}
