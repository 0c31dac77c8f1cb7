import type { TrialState } from '@tunekit/core';
import { parseFormat } from '../args/flag-values.js';
import { parseCommandFlags, STUDY_FLAGS } from '../args/parse-command-flags.js';
import { UsageError } from '../errors/usage-error.js';
import { trialsToTabular, trialToJson } from '../output/trial-records.js';
import { writeOutput } from '../output/write-output.js';
import { loadCliStudy } from '../storage/load-cli-study.js';
import { withCliStorage } from '../storage/open-cli-storage.js';
import { printHelp, type Command } from './command.js';

const STATES: readonly TrialState[] = ['running', 'complete', 'pruned', 'fail', 'waiting'];

/** `tunekit trials`: a study's trials. */
export const trialsCommand: Command = {
  name: 'trials',
  summary: "List a study's trials (params flattened as params.<name>)",
  help: `Usage: tunekit trials --storage URL [--study NAME] [--state S1,S2] [--format table|json|csv]

Lists the study's trials by number. Table and CSV columns: number, state, value (values.0,
values.1, ... for several objectives), datetime_start, datetime_complete, duration (s),
params.<name>, user_attrs.<key>, fail_reason. The table rounds numbers to 6 significant
digits; CSV and JSON are exact. JSON is an array of {number, state, values, params,
distributions, intermediateValues, userAttrs, systemAttrs, datetimeStart, datetimeComplete,
durationSeconds}.

Options:
  --storage URL    where the study lives (default sqlite:./tunekit.db)
  --study NAME     the study (optional when the storage holds exactly one)
  --state S        only trials in these states: running, complete, pruned, fail, waiting
  --format F       table (default), json or csv (RFC 4180)
  --debug          print stack traces on errors
  -h, --help       show this help

Examples:
  tunekit trials --storage sqlite:./runs.db --study sweep
  tunekit trials --study sweep --state complete --format csv > trials.csv
  tunekit trials --study sweep --format json | jq '[.[] | select(.state == "fail") | .systemAttrs.fail_reason]'
`,
  async run(args, io) {
    const flags = parseCommandFlags('trials', args, { ...STUDY_FLAGS, format: { type: 'string' }, state: { type: 'string' } });
    if (flags.boolean('help')) return printHelp(io, trialsCommand.help);
    const format = parseFormat(flags.string('format'));
    const states = parseStates(flags.string('state'));
    return withCliStorage(io, flags.string('storage'), { mustExist: true }, async (storage) => {
      const study = await loadCliStudy(storage, flags.study, 'trials');
      try {
        const trials = await study.getTrials(states === undefined ? {} : { states });
        writeOutput(io.stdout, format, { json: trials.map(trialToJson), table: trialsToTabular(trials, study.directions), empty: `Study '${study.studyName}' has no${states === undefined ? '' : ` ${states.join(' or ')}`} trials.` });
      } finally {
        await study.close();
      }
      return 0;
    });
  },
};

function parseStates(value: string | undefined): TrialState[] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(/[\s,]+/).filter((part) => part.length > 0).map((part) => part.toLowerCase());
  if (parts.length === 0 || parts.some((part) => !STATES.includes(part as TrialState))) {
    throw UsageError.invalidValue('--state', value, `a comma-separated list of ${STATES.join(', ')}`);
  }
  return parts as TrialState[];
}
