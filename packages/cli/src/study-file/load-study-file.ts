import { existsSync, statSync } from 'node:fs';
import { basename, extname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CommandError } from '../errors/command-error.js';
import { UsageError } from '../errors/usage-error.js';
import type { StudyFile, StudyFileOptimizeOptions, StudyFileStudyOptions } from './study-file.js';

const STUDY_OPTION_KEYS = new Set(['studyName', 'storage', 'direction', 'directions', 'sampler', 'pruner', 'heartbeat', 'retryFailedTrials']);
const OPTIMIZE_OPTION_KEYS = new Set(['nTrials', 'timeout', 'concurrency', 'maxTrials', 'catch', 'callbacks', 'signal', 'progress', 'logger']);

/** A study file, imported and checked. */
export interface LoadedStudyFile extends StudyFile {
  /** Absolute path. */
  readonly path: string;
  /** The file name without its extension: the study name when neither `--study` nor `studyOptions.studyName` gives one. */
  readonly baseName: string;
  readonly studyOptions: StudyFileStudyOptions;
  readonly optimizeOptions: StudyFileOptimizeOptions;
  /** Problems that do not stop the run (unknown option keys), one line each. */
  readonly warnings: readonly string[];
}

/**
 * Import a study file (see `StudyFile` for the contract) relative to `cwd`. A missing file is a
 * `UsageError`; a file that fails to load or lacks `objective` is a `CommandError` that says what
 * it does export.
 */
export async function loadStudyFile(file: string, cwd: string): Promise<LoadedStudyFile> {
  const path = isAbsolute(file) ? file : resolve(cwd, file);
  if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`Study file not found: ${path}`, { flag: '<study file>', value: file });
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw new CommandError(`Cannot load the study file ${path}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, { cause: error, code: 'CLI_STUDY_FILE' });
  }
  const fallback = typeof namespace.default === 'object' && namespace.default !== null ? (namespace.default as Record<string, unknown>) : {};
  const pick = (key: string) => (namespace[key] !== undefined ? namespace[key] : fallback[key]);
  const objective = pick('objective');
  if (typeof objective !== 'function') {
    const exported = Object.keys(namespace).filter((key) => key !== 'default');
    const found = objective === undefined ? 'does not export `objective`' : `exports \`objective\` as ${describeKind(objective)}, not a function`;
    throw new CommandError(`The study file ${path} ${found} (exports: ${exported.length === 0 ? 'none' : exported.join(', ')}); add \`export async function objective(trial) { ... return value; }\``, { code: 'CLI_STUDY_FILE' });
  }
  const warnings: string[] = [];
  const studyOptions = checkOptions(path, 'studyOptions', pick('studyOptions'), STUDY_OPTION_KEYS, warnings) as StudyFileStudyOptions;
  const optimizeOptions = checkOptions(path, 'optimizeOptions', pick('optimizeOptions'), OPTIMIZE_OPTION_KEYS, warnings) as StudyFileOptimizeOptions;
  if ('loadIfExists' in studyOptions) warnings.push('studyOptions.loadIfExists is ignored: tunekit run always continues a study of the same name');
  return { path, baseName: basename(path, extname(path)), objective: objective as StudyFile['objective'], studyOptions, optimizeOptions, warnings };
}

function checkOptions(path: string, name: string, value: unknown, known: ReadonlySet<string>, warnings: string[]): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CommandError(`The study file ${path} exports \`${name}\` as ${describeKind(value)}; expected an object`, { code: 'CLI_STUDY_FILE' });
  }
  for (const key of Object.keys(value)) {
    if (!known.has(key) && key !== 'loadIfExists') warnings.push(`${name}.${key} is not an option tunekit knows (known: ${[...known].join(', ')}); ignored`);
  }
  return value as Record<string, unknown>;
}

function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
