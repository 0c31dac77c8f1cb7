import { TunekitError } from './tunekit-error.js';

/**
 * A pruner that ranks trials along one objective was asked to prune in a multi-objective study,
 * where "better" has no single meaning.
 */
export class MultiObjectivePruningError extends TunekitError {
  readonly prunerName: string;
  readonly studyName: string;
  readonly nObjectives: number;

  constructor(prunerName: string, studyName: string, nObjectives: number) {
    super(
      `${prunerName} supports single-objective studies only, but study '${studyName}' has ${nObjectives} objectives ` +
        '(use NopPruner or ThresholdPruner, or drop pruning for multi-objective studies)',
      { code: 'MULTI_OBJECTIVE_PRUNING' },
    );
    this.prunerName = prunerName;
    this.studyName = studyName;
    this.nObjectives = nObjectives;
  }
}
