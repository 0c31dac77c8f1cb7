/**
 * A low-discrepancy sequence in the unit cube `[0, 1)^dimension`, with random access: a point
 * depends only on its index (and, when scrambled, on the generator the sequence was built with),
 * never on which points were asked for before. That is what lets distributed workers share one
 * sequence without coordination.
 */
export interface QmcSequence {
  /** Coordinates per point. */
  readonly dimension: number;
  /** Whether the sequence was randomised (Sobol: LMS + digital shift; Halton: digit permutations). */
  readonly scrambled: boolean;
  /** Point number `index` (0-based; the first point of an unscrambled sequence is the origin). */
  point(index: number): Float64Array;
}
