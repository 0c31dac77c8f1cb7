import { askCommand } from './ask-command.js';
import { bestTrialCommand } from './best-trial-command.js';
import type { Command } from './command.js';
import { createStudyCommand } from './create-study-command.js';
import { dashboardCommand } from './dashboard-command.js';
import { deleteStudyCommand } from './delete-study-command.js';
import { importanceCommand } from './importance-command.js';
import { reportCommand } from './report-command.js';
import { runCommand } from './run-command.js';
import { storageCommand } from './storage-command.js';
import { studiesCommand } from './studies-command.js';
import { tellCommand } from './tell-command.js';
import { trialsCommand } from './trials-command.js';
import { workerCommand } from './worker-command.js';

/** Every command, in the order `tunekit --help` lists them. */
export const COMMANDS: readonly Command[] = [
  runCommand,
  workerCommand,
  createStudyCommand,
  deleteStudyCommand,
  studiesCommand,
  trialsCommand,
  bestTrialCommand,
  importanceCommand,
  reportCommand,
  dashboardCommand,
  askCommand,
  tellCommand,
  storageCommand,
];
