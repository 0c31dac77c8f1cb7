import { TunekitError } from '@tunekit/core';

/** Rows given to `predict` do not have the number of features the model was trained on. */
export class FeatureCountError extends TunekitError {
  readonly expected: number;
  readonly actual: number;
  /** The first offending row (for `number[][]` input), when known. */
  readonly row: number | undefined;

  constructor(expected: number, actual: number, row?: number, detail = '') {
    const where = row === undefined ? '' : ` (row ${row})`;
    super(`Wrong feature count${where}: the model expects ${expected} features per row, got ${actual}${detail}`, { code: 'FEATURE_COUNT_MISMATCH' });
    this.expected = expected;
    this.actual = actual;
    this.row = row;
  }
}
