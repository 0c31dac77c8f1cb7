export { CmaEsSampler, CMA_ES_ATTRS } from './cma-es-sampler.js';
export type { CmaEsSamplerOptions } from './cma-es-sampler.js';
export { CmaEs, uniformCells } from './cma-es.js';
export type { CmaEsOptions, CmaEsSample, CmaEsSolution, DiscreteDimension } from './cma-es.js';
