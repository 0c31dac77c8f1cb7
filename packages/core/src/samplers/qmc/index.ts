export { HaltonSequence, firstPrimes } from './halton-sequence.js';
export type { HaltonSequenceOptions } from './halton-sequence.js';
export { mapUnitToDistribution } from './map-unit-to-distribution.js';
export { QMCSampler } from './qmc-sampler.js';
export type { QMCSamplerOptions, QmcType } from './qmc-sampler.js';
export type { QmcSequence } from './qmc-sequence.js';
export { SobolSequence } from './sobol-sequence.js';
export type { SobolSequenceOptions } from './sobol-sequence.js';
