import { TunekitError } from './tunekit-error.js';

/** No study with this name or id in the storage. */
export class StudyNotFoundError extends TunekitError {
  readonly studyName: string | undefined;
  readonly studyId: number | undefined;

  constructor(key: { studyName?: string; studyId?: number }) {
    const what = key.studyName !== undefined ? `named '${key.studyName}'` : `with id ${key.studyId}`;
    super(`No study ${what} in this storage`, { code: 'STUDY_NOT_FOUND' });
    this.studyName = key.studyName;
    this.studyId = key.studyId;
  }
}
