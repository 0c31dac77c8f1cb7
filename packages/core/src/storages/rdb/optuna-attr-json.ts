import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import type { JsonValue } from '../../protocol/json-value.js';

/**
 * Attribute values (`*_attributes.value_json`) are JSON text, as Optuna writes them with Python's
 * `json.dumps`. tunekit writes standard JSON (`JSON.stringify`, which Python's `json.loads`
 * reads), and reads what Python wrote, including the non-standard `NaN`, `Infinity` and
 * `-Infinity` that `json.dumps` emits for non-finite floats: tunekit attributes are JSON values,
 * so those become `null` (what `JSON.stringify` makes of them). Integers beyond 2^53 lose
 * precision, as everywhere in JavaScript.
 */
export function encodeAttrJson(value: JsonValue): string {
  return JSON.stringify(value);
}

/** Parse a `value_json` column. Throws `InvalidArgumentError` when it is not JSON at all. */
export function decodeAttrJson(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    const cleaned = replacePythonNonFinite(text);
    if (cleaned !== text) {
      try {
        return JSON.parse(cleaned) as JsonValue;
      } catch {
        // fall through to the original error
      }
    }
    throw new InvalidArgumentError('value_json', text, `JSON text (${(error as Error).message})`);
  }
}

/** Replace bare `NaN` / `Infinity` / `-Infinity` tokens (outside strings) with `null`. */
function replacePythonNonFinite(text: string): string {
  let out = '';
  let index = 0;
  let inString = false;
  while (index < text.length) {
    const char = text[index] as string;
    if (inString) {
      out += char;
      if (char === '\\') {
        out += text[index + 1] ?? '';
        index += 2;
        continue;
      }
      if (char === '"') inString = false;
      index++;
      continue;
    }
    if (char === '"') {
      inString = true;
      out += char;
      index++;
      continue;
    }
    const token = text.startsWith('-Infinity', index) ? '-Infinity' : text.startsWith('Infinity', index) ? 'Infinity' : text.startsWith('NaN', index) ? 'NaN' : undefined;
    if (token !== undefined) {
      out += 'null';
      index += token.length;
      continue;
    }
    out += char;
    index++;
  }
  return out;
}

/**
 * Collect `(key, value_json)` rows into an attribute record. Keys are defined as own properties,
 * so that `'__proto__'` stays an ordinary key. Keys for which `skip` returns true are left out.
 */
export function attrsFromRows(rows: Iterable<{ readonly key: string; readonly valueJson: string }>, skip?: (key: string) => boolean): Record<string, JsonValue> {
  const attrs: Record<string, JsonValue> = {};
  for (const { key, valueJson } of rows) {
    if (skip?.(key) === true) continue;
    Object.defineProperty(attrs, key, { value: decodeAttrJson(valueJson), enumerable: true, writable: true, configurable: true });
  }
  return attrs;
}
