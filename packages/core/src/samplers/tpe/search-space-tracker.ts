import { distributionsEqual } from '../../distributions/index.js';
import type { Distribution, SearchSpace } from '../../protocol/distribution.js';
import type { FrozenTrial } from '../../protocol/frozen-trial.js';

/** A set of parameters to sample jointly, names sorted. */
export type SearchSpaceGroup = ReadonlyMap<string, Distribution>;

/**
 * Tracks, incrementally, the search space seen in a study's complete and pruned trials (finished
 * records never change, so each trial is folded in once):
 *
 * - `groups()`: Optuna's group-decomposed search space. The parameters are partitioned into
 *   groups that every trial either has entirely or not at all (the atoms of the family of the
 *   trials' parameter sets): in a conditional space (`kernel` → `degree` only for `poly`), each
 *   branch's parameters form their own groups, sampled jointly where they appear together.
 * - `intersection()`: the parameters every trial has, with one distribution (Optuna's
 *   `IntersectionSearchSpace`); a parameter whose distribution changed drops out.
 *
 * A group's distribution is the one of the highest-numbered trial that has the parameter.
 */
export class SearchSpaceTracker {
  #studyKey: string | undefined;
  readonly #seen = new Set<number>();
  /** Partition of the names, each group in first-seen order. */
  #partition: string[][] = [];
  readonly #latest = new Map<string, { readonly dist: Distribution; readonly number: number }>();
  #intersection: Map<string, Distribution> | undefined;

  /** Fold in the complete and pruned trials not seen yet; resets when the study changes. */
  update(studyKey: string, trials: readonly FrozenTrial[]): void {
    if (this.#studyKey !== studyKey) {
      this.#studyKey = studyKey;
      this.#seen.clear();
      this.#partition = [];
      this.#latest.clear();
      this.#intersection = undefined;
    }
    for (const trial of trials) {
      if ((trial.state !== 'complete' && trial.state !== 'pruned') || this.#seen.has(trial.trialId)) continue;
      this.#seen.add(trial.trialId);
      this.#add(trial);
    }
  }

  #add(trial: FrozenTrial): void {
    const names = Object.keys(trial.distributions);
    for (const name of names) {
      const dist = trial.distributions[name] as Distribution;
      const latest = this.#latest.get(name);
      if (latest === undefined || trial.number > latest.number) this.#latest.set(name, { dist, number: trial.number });
    }
    // Partition refinement: split every group by membership in this trial, then add new names.
    const fresh = new Set(names);
    const next: string[][] = [];
    for (const group of this.#partition) {
      const inside: string[] = [];
      const outside: string[] = [];
      for (const name of group) {
        if (fresh.has(name)) {
          inside.push(name);
          fresh.delete(name);
        } else {
          outside.push(name);
        }
      }
      if (inside.length > 0) next.push(inside);
      if (outside.length > 0) next.push(outside);
    }
    if (fresh.size > 0) next.push([...fresh]);
    this.#partition = next;

    if (this.#intersection === undefined) {
      this.#intersection = new Map(Object.entries(trial.distributions));
    } else {
      for (const [name, dist] of this.#intersection) {
        const own = trial.distributions[name];
        if (own === undefined || !distributionsEqual(own, dist)) this.#intersection.delete(name);
      }
    }
  }

  /** The group-decomposed search space (groups in a stable order, names sorted within a group). */
  groups(): SearchSpaceGroup[] {
    return this.#partition.map((group) => {
      const sorted = group.slice().sort();
      return new Map(sorted.map((name) => [name, (this.#latest.get(name) as { dist: Distribution }).dist]));
    });
  }

  /** The intersection search space, names sorted. */
  intersection(): SearchSpace {
    const space: Record<string, Distribution> = {};
    if (this.#intersection === undefined) return space;
    for (const name of [...this.#intersection.keys()].sort()) space[name] = this.#intersection.get(name) as Distribution;
    return space;
  }
}
