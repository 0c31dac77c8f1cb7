import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { FrozenTrial, IntermediateValue } from '../protocol/frozen-trial.js';
import type { StudyDirection } from '../protocol/trial-state.js';
import { MultiObjectivePruningError } from '../errors/multi-objective-pruning-error.js';
import { NonScalarIntermediateValueError } from '../errors/non-scalar-intermediate-value-error.js';
import { SuccessiveHalvingPruner, type SuccessiveHalvingPrunerOptions } from './successive-halving-pruner.js';
import { makeStudyView, makeTrial } from './__fixtures__/test-study-view.js';
import { SeededRandom } from '../utils/seeded-random.js';

// Most tests use minResource 1 and reductionFactor 2: rungs at steps 1, 2, 4, 8, ...
const halving: SuccessiveHalvingPrunerOptions = { minResource: 1, reductionFactor: 2 };

/** Decide for a running trial reporting `steps` (pairs) among `others`. */
function decide(
  options: SuccessiveHalvingPrunerOptions,
  steps: Array<[number, IntermediateValue]>,
  others: FrozenTrial[] = [],
  direction: StudyDirection = 'minimize',
): boolean {
  const trial = makeTrial(others.length, { state: 'running', steps });
  // The snapshot also holds the current trial (with the same values), as the study's does.
  const view = makeStudyView([...others, trial], [direction]);
  const result = new SuccessiveHalvingPruner(options).prune(view, trial);
  expect(view.writes).toEqual([]);
  return result;
}

/** Other trials, each reporting `value` at step 1 (they reached rung 0 only), in mixed states. */
function atRungZero(...values: number[]): FrozenTrial[] {
  const states = ['running', 'pruned', 'complete', 'fail'] as const;
  return values.map((value, n) => makeTrial(n, { state: states[n % 4], steps: [[0, 100], [1, value]] }));
}

