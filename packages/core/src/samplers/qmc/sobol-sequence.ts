import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import type { SeededRandom } from '../../utils/seeded-random.js';
import type { QmcSequence } from './qmc-sequence.js';
import { SOBOL_INITIAL_NUMBERS, SOBOL_MAX_DIMENSION, SOBOL_POLYNOMIALS } from './sobol-direction-numbers.js';

export interface SobolSequenceOptions {
  /**
   * Randomise the sequence with a linear matrix scramble and a digital random shift (Matoušek
   * 1998; what SciPy's `Sobol(scramble=True)` does). Needs `rng`. Default false.
   */
  readonly scramble?: boolean;
  /** The generator the scrambling is drawn from (read only in the constructor). */
  readonly rng?: SeededRandom;
}

/** Bits per coordinate: direction numbers are 32-bit words, so a point index must be below 2^32. */
const BITS = 32;
const TWO_TO_MINUS_32 = 2 ** -32;

/** Start of each dimension's initial numbers in `SOBOL_INITIAL_NUMBERS` (computed once). */
let initialOffsets: Uint32Array | undefined;

/**
 * The Sobol sequence with Joe & Kuo's direction numbers (new-joe-kuo-6.21201, first
 * `SobolSequence.maxDimension` dimensions), 32-bit precision. Point `n` is built directly from the
 * Gray code of `n` (Antonov & Saleev 1979), so any point costs O(dimension × 32) and does not need
 * its predecessors. Unscrambled points equal SciPy's `qmc.Sobol(d, scramble=False)` (whose 30 bits
 * agree with these 32 for the first 2^30 points), the first being the origin.
 *
 * Its balance properties hold for runs of 2^m points starting at a multiple of 2^m: every
 * 1-D projection of points `0 .. 2^m - 1` has exactly one point in each interval of width 2^-m.
 */
export class SobolSequence implements QmcSequence {
  /** Dimensions of the shipped direction-number table. */
  static readonly maxDimension: number = SOBOL_MAX_DIMENSION;
  readonly dimension: number;
  readonly scrambled: boolean;
  /** Direction number j of dimension d at `d * 32 + j`, most significant bit first (v_j has weight 2^-(j+1)). */
  readonly #directions: Uint32Array;
  /** Digital shift per dimension (zero when unscrambled). */
  readonly #shift: Uint32Array;

  constructor(dimension: number, options: SobolSequenceOptions = {}) {
    if (!Number.isSafeInteger(dimension) || dimension < 1 || dimension > SOBOL_MAX_DIMENSION) {
      throw new InvalidArgumentError('SobolSequence.dimension', dimension, `an integer in [1, ${SOBOL_MAX_DIMENSION}] (the shipped Joe & Kuo table)`);
    }
    const scramble = options.scramble ?? false;
    if (scramble && options.rng === undefined) throw new InvalidArgumentError('SobolSequence.rng', options.rng, 'a SeededRandom when scramble is true');
    this.dimension = dimension;
    this.scrambled = scramble;
    this.#directions = new Uint32Array(dimension * BITS);
    this.#shift = new Uint32Array(dimension);
    for (let d = 0; d < dimension; d++) this.#directions.set(directionNumbers(d), d * BITS);
    if (scramble) {
      const rng = options.rng as SeededRandom;
      for (let d = 0; d < dimension; d++) {
        const rows = randomLowerTriangular(rng);
        for (let j = 0; j < BITS; j++) {
          const at = d * BITS + j;
          this.#directions[at] = multiply(rows, this.#directions[at] as number);
        }
        this.#shift[d] = rng.nextUint32();
      }
    }
  }

  point(index: number): Float64Array {
    if (!Number.isSafeInteger(index) || index < 0 || index >= 2 ** BITS) {
      throw new InvalidArgumentError('SobolSequence.point index', index, `an integer in [0, 2^${BITS})`);
    }
    const gray = (index ^ Math.floor(index / 2)) >>> 0;
    const out = new Float64Array(this.dimension);
    for (let d = 0; d < this.dimension; d++) {
      let x = this.#shift[d] as number;
      const base = d * BITS;
      for (let j = 0, g = gray; g !== 0; j++, g >>>= 1) if ((g & 1) !== 0) x ^= this.#directions[base + j] as number;
      out[d] = (x >>> 0) * TWO_TO_MINUS_32;
    }
    return out;
  }
}

/** The 32 direction numbers of dimension `d`, by the Bratley–Fox recurrence over its primitive polynomial. */
function directionNumbers(d: number): Uint32Array {
  const v = new Uint32Array(BITS);
  if (d === 0) {
    for (let j = 0; j < BITS; j++) v[j] = 2 ** (BITS - 1 - j);
    return v;
  }
  const poly = SOBOL_POLYNOMIALS[d] as number;
  const degree = 31 - Math.clz32(poly);
  const offset = offsets()[d] as number;
  for (let j = 0; j < Math.min(degree, BITS); j++) v[j] = (SOBOL_INITIAL_NUMBERS[offset + j] as number) * 2 ** (BITS - 1 - j);
  for (let j = degree; j < BITS; j++) {
    let value = (v[j - degree] as number) ^ ((v[j - degree] as number) >>> degree);
    // a_k is the coefficient of x^(degree - k) of the polynomial (1 <= k < degree).
    for (let k = 1; k < degree; k++) if (((poly >>> (degree - k)) & 1) === 1) value ^= v[j - k] as number;
    v[j] = value >>> 0;
  }
  return v;
}

function offsets(): Uint32Array {
  if (initialOffsets === undefined) {
    initialOffsets = new Uint32Array(SOBOL_MAX_DIMENSION);
    let at = 0;
    for (let d = 1; d < SOBOL_MAX_DIMENSION; d++) {
      initialOffsets[d] = at;
      at += 31 - Math.clz32(SOBOL_POLYNOMIALS[d] as number);
    }
  }
  return initialOffsets;
}

/**
 * A random lower-triangular binary matrix with a unit diagonal, as 32 row masks (row i, for output
 * bit i counted from the most significant, may read input bits 0..i): each output digit depends on
 * the same and more significant input digits only, which keeps the (t, m, s)-net structure.
 */
function randomLowerTriangular(rng: SeededRandom): Uint32Array {
  const rows = new Uint32Array(BITS);
  for (let i = 0; i < BITS; i++) {
    const above = i === 0 ? 0 : (0xffffffff << (BITS - i)) >>> 0;
    rows[i] = ((rng.nextUint32() & above) | (1 << (BITS - 1 - i))) >>> 0;
  }
  return rows;
}

/** Matrix × bit vector over GF(2), most significant bit first. */
function multiply(rows: Uint32Array, word: number): number {
  let out = 0;
  for (let i = 0; i < BITS; i++) if (parity((rows[i] as number) & word) === 1) out |= 1 << (BITS - 1 - i);
  return out >>> 0;
}

function parity(word: number): number {
  let x = word;
  x ^= x >>> 16;
  x ^= x >>> 8;
  x ^= x >>> 4;
  x ^= x >>> 2;
  x ^= x >>> 1;
  return x & 1;
}
