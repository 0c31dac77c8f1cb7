import { readFileSync } from 'node:fs';

/** Test-only helpers around the committed fixtures (see make-fixtures.py). */
export const FIXTURES = new URL('./', import.meta.url);

export interface XGBoostFixture {
  readonly objective: string;
  readonly params?: Record<string, unknown>;
  readonly rows: (number | null)[][];
  readonly predict: number[] | number[][];
  readonly margin?: number[] | number[][];
  readonly predictFirst3Rounds?: number[] | number[][];
  readonly probabilities?: number[][];
  readonly singleLeafTrees?: number;
}

export const xgboostFixtures: Record<string, XGBoostFixture> = JSON.parse(readFileSync(new URL('xgboost-predictions.json', FIXTURES), 'utf8'));

export interface SklearnFixture {
  readonly rows: (number | null)[][];
  readonly predict: number[] | number[][];
  readonly labels?: number[];
}

export const sklearnFixtures: Record<string, SklearnFixture> = JSON.parse(readFileSync(new URL('onnx-predictions.json', FIXTURES), 'utf8'));

export function fixtureText(relative: string): string {
  return readFileSync(new URL(relative, FIXTURES), 'utf8');
}

export function fixtureBytes(relative: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(relative, FIXTURES)));
}

export function fixturePath(relative: string): string {
  return new URL(relative, FIXTURES).pathname;
}

/** Rows with `null` for missing values, as a flat float32 matrix (NaN for missing). */
export function flatRows(rows: (number | null)[][]): Float32Array {
  const width = rows[0]?.length ?? 0;
  const out = new Float32Array(rows.length * width);
  rows.forEach((row, i) => row.forEach((value, j) => (out[i * width + j] = value === null ? Number.NaN : value)));
  return out;
}

/** Largest relative difference `|a - e| / |e|` (0 when both are 0). */
export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  let worst = 0;
  for (let index = 0; index < expected.length; index++) {
    const a = actual[index] as number;
    const e = expected[index] as number;
    const error = a === e ? 0 : Math.abs(a - e) / Math.abs(e);
    if (!(error <= worst)) worst = error;
  }
  return worst;
}
