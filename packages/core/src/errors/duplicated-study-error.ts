import { TunekitError } from './tunekit-error.js';

/** `createStudy` with a name that is already taken (and `loadIfExists` not set). */
export class DuplicatedStudyError extends TunekitError {
  readonly studyName: string;

  constructor(studyName: string) {
    super(`A study named '${studyName}' already exists (pass loadIfExists: true to reuse it)`, {
      code: 'DUPLICATED_STUDY',
    });
    this.studyName = studyName;
  }
}
