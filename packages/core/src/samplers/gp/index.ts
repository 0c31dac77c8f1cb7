export { GPSampler } from './gp-sampler.js';
export type { GPSamplerOptions } from './gp-sampler.js';
