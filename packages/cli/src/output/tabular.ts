import type { JsonValue } from '@tunekit/core';

/** One table cell: a JSON value, or `undefined` for "no value" (an empty cell). */
export type Cell = JsonValue | undefined;

/**
 * Flat records for the table and CSV formats (`params.x` columns), next to the structured JSON a
 * `--format json` caller gets.
 */
export interface Tabular {
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, Cell>>[];
}

/** A cell as text for CSV: strings verbatim, other JSON values as JSON, `undefined` empty. */
export function cellText(cell: Cell): string {
  if (cell === undefined) return '';
  if (typeof cell === 'string') return cell;
  return JSON.stringify(cell);
}

/** The union of the rows' keys, in order of first appearance. */
export function columnsOf(rows: readonly Readonly<Record<string, Cell>>[], first: readonly string[] = []): string[] {
  const seen = new Set<string>(first);
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}
