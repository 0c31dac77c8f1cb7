import { randomUUID } from 'node:crypto';
import { DuplicatedStudyError, type StudyDirection } from '@tunekit/core';
import { parseDirection, parseDirections } from '../args/flag-values.js';
import { parseCommandFlags, STUDY_FLAGS } from '../args/parse-command-flags.js';
import { CommandError } from '../errors/command-error.js';
import { UsageError } from '../errors/usage-error.js';
import { stripControlCharacters } from '../output/format-table.js';
import { withCliStorage } from '../storage/open-cli-storage.js';
import { printHelp, type Command } from './command.js';

/** `tunekit create-study`: an empty study, for workers or ask/tell scripts to fill. */
export const createStudyCommand: Command = {
  name: 'create-study',
  summary: 'Create an empty study (prints its name)',
  help: `Usage: tunekit create-study --storage URL --study NAME [--direction minimize|maximize | --directions D1,D2,...] [--skip-if-exists]

Creates an empty study and prints its name on stdout (a generated one when --study is absent).
The database file of a sqlite: URL is created when needed.

Options:
  --storage URL        where to create it (default sqlite:./tunekit.db)
  --study NAME         the study name (default: a generated no-name-<uuid>)
  --direction D        minimize (default) or maximize
  --directions D1,D2   one direction per objective for a multi-objective study
  --skip-if-exists     succeed without changes when the study exists (with the same directions)
  --debug              print stack traces on errors
  -h, --help           show this help

Examples:
  tunekit create-study --storage sqlite:./runs.db --study sweep --direction maximize
  tunekit create-study --study accuracy-vs-latency --directions maximize,minimize
  STUDY=$(tunekit create-study --storage sqlite:./runs.db)
`,
  async run(args, io) {
    const flags = parseCommandFlags('create-study', args, { ...STUDY_FLAGS, direction: { type: 'string' }, directions: { type: 'string' }, 'skip-if-exists': { type: 'boolean' } });
    if (flags.boolean('help')) return printHelp(io, createStudyCommand.help);
    const direction = flags.string('direction');
    const list = flags.string('directions');
    if (direction !== undefined && list !== undefined) throw new UsageError('Give --direction or --directions, not both', { flag: '--directions' });
    const directions: StudyDirection[] = list !== undefined ? parseDirections('--directions', list) : [direction === undefined ? 'minimize' : parseDirection('--direction', direction)];
    const given = flags.study;
    if (given !== undefined && given.length === 0) throw UsageError.invalidValue('--study', given, 'a non-empty study name');
    const studyName = given ?? `no-name-${randomUUID()}`;
    return withCliStorage(io, flags.string('storage'), { mustExist: false }, async (storage) => {
      try {
        await storage.storage.createStudy({ studyName, directions });
      } catch (error) {
        if (!(DuplicatedStudyError.isInstance(error) && error.code === 'DUPLICATED_STUDY')) throw error;
        const existing = await storage.storage.getStudyByName(studyName);
        if (!flags.boolean('skip-if-exists')) {
          throw new CommandError(`A study named '${studyName}' already exists in ${storage.label} (directions ${existing.directions.join(', ')}); pick another --study, pass --skip-if-exists, or delete it with 'tunekit delete-study'`, { code: 'CLI_STUDY_EXISTS', cause: error });
        }
        if (existing.directions.join() !== directions.join()) {
          throw new CommandError(`Study '${studyName}' exists in ${storage.label} with directions ${existing.directions.join(', ')}, not ${directions.join(', ')}`, { code: 'CLI_DIRECTION_MISMATCH', cause: error });
        }
        io.stderr.write(`${stripControlCharacters(`Study '${studyName}' already exists in ${storage.label}`)}; nothing to do\n`);
        io.stdout.write(`${studyName}\n`);
        return 0;
      }
      io.stderr.write(`${stripControlCharacters(`Created study '${studyName}' (${directions.join(', ')}) in ${storage.label}`)}\n`);
      io.stdout.write(`${studyName}\n`);
      return 0;
    });
  },
};
