/**
 * `@tunekit/core/testing`: conformance suites and deterministic test doubles for people who write
 * storages, samplers, pruners and adapters. Requires vitest (an optional peer dependency).
 */
export * from './describe-storage-conformance.js';
export * from './test-doubles.js';
export { describeSamplerConformance, samplerConformanceSpace } from './describe-sampler-conformance.js';
export type { SamplerConformanceOptions, SamplerFactory } from './describe-sampler-conformance.js';
export { describeCrashRecovery } from './describe-crash-recovery.js';
export type { CrashRecoveryOptions, CrashRecoveryPlace } from './describe-crash-recovery.js';
