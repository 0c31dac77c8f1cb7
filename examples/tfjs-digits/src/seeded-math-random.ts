import { SeededRandom } from '@tunekit/core';

/**
 * Run `fn` with `Math.random` drawing from a `SeededRandom(seed)` stream, then restore it.
 *
 * TensorFlow.js takes its unseeded randomness (dropout masks, fit's per-epoch shuffling) from
 * `Math.random`; tfjs has no global seed. Seeding it per trial makes a trial's training curve
 * depend only on (seed, trial number), not on what ran before it, so runs repeat exactly and
 * studies with different pruners train the same trial identically up to where one prunes it.
 * Trials must run one at a time (the default `concurrency: 1`). tunekit itself never calls Math.random.
 */
export async function withSeededMathRandom<T>(seed: number, fn: () => Promise<T>): Promise<T> {
  const original = Math.random;
  const rng = new SeededRandom(seed);
  Math.random = () => rng.float();
  try {
    return await fn();
  } finally {
    Math.random = original;
  }
}
