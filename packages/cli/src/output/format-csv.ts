import { cellText, type Tabular } from './tabular.js';

/**
 * RFC 4180 CSV: a header line, CRLF line ends, fields quoted when they hold a comma, a double
 * quote, CR or LF (quotes doubled inside). Values are exact (`String(number)` round-trips).
 */
export function formatCsv(table: Tabular): string {
  const lines = [table.columns.map(quoteCsvField), ...table.rows.map((row) => table.columns.map((column) => quoteCsvField(cellText(row[column]))))];
  return lines.map((fields) => `${fields.join(',')}\r\n`).join('');
}

export function quoteCsvField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}
