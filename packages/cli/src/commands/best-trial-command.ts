import { parseFormat } from '../args/flag-values.js';
import { parseCommandFlags, STUDY_FLAGS } from '../args/parse-command-flags.js';
import { CommandError } from '../errors/command-error.js';
import { trialsToTabular, trialToJson } from '../output/trial-records.js';
import { writeOutput } from '../output/write-output.js';
import { loadCliStudy } from '../storage/load-cli-study.js';
import { withCliStorage } from '../storage/open-cli-storage.js';
import { printHelp, type Command } from './command.js';

/** `tunekit best-trial`: the best trial (the Pareto front for several objectives). */
export const bestTrialCommand: Command = {
  name: 'best-trial',
  summary: 'Show the best trial (the Pareto front of a multi-objective study)',
  help: `Usage: tunekit best-trial --storage URL [--study NAME] [--format table|json|csv]

Shows the best complete trial of a single-objective study (the lowest number wins a tie). For a
multi-objective study, shows every trial of the Pareto front. Fails (exit 1) when no trial has
completed yet.

JSON: one trial object for a single objective, an array of them for several objectives (same
fields as 'tunekit trials --format json').

Options:
  --storage URL    where the study lives (default sqlite:./tunekit.db)
  --study NAME     the study (optional when the storage holds exactly one)
  --format F       table (default), json or csv (RFC 4180)
  --debug          print stack traces on errors
  -h, --help       show this help

Examples:
  tunekit best-trial --storage sqlite:./runs.db --study sweep
  tunekit best-trial --study sweep --format json | jq '.params'
`,
  async run(args, io) {
    const flags = parseCommandFlags('best-trial', args, { ...STUDY_FLAGS, format: { type: 'string' } });
    if (flags.boolean('help')) return printHelp(io, bestTrialCommand.help);
    const format = parseFormat(flags.string('format'));
    return withCliStorage(io, flags.string('storage'), { mustExist: true }, async (storage) => {
      const study = await loadCliStudy(storage, flags.study, 'best-trial');
      try {
        const front = study.isMultiObjective ? study.bestTrials : study.bestTrials.slice(0, 1);
        if (front.length === 0) {
          throw new CommandError(`Study '${study.studyName}' has no complete trial yet (${study.trials.length} trial${study.trials.length === 1 ? '' : 's'} in all)`, { code: 'CLI_NO_COMPLETE_TRIAL' });
        }
        const json = study.isMultiObjective ? front.map(trialToJson) : trialToJson(front[0] as (typeof front)[number]);
        writeOutput(io.stdout, format, { json, table: trialsToTabular(front, study.directions), empty: '' });
      } finally {
        await study.close();
      }
      return 0;
    });
  },
};
