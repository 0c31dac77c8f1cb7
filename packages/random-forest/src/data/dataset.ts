/**
 * The internal, engine-ready form of a data set: features column-major in one `Float64Array`
 * (`values[feature * nSamples + sample]`, so a split search reads one feature contiguously), the
 * target as class codes or floats. Backed by `SharedArrayBuffer` so worker threads read it
 * without a copy.
 */

/** A class label as users give it. Labels of one data set share one type. */
export type Label = number | string | boolean;

/** `'classification'` (labels) or `'regression'` (real-valued target). */
export type Task = 'classification' | 'regression';

/** Features, column-major. */
export interface FeatureMatrix {
  /** `values[feature * nSamples + sample]`. */
  readonly values: Float64Array;
  readonly nSamples: number;
  readonly nFeatures: number;
}

/** A classification target: every label replaced by its index in `classes`. */
export interface ClassTarget {
  readonly task: 'classification';
  /** `codes[sample]` is an index into `classes`. */
  readonly codes: Int32Array;
  /** The distinct labels, sorted (numbers ascending, strings by code unit, `false` before `true`). */
  readonly classes: readonly Label[];
}

/** A regression target. */
export interface RegressionTarget {
  readonly task: 'regression';
  readonly values: Float64Array;
}

export type Target = ClassTarget | RegressionTarget;

/** A validated data set. */
export interface Dataset {
  readonly features: FeatureMatrix;
  readonly target: Target;
}

/** Allocate a `Float64Array` on shared memory when the platform allows it (workers then share it). */
export function sharedFloat64(length: number): Float64Array {
  return typeof SharedArrayBuffer === 'function' ? new Float64Array(new SharedArrayBuffer(length * 8)) : new Float64Array(length);
}

/** Allocate an `Int32Array` on shared memory when the platform allows it. */
export function sharedInt32(length: number): Int32Array {
  return typeof SharedArrayBuffer === 'function' ? new Int32Array(new SharedArrayBuffer(length * 4)) : new Int32Array(length);
}
