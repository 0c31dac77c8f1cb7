import { parseCommandFlags, STUDY_FLAGS } from '../args/parse-command-flags.js';
import { requireFlag } from '../args/flag-values.js';
import { CommandError } from '../errors/command-error.js';
import { UsageError } from '../errors/usage-error.js';
import { stripControlCharacters } from '../output/format-table.js';
import { loadCliStudy } from '../storage/load-cli-study.js';
import { withCliStorage } from '../storage/open-cli-storage.js';
import { printHelp, type Command } from './command.js';

/** `tunekit delete-study`: remove a study and every trial of it. */
export const deleteStudyCommand: Command = {
  name: 'delete-study',
  summary: 'Delete a study and all its trials',
  help: `Usage: tunekit delete-study --storage URL --study NAME [--yes]

Deletes the study and every trial of it. Asks for confirmation on a terminal; without a
terminal (scripts, CI) --yes is required.

Options:
  --storage URL   where the study lives (default sqlite:./tunekit.db)
  --study NAME    the study to delete (required)
  -y, --yes       do not ask
  --debug         print stack traces on errors
  -h, --help      show this help

Examples:
  tunekit delete-study --storage sqlite:./runs.db --study sweep
  tunekit delete-study --storage sqlite:./runs.db --study sweep --yes
`,
  async run(args, io) {
    const flags = parseCommandFlags('delete-study', args, { ...STUDY_FLAGS, yes: { type: 'boolean', short: 'y' } });
    if (flags.boolean('help')) return printHelp(io, deleteStudyCommand.help);
    const studyName = requireFlag('--study', flags.study, 'delete-study');
    return withCliStorage(io, flags.string('storage'), { mustExist: true }, async (storage) => {
      const study = await loadCliStudy(storage, studyName, 'delete-study');
      const count = study.trials.length;
      await study.close();
      const what = stripControlCharacters(`study '${studyName}' (${count} trial${count === 1 ? '' : 's'}) from ${storage.label}`);
      if (!flags.boolean('yes')) {
        if (io.prompt === undefined) throw new UsageError(`Refusing to delete ${what} without confirmation: pass --yes (no terminal to ask on)`, { flag: '--yes' });
        const answer = await io.prompt(`Delete ${what}? [y/N] `);
        if (!/^y(es)?$/i.test(answer.trim())) {
          io.stderr.write('Nothing deleted.\n');
          return 1;
        }
      }
      try {
        await storage.storage.deleteStudy(study.studyId);
      } catch (error) {
        throw new CommandError(`Could not delete ${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      io.stderr.write(`Deleted ${what}.\n`);
      return 0;
    });
  },
};
