import { InvalidArgumentError } from '@tunekit/core';
import { FeatureCountError } from './errors/feature-count-error.js';

/**
 * Rows to predict: an array of rows (`number[][]`; `null` or `NaN` is a missing value), or one
 * flat row-major typed array of `nRows * nFeatures` values.
 */
export type Rows = readonly (readonly (number | null)[])[] | Float32Array | Float64Array;

/** Rows as one row-major float32 matrix (what both engines evaluate). */
export interface RowMatrix {
  readonly data: Float32Array;
  readonly nRows: number;
}

/**
 * Check `rows` against the model's feature count and lay them out as float32 (XGBoost and ONNX
 * tree ensembles compare float32 values). A `Float32Array` is used as is, without copying.
 */
export function toRowMatrix(rows: Rows, nFeatures: number): RowMatrix {
  if (rows instanceof Float32Array || rows instanceof Float64Array) {
    if (rows.length % nFeatures !== 0) {
      throw new FeatureCountError(nFeatures, rows.length % nFeatures, undefined, ` (a flat array of ${rows.length} values is not a whole number of rows of ${nFeatures})`);
    }
    return { data: rows instanceof Float32Array ? rows : Float32Array.from(rows), nRows: rows.length / nFeatures };
  }
  if (!Array.isArray(rows)) {
    throw new InvalidArgumentError('predict rows', rows, 'an array of rows (number[][]) or a flat Float32Array / Float64Array');
  }
  const data = new Float32Array(rows.length * nFeatures);
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index];
    if (!Array.isArray(row)) throw new InvalidArgumentError(`predict rows[${index}]`, row, 'an array of numbers');
    if (row.length !== nFeatures) throw new FeatureCountError(nFeatures, row.length, index);
    const base = index * nFeatures;
    for (let column = 0; column < nFeatures; column++) {
      const value = row[column];
      if (typeof value === 'number') data[base + column] = value;
      else if (value === null || value === undefined) data[base + column] = Number.NaN;
      else throw new InvalidArgumentError(`predict rows[${index}][${column}]`, value, 'a number, NaN or null (missing)');
    }
  }
  return { data, nRows: rows.length };
}
