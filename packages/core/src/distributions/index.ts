export {
  categoricalDistribution,
  deepFreeze,
  floatDistribution,
  intDistribution,
  validateDistribution,
} from './distribution-factories.js';
export type { FloatOptions, IntOptions } from './distribution-factories.js';
export { distributionFromJson, distributionToJson } from './distribution-json.js';
export {
  containsExternal,
  containsInternal,
  distributionsEqual,
  isSingle,
  snapToDistribution,
  toExternal,
  toInternal,
} from './distribution-values.js';
