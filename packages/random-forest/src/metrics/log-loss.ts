import { InvalidArgumentError } from '@tunekit/core';
import type { Label } from '../data/dataset.js';
import { encodeWithClasses, sortLabels } from '../data/prepare-dataset.js';
import { checkPairedLength } from './check-metric-input.js';

/** Options of `logLoss` and `rocAuc`. */
export interface ProbabilityMetricOptions {
  /** The label of each probability column. Default: the sorted distinct labels of `yTrue`. */
  readonly labels?: readonly Label[];
}

/** @internal The column labels of a probability matrix (`classes`, `columns` of them), and `yTrue` as column indices. */
export function probabilityColumns(metric: string, yTrue: ArrayLike<Label>, probabilities: ArrayLike<ArrayLike<number>>, labels: readonly Label[] | undefined): { columns: number; codes: Int32Array; classes: readonly Label[] } {
  const n = checkPairedLength(metric, yTrue, probabilities, 'probabilities');
  const classes = labels ?? sortLabels(new Set(Array.from(yTrue)));
  const columns = classes.length;
  for (let i = 0; i < n; i++) {
    const row = probabilities[i];
    if (row === undefined || row.length !== columns) {
      throw new InvalidArgumentError(`${metric} probabilities[${i}].length`, row?.length, `${columns} (one column per label: ${classes.map((label) => JSON.stringify(label)).join(', ')}); pass options.labels when yTrue lacks some classes`);
    }
    for (let j = 0; j < columns; j++) {
      const p = row[j];
      if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new InvalidArgumentError(`${metric} probabilities[${i}][${j}]`, p, 'a probability in [0, 1]');
    }
  }
  return { columns, codes: encodeWithClasses(yTrue, classes, `${metric} yTrue`), classes };
}

const EPS = 2.220446049250313e-16; // numpy float64 eps: scikit-learn 1.2's eps='auto'

/**
 * Mean negative log-likelihood of the true labels (scikit-learn 1.2's `log_loss`): probabilities
 * are clipped to `[eps, 1 - eps]` and each row renormalised, so a confident mistake costs about
 * 36 rather than infinity.
 */
export function logLoss(yTrue: ArrayLike<Label>, probabilities: ArrayLike<ArrayLike<number>>, options: ProbabilityMetricOptions = {}): number {
  const { columns, codes } = probabilityColumns('logLoss', yTrue, probabilities, options.labels);
  let total = 0;
  for (let i = 0; i < codes.length; i++) {
    const row = probabilities[i] as ArrayLike<number>;
    let sum = 0;
    for (let j = 0; j < columns; j++) sum += Math.min(Math.max(row[j] as number, EPS), 1 - EPS);
    const p = Math.min(Math.max(row[codes[i] as number] as number, EPS), 1 - EPS) / sum;
    total -= Math.log(p);
  }
  return total / codes.length;
}
