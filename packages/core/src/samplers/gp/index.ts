export { GPSampler } from './gp-sampler.js';
export type { GPAcquisition, GPSamplerOptions } from './gp-sampler.js';
