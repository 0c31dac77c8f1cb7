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

function attribute(attrs: Record<string, unknown>, key: string, name: string): unknown {
  if (!(key in attrs)) {
    throw new InvalidDistributionError(undefined, key, undefined, `${name} JSON lacks the attribute '${key}'`);
  }
  return attrs[key];
}

/**
 * Parse Optuna's distribution JSON, including the legacy classes older Optuna databases hold
 * (`UniformDistribution`, `LogUniformDistribution`, `DiscreteUniformDistribution`,
 * `IntUniformDistribution`, `IntLogUniformDistribution`). Throws `InvalidDistributionError`.
 */
export function distributionFromJson(text: string, paramName?: string): Distribution {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvalidDistributionError(paramName, 'json', text, `not valid JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { name?: unknown }).name !== 'string') {
    throw new InvalidDistributionError(paramName, 'json', text, 'expected {"name": ..., "attributes": {...}}');
  }
  const { name, attributes } = parsed as { name: string; attributes?: Record<string, unknown> };
  const attrs = attributes ?? {};
  const num = (key: string) => attribute(attrs, key, name) as number;
  switch (name) {
    case 'FloatDistribution': {
      const step = attrs.step;
      return floatDistribution(num('low'), num('high'), { log: Boolean(attrs.log), ...(step === null || step === undefined ? {} : { step: step as number }) }, paramName);
    }
    case 'IntDistribution':
      return intDistribution(num('low'), num('high'), { log: Boolean(attrs.log), step: (attrs.step as number | undefined) ?? 1 }, paramName);
    case 'CategoricalDistribution':
      return categoricalDistribution(attribute(attrs, 'choices', name) as never[], paramName);
    case 'UniformDistribution':
      return floatDistribution(num('low'), num('high'), {}, paramName);
    case 'LogUniformDistribution':
      return floatDistribution(num('low'), num('high'), { log: true }, paramName);
    case 'DiscreteUniformDistribution':
      return floatDistribution(num('low'), num('high'), { step: num('q') }, paramName);
    case 'IntUniformDistribution':
      return intDistribution(num('low'), num('high'), { step: (attrs.step as number | undefined) ?? 1 }, paramName);
    case 'IntLogUniformDistribution':
      return intDistribution(num('low'), num('high'), { log: true }, paramName);
    default:
      throw new InvalidDistributionError(paramName, 'name', name, `unknown distribution class '${name}'`);
  }
}
