import { InvalidArgumentError, SeededRandom } from '@tunekit/core';

/** One train/validation split. Both index lists are sorted, disjoint, and together cover the data. */
export interface Fold {
  readonly train: Int32Array;
  readonly validation: Int32Array;
}

/** Options of `kFold` and `stratifiedKFold`. */
export interface KFoldOptions {
  /** Number of folds, >= 2. Default 5. */
  readonly folds?: number;
  /** Shuffle before splitting (default true); false keeps contiguous blocks in data order. */
  readonly shuffle?: boolean;
  /** Seed of the shuffle. Default 0. */
  readonly seed?: number;
}

/** @internal Validate the fold count against the number of rows. */
export function checkFoldCount(folds: unknown, nSamples: number, field: string): number {
  if (!Number.isSafeInteger(folds) || (folds as number) < 2) throw new InvalidArgumentError(field, folds, 'an integer >= 2');
  if ((folds as number) > nSamples) throw new InvalidArgumentError(field, folds, `at most the number of rows (${nSamples})`);
  return folds as number;
}

/** @internal The fold of every row → sorted train/validation lists. */
export function foldsFromAssignment(assignment: Int32Array, folds: number): Fold[] {
  const sizes = new Int32Array(folds);
  for (const fold of assignment) sizes[fold] = (sizes[fold] as number) + 1;
  const result: Fold[] = [];
  for (let k = 0; k < folds; k++) {
    const validation = new Int32Array(sizes[k] as number);
    const train = new Int32Array(assignment.length - (sizes[k] as number));
    let v = 0;
    let t = 0;
    for (let i = 0; i < assignment.length; i++) {
      if (assignment[i] === k) validation[v++] = i;
      else train[t++] = i;
    }
    result.push({ train, validation });
  }
  return result;
}

/**
 * K-fold cross-validation splits of `nSamples` rows (scikit-learn's `KFold`): the (shuffled) rows
 * cut into `folds` consecutive blocks, the first `nSamples % folds` one row larger.
 */
export function kFold(nSamples: number, options: KFoldOptions = {}): Fold[] {
  if (!Number.isSafeInteger(nSamples) || nSamples < 1) throw new InvalidArgumentError('kFold nSamples', nSamples, 'a positive integer');
  const folds = checkFoldCount(options.folds ?? 5, nSamples, 'cv.folds');
  const order = Array.from({ length: nSamples }, (_, i) => i);
  const rows = options.shuffle === false ? order : new SeededRandom(options.seed ?? 0).shuffled(order);
  const assignment = new Int32Array(nSamples);
  let position = 0;
  for (let k = 0; k < folds; k++) {
    const size = Math.floor(nSamples / folds) + (k < nSamples % folds ? 1 : 0);
    for (let j = 0; j < size; j++) assignment[rows[position++] as number] = k;
  }
  return foldsFromAssignment(assignment, folds);
}
