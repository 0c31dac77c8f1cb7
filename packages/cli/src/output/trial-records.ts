import type { FrozenTrial, JsonValue, StudyDirection } from '@tunekit/core';
import { columnsOf, type Cell, type Tabular } from './tabular.js';

/** A trial as `--format json` prints it (and `tunekit best-trial --format json`). */
export interface TrialJson {
  readonly number: number;
  readonly state: string;
  /** One per objective; `null` unless the trial completed (or was pruned with a value). */
  readonly values: readonly number[] | null;
  readonly params: Readonly<Record<string, JsonValue>>;
  readonly distributions: Readonly<Record<string, JsonValue>>;
  /** step → value; NaN and ±Infinity become `null` (JSON has no such numbers). */
  readonly intermediateValues: Readonly<Record<string, JsonValue>>;
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
  readonly systemAttrs: Readonly<Record<string, JsonValue>>;
  readonly datetimeStart: string | null;
  readonly datetimeComplete: string | null;
  /** Seconds from start to completion, `null` while unfinished. */
  readonly durationSeconds: number | null;
}

export function trialToJson(trial: FrozenTrial): TrialJson {
  const intermediate: Record<string, JsonValue> = {};
  for (const [step, value] of trial.intermediateValues) intermediate[String(step)] = typeof value === 'number' ? finiteOrNull(value) : value.map(finiteOrNull);
  return {
    number: trial.number,
    state: trial.state,
    values: trial.values === undefined ? null : [...trial.values],
    params: trial.params,
    distributions: trial.distributions as unknown as Readonly<Record<string, JsonValue>>,
    intermediateValues: intermediate,
    userAttrs: trial.userAttrs,
    systemAttrs: trial.systemAttrs,
    datetimeStart: trial.datetimeStart?.toISOString() ?? null,
    datetimeComplete: trial.datetimeComplete?.toISOString() ?? null,
    durationSeconds: durationSeconds(trial),
  };
}

/**
 * Flat rows: `number`, `state`, `value` (or `values.0`, `values.1`, ... for several objectives),
 * `datetime_start`, `datetime_complete`, `duration` (s), then `params.<name>`,
 * `user_attrs.<key>` and, when any trial failed with a reason, `fail_reason`.
 */
export function trialsToTabular(trials: readonly FrozenTrial[], directions: readonly StudyDirection[]): Tabular {
  const valueColumns = directions.length === 1 ? ['value'] : directions.map((_, index) => `values.${index}`);
  const fixed = ['number', 'state', ...valueColumns, 'datetime_start', 'datetime_complete', 'duration'];
  const rows = trials.map((trial) => {
    const row: Record<string, Cell> = { number: trial.number, state: trial.state };
    valueColumns.forEach((column, index) => {
      row[column] = trial.values?.[index];
    });
    row.datetime_start = trial.datetimeStart?.toISOString();
    row.datetime_complete = trial.datetimeComplete?.toISOString();
    row.duration = durationSeconds(trial) ?? undefined;
    for (const [name, value] of Object.entries(trial.params)) row[`params.${name}`] = value;
    for (const [key, value] of Object.entries(trial.userAttrs)) row[`user_attrs.${key}`] = value;
    const reason = trial.systemAttrs.fail_reason;
    if (reason !== undefined) row.fail_reason = reason;
    return row;
  });
  const columns = columnsOf(rows, fixed);
  // Keep fail_reason last, after every params/user_attrs column.
  const ordered = columns.includes('fail_reason') ? [...columns.filter((column) => column !== 'fail_reason'), 'fail_reason'] : columns;
  return { columns: ordered, rows };
}

function durationSeconds(trial: FrozenTrial): number | null {
  if (trial.datetimeStart === undefined || trial.datetimeComplete === undefined) return null;
  return (trial.datetimeComplete.getTime() - trial.datetimeStart.getTime()) / 1000;
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
