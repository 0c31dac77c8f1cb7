import { TunekitError } from '@tunekit/core';
import type { TfjsNamespace } from './tfjs-types.js';

/** The packages tried, in order, when no `tf` namespace is passed. */
const CANDIDATES = ['@tensorflow/tfjs', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'] as const;

let resolved: TfjsNamespace | undefined;

/**
 * The TensorFlow.js namespace to use: `tf` when given, else the first of `@tensorflow/tfjs`,
 * `@tensorflow/tfjs-node`, `@tensorflow/tfjs-node-gpu` that Node can load from this package
 * (synchronously, with `require`: tfjs ships CommonJS for Node, so this is the very module
 * instance an `import` of it gives the application). In browsers and bundlers, pass `tf`.
 */
export function resolveTfjs(tf?: TfjsNamespace): TfjsNamespace {
  if (tf !== undefined) {
    if (typeof tf !== 'object' || tf === null || typeof tf.CustomCallback !== 'function') {
      throw new TunekitError(
        'Invalid tf option: expected a TensorFlow.js namespace (import * as tf from "@tensorflow/tfjs"), got ' +
          (tf === null ? 'null' : typeof tf),
        { code: 'INVALID_ARGUMENT' },
      );
    }
    return tf;
  }
  if (resolved !== undefined) return resolved;
  const moduleApi = (
    globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
  ).process?.getBuiltinModule?.('node:module') as
    | { createRequire(from: string): (id: string) => unknown }
    | undefined;
  const failures: string[] = [];
  if (moduleApi !== undefined) {
    const require = moduleApi.createRequire(import.meta.url);
    for (const id of CANDIDATES) {
      try {
        const candidate = require(id) as Partial<TfjsNamespace>;
        if (typeof candidate.CustomCallback === 'function') {
          resolved = candidate as TfjsNamespace;
          return resolved;
        }
        failures.push(`${id}: no CustomCallback export`);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') throw error;
        failures.push(`${id}: not installed`);
      }
    }
  }
  throw new TunekitError(
    `@tunekit/tfjs could not find TensorFlow.js (${failures.join('; ') || 'no require() in this runtime'}). ` +
      'Install @tensorflow/tfjs (or @tensorflow/tfjs-node), or pass the namespace: { tf } where tf is ' +
      'import * as tf from "@tensorflow/tfjs".',
    { code: 'TFJS_NOT_FOUND' },
  );
}

/** A warning: `process.emitWarning` in Node (with a code, once-filterable), `console.warn` elsewhere. */
export function warn(message: string, code: string): void {
  const host = (globalThis as { process?: { emitWarning?: (message: string, options: { code: string }) => void } }).process;
  if (typeof host?.emitWarning === 'function') host.emitWarning(message, { code });
  else console.warn(`${code}: ${message}`);
}
