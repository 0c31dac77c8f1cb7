export { BruteForceSampler } from './brute-force-sampler.js';
export type { BruteForceSamplerOptions } from './brute-force-sampler.js';
export { GridSampler } from './grid-sampler.js';
export type { GridSamplerOptions, GridSearchSpace } from './grid-sampler.js';
export { PartialFixedSampler } from './partial-fixed-sampler.js';
export { RandomSampler } from './random-sampler.js';
export type { RandomSamplerOptions } from './random-sampler.js';
export { sampleUniform } from './sample-uniform.js';
