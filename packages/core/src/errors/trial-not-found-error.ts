import { TunekitError } from './tunekit-error.js';

/** No trial with this id (or number, within a study). */
export class TrialNotFoundError extends TunekitError {
  readonly trialId: number | undefined;
  readonly trialNumber: number | undefined;

  constructor(key: { trialId?: number; trialNumber?: number }) {
    const what = key.trialId !== undefined ? `id ${key.trialId}` : `number ${key.trialNumber}`;
    super(`No trial with ${what}`, { code: 'TRIAL_NOT_FOUND' });
    this.trialId = key.trialId;
    this.trialNumber = key.trialNumber;
  }
}
