import { InvalidArgumentError } from '@tunekit/core';
import type { Label, Target } from '../data/dataset.js';
import { kFold, type Fold } from './k-fold.js';
import { stratifiedKFold } from './stratified-k-fold.js';

/** How to cross-validate. */
export interface CrossValidationOptions {
  /** Folds per repetition, >= 2. Default 5. */
  readonly folds?: number;
  /** Stratify by class. Default true for classification; regression cannot be stratified. */
  readonly stratified?: boolean;
  /** Shuffle rows before splitting. Default true. */
  readonly shuffle?: boolean;
  /** Seed of the first repetition's shuffle (repetition r uses `seed + r`). Default: the run's seed (0). */
  readonly seed?: number;
  /** Repeat the whole k-fold with different shuffles, for a less noisy estimate. Default 1. */
  readonly repeats?: number;
  /**
   * Explicit splits instead (row indices; e.g. group or time-ordered folds made elsewhere, or
   * another library's folds to compare with it). Each must have disjoint, non-empty train and
   * validation rows; excludes `folds`, `stratified`, `shuffle`, `seed` and `repeats`.
   */
  readonly splits?: readonly { readonly train: ArrayLike<number>; readonly validation: ArrayLike<number> }[];
}

/** A fold of a (repeated) cross-validation; `step` = `repeat * folds + index` is what the trial reports. */
export interface CrossValidationFold extends Fold {
  readonly repeat: number;
  readonly index: number;
  readonly step: number;
}

/** All folds of all repetitions, for a validated target. */
export function crossValidationFolds(target: Target, cv: CrossValidationOptions = {}, defaultSeed = 0): CrossValidationFold[] {
  if (cv === null || typeof cv !== 'object') throw new InvalidArgumentError('cv', cv, 'an object { folds, stratified, shuffle, seed, repeats }');
  if (cv.splits !== undefined) return explicitFolds(target, cv);
  const repeats = cv.repeats ?? 1;
  if (!Number.isSafeInteger(repeats) || repeats < 1) throw new InvalidArgumentError('cv.repeats', repeats, 'an integer >= 1');
  if (repeats > 1 && cv.shuffle === false) throw new InvalidArgumentError('cv.repeats', repeats, '1 when cv.shuffle is false (unshuffled repetitions would be identical)');
  const seed = cv.seed ?? defaultSeed;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new InvalidArgumentError('cv.seed', seed, 'a finite number');
  const stratified = cv.stratified ?? target.task === 'classification';
  if (stratified && target.task === 'regression') throw new InvalidArgumentError('cv.stratified', true, 'false for regression (there are no classes to stratify by)');
  const result: CrossValidationFold[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    const options = { folds: cv.folds ?? 5, shuffle: cv.shuffle ?? true, seed: seed + repeat };
    const folds = stratified && target.task === 'classification' ? stratifiedKFold(Array.from(target.codes, (code) => target.classes[code] as Label), options) : kFold(target.task === 'classification' ? target.codes.length : target.values.length, options);
    folds.forEach((fold, index) => result.push({ ...fold, repeat, index, step: repeat * folds.length + index }));
  }
  return result;
}

function explicitFolds(target: Target, cv: CrossValidationOptions): CrossValidationFold[] {
  for (const key of ['folds', 'stratified', 'shuffle', 'seed', 'repeats'] as const) {
    if (cv[key] !== undefined) throw new InvalidArgumentError(`cv.${key}`, cv[key], 'left out with cv.splits (the splits are given)');
  }
  const splits = cv.splits;
  if (!Array.isArray(splits) || splits.length === 0) throw new InvalidArgumentError('cv.splits', splits, 'a non-empty array of { train, validation } row index lists');
  const n = target.task === 'classification' ? target.codes.length : target.values.length;
  const seen = new Int32Array(n);
  return splits.map((split, index) => {
    const rows = (name: 'train' | 'validation'): Int32Array => {
      const list = split?.[name];
      if (list === undefined || typeof list.length !== 'number' || list.length === 0) throw new InvalidArgumentError(`cv.splits[${index}].${name}`, list, 'a non-empty array of row indices');
      const out = Int32Array.from(list as ArrayLike<number>);
      for (let i = 0; i < out.length; i++) {
        const row = list[i];
        if (!Number.isSafeInteger(row) || (row as number) < 0 || (row as number) >= n) throw new InvalidArgumentError(`cv.splits[${index}].${name}[${i}]`, row, `a row index in [0, ${n - 1}]`);
        if (seen[row as number] === index + 1) throw new InvalidArgumentError(`cv.splits[${index}].${name}[${i}]`, row, 'a row in only one of train and validation, once');
        seen[row as number] = index + 1;
      }
      return out.sort();
    };
    return { train: rows('train'), validation: rows('validation'), repeat: 0, index, step: index };
  });
}
