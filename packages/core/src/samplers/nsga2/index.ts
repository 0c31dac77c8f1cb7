export { NSGAIISampler } from './nsga-ii-sampler.js';
export type { CrossoverName, NSGAIISamplerOptions } from './nsga-ii-sampler.js';
export type { Crossover, CrossoverContext } from './crossover.js';
export { UniformCrossover } from './uniform-crossover.js';
export { BLXAlphaCrossover } from './blx-alpha-crossover.js';
export { SBXCrossover } from './sbx-crossover.js';
export { VSBXCrossover } from './vsbx-crossover.js';
export { UNDXCrossover } from './undx-crossover.js';
export { SPXCrossover } from './spx-crossover.js';
