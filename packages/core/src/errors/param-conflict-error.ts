import { TunekitError } from './tunekit-error.js';

/** A parameter name was suggested (or stored) again with a different distribution. */
export class ParamConflictError extends TunekitError {
  readonly paramName: string;
  readonly trialNumber: number | undefined;

  constructor(paramName: string, trialNumber: number | undefined, detail: string) {
    const where = trialNumber === undefined ? '' : ` in trial ${trialNumber}`;
    super(`Parameter '${paramName}'${where} was already suggested with a different distribution: ${detail}`, {
      code: 'PARAM_CONFLICT',
    });
    this.paramName = paramName;
    this.trialNumber = trialNumber;
  }
}
