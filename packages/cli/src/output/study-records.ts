import type { JsonValue, StudyDirection } from '@tunekit/core';
import type { Tabular } from './tabular.js';

/** A study as `tunekit studies` lists it. */
export interface StudySummary {
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  readonly nTrials: number;
  /** When its first trial started (ISO 8601), `null` when the backend did not say or there is none. */
  readonly datetimeStart: string | null;
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
}

/** Columns `name`, `directions`, `n_trials`, `datetime_start`. */
export function studiesToTabular(studies: readonly StudySummary[]): Tabular {
  return {
    columns: ['name', 'directions', 'n_trials', 'datetime_start'],
    rows: studies.map((study) => ({
      name: study.studyName,
      directions: study.directions.join(','),
      n_trials: study.nTrials,
      datetime_start: study.datetimeStart ?? undefined,
    })),
  };
}
