import type { OptunaTrialRows } from '@tunekit/core';

/**
 * The trial reads (`trialsById`, `studyTrials`) return every table's rows in one result, in the
 * column layout `[kind, id, i, s, v, a, b, o]` (`o`: the child row's primary key, so that params and
 * attributes come back in the order they were first written, as the in-memory storage keeps them):
 *
 * | kind | table                       | id       | i         | s          | v                | a                 | b                 |
 * |------|-----------------------------|----------|-----------|------------|------------------|-------------------|-------------------|
 * | 0    | trials                      | trial_id | number    | state      | selected (0/1)   | datetime_start    | datetime_complete |
 * | 1    | trial_params                | trial_id |           | param_name | param_value      | distribution_json |                   |
 * | 2    | trial_values                | trial_id | objective | value_type | value            |                   |                   |
 * | 3    | trial_intermediate_values   | trial_id | step      | value_type | value            |                   |                   |
 * | 4    | trial_user_attributes       | trial_id |           | key        |                  | value_json        |                   |
 * | 5    | trial_system_attributes     | trial_id |           | key        |                  | value_json        |                   |
 * | 6    | studies (existence marker)  | study_id | nTrials   |            |                  |                   |                   |
 */
export type TrialRow = [kind: number, id: number, i: number | null, s: string | null, v: number | null, a: string | null, b: string | null, o: number];

/** A trial's head row: enough to know whether a cached record is still current. */
export interface TrialHead {
  readonly trialId: number;
  readonly number: number;
  readonly state: string;
  /** Whether the query sent this trial's full rows (see `studyTrials`). */
  readonly selected: boolean;
}

interface MutableRows {
  trial: { trialId: number; number: number; state: string; datetimeStart: string | null; datetimeComplete: string | null };
  params: { name: string; value: number; distributionJson: string; order: number }[];
  values: { objective: number; value: number | null; valueType: string }[];
  intermediateValues: { step: number; value: number | null; valueType: string }[];
  userAttrs: { key: string; valueJson: string; order: number }[];
  systemAttrs: { key: string; valueJson: string; order: number }[];
}

/** What one trial read returned, grouped by trial. */
export interface GroupedTrialRows {
  /** Head rows in number order (ties, which only a foreign writer can cause, by id). */
  readonly heads: TrialHead[];
  /** Full rows of the selected trials, by trial id. */
  readonly rows: Map<number, OptunaTrialRows>;
  /** Whether the study marker row (kind 6) was present. */
  readonly studyFound: boolean;
  /** The study's number of trials, when the marker row carries it. */
  readonly trialCount: number | undefined;
}

const byOrder = (x: { order: number }, y: { order: number }): number => x.order - y.order;

export function groupTrialRows(result: readonly TrialRow[]): GroupedTrialRows {
  const heads: TrialHead[] = [];
  const rows = new Map<number, MutableRows>();
  let studyFound = false;
  let trialCount: number | undefined;
  const get = (id: number): MutableRows => {
    let entry = rows.get(id);
    if (entry === undefined) {
      // Child rows may arrive before their head row: fill the head in when it comes.
      entry = { trial: { trialId: id, number: -1, state: '', datetimeStart: null, datetimeComplete: null }, params: [], values: [], intermediateValues: [], userAttrs: [], systemAttrs: [] };
      rows.set(id, entry);
    }
    return entry;
  };
  for (const [kind, id, i, s, v, a, b, o] of result) {
    switch (kind) {
      case 0: {
        const selected = v !== 0;
        heads.push({ trialId: id, number: i ?? -1, state: s ?? '', selected });
        if (selected) Object.assign(get(id).trial, { number: i ?? -1, state: s ?? '', datetimeStart: a, datetimeComplete: b });
        break;
      }
      case 1:
        get(id).params.push({ name: s ?? '', value: v ?? Number.NaN, distributionJson: a ?? '', order: o });
        break;
      case 2:
        get(id).values.push({ objective: i ?? 0, value: v, valueType: s ?? '' });
        break;
      case 3:
        get(id).intermediateValues.push({ step: i ?? 0, value: v, valueType: s ?? '' });
        break;
      case 4:
        get(id).userAttrs.push({ key: s ?? '', valueJson: a ?? 'null', order: o });
        break;
      case 5:
        get(id).systemAttrs.push({ key: s ?? '', valueJson: a ?? 'null', order: o });
        break;
      case 6:
        studyFound = true;
        trialCount = i ?? undefined;
        break;
      default:
        break;
    }
  }
  heads.sort((x, y) => x.number - y.number || x.trialId - y.trialId);
  for (const entry of rows.values()) {
    entry.intermediateValues.sort((x, y) => x.step - y.step);
    entry.params.sort(byOrder);
    entry.userAttrs.sort(byOrder);
    entry.systemAttrs.sort(byOrder);
  }
  return { heads, rows: rows as Map<number, OptunaTrialRows>, studyFound, trialCount };
}
