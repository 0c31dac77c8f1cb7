/**
 * Driver-free helpers shared by the relational backends (`@tunekit/storage-sqlite`,
 * `@tunekit/storage-postgres`), which store studies in Optuna 3.1's schema: schema revisions,
 * Optuna's encodings of states, directions, values, datetimes and attributes, input checks for
 * each write, and the rows → `FrozenTrial` mapping.
 */
export { attrsFromRows, decodeAttrJson, encodeAttrJson } from './optuna-attr-json.js';
export { formatOptunaDatetime, formatOptunaUtcDatetime, parseOptunaDatetime, parseOptunaUtcDatetime } from './optuna-datetime.js';
export { OPTUNA_CAPPED_STATES, directionFromOptuna, directionToOptuna, trialStateFromOptuna, trialStateToOptuna } from './optuna-enums.js';
export type { OptunaStudyDirection, OptunaTrialState } from './optuna-enums.js';
export {
  OPTUNA_LIBRARY_VERSION_TAG,
  OPTUNA_SCHEMA_HEAD,
  OPTUNA_SCHEMA_REVISIONS,
  OPTUNA_UPGRADABLE_REVISIONS,
  OPTUNA_VERSION_INFO_SCHEMA_VERSION,
  classifyOptunaRevision,
  describeOptunaRevision,
  optunaRevisionsAfter,
} from './optuna-schema-version.js';
export type { OptunaRevisionStatus } from './optuna-schema-version.js';
export { DistributionJsonCache, buildFrozenTrialFromRows, upgradeDistributionJson } from './optuna-trial-rows.js';
export type { OptunaAttrRow, OptunaIntermediateRow, OptunaParamRow, OptunaTrialRow, OptunaTrialRows, OptunaValueRow } from './optuna-trial-rows.js';
export {
  TUNEKIT_INTERMEDIATE_ATTR_PREFIX,
  TUNEKIT_VALUES_ATTR,
  decodeExactIntermediateValue,
  decodeExactNumber,
  decodeExactTrialValues,
  decodeIntermediateValue,
  decodeTrialValue,
  encodeExactNumber,
  encodeIntermediateValue,
  encodeTrialValues,
  isReservedSystemAttrKey,
  upgradeLegacyIntermediateValue,
  upgradeLegacyTrialValue,
} from './optuna-value-encoding.js';
export type { EncodedTrialValues, OptunaIntermediateValueType, OptunaValueType, StoredIntermediateValue, StoredTrialValue } from './optuna-value-encoding.js';
export {
  exactIntermediateAttr,
  exactValuesAttr,
  prepareAttr,
  prepareFinishState,
  prepareFinishValues,
  prepareGracePeriod,
  prepareIntermediateValue,
  prepareMaxTrials,
  prepareParam,
  prepareStudy,
  prepareTrialSystemAttr,
  prepareTrialTemplate,
} from './rdb-operation-input.js';
export type { PreparedAttr, PreparedIntermediateValue, PreparedParam, PreparedTrialTemplate } from './rdb-operation-input.js';
