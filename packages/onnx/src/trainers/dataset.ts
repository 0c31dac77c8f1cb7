import { open } from 'node:fs/promises';
import { InvalidArgumentError } from '@tunekit/core';
import type { Rows } from '../to-row-matrix.js';

/**
 * Training or validation data: feature rows (`number[][]` with `null`/NaN for missing values, or
 * a flat row-major typed array) and one label per row (0/1 for binary tasks, 0..k-1 for
 * multi-class, any number for regression, counts for Poisson).
 */
export interface Dataset {
  readonly x: Rows;
  readonly y: ArrayLike<number>;
}

/** Rows × features of a dataset, checked: every row as long as the first, one label per row. */
export function datasetShape(data: Dataset, field: string): { nRows: number; nFeatures: number } {
  const nRows = data.y?.length;
  if (typeof nRows !== 'number' || nRows === 0) throw new InvalidArgumentError(`${field}.y`, data.y, 'a non-empty array of labels');
  for (let index = 0; index < nRows; index++) {
    const label = data.y[index];
    if (typeof label !== 'number' || !Number.isFinite(label)) throw new InvalidArgumentError(`${field}.y[${index}]`, label, 'a finite number');
  }
  const x = data.x;
  if (x instanceof Float32Array || x instanceof Float64Array) {
    if (x.length % nRows !== 0 || x.length === 0) throw new InvalidArgumentError(`${field}.x`, `a flat array of ${x.length} values`, `a whole number of features for each of the ${nRows} labels`);
    return { nRows, nFeatures: x.length / nRows };
  }
  if (!Array.isArray(x) || x.length !== nRows) throw new InvalidArgumentError(`${field}.x`, Array.isArray(x) ? `${x.length} rows` : x, `one row per label (${nRows})`);
  const nFeatures = x[0]?.length ?? 0;
  if (nFeatures === 0) throw new InvalidArgumentError(`${field}.x[0]`, x[0], 'a non-empty row');
  const bad = x.findIndex((row) => !Array.isArray(row) || row.length !== nFeatures);
  if (bad !== -1) throw new InvalidArgumentError(`${field}.x[${bad}]`, `a row of ${x[bad]?.length} values`, `${nFeatures} values, like row 0`);
  return { nRows, nFeatures };
}

/** Feature `column` of `row` (NaN when missing). */
export function featureAt(x: Rows, row: number, column: number, nFeatures: number): number {
  if (x instanceof Float32Array || x instanceof Float64Array) return x[row * nFeatures + column] as number;
  const value = x[row]?.[column];
  return typeof value === 'number' ? value : Number.NaN;
}

/**
 * Write a dataset in LIBSVM text format, which XGBoost's CLI and Python read: `label i:v ...` with
 * missing values left out (XGBoost treats absent entries as missing) and zeros written out (they
 * are values). Features are written as float32, what XGBoost stores and what tunekit evaluates.
 */
export async function writeLibsvm(path: string, data: Dataset, field: string): Promise<{ nRows: number; nFeatures: number }> {
  const shape = datasetShape(data, field);
  const file = await open(path, 'w');
  try {
    let buffer: string[] = [];
    for (let row = 0; row < shape.nRows; row++) {
      let line = String(data.y[row]);
      for (let column = 0; column < shape.nFeatures; column++) {
        const value = featureAt(data.x, row, column, shape.nFeatures);
        if (Number.isNaN(value)) continue;
        if (!Number.isFinite(value)) throw new InvalidArgumentError(`${field}.x[${row}][${column}]`, value, 'a finite number, or NaN / null for a missing value');
        line += ` ${column}:${Math.fround(value)}`;
      }
      buffer.push(line);
      if (buffer.length >= 4096) {
        await file.write(`${buffer.join('\n')}\n`);
        buffer = [];
      }
    }
    if (buffer.length > 0) await file.write(`${buffer.join('\n')}\n`);
  } finally {
    await file.close();
  }
  return shape;
}
