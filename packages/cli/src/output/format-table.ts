import { cellText, type Cell, type Tabular } from './tabular.js';

/**
 * Aligned columns for a terminal: a header, a rule, one line per row; numbers right-aligned and
 * shortened to 6 significant digits (use `--format csv` or `json` for exact values). Control
 * characters in strings (terminal escapes in an untrusted study or parameter name) are removed.
 */
export function formatTable(table: Tabular): string {
  if (table.rows.length === 0) return '';
  const header = table.columns.map(stripControlCharacters);
  const body = table.rows.map((row) => table.columns.map((column) => tableCell(row[column])));
  const widths = header.map((name, index) => Math.max(name.length, ...body.map((cells) => (cells[index] as TableCell).text.length)));
  const line = (cells: readonly TableCell[]) =>
    cells
      .map((cell, index) => {
        const width = widths[index] as number;
        return cell.numeric ? cell.text.padStart(width) : cell.text.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const lines = [line(header.map((text) => ({ text, numeric: false }))), widths.map((width) => '-'.repeat(width)).join('  '), ...body.map(line)];
  return `${lines.join('\n')}\n`;
}

interface TableCell {
  readonly text: string;
  readonly numeric: boolean;
}

function tableCell(cell: Cell): TableCell {
  if (typeof cell === 'number') return { text: formatTableNumber(cell), numeric: true };
  return { text: stripControlCharacters(cellText(cell)), numeric: false };
}

/** Integers in full; other numbers to 6 significant digits, in exponent form when tiny or huge. */
export function formatTableNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e9) return String(Number(value.toPrecision(6)));
  return value.toExponential(5).replace(/\.?0+e/, 'e');
}

/** Remove C0/C1 control characters (ESC, BEL, CR, LF, ...) and Unicode bidi overrides. */
export function stripControlCharacters(text: string): string {
  // biome-ignore lint: control characters are what this removes
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
}
