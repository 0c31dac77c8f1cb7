import { categoryLabel, type FrozenTrial, type JsonValue, type StudyDirection, type TrialState } from '@tunekit/core';

/** What a column holds, which decides how the browser formats and sorts it. */
export type TrialColumnKind = 'number' | 'state' | 'value' | 'duration' | 'datetime' | 'param' | 'attr' | 'text';

export interface TrialColumn {
  /** Stable id (`number`, `values.0`, `params.lr`, `user_attrs.fold`, ...). */
  readonly key: string;
  /** Header text (a user string for params and attrs: the browser sets it as text). */
  readonly label: string;
  readonly kind: TrialColumnKind;
}

/** A cell: a number, a string (choice labels, attrs, `'NaN'`/`'Infinity'` for non-finite values) or empty. */
export type TrialCell = number | string | null;

/**
 * Every trial as a row of plain cells, for the sortable trials table. Columns: number, state,
 * one value per objective, duration (ms), start (ms since the epoch), each parameter, the first
 * `maxAttrColumns` user attributes, and the fail reason.
 */
export interface TrialTableData {
  readonly columns: readonly TrialColumn[];
  readonly rows: readonly (readonly TrialCell[])[];
}

export interface TrialTableOptions {
  /** User attribute columns at most (by first appearance). Default 8. */
  readonly maxAttrColumns?: number;
  /** Longest attr text kept in a cell; longer ones end in `…`. Default 200. */
  readonly maxTextLength?: number;
}

/** The trials table of a study (see `TrialTableData`). */
export function getTrialTableData(trials: readonly FrozenTrial[], directions: readonly StudyDirection[], options: TrialTableOptions = {}): TrialTableData {
  const maxAttrColumns = options.maxAttrColumns ?? 8;
  const maxText = options.maxTextLength ?? 200;
  const params: string[] = [];
  const attrs: string[] = [];
  const seenParams = new Set<string>();
  const seenAttrs = new Set<string>();
  for (const trial of trials) {
    for (const name of Object.keys(trial.params)) {
      if (!seenParams.has(name)) {
        seenParams.add(name);
        params.push(name);
      }
    }
    for (const key of Object.keys(trial.userAttrs)) {
      if (!seenAttrs.has(key) && attrs.length < maxAttrColumns) {
        seenAttrs.add(key);
        attrs.push(key);
      }
    }
  }
  const columns: TrialColumn[] = [
    { key: 'number', label: '#', kind: 'number' },
    { key: 'state', label: 'state', kind: 'state' },
    ...directions.map((direction, index): TrialColumn => ({ key: `values.${index}`, label: directions.length === 1 ? `value (${direction})` : `value ${index} (${direction})`, kind: 'value' })),
    { key: 'duration', label: 'duration', kind: 'duration' },
    { key: 'start', label: 'started', kind: 'datetime' },
    ...params.map((name): TrialColumn => ({ key: `params.${name}`, label: name, kind: 'param' })),
    ...attrs.map((key): TrialColumn => ({ key: `user_attrs.${key}`, label: key, kind: 'attr' })),
    { key: 'fail_reason', label: 'fail reason', kind: 'text' },
  ];
  const rows = trials.map((trial): TrialCell[] => {
    const start = trial.datetimeStart?.getTime();
    const end = trial.datetimeComplete?.getTime();
    const failReason = trial.systemAttrs.fail_reason;
    return [
      trial.number,
      trial.state,
      ...directions.map((_, index) => numberCell(trial.values?.[index])),
      start !== undefined && end !== undefined ? end - start : null,
      start ?? null,
      ...params.map((name) => {
        const value = trial.params[name];
        if (value === undefined) return null;
        return trial.distributions[name]?.type === 'categorical' ? categoryLabel(value) : typeof value === 'number' ? numberCell(value) : categoryLabel(value);
      }),
      ...attrs.map((key) => attrCell(trial.userAttrs[key], maxText)),
      typeof failReason === 'string' ? truncate(failReason, maxText * 5) : null,
    ];
  });
  return { columns, rows };
}

/** The state names in the order summaries list them. */
export const STATE_ORDER: readonly TrialState[] = ['complete', 'pruned', 'fail', 'running', 'waiting'];

function numberCell(value: number | undefined): TrialCell {
  if (value === undefined) return null;
  return Number.isFinite(value) ? value : String(value);
}

function attrCell(value: JsonValue | undefined, maxText: number): TrialCell {
  if (value === undefined || value === null) return value === null ? 'null' : null;
  if (typeof value === 'number') return numberCell(value);
  if (typeof value === 'string') return truncate(value, maxText);
  return truncate(JSON.stringify(value), maxText);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
