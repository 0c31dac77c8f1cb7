import { containsExternal, isSingle } from '../../distributions/index.js';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import type { Distribution, ParamValue, SearchSpace } from '../../protocol/distribution.js';
import type { FrozenTrial } from '../../protocol/frozen-trial.js';
import type { Sampler } from '../../protocol/sampler.js';
import type { StudyView } from '../../protocol/study-view.js';
import type { TrialState } from '../../protocol/trial-state.js';
import { hasConstraints, recordConstraints } from '../../trial/constraints.js';
import { SeededRandom } from '../../utils/seeded-random.js';
import { sampleUniform } from '../sample-uniform.js';
import { SearchSpaceTracker } from '../tpe/search-space-tracker.js';
import { BLXAlphaCrossover } from './blx-alpha-crossover.js';
import type { Crossover } from './crossover.js';
import { constrainedDominates, type Candidate } from './elite-selection.js';
import { candidateOf, collectParentPopulation, GENERATION_KEY, PARENTS_KEY, type ParentPopulationCache } from './parent-population.js';
import { SBXCrossover } from './sbx-crossover.js';
import { SPXCrossover } from './spx-crossover.js';
import { UNDXCrossover } from './undx-crossover.js';
import { UniformCrossover } from './uniform-crossover.js';
import { fromUnit, toUnit } from './unit-encoding.js';
import { VSBXCrossover } from './vsbx-crossover.js';
import { studyKey } from '../study-key.js';
import { checkFunctions, checkSeed } from '../../utils/check-options.js';

/** Built-in crossovers by name, each with its default settings (`'uniform'` uses `swappingProb`). */
export type CrossoverName = 'uniform' | 'blx-alpha' | 'sbx' | 'vsbx' | 'undx' | 'spx';

export interface NSGAIISamplerOptions {
  /** Complete trials per generation, and size of the parent population. At least 2. Default 50. */
  readonly populationSize?: number;
  /**
   * Probability, per parameter, of discarding the inherited value and sampling it uniformly.
   * Default `1 / max(1, number of inherited parameters)`.
   */
  readonly mutationProb?: number;
  /**
   * How numeric parameters of the parents are mixed: a `Crossover` object or a built-in's name.
   * Default `'uniform'`. Categorical parameters always use uniform crossover.
   */
  readonly crossover?: Crossover | CrossoverName;
  /** Probability that a child is bred by crossover rather than copied from one parent. Default 0.9. */
  readonly crossoverProb?: number;
  /** Uniform crossover's chance of taking a gene from the other parent. Default 0.5. */
  readonly swappingProb?: number;
  /** Seed for exact reproducibility (with `concurrency: 1`); drawn at random when absent. */
  readonly seed?: number;
  /**
   * Computes a finished trial's constraints (feasible when every value is <= 0); stored as the
   * trial's `constraints` system attribute. Trials that carry that attribute by other means
   * (`trial.setConstraint`) are honoured too.
   */
  readonly constraintsFunc?: (trial: FrozenTrial) => readonly number[];
}

/** What `beforeTrial` decided for a trial, for its `sampleRelative`. */
interface BreedingPlan {
  readonly parents: readonly FrozenTrial[];
  /** false: the child copies `parents[0]` (probability `1 − crossoverProb`). */
  readonly crossover: boolean;
}

const CROSSOVER_NAMES: readonly CrossoverName[] = ['uniform', 'blx-alpha', 'sbx', 'vsbx', 'undx', 'spx'];

/**
 * NSGA-II (Deb, Pratap, Agarwal & Meyarivan 2002) with Optuna 3.1's semantics and defaults; for a
 * single objective it is a plain elitist genetic algorithm.
 *
 * - Trials are grouped into generations, recorded as the `nsga2:generation` system attribute in
 *   `beforeTrial`. Until `populationSize` trials of generation 0 are complete, parameters are
 *   sampled uniformly at random. Then each trial breeds from the parent population of the last
 *   complete generation (see `collectParentPopulation`: elite selection by non-dominated sorting
 *   and crowding distance over that generation ∪ its parents), derived from the stored trials
 *   alone, so any number of workers (processes) can share a study.
 * - Breeding: with probability `crossoverProb`, `crossover.nParents` distinct parents are each
 *   picked by a binary tournament (constrained domination) and crossed; otherwise one parent,
 *   picked uniformly, is copied. Their trial ids are recorded as `nsga2:parents`. Each inherited
 *   parameter is then mutated (resampled uniformly) with probability `mutationProb`.
 * - Crossover covers the relative search space: the parameters every complete trial has with one
 *   distribution. Numeric parameters are crossed in a `[0, 1]` coordinate (log space for `log`),
 *   and children are clipped and snapped to the step grid (Optuna retries parents instead when a
 *   child falls below a float's lower bound). Categorical ones are swapped between the first and
 *   last parent. Other parameters (conditional ones) are sampled uniformly.
 * - Constraints (`trial.setConstraint` or `constraintsFunc`): Deb's constrained domination ranks
 *   feasible trials first, then infeasible ones by total violation, then those without values.
 */
