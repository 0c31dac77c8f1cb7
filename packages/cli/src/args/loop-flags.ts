import { parseInteger, parseSeconds } from './flag-values.js';
import type { FlagSpec } from './parse-command-flags.js';

/** The flags that bound an optimisation loop (`run`, `worker`). */
export const LOOP_FLAGS = {
  trials: { type: 'string' },
  timeout: { type: 'string' },
  concurrency: { type: 'string' },
  'max-trials': { type: 'string' },
} as const satisfies FlagSpec;

/** The loop flags, parsed: `--timeout` seconds become milliseconds. */
export function parseLoopFlags(flags: { string(name: string): string | undefined }) {
  return {
    nTrials: parseInteger('--trials', flags.string('trials'), 0),
    timeout: parseSeconds('--timeout', flags.string('timeout')),
    concurrency: parseInteger('--concurrency', flags.string('concurrency')),
    maxTrials: parseInteger('--max-trials', flags.string('max-trials'), 0),
  };
}
