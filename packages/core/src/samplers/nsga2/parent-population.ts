import type { FrozenTrial } from '../../protocol/frozen-trial.js';
import type { StudyDirection } from '../../protocol/trial-state.js';
import { violationOf } from '../../trial/constraints.js';
import { SeededRandom } from '../../utils/seeded-random.js';
import { selectElite, type Candidate } from './elite-selection.js';

/** Trial system attribute: the generation a trial belongs to (Optuna's key, read by Optuna too). */
export const GENERATION_KEY = 'nsga2:generation';
/** Trial system attribute: the trial ids of the parents a trial was bred from (absent in generation 0). */
export const PARENTS_KEY = 'nsga2:parents';

/** The parent population the next trial is bred from. */
export interface ParentPopulation {
  /** The generation the parents were selected from; -1 while generation 0 is incomplete. */
  readonly generation: number;
  /** Empty when `generation` is -1. */
  readonly population: readonly FrozenTrial[];
}

export interface ParentPopulationOptions {
  readonly populationSize: number;
  readonly directions: readonly StudyDirection[];
  /** Rank by Deb's constrained domination (the `constraints` system attribute). */
  readonly useConstraints: boolean;
}

/**
 * Each generation's elite, by generation number, with the signature (options, member and parent
 * trial ids) it was selected under.
 */
export type ParentPopulationCache = Map<number, { readonly signature: string; readonly elite: readonly FrozenTrial[] }>;

/** A trial's generation attribute, or undefined when absent or malformed. */
export function generationOf(trial: FrozenTrial): number | undefined {
  const generation = trial.systemAttrs[GENERATION_KEY];
  return typeof generation === 'number' && Number.isSafeInteger(generation) && generation >= 0 ? generation : undefined;
}

/** A complete trial as elite selection sees it. */
export function candidateOf(trial: FrozenTrial, directions: readonly StudyDirection[], useConstraints: boolean): Candidate {
  const values = trial.values ?? [];
  return {
    losses: directions.map((direction, m) => {
      const value = values[m] ?? Number.NaN;
      return direction === 'maximize' ? -value : value;
    }),
    violation: useConstraints ? violationOf(trial) : 0,
  };
}

/**
 * Derives the parent population from the stored trials alone, so that every worker of a study
 * agrees on it (Optuna's scheme): generation `g` is complete once `populationSize` of its trials
 * are `complete` (failed and pruned ones do not count; a generation may end up larger when
 * workers run concurrently); the parents bred from then on are the elite (non-dominated sorting,
 * then crowding distance) of generation `g`'s complete trials together with generation `g − 1`'s
 * parents. Ties in crowding distance are broken by a generator seeded from the generation's
 * members, never by the sampler's own stream, so that workers agree.
 *
 * `cache` (optional, per sampler and study) remembers each generation's elite with the members and
 * parents it was selected from (the parents stand for every earlier generation, since they are
 * derived from them), so a study of many generations stays cheap: each call costs one pass over
 * the trials plus one short signature per generation.
 */
export function collectParentPopulation(trials: readonly FrozenTrial[], options: ParentPopulationOptions, cache?: ParentPopulationCache): ParentPopulation {
  const byGeneration = new Map<number, FrozenTrial[]>();
  for (const trial of trials) {
    if (trial.state !== 'complete' || trial.values === undefined || trial.values.length !== options.directions.length) continue;
    const generation = generationOf(trial);
    if (generation === undefined) continue;
    let members = byGeneration.get(generation);
    if (members === undefined) byGeneration.set(generation, (members = []));
    members.push(trial);
  }
  let parents: readonly FrozenTrial[] = [];
  let parentGeneration = -1;
  const optionsKey = `${options.populationSize}:${options.directions.join(',')}:${options.useConstraints}`;
  for (;;) {
    const generation = parentGeneration + 1;
    const members = byGeneration.get(generation) ?? [];
    if (members.length < options.populationSize) break;
    let idSum = 0;
    for (const member of members) idSum += member.trialId;
    const signature = `${optionsKey}|${members.map((member) => member.trialId).join(',')}|${parents.map((parent) => parent.trialId).join(',')}`;
    const cached = cache?.get(generation);
    let elite = cached?.signature === signature ? cached.elite : undefined;
    if (elite === undefined) {
      const pool = [...members, ...parents];
      const candidates = pool.map((trial) => candidateOf(trial, options.directions, options.useConstraints));
      const tieBreak = new SeededRandom(generation * 1_000_003 + members.length * 7919 + idSum);
      elite = selectElite(candidates, options.populationSize, tieBreak).map((i) => pool[i] as FrozenTrial);
      if (cache !== undefined) {
        if (cache.size >= 4096) cache.clear();
        cache.set(generation, { signature, elite });
      }
    }
    parents = elite;
    parentGeneration = generation;
  }
  return { generation: parentGeneration, population: parents };
}
