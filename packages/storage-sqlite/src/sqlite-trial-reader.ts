import { buildFrozenTrialFromRows, type DistributionJsonCache, type FrozenTrial, type OptunaAttrRow, type OptunaIntermediateRow, type OptunaParamRow, type OptunaTrialRow, type OptunaValueRow } from '@tunekit/core';
import type Database from 'better-sqlite3';

/** A trial as read, with what is needed to recognise it later (ids can be reused after a delete). */
export interface LoadedTrial {
  readonly trial: FrozenTrial;
  readonly studyId: number;
  /** `study_id|number|datetime_start` as stored. */
  readonly identity: string;
}

interface TrialRow extends OptunaTrialRow {
  readonly studyId: number;
}

type WithTrialId<T> = T & { readonly trialId: number };

const IDS = 'IN (SELECT value FROM json_each(?))';

/** The identity string of a `trials` row (see `LoadedTrial.identity`). */
export function trialIdentity(studyId: number, number: number, datetimeStart: string | null): string {
  return `${studyId}|${number}|${datetimeStart ?? ''}`;
}

/**
 * Reads whole trials: six statements (trials, params, values, intermediate values, user and
 * system attrs) for any number of trial ids, passed as one JSON array so that the statements stay
 * prepared and no variable limit applies. Every child table is indexed on `trial_id` (their
 * UNIQUE constraints), so each statement is an index lookup per id. Call inside a transaction
 * for a consistent snapshot.
 */
export class SqliteTrialReader {
  private readonly trials: Database.Statement;
  private readonly params: Database.Statement;
  private readonly values: Database.Statement;
  private readonly intermediate: Database.Statement;
  private readonly userAttrs: Database.Statement;
  private readonly systemAttrs: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly label: string,
    private readonly cache: DistributionJsonCache,
  ) {
    this.trials = db.prepare(
      `SELECT trial_id AS trialId, study_id AS studyId, number, state, datetime_start AS datetimeStart, datetime_complete AS datetimeComplete FROM trials WHERE trial_id ${IDS}`,
    );
    // Params in insertion order: the order in which they were first suggested.
    this.params = db.prepare(`SELECT trial_id AS trialId, param_name AS name, param_value AS value, distribution_json AS distributionJson FROM trial_params WHERE trial_id ${IDS} ORDER BY param_id`);
    this.values = db.prepare(`SELECT trial_id AS trialId, objective, value, value_type AS valueType FROM trial_values WHERE trial_id ${IDS}`);
    this.intermediate = db.prepare(
      `SELECT trial_id AS trialId, step, intermediate_value AS value, intermediate_value_type AS valueType FROM trial_intermediate_values WHERE trial_id ${IDS} ORDER BY step`,
    );
    this.userAttrs = db.prepare(`SELECT trial_id AS trialId, "key" AS key, value_json AS valueJson FROM trial_user_attributes WHERE trial_id ${IDS} ORDER BY trial_user_attribute_id`);
    this.systemAttrs = db.prepare(`SELECT trial_id AS trialId, "key" AS key, value_json AS valueJson FROM trial_system_attributes WHERE trial_id ${IDS} ORDER BY trial_system_attribute_id`);
  }

  /** The trials among `trialIds` that exist, in no particular order. */
  load(trialIds: Iterable<number>): LoadedTrial[] {
    const ids = JSON.stringify([...trialIds]);
    if (ids === '[]') return [];
    const rows = this.trials.all(ids) as TrialRow[];
    if (rows.length === 0) return [];
    const params = group(this.params.all(ids) as WithTrialId<OptunaParamRow>[]);
    const values = group(this.values.all(ids) as WithTrialId<OptunaValueRow>[]);
    const intermediate = group(this.intermediate.all(ids) as WithTrialId<OptunaIntermediateRow>[]);
    const userAttrs = group(this.userAttrs.all(ids) as WithTrialId<OptunaAttrRow>[]);
    const systemAttrs = group(this.systemAttrs.all(ids) as WithTrialId<OptunaAttrRow>[]);
    return rows.map((row) => ({
      trial: buildFrozenTrialFromRows(
        this.label,
        {
          trial: row,
          params: params.get(row.trialId) ?? [],
          values: values.get(row.trialId) ?? [],
          intermediateValues: intermediate.get(row.trialId) ?? [],
          userAttrs: userAttrs.get(row.trialId) ?? [],
          systemAttrs: systemAttrs.get(row.trialId) ?? [],
        },
        this.cache,
      ),
      studyId: row.studyId,
      identity: trialIdentity(row.studyId, row.number, typeof row.datetimeStart === 'string' ? row.datetimeStart : null),
    }));
  }
}

function group<T extends { readonly trialId: number }>(rows: readonly T[]): Map<number, T[]> {
  const byTrial = new Map<number, T[]>();
  for (const row of rows) {
    const list = byTrial.get(row.trialId);
    if (list === undefined) byTrial.set(row.trialId, [row]);
    else list.push(row);
  }
  return byTrial;
}
