import type * as tfjs from '@tensorflow/tfjs';
import type { Trial } from '@tunekit/core';

type Tf = typeof tfjs;

/** The MLP's hyperparameters. */
export interface MlpParams {
  readonly learningRate: number;
  readonly units: number;
  readonly layers: number;
  readonly dropout: number;
  readonly batchSize: number;
}

/** The search space: learning rate (log), width (log), depth, dropout, batch size. */
export function suggestMlpParams(trial: Trial): MlpParams {
  return {
    learningRate: trial.suggestFloat('learning_rate', 1e-4, 3e-2, { log: true }),
    units: trial.suggestInt('units', 16, 128, { log: true }),
    layers: trial.suggestInt('layers', 1, 3),
    dropout: trial.suggestFloat('dropout', 0, 0.5),
    batchSize: trial.suggestCategorical('batch_size', [32, 64, 128] as const),
  };
}

/** `layers` × (dense(units, relu) → dropout) → dense(10, softmax); Adam; categorical cross-entropy; seeded initialisers. */
export function buildMlp(tf: Tf, params: MlpParams, inputSize: number, seed: number): tfjs.Sequential {
  const model = tf.sequential();
  for (let layer = 0; layer < params.layers; layer++) {
    model.add(
      tf.layers.dense({
        units: params.units,
        activation: 'relu',
        kernelInitializer: tf.initializers.heNormal({ seed: seed + layer }),
        ...(layer === 0 ? { inputShape: [inputSize] } : {}),
      }),
    );
    if (params.dropout > 0) model.add(tf.layers.dropout({ rate: params.dropout }));
  }
  model.add(tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 99 }) }));
  model.compile({ optimizer: tf.train.adam(params.learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}
