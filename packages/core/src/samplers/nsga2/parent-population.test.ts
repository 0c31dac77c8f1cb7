import { describe, expect, it } from 'vitest';
import { floatDistribution } from '../../distributions/index.js';
import { createTestTrial, type TestTrialInput } from '../../testing/test-doubles.js';
import { collectParentPopulation, GENERATION_KEY } from './parent-population.js';

const x = floatDistribution(0, 1);
/** Trial `number` of `generation` with two objective values. */
const member = (number: number, generation: number, values: [number, number], extra: Partial<TestTrialInput> = {}) =>
  createTestTrial({ number, params: { x: 0.5 }, distributions: { x }, values, systemAttrs: { [GENERATION_KEY]: generation }, ...extra });

describe('collectParentPopulation', () => {
  const options = { populationSize: 3, directions: ['minimize', 'maximize'] as const, useConstraints: false };

  it('is empty (generation −1) until populationSize trials of generation 0 are complete', () => {
    const trials = [member(0, 0, [1, 1]), member(1, 0, [2, 2]), createTestTrial({ number: 2, state: 'fail', systemAttrs: { [GENERATION_KEY]: 0 } }), createTestTrial({ number: 3, state: 'running', systemAttrs: { [GENERATION_KEY]: 0 } })];
    expect(collectParentPopulation(trials, options)).toEqual({ generation: -1, population: [] });
  });

  it('selects the elite of each complete generation together with the previous parents', () => {
    // Objectives: minimise f0, maximise f1 (losses [f0, −f1]).
    // Generation 0: A(1, 1) B(2, 3) C(3, 2) D(0, 0). Losses: A(1, −1) B(2, −3) C(3, −2) D(0, 0).
    // Fronts: {A, B, D} (B dominates C), {C}. Population 3: {A, B, D}.
    const gen0 = [member(0, 0, [1, 1]), member(1, 0, [2, 3]), member(2, 0, [3, 2]), member(3, 0, [0, 0])];
    const first = collectParentPopulation(gen0, options);
    expect(first.generation).toBe(0);
    expect(first.population.map((trial) => trial.number).sort()).toEqual([0, 1, 3]);
    // Generation 1: E(0.5, 3) dominates A and B; F and G are dominated by everyone. Pool {E, F, G, A, B, D}:
    // fronts {E, D} (E's losses (0.5, −3); D (0, 0)), {A}, ... → {E, D, A}.
    const gen1 = [member(4, 1, [0.5, 3]), member(5, 1, [9, -9]), member(6, 1, [8, -8])];
    const second = collectParentPopulation([...gen0, ...gen1], options);
    expect(second.generation).toBe(1);
    expect(second.population.map((trial) => trial.number).sort()).toEqual([0, 3, 4]);
    // An incomplete generation 2 changes nothing.
    const third = collectParentPopulation([...gen0, ...gen1, member(7, 2, [0, 9])], options);
    expect(third.generation).toBe(1);
  });

  it('ranks by constraints when asked to, and caches each generation', () => {
    const constrained = (number: number, values: [number, number], violation: number) => member(number, 0, values, { systemAttrs: { [GENERATION_KEY]: 0, constraints: [violation] } });
    // The best objectives are infeasible: feasible trials 1 and 3 come first, then the least violating (2).
    const trials = [constrained(0, [0, 9], 5), constrained(1, [5, 1], 0), constrained(2, [0, 9], 1), constrained(3, [6, 0], -1)];
    const cache = new Map();
    const result = collectParentPopulation(trials, { ...options, useConstraints: true }, cache);
    expect(result.population.map((trial) => trial.number).sort()).toEqual([1, 2, 3]);
    expect(cache.size).toBe(1);
    expect(collectParentPopulation(trials, { ...options, useConstraints: true }, cache).population).toBe(result.population);
    // Without constraints, the two (0, 9) trials dominate the others.
    expect(collectParentPopulation(trials, options).population.map((trial) => trial.number).sort()).toEqual([0, 1, 2]);
  });

  it('reuses a cached generation only for the same members and parents', () => {
    const gen0 = [member(0, 0, [1, 1]), member(1, 0, [2, 3]), member(2, 0, [3, 2]), member(3, 0, [0, 0])];
    const gen1 = [member(4, 1, [0.5, 3]), member(5, 1, [9, -9]), member(6, 1, [8, -8])];
    const cache = new Map();
    const first = collectParentPopulation([...gen0, ...gen1], options, cache);
    expect(cache.size).toBe(2);
    // Same history: every generation comes from the cache.
    expect(collectParentPopulation([...gen0, ...gen1], options, cache).population).toBe(first.population);
    // Another generation 0 (trial 3 replaced by a dominated one): both generations are selected afresh.
    const other0 = [...gen0.slice(0, 3), member(7, 0, [9, -9])];
    const other = collectParentPopulation([...other0, ...gen1], options, cache);
    expect(other.population).toEqual(collectParentPopulation([...other0, ...gen1], options).population);
    expect(other.population.map((trial) => trial.number).sort()).not.toEqual(first.population.map((trial) => trial.number).sort());
  });
});
