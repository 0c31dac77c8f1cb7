export { TPESampler } from './tpe-sampler.js';
export type { TPESamplerOptions } from './tpe-sampler.js';
export { defaultGamma, defaultWeights, hyperoptDefaultGamma } from './tpe-defaults.js';
export type { CategoricalDistance } from './parzen-estimator.js';
