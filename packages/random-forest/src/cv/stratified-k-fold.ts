import { InvalidArgumentError, SeededRandom } from '@tunekit/core';
import type { Label } from '../data/dataset.js';
import { checkFoldCount, foldsFromAssignment, type Fold, type KFoldOptions } from './k-fold.js';

/**
 * Stratified k-fold splits (scikit-learn's `StratifiedKFold`): every fold gets each class in
 * about its overall proportion. As scikit-learn does, the per-fold class counts come from
 * dealing the class-sorted labels round-robin over the folds, then each class's rows (in data
 * order) receive their fold numbers shuffled. Every class needs at least `folds` rows — a fold
 * without some class could not score it — so fewer is an error naming the class.
 */
export function stratifiedKFold(y: ArrayLike<Label>, options: KFoldOptions = {}): Fold[] {
  const n = y.length;
  if (n === 0) throw new InvalidArgumentError('stratifiedKFold y', y, 'a non-empty array of labels');
  const folds = checkFoldCount(options.folds ?? 5, n, 'cv.folds');
  // Classes in order of first appearance, like scikit-learn's encoding.
  const codeOf = new Map<Label, number>();
  const codes = new Int32Array(n);
  const labels: Label[] = [];
  for (let i = 0; i < n; i++) {
    const label = y[i] as Label;
    let code = codeOf.get(label);
    if (code === undefined) {
      code = labels.length;
      codeOf.set(label, code);
      labels.push(label);
    }
    codes[i] = code;
  }
  const counts = new Int32Array(labels.length);
  for (const code of codes) counts[code] = (counts[code] as number) + 1;
  for (let c = 0; c < labels.length; c++) {
    if ((counts[c] as number) < folds) {
      throw new InvalidArgumentError('cv.folds', folds, `at most ${counts[c]}: class ${JSON.stringify(labels[c])} has only ${counts[c]} rows, and stratified folds each need one of every class`);
    }
  }
  // allocation[k][c]: rows of class c in fold k = labels sorted by class, dealt round-robin.
  const allocation = Array.from({ length: folds }, () => new Int32Array(labels.length));
  let position = 0;
  for (let c = 0; c < labels.length; c++) {
    for (let j = 0; j < (counts[c] as number); j++) {
      const fold = allocation[position % folds] as Int32Array;
      fold[c] = (fold[c] as number) + 1;
      position++;
    }
  }
  const rng = new SeededRandom(options.seed ?? 0);
  const assignment = new Int32Array(n);
  for (let c = 0; c < labels.length; c++) {
    let forClass: number[] = [];
    for (let k = 0; k < folds; k++) for (let j = 0; j < ((allocation[k] as Int32Array)[c] as number); j++) forClass.push(k);
    if (options.shuffle !== false) forClass = rng.shuffled(forClass);
    let next = 0;
    for (let i = 0; i < n; i++) if (codes[i] === c) assignment[i] = forClass[next++] as number;
  }
  return foldsFromAssignment(assignment, folds);
}
