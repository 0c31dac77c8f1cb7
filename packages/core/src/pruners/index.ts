/** Pruners: decide from intermediate values whether a running trial should stop early. */
export { HyperbandPruner, hyperbandBracketOf } from './hyperband-pruner.js';
export type { HyperbandPrunerOptions } from './hyperband-pruner.js';
export { MedianPruner } from './median-pruner.js';
export type { MedianPrunerOptions } from './median-pruner.js';
export { NopPruner } from './nop-pruner.js';
export { PatientPruner } from './patient-pruner.js';
export type { PatientPrunerOptions } from './patient-pruner.js';
export { PercentilePruner } from './percentile-pruner.js';
export type { PercentilePrunerOptions } from './percentile-pruner.js';
export { SuccessiveHalvingPruner } from './successive-halving-pruner.js';
export type { SuccessiveHalvingPrunerOptions } from './successive-halving-pruner.js';
export { ThresholdPruner } from './threshold-pruner.js';
export type { ThresholdPrunerOptions } from './threshold-pruner.js';
export { WilcoxonPruner } from './wilcoxon-pruner.js';
export type { WilcoxonPrunerOptions } from './wilcoxon-pruner.js';
