import type * as tfjs from '@tensorflow/tfjs';
import { HyperbandPruner, MedianPruner, NopPruner, SuccessiveHalvingPruner, type Pruner, type Trial } from '@tunekit/core';
import { fitWithPruning, withTensorCleanup } from '@tunekit/tfjs';
import { buildMlp, suggestMlpParams } from './mlp.js';
import { withSeededMathRandom } from './seeded-math-random.js';

/** What the objective trains on. */
export interface DigitsObjectiveOptions {
  readonly tf: typeof tfjs;
  /** Features (`n × 64`) and one-hot labels (`n × 10`); fit holds out the last 20% for validation. */
  readonly xs: tfjs.Tensor2D;
  readonly ys: tfjs.Tensor2D;
  readonly epochs: number;
  readonly seed: number;
  /** Called after every trial with the number of epochs it trained (pruned or not). */
  readonly onTrained?: (trial: Trial, epochs: number) => void;
}

/**
 * The study's objective: suggest MLP hyperparameters, train with pruning on `val_acc` (reported
 * every epoch), return the last epoch's validation accuracy. Every tensor and variable a trial
 * creates is freed when it ends; its randomness depends only on (seed, trial number).
 */
export function digitsObjective(options: DigitsObjectiveOptions): (trial: Trial) => Promise<number> {
  const { tf, xs, ys, epochs, seed } = options;
  return (trial) =>
    withSeededMathRandom(seed * 100_003 + trial.number, () =>
      withTensorCleanup(
        async (scope) => {
          const params = suggestMlpParams(trial);
          const model = scope.track(buildMlp(tf, params, xs.shape[1], seed + trial.number * 1000));
          try {
            const history = await fitWithPruning(
              model,
              xs,
              ys,
              { epochs, batchSize: params.batchSize, validationSplit: 0.2, verbose: 0 },
              trial,
              { monitor: 'val_acc', tf },
            );
            return history.history.val_acc?.at(-1) as number;
          } finally {
            options.onTrained?.(trial, trial.intermediateValues.size);
          }
        },
        { tf },
      ),
    );
}

/**
 * The pruners this example compares, by `--pruner` name: library defaults (Optuna's), so the
 * benchmark measures the pruners rather than hand tuning.
 */
export const PRUNERS: Readonly<Record<string, (epochs: number) => Pruner>> = {
  none: () => new NopPruner(),
  // Prunes below the median of completed trials at the same epoch, after 5 complete trials.
  median: () => new MedianPruner(),
  // ASHA, η = 4, minResource 'auto' (1 here): rungs at epochs 1, 4, 16.
  sha: () => new SuccessiveHalvingPruner(),
  // η = 3 over 1..epochs: 4 brackets of successive halving for 27 epochs (first rungs 1, 3, 9, 27).
  hyperband: (epochs) => new HyperbandPruner({ minResource: 1, maxResource: epochs, reductionFactor: 3 }),
};
