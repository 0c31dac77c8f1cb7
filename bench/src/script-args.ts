/**
 * The script's own arguments: `pnpm run <script> -- --flag` hands the `--` through to the
 * script, which `parseArgs` would take as the end of the options, so it is dropped.
 */
export function scriptArgs(): string[] {
  const argv = process.argv.slice(2);
  return argv[0] === '--' ? argv.slice(1) : argv;
}

/** A flag's value as a positive integer, or an error naming the flag and the value. */
export function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${flag} must be a positive integer, got '${text}'`);
  return value;
}
