import { categoricalDistribution, distributionFromJson, floatDistribution, intDistribution, InvalidDistributionError, type Distribution } from '@tunekit/core';
import { UsageError } from '../errors/usage-error.js';

const KEYS: Record<string, readonly string[]> = {
  float: ['type', 'low', 'high', 'log', 'step'],
  int: ['type', 'low', 'high', 'log', 'step'],
  categorical: ['type', 'choices'],
};

/**
 * Parse `--search-space`: a JSON object of parameter name → distribution, each either tunekit's
 * form or Optuna CLI's:
 *
 * ```json
 * {"x": {"type": "float", "low": 0, "high": 1, "log": false},
 *  "n": {"type": "int", "low": 1, "high": 9, "step": 2},
 *  "act": {"type": "categorical", "choices": ["relu", "tanh"]},
 *  "y": {"name": "FloatDistribution", "attributes": {"low": 0, "high": 1, "log": false, "step": null}}}
 * ```
 *
 * `log` defaults to false, `step` to none (floats) or 1 (ints). Throws `UsageError` naming the
 * flag and the parameter.
 */
export function parseSearchSpace(text: string, flag = '--search-space'): Record<string, Distribution> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`Invalid ${flag}: not JSON (${(error as Error).message})`, { flag, value: text });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`Invalid ${flag}: expected a JSON object of parameter name → distribution, e.g. {"x": {"type": "float", "low": 0, "high": 1}}`, { flag, value: text });
  }
  const space: Record<string, Distribution> = {};
  for (const [name, spec] of Object.entries(parsed)) {
    try {
      space[name] = parseDistribution(name, spec);
    } catch (error) {
      if (UsageError.isInstance(error) && error.code === 'CLI_USAGE') throw error;
      if (InvalidDistributionError.isInstance(error)) throw new UsageError(`Invalid ${flag}: ${error.message}`, { flag, value: text, cause: error });
      throw error;
    }
  }
  return space;
}

function parseDistribution(name: string, spec: unknown): Distribution {
  if (name.length === 0) throw new UsageError('Invalid --search-space: a parameter name is empty', { flag: '--search-space' });
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new UsageError(`Invalid --search-space: parameter '${name}' must be an object such as {"type": "float", "low": 0, "high": 1}, got ${JSON.stringify(spec)}`, { flag: '--search-space' });
  }
  const record = spec as Record<string, unknown>;
  if (typeof record.name === 'string' && 'attributes' in record) return distributionFromJson(JSON.stringify(record), name);
  const type = record.type;
  const allowed = typeof type === 'string' ? KEYS[type] : undefined;
  if (allowed === undefined) {
    throw new UsageError(`Invalid --search-space: parameter '${name}' has type ${JSON.stringify(type)}; expected "float", "int" or "categorical" (or Optuna's {"name": "FloatDistribution", "attributes": {...}})`, { flag: '--search-space' });
  }
  const unknown = Object.keys(record).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new UsageError(`Invalid --search-space: parameter '${name}' (${String(type)}) has unknown key(s) ${unknown.join(', ')}; allowed: ${allowed.join(', ')}`, { flag: '--search-space' });
  }
  const step = record.step === null ? undefined : (record.step as number | undefined);
  const log = (record.log as boolean | undefined) ?? false;
  switch (type) {
    case 'float':
      return floatDistribution(record.low as number, record.high as number, { log, ...(step === undefined ? {} : { step }) }, name);
    case 'int':
      return intDistribution(record.low as number, record.high as number, { log, ...(step === undefined ? {} : { step }) }, name);
    default:
      return categoricalDistribution(record.choices as never[], name);
  }
}
