import { distributionToJson } from '../../distributions/distribution-json.js';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import type { Distribution } from '../../protocol/distribution.js';
import type { IntermediateValue } from '../../protocol/frozen-trial.js';
import type { JsonValue } from '../../protocol/json-value.js';
import type { TrialTemplate } from '../../protocol/storage.js';
import type { StudyDirection, TrialState } from '../../protocol/trial-state.js';
import {
  validateAttrKey,
  validateFinishState,
  validateGracePeriod,
  validateIntermediateValue,
  validateJsonValue,
  validateMaxTrials,
  validateParam,
  validateStudyDirections,
  validateTrialTemplate,
  validateTrialValues,
} from '../storage-validation.js';
import { encodeAttrJson } from './optuna-attr-json.js';
import { trialStateToOptuna, type OptunaTrialState } from './optuna-enums.js';
import {
  TUNEKIT_INTERMEDIATE_ATTR_PREFIX,
  TUNEKIT_VALUES_ATTR,
  encodeIntermediateValue,
  encodeTrialValues,
  isReservedSystemAttrKey,
  type EncodedTrialValues,
  type StoredIntermediateValue,
} from './optuna-value-encoding.js';

/**
 * Input checks and row encoding for the write operations of an Optuna-schema backend (SQLite,
 * PostgreSQL). Each `prepare*` validates its arguments exactly as the in-memory storage does (same
 * `InvalidArgumentError` / `InvalidDistributionError`, thrown before anything is written) and
 * returns what the backend inserts. `storage` is the backend's label for messages.
 */

/** An attribute ready to upsert into a `*_attributes` table. */
export interface PreparedAttr {
  readonly key: string;
  readonly valueJson: string;
}

/** A parameter ready to insert into `trial_params`. */
export interface PreparedParam {
  readonly name: string;
  readonly internal: number;
  /** Validated, normalised and frozen. */
  readonly distribution: Distribution;
  readonly distributionJson: string;
}

/** An intermediate value ready to insert (plus its exact attr when `stored.exact` is set). */
export interface PreparedIntermediateValue {
  readonly step: number;
  readonly stored: StoredIntermediateValue;
}

/** A whole trial template, ready to insert. */
export interface PreparedTrialTemplate {
  readonly state: TrialState;
  readonly optunaState: OptunaTrialState;
  readonly params: readonly PreparedParam[];
  readonly values: EncodedTrialValues | undefined;
  readonly intermediateValues: readonly PreparedIntermediateValue[];
  readonly userAttrs: readonly PreparedAttr[];
  /** Including tunekit's exact-value attrs for values and intermediate values that need them. */
  readonly systemAttrs: readonly PreparedAttr[];
  /** ms since the epoch as given; the backend fills in defaults with its clock. */
  readonly datetimeStart: number | undefined;
  readonly datetimeComplete: number | undefined;
}

/** `createStudy`'s input: a non-empty string name and valid directions. */
export function prepareStudy(storage: string, input: { readonly studyName: unknown; readonly directions: unknown }): { studyName: string; directions: readonly StudyDirection[] } {
  const studyName = input?.studyName;
  if (typeof studyName !== 'string' || studyName.length === 0) throw new InvalidArgumentError('studyName', studyName, 'a non-empty string');
  return { studyName, directions: validateStudyDirections(storage, input.directions) };
}

/** A study or trial attribute; `field` names it in errors (`"study user attr 'k'"`). */
export function prepareAttr(storage: string, field: string, key: string, value: JsonValue): PreparedAttr {
  validateAttrKey('key', key);
  return { key, valueJson: encodeAttrJson(validateJsonValue(storage, field, value)) };
}

/** A trial system attribute: also refuses the keys tunekit reserves for exact values. */
export function prepareTrialSystemAttr(storage: string, key: string, value: JsonValue): PreparedAttr {
  validateAttrKey('key', key);
  if (isReservedSystemAttrKey(key)) {
    throw new InvalidArgumentError('key', key, `a system attr key not reserved by tunekit ('${TUNEKIT_VALUES_ATTR}', '${TUNEKIT_INTERMEDIATE_ATTR_PREFIX}<step>')`);
  }
  return prepareAttr(storage, `trial system attr '${key}'`, key, value);
}

