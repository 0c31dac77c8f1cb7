import { TunekitError } from './tunekit-error.js';

/**
 * A single-objective pruner met an intermediate value that is a vector (`trial.report([a, b], step)`).
 * Such pruners rank one number per step; report a scalar, or use a pruner that never reads values.
 */
export class NonScalarIntermediateValueError extends TunekitError {
  /** The pruner that refused the value (e.g. `'MedianPruner'`). */
  readonly prunerName: string;
  readonly trialNumber: number;
  readonly step: number;

  constructor(prunerName: string, trialNumber: number, step: number) {
    super(
      `${prunerName} needs scalar intermediate values, but trial ${trialNumber} reported a vector at step ${step}`,
      { code: 'NON_SCALAR_INTERMEDIATE_VALUE' },
    );
    this.prunerName = prunerName;
    this.trialNumber = trialNumber;
    this.step = step;
  }
}
