import { parseFormat } from '../args/flag-values.js';
import { parseCommandFlags } from '../args/parse-command-flags.js';
import { studiesToTabular, type StudySummary } from '../output/study-records.js';
import { writeOutput } from '../output/write-output.js';
import { withCliStorage } from '../storage/open-cli-storage.js';
import { printHelp, type Command } from './command.js';

/** `tunekit studies`: every study in a storage. */
export const studiesCommand: Command = {
  name: 'studies',
  summary: 'List the studies in a storage',
  help: `Usage: tunekit studies --storage URL [--format table|json|csv]

Lists every study: name, directions, number of trials, when its first trial started.

Options:
  --storage URL    where to look (default sqlite:./tunekit.db)
  --format F       table (default), json (an array of {studyName, directions, nTrials,
                   datetimeStart, userAttrs}) or csv (RFC 4180)
  --debug          print stack traces on errors
  -h, --help       show this help

Examples:
  tunekit studies --storage sqlite:./runs.db
  tunekit studies --storage postgres://tunekit@db:5432/tunekit --format json | jq -r '.[].studyName'
`,
  async run(args, io) {
    const flags = parseCommandFlags('studies', args, { storage: { type: 'string' }, format: { type: 'string' } });
    if (flags.boolean('help')) return printHelp(io, studiesCommand.help);
    const format = parseFormat(flags.string('format'));
    return withCliStorage(io, flags.string('storage'), { mustExist: true }, async (storage) => {
      const records = await storage.storage.getAllStudies();
      const studies: StudySummary[] = [];
      for (const record of records) {
        studies.push({
          studyName: record.studyName,
          directions: record.directions,
          nTrials: record.nTrials ?? (await storage.storage.countTrials(record.studyId)),
          datetimeStart: record.datetimeStart?.toISOString() ?? null,
          userAttrs: record.userAttrs,
        });
      }
      writeOutput(io.stdout, format, { json: studies, table: studiesToTabular(studies), empty: `No studies in ${storage.label}.` });
      return 0;
    });
  },
};
