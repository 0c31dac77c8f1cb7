/**
 * The tunekit protocol: the types every sampler, pruner, storage and adapter is written against.
 * No runtime code lives here except trivial state helpers.
 */
export type { JsonValue } from './json-value.js';
export type {
  CategoricalDistribution,
  Distribution,
  FloatDistribution,
  IntDistribution,
  ParamValue,
  SearchSpace,
} from './distribution.js';
export type { FrozenTrial, IntermediateValue } from './frozen-trial.js';
export type { Pruner } from './pruner.js';
export type { Sampler } from './sampler.js';
export type { CreateTrialOptions, Storage, StudyRecord, TrialTemplate } from './storage.js';
export type { StudyView } from './study-view.js';
export type { TrialReporter } from './trial-reporter.js';
export { FINISHED_STATES, isFinishedState } from './trial-state.js';
export type { StudyDirection, TrialState } from './trial-state.js';
