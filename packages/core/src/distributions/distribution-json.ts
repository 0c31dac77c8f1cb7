import { InvalidDistributionError } from '../errors/invalid-distribution-error.js';
import type { Distribution } from '../protocol/distribution.js';
import { categoricalDistribution, floatDistribution, intDistribution } from './distribution-factories.js';

/**
 * Serialise a distribution in Optuna's JSON format (`{"name": "FloatDistribution", "attributes":
 * {...}}`), which is what Optuna's RDB schema stores in `trial_params.distribution_json`. Using it
 * everywhere means a study can be opened by Python Optuna and vice versa.
 */
export function distributionToJson(dist: Distribution): string {
  switch (dist.type) {
    case 'float':
      return JSON.stringify({
        name: 'FloatDistribution',
        attributes: { step: dist.step ?? null, low: dist.low, high: dist.high, log: dist.log },
      });
    case 'int':
      return JSON.stringify({
        name: 'IntDistribution',
        attributes: { log: dist.log, step: dist.step, low: dist.low, high: dist.high },
      });
    case 'categorical':
      return JSON.stringify({ name: 'CategoricalDistribution', attributes: { choices: dist.choices } });
  }
}

function attribute(attrs: Record<string, unknown>, key: string, name: string, paramName: string | undefined): unknown {
  if (!Object.hasOwn(attrs, key)) {
    throw new InvalidDistributionError(paramName, key, undefined, `${name} JSON lacks the attribute '${key}'`);
  }
  return attrs[key];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parse Optuna's distribution JSON, including the legacy classes older Optuna databases hold
 * (`UniformDistribution`, `LogUniformDistribution`, `DiscreteUniformDistribution`,
 * `IntUniformDistribution`, `IntLogUniformDistribution`) and Optuna's abbreviated form
 * (`{"type": "float", "low": 0, "high": 1, "log": false, "step": null}`, also the shape of a
 * tunekit `Distribution`). The result is validated like `floatDistribution` & co.
 * Throws `InvalidDistributionError`.
 */
export function distributionFromJson(text: string, paramName?: string): Distribution {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvalidDistributionError(paramName, 'json', text, `not valid JSON (${(error as Error).message})`);
  }
  if (isPlainObject(parsed) && typeof parsed.type === 'string' && !Object.hasOwn(parsed, 'name')) return fromAbbreviated(parsed, paramName);
  if (!isPlainObject(parsed) || typeof parsed.name !== 'string' || !(parsed.attributes === undefined || isPlainObject(parsed.attributes))) {
    throw new InvalidDistributionError(paramName, 'json', text, 'expected {"name": ..., "attributes": {...}}');
  }
  const name = parsed.name;
  const attrs = (parsed.attributes ?? {}) as Record<string, unknown>;
  const num = (key: string) => attribute(attrs, key, name, paramName) as number;
  // Optuna writes `log` as a boolean; anything else is left for the factories to reject.
  const log = (attrs.log ?? false) as boolean;
  switch (name) {
    case 'FloatDistribution': {
      const step = attrs.step;
      return floatDistribution(num('low'), num('high'), { log, ...(step === null || step === undefined ? {} : { step: step as number }) }, paramName);
    }
    case 'IntDistribution':
      return intDistribution(num('low'), num('high'), { log, step: (attrs.step ?? 1) as number }, paramName);
    case 'CategoricalDistribution':
      return categoricalDistribution(attribute(attrs, 'choices', name, paramName) as never[], paramName);
    case 'UniformDistribution':
      return floatDistribution(num('low'), num('high'), {}, paramName);
    case 'LogUniformDistribution':
      return floatDistribution(num('low'), num('high'), { log: true }, paramName);
    case 'DiscreteUniformDistribution':
      return floatDistribution(num('low'), num('high'), { step: num('q') }, paramName);
    case 'IntUniformDistribution':
      return intDistribution(num('low'), num('high'), { step: (attrs.step ?? 1) as number }, paramName);
    case 'IntLogUniformDistribution':
      // Its deprecated `step` was ignored by every Optuna sampler; a log int has step 1.
      return intDistribution(num('low'), num('high'), { log: true }, paramName);
    default:
      throw new InvalidDistributionError(paramName, 'name', name, `unknown distribution class '${name}'`);
  }
}

function fromAbbreviated(json: Record<string, unknown>, paramName: string | undefined): Distribution {
  const name = `abbreviated '${String(json.type)}'`;
  const num = (key: string) => attribute(json, key, name, paramName) as number;
  const log = (json.log ?? false) as boolean;
  switch (json.type) {
    case 'categorical':
      return categoricalDistribution(attribute(json, 'choices', name, paramName) as never[], paramName);
    case 'float': {
      const step = json.step;
      return floatDistribution(num('low'), num('high'), { log, ...(step === null || step === undefined ? {} : { step: step as number }) }, paramName);
    }
    case 'int':
      return intDistribution(num('low'), num('high'), { log, step: (json.step ?? 1) as number }, paramName);
    default:
      throw new InvalidDistributionError(paramName, 'type', json.type, `unknown distribution type ${JSON.stringify(json.type)}`);
  }
}