describe('SuccessiveHalvingPruner', () => {
  it('does nothing before the first rung', () => {
    expect(new SuccessiveHalvingPruner().name).toBe('SuccessiveHalvingPruner');
    expect(decide(halving, [[0, 1e9]], atRungZero(1, 2, 3))).toBe(false);
    expect(decide(halving, [], atRungZero(1, 2, 3))).toBe(false);
  });

  it('promotes a lone trial (the best of one)', () => {
    expect(decide(halving, [[0, 5], [1, 5]])).toBe(false);
  });

  it('keeps the best floor(n / reductionFactor) at a rung, counting trials in every state', () => {
    // Rung 0 values of others: 1, 2, 3, 4 (running, pruned, complete, fail). With this trial n = 5,
    // keep floor(5/2) = 2: the 2nd smallest of the five must be >= this value.
    // 2.5 → [1, 2, 2.5, 3, 4], 2nd is 2 → pruned. 2 → [1, 2, 2, 3, 4] → kept. 1.5 → kept.
    expect(decide(halving, [[0, 9], [1, 2.5]], atRungZero(1, 2, 3, 4))).toBe(true);
    expect(decide(halving, [[0, 9], [1, 2]], atRungZero(1, 2, 3, 4))).toBe(false);
    expect(decide(halving, [[0, 9], [1, 1.5]], atRungZero(1, 2, 3, 4))).toBe(false);
    // Default reductionFactor 4: floor(5/4) = 1 → only the best is kept: 1.5 pruned, 0.5 kept.
    expect(decide({ minResource: 1 }, [[0, 9], [1, 1.5]], atRungZero(1, 2, 3, 4))).toBe(true);
    expect(decide({ minResource: 1 }, [[0, 9], [1, 0.5]], atRungZero(1, 2, 3, 4))).toBe(false);
    // n < reductionFactor: [1, 2, 1.5] with factor 4 → keep 1 → 1.5 pruned (Optuna keeps the best).
    expect(decide({ minResource: 1 }, [[0, 9], [1, 1.5]], atRungZero(1, 2))).toBe(true);
  });

  it('mirrors the ranking when maximising', () => {
    // [1, 2, 3, 4] + this; keep 2 largest: the 2nd largest must be <= this value.
    // 3.5 → [1, 2, 3, 3.5, 4], 2nd largest 3.5 → kept; 2.9 → [1, 2, 2.9, 3, 4], 2nd largest 3 → pruned.
    expect(decide(halving, [[0, 0], [1, 3.5]], atRungZero(1, 2, 3, 4), 'maximize')).toBe(false);
    expect(decide(halving, [[0, 0], [1, 2.9]], atRungZero(1, 2, 3, 4), 'maximize')).toBe(true);
  });

  it('counts the current trial once even though the snapshot also holds it', () => {
    // Others [1, 2] + 1.5: n = 3, keep 1 → pruned. Counted twice (n = 4, keep 2) it would survive.
    expect(decide(halving, [[0, 9], [1, 1.5]], atRungZero(1, 2))).toBe(true);
  });

  it('judges a rung once, when the trial first reaches it, and never between rungs', () => {
    // Rung 0 (step 1): others 1, 2, 3, 4; this trial's 9 would be pruned there. Rung 1 (step 2):
    // only the others that reported step >= 2 compete. Here nobody else did, so at step 2 the trial
    // is judged at rung 1 alone → promoted; rung 0 is not judged again.
    expect(decide(halving, [[0, 9], [1, 9]], atRungZero(1, 2, 3, 4))).toBe(true);
    expect(decide(halving, [[0, 9], [1, 9], [2, 9]], atRungZero(1, 2, 3, 4))).toBe(false);
    // Step 3 is between rungs 1 (2) and 2 (4): no judgement at all.
    expect(decide(halving, [[0, 9], [1, 9], [2, 9], [3, 1e9]], atRungZero(1, 2, 3, 4))).toBe(false);
  });

  it('judges every rung crossed by one report, in order, with the latest value', () => {
    // Others: trial 0 reports 5 at step 1, 4 at step 2, 3 at step 4; trial 1 reports 6, 6, 6.
    const others = [
      makeTrial(0, { state: 'pruned', steps: [[1, 5], [2, 4], [4, 1]] }),
      makeTrial(1, { state: 'running', steps: [[1, 6], [2, 6], [4, 6]] }),
    ];
    // This trial jumps from step 0 to step 4 with value 3, crossing rungs at 1, 2 and 4 (keep 1 of 3):
    // rung 0: [5, 6, 3] → best; rung 1: [4, 6, 3] → best; rung 2: [1, 6, 3] → not best → pruned.
    expect(decide(halving, [[0, 9], [4, 3]], others)).toBe(true);
    // Value 0.5 wins all three rungs.
    expect(decide(halving, [[0, 9], [4, 0.5]], others)).toBe(false);
  });

  it("takes another trial's rung value at its first report at or past the rung", () => {
    // Trial 0 reported only steps 0 and 3 (value 1 at step 3): it reached rungs 0 (step 1) and
    // 1 (step 2) with value 1, and not rung 2 (step 4). keep 1 of 2 at each rung.
    const sparse = [makeTrial(0, { state: 'running', steps: [[0, 100], [3, 1]] })];
    expect(decide(halving, [[0, 9], [1, 2]], sparse)).toBe(true); // rung 0: [1, 2] → 2 pruned
    expect(decide(halving, [[0, 9], [1, 0], [2, 2]], sparse)).toBe(true); // rung 1: [1, 2] → pruned
    expect(decide(halving, [[0, 9], [1, 0], [2, 0], [4, 2]], sparse)).toBe(false); // rung 2: alone
  });

  it('prunes a NaN value at a rung and ignores NaN rung values of others', () => {
    expect(decide(halving, [[0, 9], [1, Number.NaN]])).toBe(true);
    expect(decide(halving, [[0, Number.NaN]])).toBe(false); // before the first rung
    // Others [NaN, 1]: NaN is ignored → [1, 1.5], keep 1 → 1.5 pruned; [1, 0.5] → kept.
    expect(decide(halving, [[0, 9], [1, 1.5]], atRungZero(Number.NaN, 1))).toBe(true);
    expect(decide(halving, [[0, 9], [1, 0.5]], atRungZero(Number.NaN, 1))).toBe(false);
  });

  it('moves the first rung with minResource and minEarlyStoppingRate', () => {
    // minResource 3, factor 2 → rungs at 3, 6: step 2 is free, step 3 judged.
    expect(decide({ minResource: 3, reductionFactor: 2 }, [[0, 9], [2, 9]], atRungZero(1))).toBe(false);
    const atStep3 = [makeTrial(0, { state: 'running', steps: [[3, 1]] })];
    expect(decide({ minResource: 3, reductionFactor: 2 }, [[0, 9], [3, 9]], atStep3)).toBe(true);
    // minEarlyStoppingRate 1 with minResource 1, factor 2: rungs at 2, 4 → step 1 is free.
    expect(decide({ ...halving, minEarlyStoppingRate: 1 }, [[0, 9], [1, 9]], atRungZero(1))).toBe(false);
    expect(decide({ ...halving, minEarlyStoppingRate: 1 }, [[0, 9], [2, 9]], atRungZero(1))).toBe(false); // alone at step 2
    const atStep2 = [makeTrial(0, { state: 'running', steps: [[2, 1]] })];
    expect(decide({ ...halving, minEarlyStoppingRate: 1 }, [[0, 9], [2, 9]], atStep2)).toBe(true);
  });

  it('prunes the first bootstrapCount trials to reach a rung', () => {
    const options = { ...halving, bootstrapCount: 2 };
    expect(decide(options, [[0, 9], [1, 0]])).toBe(true); // 1 value <= 2
    expect(decide(options, [[0, 9], [1, 0]], atRungZero(5))).toBe(true); // 2 values <= 2
    expect(decide(options, [[0, 9], [1, 0]], atRungZero(5, 6))).toBe(false); // 3 values: best kept
    expect(decide(options, [[0, 9], [1, 7]], atRungZero(5, 6))).toBe(true); // 3 values, keep 1
  });

  describe("minResource 'auto'", () => {
    // The trial that completed first reported up to step 250 → minResource = floor(250 / 100) = 2;
    // with factor 2 the rungs are at 2, 4, ... A later, longer trial (step 999) changes nothing.
    const firstDone = makeTrial(0, { steps: [[0, 1], [250, 1]], completedAt: 1000 });
    const laterDone = makeTrial(1, { steps: [[0, 1], [999, 1]], completedAt: 2000 });
    const auto = { reductionFactor: 2 };

    it('derives the first rung from the first completed trial', () => {
      // At step 1 no rung yet; at step 2 this trial (9) meets the others' rung values (1, 1) → pruned.
      expect(decide(auto, [[0, 9], [1, 9]], [firstDone, laterDone])).toBe(false);
      expect(decide(auto, [[0, 9], [1, 9], [2, 9]], [firstDone, laterDone])).toBe(true);
      // With trial numbers in the other order the earlier completion still decides (still 2, not 9).
      const swapped = [makeTrial(0, { steps: [[0, 1], [999, 1]], completedAt: 2000 }), makeTrial(1, { steps: [[0, 1], [250, 1]], completedAt: 1000 })];
      expect(decide(auto, [[0, 9], [1, 9], [2, 9]], swapped)).toBe(true);
      // Completed at the same instant: the lower number decides. Trial 0 (step 999 → 9) makes step 2 free.
      const sameTime = [makeTrial(0, { steps: [[0, 1], [999, 1]], completedAt: 1000 }), makeTrial(1, { steps: [[0, 1], [250, 1]], completedAt: 1000 })];
      expect(decide(auto, [[0, 9], [1, 9], [2, 9]], sameTime)).toBe(false);
      expect(decide(auto, [[0, 9], [1, 9], [9, 9]], sameTime)).toBe(true);
    });

    it('uses at least 1 step, and prunes nothing before a trial with reports completes', () => {
      const short = makeTrial(0, { steps: [[0, 1], [42, 1]] }); // 42 // 100 = 0 → 1
      expect(decide(auto, [[0, 9], [1, 9]], [short])).toBe(true);
      const silent = makeTrial(0, { steps: [], objective: [1] });
      const running = makeTrial(1, { state: 'running', steps: [[0, 1], [1, 1], [2, 1]] });
      expect(decide(auto, [[0, 9], [1, 9], [2, 9]], [silent, running])).toBe(false);
    });
  });

  it("counts the first completed trial in 'auto' mode (Optuna leaves it out of every rung)", () => {
    // Trial 0 completed (steps 0..42 → minResource 1) before rung steps were known. Optuna never
    // recorded rungs for it; here it competes: at rung 0 (step 1) [1 (trial 0), 2] → 2 pruned.
    const first = makeTrial(0, { values: Array(43).fill(1) });
    expect(decide({ reductionFactor: 2 }, [[0, 9], [1, 2]], [first])).toBe(true);
  });

  it("agrees with Optuna's stateful rung bookkeeping under report-then-check (random interleavings)", () => {
    // `OptunaReference` mirrors optuna/pruners/_successive_halving.py: it records `completed_rung_<k>`
    // per trial at each check and compares with the values others recorded.
    class OptunaReference {
      readonly attrs: Array<Map<number, number>> = [];
      constructor(readonly minResource: number, readonly factor: number, readonly rate: number, readonly bootstrap: number) {}
      prune(k: number, step: number, value: number, direction: StudyDirection): boolean {
        const mine = (this.attrs[k] ??= new Map());
        let rung = 0;
        while (mine.has(rung)) rung++;
        for (;; rung++) {
          if (step < this.minResource * this.factor ** (this.rate + rung)) return false;
          if (Number.isNaN(value)) return true;
          mine.set(rung, value);
          const competing = this.attrs.flatMap((a) => (a.has(rung) ? [a.get(rung) as number] : []));
          if (competing.length <= this.bootstrap) return true;
          const index = Math.max(Math.floor(competing.length / this.factor) - 1, 0);
          competing.sort((a, b) => a - b);
          const promotable = direction === 'maximize' ? value >= (competing[competing.length - 1 - index] as number) : value <= (competing[index] as number);
          if (!promotable) return true;
        }
      }
    }
    const random = new SeededRandom(2024);
    let checks = 0;
    let pruned = 0;
    for (let study = 0; study < 60; study++) {
      const options = {
        minResource: random.int(1, 3),
        reductionFactor: random.int(2, 4),
        minEarlyStoppingRate: random.int(0, 1),
        bootstrapCount: random.int(0, 2),
      };
      const direction: StudyDirection = random.float() < 0.5 ? 'minimize' : 'maximize';
      const concurrency = random.int(1, 5);
      const tables = Array.from({ length: random.int(2, 12) }, () => {
        const base = random.normal();
        const length = random.float() < 0.8 ? 24 : random.int(1, 24);
        return Array.from({ length }, (_, step) => (random.float() < 0.01 ? Number.NaN : base + 0.3 * random.normal() - 0.01 * step));
      });
      const reference = new OptunaReference(options.minResource, options.reductionFactor, options.minEarlyStoppingRate, options.bootstrapCount);
      const pruner = new SuccessiveHalvingPruner(options);
      const trials: Array<{ steps: Array<[number, number]>; state: 'running' | 'pruned' | 'complete' }> = [];
      const active: number[] = [];
      while (true) {
        while (active.length < concurrency && trials.length < tables.length) {
          active.push(trials.length);
          trials.push({ steps: [], state: 'running' });
        }
        if (active.length === 0) break;
        const k = active[random.int(0, active.length - 1)] as number;
        const trial = trials[k] as (typeof trials)[number];
        const table = tables[k] as number[];
        const step = trial.steps.length;
        trial.steps.push([step, table[step] as number]);
        const frozen = trials.map((t, n) => makeTrial(n, { state: t.state, steps: t.steps }));
        const ours = pruner.prune(makeStudyView(frozen, [direction]), frozen[k] as FrozenTrial);
        const optuna = reference.prune(k, step, table[step] as number, direction);
        expect(ours, `study ${study}, trial ${k}, step ${step}`).toBe(optuna);
        checks++;
        if (ours) pruned++;
        if (ours || step + 1 === table.length) {
          trial.state = ours ? 'pruned' : 'complete';
          active.splice(active.indexOf(k), 1);
        }
      }
    }
    // The comparison must have exercised both outcomes many times.
    expect(checks).toBeGreaterThan(3000);
    expect(pruned).toBeGreaterThan(100);
    expect(checks - pruned).toBeGreaterThan(1000);
  });

  it('rejects vectors (its own, or a competitor at a rung) and multi-objective studies', () => {
    expect(() => decide(halving, [[0, [1, 2]]])).toThrow(NonScalarIntermediateValueError);
    const vectorOther = [makeTrial(0, { state: 'running', steps: [[1, [1, 2]]] })];
    expect(() => decide(halving, [[0, 9], [1, 9]], vectorOther)).toThrow(
      expect.objectContaining({ prunerName: 'SuccessiveHalvingPruner', trialNumber: 0, step: 1 }),
    );
    const trial = makeTrial(0, { state: 'running', steps: [[1, 1]] });
    expect(() => new SuccessiveHalvingPruner(halving).prune(makeStudyView([trial], ['minimize', 'maximize']), trial)).toThrow(
      MultiObjectivePruningError,
    );
  });

  it('validates options', () => {
    const cases: Array<[SuccessiveHalvingPrunerOptions, string, unknown]> = [
      [{ minResource: 0 }, 'SuccessiveHalvingPruner.minResource', 0],
      [{ minResource: 1.5 }, 'SuccessiveHalvingPruner.minResource', 1.5],
      [{ minResource: 'manual' as unknown as 'auto' }, 'SuccessiveHalvingPruner.minResource', 'manual'],
      [{ reductionFactor: 1 }, 'SuccessiveHalvingPruner.reductionFactor', 1],
      [{ reductionFactor: 2.5 }, 'SuccessiveHalvingPruner.reductionFactor', 2.5],
      [{ minEarlyStoppingRate: -1 }, 'SuccessiveHalvingPruner.minEarlyStoppingRate', -1],
      [{ minResource: 1, bootstrapCount: -1 }, 'SuccessiveHalvingPruner.bootstrapCount', -1],
      [{ bootstrapCount: 1 }, 'SuccessiveHalvingPruner.bootstrapCount', 1],
    ];
    for (const [options, field, value] of cases) {
      let error: unknown;
      try {
        new SuccessiveHalvingPruner(options);
      } catch (caught) {
        error = caught;
      }
      expect(error, field).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).field).toBe(field);
      expect((error as InvalidArgumentError).value).toEqual(value);
    }
    expect(() => new SuccessiveHalvingPruner({ minResource: 1, bootstrapCount: 3 })).not.toThrow();
  });
});
