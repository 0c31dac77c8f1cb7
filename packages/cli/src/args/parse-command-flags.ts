import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors/usage-error.js';

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;

/** The flags every command takes. */
export const COMMON_FLAGS = {
  help: { type: 'boolean', short: 'h' },
  debug: { type: 'boolean' },
} as const satisfies FlagSpec;

/** `--storage URL` and `--study NAME` (`--study-name` too, as Optuna's CLI spells it). */
export const STUDY_FLAGS = {
  storage: { type: 'string' },
  study: { type: 'string' },
  'study-name': { type: 'string' },
} as const satisfies FlagSpec;

/** Parsed flags with typed accessors. */
export class ParsedFlags {
  readonly #values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  readonly positionals: readonly string[];

  constructor(values: Record<string, string | boolean | (string | boolean)[] | undefined>, positionals: readonly string[]) {
    this.#values = values;
    this.positionals = positionals;
  }

  string(name: string): string | undefined {
    const value = this.#values[name];
    return typeof value === 'string' ? value : undefined;
  }

  boolean(name: string): boolean {
    return this.#values[name] === true;
  }

  /** `--study`, or its alias `--study-name`. */
  get study(): string | undefined {
    const study = this.string('study');
    const alias = this.string('study-name');
    if (study !== undefined && alias !== undefined && study !== alias) {
      throw new UsageError(`Conflicting --study ${JSON.stringify(study)} and --study-name ${JSON.stringify(alias)}: give one`, { flag: '--study' });
    }
    return study ?? alias;
  }
}

/**
 * `node:util` `parseArgs` in strict mode, with its errors turned into `UsageError`s that point at
 * the command's help. `positionals` bounds how many bare arguments the command takes.
 */
export function parseCommandFlags(command: string, args: readonly string[], options: FlagSpec, positionals: { readonly min?: number; readonly max: number; readonly names?: string } = { max: 0 }): ParsedFlags {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...args], options: { ...COMMON_FLAGS, ...options }, strict: true, allowPositionals: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\.?\s*$/, '') : String(error);
    throw new UsageError(`${message} (see 'tunekit ${command} --help')`, { cause: error });
  }
  const flags = new ParsedFlags(parsed.values as Record<string, string | boolean | undefined>, parsed.positionals);
  if (flags.boolean('help')) return flags;
  const count = parsed.positionals.length;
  if (count > positionals.max) {
    const extra = parsed.positionals[positionals.max] as string;
    throw new UsageError(`Unexpected argument ${JSON.stringify(extra)} for 'tunekit ${command}'${positionals.names === undefined ? '' : ` (it takes ${positionals.names})`} (see 'tunekit ${command} --help')`, { value: extra });
  }
  if (count < (positionals.min ?? 0)) {
    throw new UsageError(`Missing ${positionals.names ?? 'argument'} for 'tunekit ${command}' (see 'tunekit ${command} --help')`, { flag: positionals.names });
  }
  return flags;
}