export class NSGAIISampler implements Sampler {
  readonly name = 'NSGAIISampler';
  readonly #populationSize: number;
  readonly #mutationProb: number | undefined;
  readonly #crossover: Crossover;
  readonly #crossoverProb: number;
  readonly #swappingProb: number;
  readonly #constraintsFunc: ((trial: FrozenTrial) => readonly number[]) | undefined;
  readonly #rng: SeededRandom;
  readonly #randomRng: SeededRandom;
  readonly #plans = new Map<number, BreedingPlan>();
  readonly #populationCaches = new Map<string, ParentPopulationCache>();
  readonly #spaces = new Map<string, SearchSpaceTracker>();

  constructor(options: NSGAIISamplerOptions = {}) {
    const where = 'NSGAIISampler';
    checkSeed(where, options.seed);
    const populationSize = options.populationSize ?? 50;
    if (!Number.isSafeInteger(populationSize) || populationSize < 2) throw new InvalidArgumentError(`${where}.populationSize`, populationSize, 'an integer >= 2');
    const probability = (field: string, value: number) => {
      if (!(typeof value === 'number' && value >= 0 && value <= 1)) throw new InvalidArgumentError(`${where}.${field}`, value, 'a number in [0, 1]');
      return value;
    };
    this.#mutationProb = options.mutationProb === undefined ? undefined : probability('mutationProb', options.mutationProb);
    this.#crossoverProb = probability('crossoverProb', options.crossoverProb ?? 0.9);
    this.#swappingProb = probability('swappingProb', options.swappingProb ?? 0.5);
    const crossover = resolveCrossover(options.crossover ?? 'uniform', this.#swappingProb);
    if (!Number.isSafeInteger(crossover.nParents) || crossover.nParents < 2) {
      throw new InvalidArgumentError(`${where}.crossover.nParents`, crossover.nParents, 'an integer >= 2');
    }
    if (populationSize < crossover.nParents) {
      throw new InvalidArgumentError(`${where}.populationSize`, populationSize, `an integer >= ${crossover.nParents}, the parents ${crossover.name} needs`);
    }
    checkFunctions(where, options, ['constraintsFunc']);
    this.#populationSize = populationSize;
    this.#crossover = crossover;
    this.#constraintsFunc = options.constraintsFunc;
    const root = new SeededRandom(options.seed);
    this.#rng = root.fork();
    this.#randomRng = root.fork();
  }

  /** Records the trial's generation and, once a generation is complete, picks its parents. */
  async beforeTrial(study: StudyView, trial: FrozenTrial): Promise<void> {
    this.#plans.delete(trial.trialId);
    const trials = study.getTrials();
    const useConstraints = this.#constraintsFunc !== undefined || hasConstraints(trials);
    const key = studyKey(study);
    let cache = this.#populationCaches.get(key);
    if (cache === undefined) {
      if (this.#populationCaches.size >= 16) this.#populationCaches.clear();
      this.#populationCaches.set(key, (cache = new Map()));
    }
    const { generation, population } = collectParentPopulation(trials, { populationSize: this.#populationSize, directions: study.directions, useConstraints }, cache);
    await study.setTrialSystemAttr(trial.trialId, GENERATION_KEY, generation + 1);
    if (population.length < this.#crossover.nParents) return;
    const candidates = population.map((member) => candidateOf(member, study.directions, useConstraints));
    let parents: FrozenTrial[];
    const crossover = this.#rng.float() < this.#crossoverProb;
    if (crossover) {
      // Binary tournaments without replacement: each parent is the better of two random picks
      // among the members not chosen yet (a tie goes to the second pick, as in Optuna).
      const remaining = population.map((_, i) => i);
      parents = [];
      for (let p = 0; p < this.#crossover.nParents; p++) {
        const a = this.#rng.int(0, remaining.length - 1);
        const b = this.#rng.int(0, remaining.length - 1);
        const ia = remaining[a] as number;
        const ib = remaining[b] as number;
        const winner = constrainedDominates(candidates[ia] as Candidate, candidates[ib] as Candidate) ? a : b;
        parents.push(population[remaining[winner] as number] as FrozenTrial);
        remaining.splice(winner, 1);
      }
    } else {
      parents = [population[this.#rng.int(0, population.length - 1)] as FrozenTrial];
    }
    if (this.#plans.size >= 1024) this.#plans.clear();
    this.#plans.set(trial.trialId, { parents, crossover });
    await study.setTrialSystemAttr(trial.trialId, PARENTS_KEY, parents.map((parent) => parent.trialId));
  }

  /** Optuna's intersection search space over the complete trials, single-valued parameters left out. */
  inferRelativeSearchSpace(study: StudyView): SearchSpace {
    const key = studyKey(study);
    let tracker = this.#spaces.get(key);
    if (tracker === undefined) {
      if (this.#spaces.size >= 16) this.#spaces.clear();
      this.#spaces.set(key, (tracker = new SearchSpaceTracker()));
    }
    tracker.update(key, study.getTrials({ states: ['complete'] }));
    const space: Record<string, Distribution> = {};
    for (const [name, dist] of Object.entries(tracker.intersection())) if (!isSingle(dist)) space[name] = dist;
    return space;
  }

  sampleRelative(study: StudyView, trial: FrozenTrial, space: SearchSpace): Record<string, ParamValue> {
    const plan = this.#plans.get(trial.trialId);
    this.#plans.delete(trial.trialId);
    if (plan === undefined) return {};
    const child = this.#breed(plan, space, study.directions.length);
    const names = Object.keys(child);
    const mutationProb = this.#mutationProb ?? 1 / Math.max(1, names.length);
    const params: Record<string, ParamValue> = {};
    for (const name of names) if (this.#rng.float() >= mutationProb) params[name] = child[name] as ParamValue;
    return params;
  }

  sampleIndependent(_study: StudyView, _trial: FrozenTrial, _name: string, dist: Distribution): ParamValue {
    return sampleUniform(dist, this.#randomRng);
  }

  async afterTrial(study: StudyView, trial: FrozenTrial, state: TrialState, _values: readonly number[] | undefined): Promise<void> {
    this.#plans.delete(trial.trialId);
    await recordConstraints(study, trial, state, this.#constraintsFunc, 'NSGAIISampler');
  }

  /**
   * The child's values for the parameters of `space` that every parent holds inside its
   * distribution (the others are left to independent sampling).
   */
  #breed(plan: BreedingPlan, space: SearchSpace, nObjectives: number): Record<string, ParamValue> {
    const { parents } = plan;
    const names = Object.keys(space).filter((name) => {
      const dist = space[name] as Distribution;
      return !isSingle(dist) && parents.every((parent) => Object.hasOwn(parent.params, name) && containsExternal(dist, parent.params[name] as ParamValue));
    });
    const child: Record<string, ParamValue> = {};
    const first = parents[0] as FrozenTrial;
    if (!plan.crossover) {
      for (const name of names) child[name] = first.params[name] as ParamValue;
      return child;
    }
    const last = parents[parents.length - 1] as FrozenTrial;
    const numeric: string[] = [];
    for (const name of names) {
      if ((space[name] as Distribution).type !== 'categorical') numeric.push(name);
      else child[name] = (this.#rng.float() < this.#swappingProb ? last : first).params[name] as ParamValue;
    }
    if (numeric.length === 0) return child;
    const dists = numeric.map((name) => space[name] as Distribution & { type: 'float' | 'int' });
    const coordinates = parents.map((parent) => numeric.map((name, i) => toUnit(dists[i] as Distribution & { type: 'float' | 'int' }, parent.params[name] as number)));
    const bred = this.#crossover.crossover(coordinates, this.#rng, { nObjectives });
    numeric.forEach((name, i) => {
      const coordinate = bred[i] ?? Number.NaN;
      // A gene copied from a parent (uniform crossover, SBX's parent genes) keeps its exact value:
      // the coordinate's round trip may be off by an ulp.
      const source = coordinates.findIndex((row) => row[i] === coordinate);
      child[name] = source >= 0 ? ((parents[source] as FrozenTrial).params[name] as number) : fromUnit(dists[i] as Distribution & { type: 'float' | 'int' }, coordinate);
    });
    return child;
  }
}

/** A crossover object, or a built-in by name; errors name `NSGAIISampler.crossover`. */
function resolveCrossover(crossover: Crossover | CrossoverName, swappingProb: number): Crossover {
  if (typeof crossover === 'string') {
    switch (crossover) {
      case 'uniform':
        return new UniformCrossover(swappingProb);
      case 'blx-alpha':
        return new BLXAlphaCrossover();
      case 'sbx':
        return new SBXCrossover();
      case 'vsbx':
        return new VSBXCrossover();
      case 'undx':
        return new UNDXCrossover();
      case 'spx':
        return new SPXCrossover();
    }
  }
  if (typeof crossover !== 'object' || crossover === null || typeof (crossover as Partial<Crossover>).crossover !== 'function') {
    throw new InvalidArgumentError('NSGAIISampler.crossover', crossover, `a Crossover object or one of ${CROSSOVER_NAMES.map((name) => `'${name}'`).join(', ')}`);
  }
  return crossover;
}


