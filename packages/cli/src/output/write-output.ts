import type { OutputFormat } from '../args/flag-values.js';
import type { CliStream } from '../cli-context.js';
import { formatCsv } from './format-csv.js';
import { formatTable } from './format-table.js';
import type { Tabular } from './tabular.js';

/**
 * Write a listing in the chosen format: `json` prints `json` (pretty, exact), `table` and `csv`
 * print the flat `table`. An empty `table` listing prints the `empty` sentence instead; CSV still
 * prints its header line, JSON an empty array.
 */
export function writeOutput(stream: CliStream, format: OutputFormat, data: { readonly json: unknown; readonly table: Tabular; readonly empty: string }): void {
  if (format === 'json') {
    stream.write(`${JSON.stringify(data.json, null, 2)}\n`);
  } else if (format === 'csv') {
    stream.write(formatCsv(data.table));
  } else if (data.table.rows.length === 0) {
    stream.write(`${data.empty}\n`);
  } else {
    stream.write(formatTable(data.table));
  }
}
