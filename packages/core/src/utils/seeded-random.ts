/**
 * A small, fast, seedable generator (xoshiro128** on 32-bit lanes, seeded through splitmix32).
 * Core never calls `Math.random()`: every sampler owns one of these, so a seeded study is exactly
 * reproducible. Without a seed, one is drawn from the platform's CSPRNG.
 */
export class SeededRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | undefined;
  /** The seed this generator started from (drawn at random when none was given). */
  readonly seed: number;

  constructor(seed?: number) {
    this.seed = seed ?? randomSeed();
    let state = hashSeed(this.seed);
    const next = () => {
      state = (state + 0x9e3779b9) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 bits of precision. */
  float(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** Uniform in [low, high]. */
  uniform(low: number, high: number): number {
    if (low === high) return low;
    const value = low + (high - low) * this.float();
    return value > high ? high : value;
  }

  /** Uniform integer in [low, high] (inclusive), without modulo bias. */
  int(low: number, high: number): number {
    const span = high - low + 1;
    if (span <= 1) return low;
    if (span <= 0x100000000) {
      const limit = Math.floor(0x100000000 / span) * span;
      let x = this.nextUint32();
      while (x >= limit) x = this.nextUint32();
      return low + (x % span);
    }
    return low + Math.floor(this.float() * span);
  }

  /** Standard normal (Marsaglia polar method). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const spare = this.spareNormal;
      this.spareNormal = undefined;
      return spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = this.float() * 2 - 1;
      v = this.float() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * factor;
    return u * factor;
  }

  /** One element of a non-empty array. */
  choice<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)] as T;
  }

  /** Fisher–Yates shuffle of a copy. */
  shuffled<T>(items: readonly T[]): T[] {
    const copy = items.slice();
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const tmp = copy[i] as T;
      copy[i] = copy[j] as T;
      copy[j] = tmp;
    }
    return copy;
  }

  /** An independent generator derived from this one (for per-component streams). */
  fork(): SeededRandom {
    return new SeededRandom(this.nextUint32() * 4294967296 + this.nextUint32());
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Fold any finite number (integers up to 2^53, negative, fractional) into 32 bits. */
function hashSeed(seed: number): number {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, seed);
  let h = 0x811c9dc5;
  for (let i = 0; i < 8; i++) h = Math.imul(h ^ view.getUint8(i), 0x01000193);
  return h | 0;
}

function randomSeed(): number {
  const words = new Uint32Array(2);
  globalThis.crypto.getRandomValues(words);
  return ((words[0] as number) & 0x1fffff) * 4294967296 + (words[1] as number);
}
