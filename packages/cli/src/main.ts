import { readFileSync } from 'node:fs';
import { createCliIo, type CliIo } from './cli-context.js';
import { COMMANDS } from './commands/command-list.js';
import { describeCliError } from './errors/describe-cli-error.js';
import { UsageError } from './errors/usage-error.js';

/**
 * The `tunekit` command line, in-process: `argv` without `node` and the script
 * (`['trials', '--study', 'x']`), `io` to redirect output, the working directory and storages
 * (tests). Returns the exit code: 0 success, 1 failure, 2 bad command line. Never throws: errors
 * become one line on stderr (the stack too with `--debug`).
 */
export async function main(argv: readonly string[], partialIo: Partial<CliIo> = {}): Promise<number> {
  const io = createCliIo(partialIo);
  const debug = argv.includes('--debug');
  const args = argv.filter((arg, index) => !(arg === '--debug' && index < firstCommandIndex(argv)));
  const [name, ...rest] = args;
  let where = 'tunekit';
  try {
    if (name === undefined) {
      io.stderr.write(globalHelp());
      return 2;
    }
    if (name === '--help' || name === '-h') {
      io.stdout.write(globalHelp());
      return 0;
    }
    if (name === '--version' || name === '-v' || name === 'version') {
      io.stdout.write(`${version()}\n`);
      return 0;
    }
    if (name === 'help') {
      const topic = rest[0];
      if (topic === undefined) {
        io.stdout.write(globalHelp());
        return 0;
      }
      io.stdout.write(findCommand(topic).help);
      return 0;
    }
    const command = findCommand(name);
    where = `tunekit ${command.name}`;
    return await command.run(rest, io);
  } catch (error) {
    const report = describeCliError(error);
    io.stderr.write(`${where}: error: ${report.message}\n`);
    if (debug) io.stderr.write(`${report.details}\n`);
    return report.exitCode;
  }
}

function firstCommandIndex(argv: readonly string[]): number {
  const index = argv.findIndex((arg) => !arg.startsWith('-'));
  return index < 0 ? argv.length : index;
}

function findCommand(name: string) {
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command !== undefined) return command;
  const close = COMMANDS.filter((candidate) => candidate.name.startsWith(name.slice(0, 3)) || editDistance(candidate.name, name) <= 2).map((candidate) => candidate.name);
  const hint = close.length > 0 ? ` Did you mean ${close.map((candidate) => `'${candidate}'`).join(' or ')}?` : '';
  throw new UsageError(`Unknown command ${JSON.stringify(name)}.${hint} Commands: ${COMMANDS.map((candidate) => candidate.name).join(', ')} (see 'tunekit --help')`, { value: name });
}

/** Levenshtein distance, for "did you mean". */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

function globalHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  const list = COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n');
  return `Usage: tunekit <command> [options]

Hyperparameter optimisation from the command line: run study files, add workers, inspect
studies, and take part from any language with ask/tell.

Commands:
${list}

Every command takes --storage URL: sqlite:./file.db (default sqlite:./tunekit.db),
sqlite:///abs/file.db, postgres://user:password@host:5432/db, or memory: (this process only).
Exit codes: 0 success, 1 failure (storage, study, objective), 2 bad command line.
--debug prints stack traces; 'tunekit <command> --help' shows a command's options and examples.

Examples:
  tunekit run ./study.ts --trials 100
  tunekit trials --study study --format csv > trials.csv
  tunekit best-trial --study study --format json
  tunekit create-study --study sweep && tunekit ask --study sweep --search-space '{"x":{"type":"float","low":0,"high":1}}'
`;
}
