import type { OptunaTrialRows } from '@tunekit/core';
import type { FrozenTrial } from '@tunekit/core/protocol';
import type { GroupedTrialRows } from './postgres-trial-rows.js';

function isFinishedStored(state: string): boolean {
  return state === 'COMPLETE' || state === 'PRUNED' || state === 'FAIL';
}

/** How a `StudyTrialCache` reads the database (each returns `undefined` when the study is gone). */
export interface StudyTrialSource {
  /**
   * Full rows of the trials created after `watermark`, unfinished now, or in `pending`, plus the
   * study's trial count (`studyTrialsChanged`).
   */
  changed(watermark: number, pending: readonly number[]): Promise<GroupedTrialRows | undefined>;
  /** Head rows of every trial, full rows of the same selection as `changed` (`studyTrials`). */
  all(watermark: number, pending: readonly number[]): Promise<GroupedTrialRows | undefined>;
  /** Full rows of these trials (`trialsById`). */
  byIds(trialIds: readonly number[]): Promise<Map<number, OptunaTrialRows>>;
  build(rows: OptunaTrialRows): FrozenTrial;
}

/**
 * What one `PostgresStorage` remembers about a study's trials between `getAllTrials` calls.
 * Finished trials never change again (the storage refuses every write to them, and so does
 * Optuna), so their records are kept, and a read transfers only the trials created since the last
 * read (`trial_id > watermark`), the unfinished ones, and those unfinished at the last read
 * (`pending`), plus the study's trial count.
 *
 * When the count says a trial is missing (a writer that does not lock the study, such as Python
 * Optuna, committed a finished trial after one with a higher id was read), the read falls back to
 * every trial's head row, finds the missing ones and fetches them: the cache never hides a trial.
 */
export class StudyTrialCache {
  private readonly finished = new Map<number, FrozenTrial>();
  private watermark = 0;
  private pending: readonly number[] = [];

  /** The study's trials in number order, or `undefined` when the study no longer exists. */
  async read(source: StudyTrialSource): Promise<FrozenTrial[] | undefined> {
    const changed = await source.changed(this.watermark, this.pending);
    if (changed === undefined) return undefined;
    const fast = this.mergeChanged(changed, source);
    if (fast !== undefined) return fast;
    const all = await source.all(this.watermark, this.pending);
    if (all === undefined) return undefined;
    return this.mergeAll(all, source);
  }

  /** The changed trials plus the cache, when together they account for every trial the study has. */
  private mergeChanged(grouped: GroupedTrialRows, source: StudyTrialSource): FrozenTrial[] | undefined {
    const selected = new Set<number>();
    for (const head of grouped.heads) selected.add(head.trialId);
    let cachedOthers = 0;
    for (const trialId of this.finished.keys()) if (!selected.has(trialId)) cachedOthers++;
    if (grouped.trialCount !== selected.size + cachedOthers) return undefined;

    const pending: number[] = [];
    let watermark = this.watermark;
    const trials: FrozenTrial[] = [];
    for (const [trialId, trial] of this.finished) if (!selected.has(trialId)) trials.push(trial);
    for (const head of grouped.heads) {
      if (head.trialId > watermark) watermark = head.trialId;
      const rows = grouped.rows.get(head.trialId);
      if (rows === undefined) return undefined;
      trials.push(this.remember(source.build(rows), head.state, pending));
    }
    this.commit(watermark, pending);
    return trials.sort((a, b) => a.number - b.number || a.trialId - b.trialId);
  }

  /** Every trial's head row: cached where final, fetched where selected or missing. */
  private async mergeAll(grouped: GroupedTrialRows, source: StudyTrialSource): Promise<FrozenTrial[]> {
    const trials: (FrozenTrial | undefined)[] = [];
    const missed: { index: number; trialId: number }[] = [];
    const pending: number[] = [];
    const present = new Set<number>();
    let watermark = this.watermark;
    for (const head of grouped.heads) {
      present.add(head.trialId);
      if (head.trialId > watermark) watermark = head.trialId;
      const rows = head.selected ? grouped.rows.get(head.trialId) : undefined;
      if (rows !== undefined) {
        trials.push(this.remember(source.build(rows), head.state, pending));
        continue;
      }
      const cached = this.finished.get(head.trialId);
      if (cached !== undefined && isFinishedStored(head.state)) {
        trials.push(cached);
        continue;
      }
      missed.push({ index: trials.length, trialId: head.trialId });
      trials.push(undefined);
    }
    if (missed.length > 0) {
      const fetched = await source.byIds(missed.map((entry) => entry.trialId));
      for (const { index, trialId } of missed) {
        const rows = fetched.get(trialId);
        // Gone in between: only a concurrent deleteStudy does that, and the next read says so.
        if (rows !== undefined) trials[index] = this.remember(source.build(rows), rows.trial.state, pending);
      }
    }
    for (const trialId of [...this.finished.keys()]) if (!present.has(trialId)) this.finished.delete(trialId);
    this.commit(watermark, pending);
    return trials.filter((trial): trial is FrozenTrial => trial !== undefined);
  }

  private remember(trial: FrozenTrial, state: string, pending: number[]): FrozenTrial {
    if (isFinishedStored(state)) this.finished.set(trial.trialId, trial);
    else pending.push(trial.trialId);
    return trial;
  }

  private commit(watermark: number, pending: readonly number[]): void {
    // Concurrent reads may finish out of order; any trial a stale `pending` leaves out is either
    // unfinished (selected by state) or finished and uncached (caught by the count): no loss.
    this.watermark = Math.max(this.watermark, watermark);
    this.pending = pending;
  }
}
