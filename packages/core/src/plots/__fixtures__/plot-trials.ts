import { categoricalDistribution, floatDistribution, intDistribution } from '../../distributions/distribution-factories.js';
import type { FrozenTrial } from '../../protocol/frozen-trial.js';
import { createTestTrial, type TestTrialInput } from '../../testing/test-doubles.js';
import { SeededRandom } from '../../utils/seeded-random.js';

export const lr = floatDistribution(1e-5, 1e-1, { log: true });
export const depth = intDistribution(1, 8);
export const act = categoricalDistribution(['relu', 'tanh', null]);
export const dropout = floatDistribution(0, 0.5);

/** Trials numbered by position (unless they say otherwise). */
export function trialsOf(inputs: readonly TestTrialInput[], nObjectives = 1): FrozenTrial[] {
  return inputs.map((input, index) => createTestTrial(input, { number: index, nObjectives }));
}

/** `n` complete/pruned/failed trials over lr × depth × act with a seeded quadratic-ish objective. */
export function generatedTrials(n: number, seed = 1): FrozenTrial[] {
  const random = new SeededRandom(seed);
  const trials: FrozenTrial[] = [];
  for (let number = 0; number < n; number++) {
    const params = { lr: Math.exp(random.uniform(Math.log(1e-5), Math.log(1e-1))), depth: random.int(1, 8), act: (['relu', 'tanh', null] as const)[random.int(0, 2)] ?? null };
    const value = (Math.log10(params.lr) + 3) ** 2 + (params.depth - 4) ** 2 / 10 + random.float();
    const roll = random.float();
    const state = roll < 0.3 ? 'pruned' : roll < 0.35 ? 'fail' : 'complete';
    const steps = state === 'pruned' ? 1 + random.int(0, 8) : 10;
    const curve = Array.from({ length: steps }, (_, step) => value + 5 / (step + 1));
    trials.push(createTestTrial({ number, state, params, distributions: { lr, depth, act }, intermediateValues: curve, ...(state === 'complete' ? { value } : {}) }));
  }
  return trials;
}
