import type { TrialReporter } from '@tunekit/core/protocol';

/**
 * What a trainer gets besides its parameters: the trial to report each step's metric to (and to
 * ask whether to stop), and a signal that aborts training from outside (a study timeout, Ctrl-C).
 */
export interface TrainerContext {
  readonly trial: TrialReporter;
  readonly signal?: AbortSignal | undefined;
}

/**
 * The trainer protocol: train one model for `params`, streaming a metric to `context.trial`
 * while it trains. A trainer must
 * - call `trial.report(value, step)` for each step (boosting round, epoch) it completes, then
 *   `await trial.shouldPrune()`, and when that says so stop training, release what it started
 *   (a child process is killed and waited for) and throw `TrialPruned`;
 * - stop the same way and reject with `signal.reason` when `context.signal` aborts;
 * - resolve with the trained model (or a result holding it) otherwise.
 *
 * Built in: `createXGBoostTrainer` (the real XGBoost, as a child process) and `createCommandTrainer`
 * (any program printing JSON lines `{"step": …, "value": …}`).
 */
export type Trainer<Params, Result> = (params: Params, context: TrainerContext) => Promise<Result>;

/** One reported step. */
export interface TrainingStep {
  readonly step: number;
  readonly value: number;
}
