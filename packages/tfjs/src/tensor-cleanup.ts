import { resolveTfjs } from './resolve-tfjs.js';
import type { DisposableModel, TfjsNamespace } from './tfjs-types.js';

/** Options of `withTensorCleanup`. */
export interface TensorCleanupOptions {
  /** The TensorFlow.js namespace (default: found as for the callbacks, see `resolveTfjs`). */
  readonly tf?: TfjsNamespace;
  /**
   * Also dispose the variables created inside (model weights, optimizer slots). Default true: a
   * model built inside is gone afterwards. Set false to keep a model you return.
   */
  readonly disposeVariables?: boolean;
}

/** Handed to the function run by `withTensorCleanup`. */
export interface TensorCleanupScope {
  /**
   * Dispose `model` (weights and optimizer, see `disposeModel`) when the scope ends; returns it.
   * Needed for optimizers that `tf.keep` tensors, which no scope frees (`tf.train.sgd` keeps its
   * learning rate as a scalar), and harmless otherwise.
   */
  track<M extends DisposableModel>(model: M): M;
}

/**
 * Run `fn` (typically one trial's build-train-evaluate) so that the tensors it creates do not
 * outlive it: an async `tf.tidy`. Tensors created inside are disposed when it settles, except those
 * in its result (which move to the enclosing scope) and those passed to `tf.keep`; by default the
 * variables created inside (weights, optimizer state) are disposed too, and models passed to
 * `scope.track` are disposed with their optimizers. Over a long study this keeps
 * `tf.memory().numTensors` flat even when an objective forgets a `dispose()`.
 *
 * ```ts
 * await study.optimize((trial) => withTensorCleanup(async (scope) => {
 *   const model = scope.track(buildModel(trial));
 *   const history = await fitWithPruning(model, xs, ys, fitArgs, trial);
 *   return history.history.val_acc.at(-1);
 * }, { tf }));
 * ```
 *
 * tfjs has one scope stack per process: run trials one at a time (`concurrency: 1`, the only
 * useful setting for in-process tfjs training anyway), or scopes of concurrent trials interleave.
 */
export async function withTensorCleanup<T>(
  fn: (scope: TensorCleanupScope) => T | Promise<T>,
  options: TensorCleanupOptions = {},
): Promise<T> {
  const tf = resolveTfjs(options.tf);
  const engine = tf.engine();
  const variablesBefore = new Set(Object.keys(engine.registeredVariables));
  const models: DisposableModel[] = [];
  const scope: TensorCleanupScope = {
    track(model) {
      models.push(model);
      return model;
    },
  };
  engine.startScope('tunekit.withTensorCleanup');
  let result: T | undefined;
  try {
    result = await fn(scope);
    return result;
  } finally {
    engine.endScope(result);
    for (const model of models) disposeModel(model);
    if (options.disposeVariables ?? true) {
      for (const [name, variable] of Object.entries(engine.registeredVariables)) {
        if (!variablesBefore.has(name)) variable.dispose();
      }
    }
  }
}

/**
 * Free a model's weights and its optimizer's state (`model.dispose()` frees the optimizer only when
 * `compile` created it from a name; an optimizer object passed to `compile` is disposed here too, so
 * do not share one between models). Safe to call twice.
 */
export function disposeModel(model: DisposableModel): void {
  const optimizer = model.optimizer;
  try {
    model.dispose();
  } catch (error) {
    if (!/already been disposed|already disposed/i.test(String((error as Error).message))) throw error;
  }
  try {
    optimizer?.dispose();
  } catch {
    // An optimizer the model owned was disposed above already.
  }
}
