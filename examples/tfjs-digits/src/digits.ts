import { readFileSync } from 'node:fs';
import { SeededRandom } from '@tunekit/core';

/** The digits data set: 64 features scaled to [0, 1] (pixel counts / 16), labels 0..9. */
export interface Digits {
  /** Row-major, `count × 64`. */
  readonly features: Float32Array;
  readonly labels: Int32Array;
  readonly count: number;
  readonly featureCount: number;
}

export const DIGITS_CSV = new URL('../data/digits.csv', import.meta.url);

/** Parse `digits.csv` (header row, 64 pixel columns, `target` last) and shuffle its rows with `seed`. */
export function loadDigits(seed: number, path: URL | string = DIGITS_CSV): Digits {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  const header = (lines[0] ?? '').split(',');
  if (header.at(-1) !== 'target') throw new Error(`${String(path)}: expected 'target' as the last column`);
  const featureCount = header.length - 1;
  // The file is sorted by writer, not by class, but shuffle anyway: fit's validationSplit takes the
  // last rows, and the split must not depend on the file's order.
  const rows = new SeededRandom(seed).shuffled(lines.slice(1));
  const features = new Float32Array(rows.length * featureCount);
  const labels = new Int32Array(rows.length);
  rows.forEach((line, row) => {
    const cells = line.split(',');
    if (cells.length !== featureCount + 1) throw new Error(`${String(path)}: row ${row + 2} has ${cells.length} cells`);
    for (let column = 0; column < featureCount; column++) features[row * featureCount + column] = Number(cells[column]) / 16;
    labels[row] = Number(cells[featureCount]);
  });
  return { features, labels, count: rows.length, featureCount };
}
