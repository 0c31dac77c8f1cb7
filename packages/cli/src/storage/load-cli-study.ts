import { loadStudy, StudyNotFoundError, type LoadStudyOptions, type Study, type StudyRecord } from '@tunekit/core';
import { CommandError } from '../errors/command-error.js';
import { UsageError } from '../errors/usage-error.js';
import type { CliStorage } from './open-cli-storage.js';

/** The behaviour a command may give the loaded study (sampler, pruner, heartbeat). */
export type StudyBehaviour = Omit<LoadStudyOptions, 'studyName' | 'storage'>;

/**
 * Load `--study` from an open storage. Without a name, the storage's only study is used. A missing
 * study is a `CommandError` listing the names that do exist. The study does not own the storage:
 * close the `CliStorage`, and `study.close()` only stops its heartbeats.
 */
export async function loadCliStudy(storage: CliStorage, studyName: string | undefined, command: string, behaviour: StudyBehaviour = {}): Promise<Study> {
  let name = studyName;
  if (name === undefined) {
    const all = await storage.storage.getAllStudies();
    if (all.length === 0) throw noStudies(storage.label);
    if (all.length > 1) throw new UsageError(`Missing --study for 'tunekit ${command}': ${storage.label} holds ${all.length} studies (${listNames(all)})`, { flag: '--study' });
    name = (all[0] as StudyRecord).studyName;
  }
  try {
    return await loadStudy({ ...behaviour, studyName: name, storage: storage.storage });
  } catch (error) {
    if (!(StudyNotFoundError.isInstance(error) && error.code === 'STUDY_NOT_FOUND')) throw error;
    const all = await storage.storage.getAllStudies();
    if (all.length === 0) throw noStudies(storage.label, name);
    throw new CommandError(`No study named '${name}' in ${storage.label}; it holds ${all.length === 1 ? 'one study' : `${all.length} studies`}: ${listNames(all)}`, { code: 'CLI_STUDY_NOT_FOUND', cause: error });
  }
}

/** `a, b, c and 7 more`. */
export function listNames(studies: readonly StudyRecord[], max = 20): string {
  const names = studies.slice(0, max).map((study) => `'${study.studyName}'`);
  return studies.length > max ? `${names.join(', ')} and ${studies.length - max} more` : names.join(', ');
}

function noStudies(label: string, name?: string): CommandError {
  const what = name === undefined ? '' : `No study named '${name}': `;
  return new CommandError(`${what}${label} holds no study yet; create one with 'tunekit create-study' or 'tunekit run'`, { code: 'CLI_STUDY_NOT_FOUND' });
}
