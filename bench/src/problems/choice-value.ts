import { InvalidArgumentError, describeValue } from '@tunekit/core';

/**
 * `table[choice]`, or an `InvalidArgumentError` naming `field` and the known choices when `choice`
 * is not a key of the table (a plain lookup would give `undefined` and a silent NaN).
 */
export function choiceValue<K extends string, V>(table: Readonly<Record<K, V>>, choice: string, field: string): V {
  if (!Object.hasOwn(table, choice)) {
    throw new InvalidArgumentError(field, choice, `one of ${describeValue(Object.keys(table))}`);
  }
  return table[choice as K];
}
