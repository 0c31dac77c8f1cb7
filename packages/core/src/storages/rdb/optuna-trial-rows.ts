import { deepFreeze } from '../../distributions/distribution-factories.js';
import { distributionFromJson, distributionToJson } from '../../distributions/distribution-json.js';
import { toExternal } from '../../distributions/distribution-values.js';
import { StorageError } from '../../errors/storage-error.js';
import type { Distribution, ParamValue } from '../../protocol/distribution.js';
import type { FrozenTrial, IntermediateValue } from '../../protocol/frozen-trial.js';
import { FrozenMap, freezeDate } from '../../trial/frozen-values.js';
import { attrsFromRows, decodeAttrJson } from './optuna-attr-json.js';
import { parseOptunaDatetime } from './optuna-datetime.js';
import { trialStateFromOptuna } from './optuna-enums.js';
import {
  TUNEKIT_INTERMEDIATE_ATTR_PREFIX,
  TUNEKIT_VALUES_ATTR,
  decodeExactIntermediateValue,
  decodeExactTrialValues,
  decodeIntermediateValue,
  decodeTrialValue,
  isReservedSystemAttrKey,
} from './optuna-value-encoding.js';

/** A `trials` row. Datetimes as the driver returns them: Optuna's text, or a `Date`. */
export interface OptunaTrialRow {
  readonly trialId: number;
  readonly number: number;
  readonly state: string;
  readonly datetimeStart: string | Date | null;
  readonly datetimeComplete: string | Date | null;
}

/** A `trial_params` row: the internal value and Optuna's distribution JSON. */
export interface OptunaParamRow {
  readonly name: string;
  readonly value: number;
  readonly distributionJson: string;
}

/** A `trial_values` row. */
export interface OptunaValueRow {
  readonly objective: number;
  readonly value: number | null;
  readonly valueType: string;
}

/** A `trial_intermediate_values` row. */
export interface OptunaIntermediateRow {
  readonly step: number;
  readonly value: number | null;
  readonly valueType: string;
}

/** A `*_attributes` row. */
export interface OptunaAttrRow {
  readonly key: string;
  readonly valueJson: string;
}

/** Everything stored about one trial, as rows of Optuna's tables. */
export interface OptunaTrialRows {
  readonly trial: OptunaTrialRow;
  readonly params: readonly OptunaParamRow[];
  readonly values: readonly OptunaValueRow[];
  readonly intermediateValues: readonly OptunaIntermediateRow[];
  readonly userAttrs: readonly OptunaAttrRow[];
  readonly systemAttrs: readonly OptunaAttrRow[];
}

/**
 * Parsed distributions by their JSON text. Every trial of a study repeats the same few
 * distribution JSONs, so a backend keeps one cache and parses each text once.
 */
export class DistributionJsonCache {
  private readonly parsed = new Map<string, Distribution>();

  constructor(private readonly maxEntries = 10_000) {}

  /** The (frozen) distribution of `json`; throws `InvalidDistributionError` naming `paramName`. */
  parse(json: string, paramName?: string): Distribution {
    let dist = this.parsed.get(json);
    if (dist === undefined) {
      dist = distributionFromJson(json, paramName);
      if (this.parsed.size >= this.maxEntries) this.parsed.clear();
      this.parsed.set(json, dist);
    }
    return dist;
  }
}

function defineOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Build the immutable `FrozenTrial` for one trial's rows: Optuna's states, value types, distribution
 * JSON and attribute JSON are decoded, tunekit's exact-value system attrs (see
 * `optuna-value-encoding.ts`) are applied and hidden. Data that cannot be decoded throws a
 * `StorageError` naming the trial, with the decoding error as `cause`.
 */
export function buildFrozenTrialFromRows(storage: string, rows: OptunaTrialRows, cache: DistributionJsonCache = new DistributionJsonCache()): FrozenTrial {
  const { trial } = rows;
  try {
    let exactValues: readonly number[] | undefined;
    const exactIntermediate = new Map<number, IntermediateValue>();
    for (const { key, valueJson } of rows.systemAttrs) {
      if (key === TUNEKIT_VALUES_ATTR) exactValues = decodeExactTrialValues(decodeAttrJson(valueJson));
      else if (key.startsWith(TUNEKIT_INTERMEDIATE_ATTR_PREFIX)) {
        const step = Number(key.slice(TUNEKIT_INTERMEDIATE_ATTR_PREFIX.length));
        if (Number.isSafeInteger(step)) exactIntermediate.set(step, decodeExactIntermediateValue(decodeAttrJson(valueJson)));
      }
    }

    let values = exactValues;
    if (values === undefined && rows.values.length > 0) {
      values = [...rows.values].sort((a, b) => a.objective - b.objective).map((row) => decodeTrialValue(row.value, row.valueType));
    }

    const params: Record<string, ParamValue> = {};
    const distributions: Record<string, Distribution> = {};
    for (const row of rows.params) {
      const dist = cache.parse(row.distributionJson, row.name);
      // External values are numbers or (frozen) choices of the cached, frozen distribution.
      defineOwn(params, row.name, toExternal(dist, row.value));
      defineOwn(distributions, row.name, dist);
    }

    const intermediate: [number, IntermediateValue][] = rows.intermediateValues.map((row) => [row.step, exactIntermediate.get(row.step) ?? decodeIntermediateValue(row.value, row.valueType)]);
    if (intermediate.some(([step], index) => index > 0 && step < (intermediate[index - 1] as [number, IntermediateValue])[0])) intermediate.sort((a, b) => a[0] - b[0]);

    // Everything above was decoded into fresh objects, so freezing them in place is enough: the
    // copies `createFrozenTrial` makes of caller-owned input would double the cost of a full read.
    return Object.freeze({
      trialId: trial.trialId,
      number: trial.number,
      state: trialStateFromOptuna(trial.state),
      values: values === undefined ? undefined : Object.freeze(values.slice()),
      params: Object.freeze(params),
      distributions: Object.freeze(distributions),
      intermediateValues: new FrozenMap<number, IntermediateValue>(intermediate),
      userAttrs: deepFreeze(attrsFromRows(rows.userAttrs)),
      systemAttrs: deepFreeze(attrsFromRows(rows.systemAttrs, isReservedSystemAttrKey)),
      datetimeStart: freezeDate(parseOptunaDatetime(trial.datetimeStart)),
      datetimeComplete: freezeDate(parseOptunaDatetime(trial.datetimeComplete)),
    });
  } catch (error) {
    throw new StorageError(storage, `trial ${trial.number} (id ${trial.trialId}) holds data tunekit cannot read: ${(error as Error).message}`, {
      cause: error,
      code: 'STORAGE_CORRUPT_TRIAL',
    });
  }
}

const LEGACY_DISTRIBUTIONS = new Set(['UniformDistribution', 'LogUniformDistribution', 'DiscreteUniformDistribution', 'IntUniformDistribution', 'IntLogUniformDistribution']);

/**
 * Migration `v3.0.0.a`: the JSON of one of Optuna 2.x's distribution classes → the equivalent
 * `FloatDistribution` / `IntDistribution` JSON; `undefined` when `json` is already current.
 * Throws `InvalidDistributionError` on JSON that is not a distribution.
 */
export function upgradeDistributionJson(json: string): string | undefined {
  const parsed = JSON.parse(json) as { name?: unknown };
  if (typeof parsed.name !== 'string' || !LEGACY_DISTRIBUTIONS.has(parsed.name)) return undefined;
  return distributionToJson(distributionFromJson(json));
}