export function prepareParam(storage: string, name: string, internal: number, distribution: Distribution): PreparedParam {
  const checked = validateParam(storage, name, internal, distribution);
  return { name, internal, distribution: checked, distributionJson: distributionToJson(checked) };
}

export function prepareIntermediateValue(storage: string, step: number, value: IntermediateValue): PreparedIntermediateValue {
  return { step, stored: encodeIntermediateValue(validateIntermediateValue(storage, step, value)) };
}

/** The exact-value system attr of an intermediate value, when it needs one. */
export function exactIntermediateAttr(prepared: PreparedIntermediateValue): PreparedAttr | undefined {
  const { exact } = prepared.stored;
  return exact === undefined ? undefined : { key: `${TUNEKIT_INTERMEDIATE_ATTR_PREFIX}${prepared.step}`, valueJson: encodeAttrJson(exact) };
}

/** The exact-value system attr of objective values, when they need one. */
export function exactValuesAttr(values: EncodedTrialValues | undefined): PreparedAttr | undefined {
  return values?.exact === undefined ? undefined : { key: TUNEKIT_VALUES_ATTR, valueJson: encodeAttrJson(values.exact) };
}

/** `setTrialState`'s target state (first check). */
export function prepareFinishState(state: unknown): 'complete' | 'pruned' | 'fail' {
  return validateFinishState(state);
}

/** `setTrialState`'s values, once the trial is known to be running: required for `complete`. */
export function prepareFinishValues(storage: string, state: 'complete' | 'pruned' | 'fail', values: readonly number[] | undefined, nObjectives: number): EncodedTrialValues | undefined {
  if (state !== 'complete' && values === undefined) return undefined;
  return encodeTrialValues(validateTrialValues(storage, values, nObjectives, state !== 'complete'));
}

export function prepareMaxTrials(maxTrials: unknown): number | undefined {
  return validateMaxTrials(maxTrials);
}

export function prepareGracePeriod(gracePeriodMs: unknown): number {
  return validateGracePeriod(gracePeriodMs);
}

/** A `createTrial` template, validated as a whole before anything is written. */
export function prepareTrialTemplate(storage: string, template: TrialTemplate | undefined, nObjectives: number): PreparedTrialTemplate {
  const checked = validateTrialTemplate(storage, template, nObjectives);
  for (const key of Object.keys(checked.systemAttrs)) {
    if (isReservedSystemAttrKey(key)) throw new InvalidArgumentError(`template.systemAttrs['${key}']`, key, 'a key not reserved by tunekit');
  }
  const values = checked.values === undefined ? undefined : encodeTrialValues(checked.values);
  const intermediateValues = checked.intermediateValues.map(([step, value]) => ({ step, stored: encodeIntermediateValue(value) }));
  const systemAttrs: PreparedAttr[] = Object.entries(checked.systemAttrs).map(([key, value]) => ({ key, valueJson: encodeAttrJson(value) }));
  const exactValues = exactValuesAttr(values);
  if (exactValues !== undefined) systemAttrs.push(exactValues);
  for (const prepared of intermediateValues) {
    const exact = exactIntermediateAttr(prepared);
    if (exact !== undefined) systemAttrs.push(exact);
  }
  return {
    state: checked.state,
    optunaState: trialStateToOptuna(checked.state),
    params: checked.params.map(({ name, internal, distribution }) => ({ name, internal, distribution, distributionJson: distributionToJson(distribution) })),
    values,
    intermediateValues,
    userAttrs: Object.entries(checked.userAttrs).map(([key, value]) => ({ key, valueJson: encodeAttrJson(value) })),
    systemAttrs,
    datetimeStart: checked.datetimeStart,
    datetimeComplete: checked.datetimeComplete,
  };
}
