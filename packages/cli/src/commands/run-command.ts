import { createStudy, type Storage } from '@tunekit/core';
import { LOOP_FLAGS, parseLoopFlags } from '../args/loop-flags.js';
import { parseCommandFlags, STUDY_FLAGS } from '../args/parse-command-flags.js';
import type { CliIo } from '../cli-context.js';
import { optimizeStudy } from '../optimize/optimize-study.js';
import { printRunSummary } from '../optimize/print-run-summary.js';
import { stripControlCharacters } from '../output/format-table.js';
import { openCliStorage, type CliStorage } from '../storage/open-cli-storage.js';
import { loadStudyFile } from '../study-file/load-study-file.js';
import { printHelp, type Command } from './command.js';

/** `tunekit run <study file>`: create (or continue) a study and optimise the file's objective. */
export const runCommand: Command = {
  name: 'run',
  summary: 'Run a study file: create or continue its study and optimise its objective',
  help: `Usage: tunekit run <study file> [--storage URL] [--study NAME] [--trials N] [--timeout S] [--concurrency N]

Imports <study file> (TypeScript or JavaScript; no build step) and optimises its \`objective\`.
The study is created, or continued when a study of that name exists. Progress is drawn on stderr
when it is a terminal; the best trial is printed at the end. Ctrl-C starts no new trial and
lets the running ones finish (press it again to quit at once).

The study file exports (named, or as keys of its default export):
  objective        required: (trial) => number | number[], sync or async
  studyOptions     optional: createStudy options (studyName, direction | directions, sampler,
                   pruner, heartbeat, retryFailedTrials, storage)
  optimizeOptions  optional: optimize options (nTrials, timeout in ms, concurrency, maxTrials,
                   catch, callbacks, ...)
Flags override the file.

Options:
  --storage URL      sqlite:./file.db, sqlite:///abs/file.db, postgres://user@host:5432/db or memory:
                     (default: studyOptions.storage, else sqlite:./tunekit.db)
  --study NAME       study name (default: studyOptions.studyName, else the file name without extension)
  --trials N         trials to run in this call (optimizeOptions.nTrials)
  --timeout S        start no new trial after S seconds (optimizeOptions.timeout)
  --concurrency N    trials in flight at once in this process (default 1)
  --max-trials N     study-wide cap over every worker: stop when the study holds N
                     running + complete + pruned trials
  --debug            print stack traces on errors
  -h, --help         show this help

Examples:
  tunekit run ./quadratic.ts --trials 50
  tunekit run ./quadratic.ts --trials 50               # again: the study continues (100 trials)
  tunekit run study.ts --storage sqlite:./runs.db --study lr-sweep --timeout 600 --concurrency 4
`,
  async run(args, io) {
    const flags = parseCommandFlags('run', args, { ...STUDY_FLAGS, ...LOOP_FLAGS }, { min: 1, max: 1, names: '<study file>' });
    if (flags.boolean('help')) return printHelp(io, runCommand.help);
    const loop = parseLoopFlags(flags);
    const file = await loadStudyFile(flags.positionals[0] as string, io.cwd);
    for (const warning of file.warnings) io.stderr.write(`tunekit run: warning: ${warning}\n`);
    const { storage: fileStorage, studyName: fileStudyName, ...behaviour } = file.studyOptions;
    const storage = await openRunStorage(io, flags.string('storage'), fileStorage);
    try {
      const studyName = flags.study ?? fileStudyName ?? file.baseName;
      const study = await createStudy({ ...behaviour, studyName, storage: storage.storage, loadIfExists: true });
      try {
        const before = study.trials.length;
        const where = stripControlCharacters(`Study '${studyName}' (${storage.label})`);
        io.stderr.write(before === 0 ? `${where}: new\n` : `${where}: continuing after ${before} trial${before === 1 ? '' : 's'}\n`);
        const result = await optimizeStudy(study, file, loop, io);
        await study.refresh();
        printRunSummary(io.stdout, study, result);
      } finally {
        await study.close();
      }
    } finally {
      await storage.close();
    }
    return 0;
  },
};

async function openRunStorage(io: CliIo, flag: string | undefined, fromFile: string | Storage | undefined): Promise<CliStorage> {
  if (flag !== undefined) return openCliStorage(io, flag, { mustExist: false });
  if (fromFile === undefined || typeof fromFile === 'string') return openCliStorage(io, fromFile, { mustExist: false });
  // A Storage instance in the file: the file owns it.
  return { storage: fromFile, label: 'the storage of studyOptions', close: async () => undefined };
}
