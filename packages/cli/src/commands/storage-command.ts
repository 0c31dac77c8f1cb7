import { parseCommandFlags } from '../args/parse-command-flags.js';
import { UsageError } from '../errors/usage-error.js';
import { withCliStorage } from '../storage/open-cli-storage.js';
import { printHelp, type Command } from './command.js';

/** A storage that can migrate its schema on request (besides what it does when opened). */
interface UpgradableStorage {
  upgrade(): Promise<unknown>;
}

function isUpgradable(storage: object): storage is UpgradableStorage {
  return typeof (storage as Partial<UpgradableStorage>).upgrade === 'function';
}

/** `tunekit storage upgrade`: bring a database's schema to the version this tunekit writes. */
export const storageCommand: Command = {
  name: 'storage',
  summary: "Storage maintenance: 'storage upgrade' migrates a database's schema",
  help: `Usage: tunekit storage upgrade --storage URL

Brings the database's schema up to the revision this tunekit uses (Optuna 3.1's) and reports
that it is current. SQLite files written by Optuna 2.4 to 3.0 are migrated when opened, in one
transaction (back the file up first if Optuna 2.x still needs it). A PostgreSQL database at an
older revision is refused with the command to upgrade it with Python Optuna (tunekit does not
migrate a shared database that older workers may still use). Databases written by a newer
Optuna are refused untouched. A backend that offers an upgrade() step has it run.

Options:
  --storage URL    the database (default sqlite:./tunekit.db)
  --debug          print stack traces on errors
  -h, --help       show this help

Examples:
  tunekit storage upgrade --storage sqlite:./optuna-2.10.db
  tunekit storage upgrade --storage postgres://tunekit@db:5432/tunekit
`,
  async run(args, io) {
    const flags = parseCommandFlags('storage', args, { storage: { type: 'string' } }, { max: 1, names: 'a subcommand (upgrade)' });
    if (flags.boolean('help')) return printHelp(io, storageCommand.help);
    const subcommand = flags.positionals[0];
    if (subcommand !== 'upgrade') {
      throw new UsageError(subcommand === undefined ? "Missing subcommand for 'tunekit storage': upgrade (see 'tunekit storage --help')" : `Unknown subcommand 'tunekit storage ${subcommand}': expected upgrade (see 'tunekit storage --help')`, { value: subcommand });
    }
    return withCliStorage(io, flags.string('storage'), { mustExist: true }, async (storage) => {
      // Opening already migrated an older schema (or refused a newer one).
      if (isUpgradable(storage.storage)) {
        await storage.storage.upgrade();
        io.stdout.write(`${storage.label}: upgraded; the schema is current\n`);
      } else {
        io.stdout.write(`${storage.label}: the schema is current\n`);
      }
      return 0;
    });
  },
};
