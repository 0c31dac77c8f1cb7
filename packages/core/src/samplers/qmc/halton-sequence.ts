import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { SeededRandom } from '../../utils/seeded-random.js';
import type { QmcSequence } from './qmc-sequence.js';

export interface HaltonSequenceOptions {
  /**
   * Randomise the sequence with random digit permutations, one per base and digit position (as
   * SciPy's `Halton(scramble=True)`). Needs `rng`. Default false.
   */
  readonly scramble?: boolean;
  /** The generator the permutations are drawn from (read only in the constructor). */
  readonly rng?: SeededRandom;
}

/** Largest dimension accepted (the 10,000th prime is 104,729). */
const MAX_DIMENSION = 10_000;

/**
 * The Halton sequence: coordinate d of point n is the radical inverse of n in the d-th prime base
 * (2, 3, 5, ...). Unscrambled points equal SciPy's `qmc.Halton(d, scramble=False)`, the first being
 * the origin. Scrambled, digit position k of base b goes through its own random permutation of
 * 0..b-1 (Owen-style "random digit permutations"; the leading zeros of n are permuted too, down to
 * b^-k below 2^-53), so coordinates stay in [0, 1) and keep the sequence's stratification.
 */
export class HaltonSequence implements QmcSequence {
  static readonly maxDimension: number = MAX_DIMENSION;
  readonly dimension: number;
  readonly scrambled: boolean;
  readonly #bases: readonly number[];
  /** Per dimension, one seed per digit position: permutations are drawn from them on first use. */
  readonly #seeds: readonly Uint32Array[];
  /** Per dimension, the digit permutations drawn so far (`undefined` until needed). */
  readonly #permutations: (Uint32Array | undefined)[][];

  constructor(dimension: number, options: HaltonSequenceOptions = {}) {
    if (!Number.isSafeInteger(dimension) || dimension < 1 || dimension > MAX_DIMENSION) {
      throw new InvalidArgumentError('HaltonSequence.dimension', dimension, `an integer in [1, ${MAX_DIMENSION}]`);
    }
    const scramble = options.scramble ?? false;
    if (scramble && options.rng === undefined) throw new InvalidArgumentError('HaltonSequence.rng', options.rng, 'a SeededRandom when scramble is true');
    this.dimension = dimension;
    this.scrambled = scramble;
    this.#bases = firstPrimes(dimension);
    const rng = options.rng;
    this.#seeds = scramble && rng !== undefined ? this.#bases.map((base) => Uint32Array.from({ length: digitPositions(base) }, () => rng.nextUint32())) : [];
    this.#permutations = this.#seeds.map((seeds) => new Array<Uint32Array | undefined>(seeds.length).fill(undefined));
  }

  point(index: number): Float64Array {
    if (!Number.isSafeInteger(index) || index < 0) throw new InvalidArgumentError('HaltonSequence.point index', index, 'a non-negative safe integer');
    const out = new Float64Array(this.dimension);
    for (let d = 0; d < this.dimension; d++) out[d] = this.scrambled ? this.#scrambledInverse(d, index) : radicalInverse(index, this.#bases[d] as number);
    return out;
  }

  #scrambledInverse(d: number, index: number): number {
    const base = this.#bases[d] as number;
    const positions = (this.#seeds[d] as Uint32Array).length;
    const digits = new Array<number>(positions);
    let n = index;
    for (let k = 0; k < positions; k++) {
      digits[k] = n % base;
      n = Math.floor(n / base);
    }
    // Horner from the least significant position up keeps the rounding error at the last bits.
    let x = 0;
    for (let k = positions - 1; k >= 0; k--) x = (x + (this.#permutation(d, k)[digits[k] as number] as number)) / base;
    return Math.min(x, 1 - Number.EPSILON / 2);
  }

  #permutation(d: number, k: number): Uint32Array {
    const drawn = this.#permutations[d] as (Uint32Array | undefined)[];
    let permutation = drawn[k];
    if (permutation === undefined) {
      const base = this.#bases[d] as number;
      const rng = new SeededRandom((this.#seeds[d] as Uint32Array)[k] as number);
      permutation = Uint32Array.from({ length: base }, (_, i) => i);
      for (let i = base - 1; i > 0; i--) {
        const j = rng.int(0, i);
        const tmp = permutation[i] as number;
        permutation[i] = permutation[j] as number;
        permutation[j] = tmp;
      }
      drawn[k] = permutation;
    }
    return permutation;
  }
}

/** Digit positions whose weight b^-(k+1) is at least 2^-53: the ones a double can hold. */
function digitPositions(base: number): number {
  return Math.ceil(53 / Math.log2(base));
}

/** Van der Corput radical inverse of `n` in `base`, summed as SciPy does (most significant weight first). */
function radicalInverse(n: number, base: number): number {
  let x = 0;
  let weight = 1 / base;
  let rest = n;
  while (rest > 0) {
    x += (rest % base) * weight;
    weight /= base;
    rest = Math.floor(rest / base);
  }
  return x;
}

/** The first `count` primes. */
export function firstPrimes(count: number): number[] {
  const primes: number[] = [];
  for (let candidate = 2; primes.length < count; candidate++) {
    let prime = true;
    for (const p of primes) {
      if (p * p > candidate) break;
      if (candidate % p === 0) {
        prime = false;
        break;
      }
    }
    if (prime) primes.push(candidate);
  }
  return primes;
}
