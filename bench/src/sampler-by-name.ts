import * as core from '@tunekit/core';
import type { Sampler } from '@tunekit/core';

type SamplerClass = new (options: Record<string, unknown>) => Sampler;

/** Bench names → `@tunekit/core` class and options (besides the seed). Shared by every benchmark. */
export const SAMPLERS: Readonly<Record<string, { readonly className: string; readonly options?: Record<string, unknown> }>> = {
  random: { className: 'RandomSampler' },
  auto: { className: 'AutoSampler' },
  tpe: { className: 'TPESampler' },
  'tpe-independent': { className: 'TPESampler', options: { multivariate: false } },
  gp: { className: 'GPSampler' },
  // The GP without the additive kernel part (docs/decisions/0007), and Optuna's GP (also log EI everywhere, 0006).
  'gp-ard': { className: 'GPSampler', options: { additiveKernel: false } },
  'gp-optuna': { className: 'GPSampler', options: { additiveKernel: false, acquisition: 'logEI' } },
  'cma-es': { className: 'CmaEsSampler' },
  'cma-es-ipop': { className: 'CmaEsSampler', options: { restartStrategy: 'ipop' } },
  qmc: { className: 'QMCSampler', options: { warnIndependentSampling: false } },
  'qmc-scrambled': { className: 'QMCSampler', options: { scramble: true, warnIndependentSampling: false } },
  nsga2: { className: 'NSGAIISampler' },
};

/** name → a factory of seeded samplers; an error listing the names for an unknown one. */
export function samplerFactory(name: string): (seed: number) => Sampler {
  const entry = SAMPLERS[name];
  if (entry === undefined) throw new Error(`Unknown sampler '${name}': one of ${Object.keys(SAMPLERS).join(', ')}`);
  const Class = (core as unknown as Record<string, SamplerClass | undefined>)[entry.className];
  if (Class === undefined) throw new Error(`@tunekit/core exports no ${entry.className} (sampler '${name}')`);
  return (seed) => new Class({ ...entry.options, seed });
}
