import { TrialNotFoundError, UpdateFinishedTrialError } from '@tunekit/core';
import { parseInteger, parseNumberList, requireFlag } from '../args/flag-values.js';
import { parseCommandFlags, STUDY_FLAGS } from '../args/parse-command-flags.js';
import { CommandError } from '../errors/command-error.js';
import { UsageError } from '../errors/usage-error.js';
import { stripControlCharacters } from '../output/format-table.js';
import { loadCliStudy } from '../storage/load-cli-study.js';
import { withCliStorage } from '../storage/open-cli-storage.js';
import { printHelp, type Command } from './command.js';

/** `tunekit tell`: finish a trial that `tunekit ask` (or any process) started. */
export const tellCommand: Command = {
  name: 'tell',
  summary: 'Finish a trial with its values, or as pruned / failed',
  help: `Usage: tunekit tell --storage URL --study NAME --trial N (--values V1 [V2 ...] | --state pruned|fail)

Finishes trial N of the study: 'complete' with one value per objective, or 'pruned' / 'fail'.
Works from any process: the trial need not have been asked by this one. Values must be finite
numbers (negative ones too: --values -0.5); several objectives take several values
(--values 0.9 12.5, or --values 0.9,12.5).

Options:
  --storage URL         where the study lives (default sqlite:./tunekit.db)
  --study NAME          the study (optional when the storage holds exactly one)
  --trial N             the trial number 'tunekit ask' printed (--trial-number also works)
  --values V...         the objective value(s): the trial completes
  --state S             complete (needs --values), pruned or fail
  --fail-reason TEXT    with --state fail: recorded as the trial's fail_reason
  --skip-if-finished    succeed without changes when the trial is already finished
  --debug               print stack traces on errors
  -h, --help            show this help

Examples:
  tunekit tell --storage sqlite:./runs.db --study sweep --trial 3 --values 0.125
  tunekit tell --study accuracy-vs-latency --trial 7 --values 0.93 41.5
  tunekit tell --study sweep --trial 4 --state fail --fail-reason "out of memory"
`,
  async run(args, io) {
    const flags = parseCommandFlags('tell', gatherValues(args), {
      ...STUDY_FLAGS,
      trial: { type: 'string' },
      'trial-number': { type: 'string' },
      values: { type: 'string' },
      state: { type: 'string' },
      'fail-reason': { type: 'string' },
      'skip-if-finished': { type: 'boolean' },
    });
    if (flags.boolean('help')) return printHelp(io, tellCommand.help);
    const trialText = flags.string('trial') ?? flags.string('trial-number');
    const number = parseInteger(flags.string('trial') === undefined ? '--trial-number' : '--trial', requireFlag('--trial', trialText, 'tell'), 0) as number;
    const valuesText = flags.string('values');
    const values = valuesText === undefined ? undefined : parseNumberList('--values', valuesText);
    const stateText = flags.string('state')?.trim().toLowerCase();
    if (stateText !== undefined && stateText !== 'complete' && stateText !== 'pruned' && stateText !== 'fail') {
      throw UsageError.invalidValue('--state', flags.string('state') as string, "'complete', 'pruned' or 'fail'");
    }
    const state = stateText ?? (values === undefined ? undefined : 'complete');
    if (state === undefined) throw new UsageError("Give --values V... (the trial completes) or --state pruned|fail for 'tunekit tell'", { flag: '--values' });
    if (state === 'complete' && values === undefined) throw new UsageError('--state complete needs --values', { flag: '--values' });
    if (state !== 'complete' && values !== undefined) throw new UsageError(`--values goes with --state complete, not --state ${state}`, { flag: '--values' });
    const failReason = flags.string('fail-reason');
    if (failReason !== undefined && state !== 'fail') throw new UsageError('--fail-reason goes with --state fail', { flag: '--fail-reason' });
    return withCliStorage(io, flags.string('storage'), { mustExist: true }, async (storage) => {
      const study = await loadCliStudy(storage, flags.study, 'tell');
      try {
        if (values !== undefined && values.length !== study.directions.length) {
          const n = study.directions.length;
          throw UsageError.invalidValue('--values', valuesText as string, `${n} value${n === 1 ? '' : 's'}: study '${study.studyName}' has ${n} objective${n === 1 ? '' : 's'} (${study.directions.join(', ')})`);
        }
        let finished;
        try {
          finished = await study.tell(number, values, { state, ...(failReason === undefined ? {} : { failReason }), skipIfFinished: flags.boolean('skip-if-finished') });
        } catch (error) {
          if (TrialNotFoundError.isInstance(error) && error.code === 'TRIAL_NOT_FOUND') {
            throw new CommandError(`Study '${study.studyName}' has no trial ${number} (it has ${study.trials.length} trial${study.trials.length === 1 ? '' : 's'}, numbered from 0)`, { code: 'CLI_TRIAL_NOT_FOUND', cause: error });
          }
          if (UpdateFinishedTrialError.isInstance(error) && error.code === 'UPDATE_FINISHED_TRIAL') {
            throw new CommandError(`Trial ${number} of study '${study.studyName}' is already finished (state '${(error as UpdateFinishedTrialError).state}'); pass --skip-if-finished to accept that`, { code: 'CLI_TRIAL_FINISHED', cause: error });
          }
          throw error;
        }
        const told = finished.values === undefined ? '' : `, values [${finished.values.join(', ')}]`;
        io.stderr.write(`${stripControlCharacters(`Trial ${finished.number} of study '${study.studyName}'`)}: ${finished.state}${told}\n`);
      } finally {
        await study.close();
      }
      return 0;
    });
  },
};

const NUMBER_LIKE = /^[-+]?(\d|\.\d)[\d.eE+\-,]*$/;

/**
 * Let `--values` take several space-separated values, negative ones included (`--values -1 2.5`),
 * as Optuna's CLI does: the number-like arguments after it are joined into `--values=-1,2.5`
 * before `parseArgs` (which would read `-1` as a flag).
 */
export function gatherValues(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (arg === '--') {
      out.push(...args.slice(index));
      break;
    }
    if (arg !== '--values' && !arg.startsWith('--values=')) {
      out.push(arg);
      continue;
    }
    const parts = arg === '--values' ? [] : [arg.slice('--values='.length)];
    while (index + 1 < args.length && NUMBER_LIKE.test(args[index + 1] as string)) parts.push(args[++index] as string);
    if (arg === '--values' && parts.length === 0) out.push(arg);
    else out.push(`--values=${parts.join(',')}`);
  }
  return out;
}
