import { LOOP_FLAGS, parseLoopFlags } from '../args/loop-flags.js';
import { parseCommandFlags, STUDY_FLAGS } from '../args/parse-command-flags.js';
import { CommandError } from '../errors/command-error.js';
import { UsageError } from '../errors/usage-error.js';
import { optimizeStudy } from '../optimize/optimize-study.js';
import { printRunSummary } from '../optimize/print-run-summary.js';
import { stripControlCharacters } from '../output/format-table.js';
import { loadCliStudy } from '../storage/load-cli-study.js';
import { withCliStorage } from '../storage/open-cli-storage.js';
import { loadStudyFile } from '../study-file/load-study-file.js';
import { printHelp, type Command } from './command.js';

/** `tunekit worker`: join an existing study (another process or machine runs the same study). */
export const workerCommand: Command = {
  name: 'worker',
  summary: 'Join an existing study as one more worker, running an objective file',
  help: `Usage: tunekit worker --storage URL --study NAME <objective file> [--trials N] [--max-trials N] [--timeout S] [--concurrency N]

Loads the existing study NAME and runs the file's \`objective\` on new trials, alongside every
other worker of the study (several processes on one SQLite file, or many machines on one
PostgreSQL database). The file follows the same contract as for \`tunekit run\`; its
studyOptions.sampler, pruner, heartbeat and retryFailedTrials apply, its direction(s) must match
the study's. Without a limit the worker runs until interrupted.

Options:
  --storage URL      where the study lives (default sqlite:./tunekit.db)
  --study NAME       the study to join (default: studyOptions.studyName of the file)
  --trials N         trials this worker runs
  --max-trials N     study-wide cap: stop once the study holds N running + complete + pruned
                     trials, counting every worker (exact under concurrency)
  --timeout S        start no new trial after S seconds
  --concurrency N    trials in flight at once in this process (default 1)
  --debug            print stack traces on errors
  -h, --help         show this help

Examples:
  tunekit create-study --storage sqlite:./runs.db --study sweep --direction minimize
  for i in 1 2 3 4; do tunekit worker --storage sqlite:./runs.db --study sweep --max-trials 200 objective.ts & done; wait
  tunekit worker --storage postgres://tunekit@db:5432/tunekit --study sweep objective.ts --timeout 3600
`,
  async run(args, io) {
    const flags = parseCommandFlags('worker', args, { ...STUDY_FLAGS, ...LOOP_FLAGS }, { min: 1, max: 1, names: '<objective file>' });
    if (flags.boolean('help')) return printHelp(io, workerCommand.help);
    const loop = parseLoopFlags(flags);
    const file = await loadStudyFile(flags.positionals[0] as string, io.cwd);
    for (const warning of file.warnings) io.stderr.write(`tunekit worker: warning: ${warning}\n`);
    const { sampler, pruner, heartbeat, retryFailedTrials, direction, directions } = file.studyOptions;
    const studyName = flags.study ?? file.studyOptions.studyName;
    if (studyName === undefined) throw new UsageError("Missing --study for 'tunekit worker' (the study to join; the file's studyOptions has no studyName either)", { flag: '--study' });
    const storageUrl = flags.string('storage') ?? (typeof file.studyOptions.storage === 'string' ? file.studyOptions.storage : undefined);
    return withCliStorage(io, storageUrl, { mustExist: true }, async (storage) => {
      const behaviour = { ...(sampler && { sampler }), ...(pruner && { pruner }), ...(heartbeat && { heartbeat }), ...(retryFailedTrials && { retryFailedTrials }) };
      const study = await loadCliStudy(storage, studyName, 'worker', behaviour);
      try {
        const expected = directions ?? (direction === undefined ? undefined : [direction]);
        if (expected !== undefined && expected.join() !== study.directions.join()) {
          throw new CommandError(`The objective file ${file.path} declares direction(s) ${expected.join(', ')} but study '${study.studyName}' has ${study.directions.join(', ')}`, { code: 'CLI_DIRECTION_MISMATCH' });
        }
        io.stderr.write(`${stripControlCharacters(`Joining study '${study.studyName}' in ${storage.label}`)} (${study.trials.length} trials so far)\n`);
        const result = await optimizeStudy(study, file, loop, io);
        await study.refresh();
        printRunSummary(io.stdout, study, result);
      } finally {
        await study.close();
      }
      return 0;
    });
  },
};
