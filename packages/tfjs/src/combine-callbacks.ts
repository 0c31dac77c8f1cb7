import { resolveTfjs } from './resolve-tfjs.js';
import { namespaceOf } from './tfjs-callback.js';
import type { CallbackConfig, TfjsNamespace } from './tfjs-types.js';

/** What `combineCallbacks` accepts: callback instances, plain configs, arrays of them, or nothing. */
export type CallbackEntry = CallbackConfig | readonly CallbackConfig[] | null | undefined;

/**
 * Normalise callbacks for `model.fit` / `model.fitDataset`. tfjs decides from the first entry of
 * an array whether all entries are callback instances (`tf.Callback`, `tf.CustomCallback`,
 * `tf.callbacks.earlyStopping()`, tunekit's callbacks) or plain `{ onEpochEnd }` configs, and
 * fails or misbehaves on a mix. This flattens its arguments, drops null/undefined, and when any
 * entry is an instance, wraps every plain config in a `tf.CustomCallback` so the array is all
 * instances. Order is kept.
 *
 * ```ts
 * await model.fit(xs, ys, { epochs, callbacks: combineCallbacks(pruning, { onEpochEnd: log }, fitArgs.callbacks) });
 * ```
 *
 * The `tf` used to wrap configs is the one a tunekit callback in the list was built with, else
 * the one `resolveTfjs` finds; pass `{ tf }` last to choose it explicitly.
 */
export function combineCallbacks(...entries: Array<CallbackEntry | { readonly tf: TfjsNamespace }>): CallbackConfig[] {
  let tf: TfjsNamespace | undefined;
  const flat: CallbackConfig[] = [];
  for (const entry of entries) {
    if (entry === null || entry === undefined) continue;
    if (Array.isArray(entry)) {
      for (const item of entry as readonly CallbackConfig[]) if (item !== null && item !== undefined) flat.push(item);
    } else if (isTfOption(entry)) {
      tf = entry.tf;
    } else {
      flat.push(entry as CallbackConfig);
    }
  }
  if (!flat.some(isCallbackInstance)) return flat;
  for (const item of flat) tf ??= namespaceOf(item);
  let namespace: TfjsNamespace | undefined = tf;
  return flat.map((item) => {
    if (isCallbackInstance(item)) return item;
    namespace ??= resolveTfjs();
    return new namespace.CustomCallback(item) as unknown as CallbackConfig;
  });
}

/** Whether tfjs would treat `value` as a callback instance (it has the BaseCallback methods). */
function isCallbackInstance(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { setModel?: unknown }).setModel === 'function' &&
    typeof (value as { setParams?: unknown }).setParams === 'function'
  );
}

function isTfOption(value: object): value is { readonly tf: TfjsNamespace } {
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === 'tf' && typeof (value as { tf?: { CustomCallback?: unknown } }).tf?.CustomCallback === 'function';
}
