import * as tf from '@tensorflow/tfjs';
import type { FrozenTrial, Pruner, StudyView } from '@tunekit/core';

/**
 * Test helpers: a tiny regression problem and model on the cpu backend, and a pruner that always
 * prunes (STYLE rule 8: every adapter is tested with one that always prunes and one that never does).
 */
export { tf };

export async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/** 64 samples of y = 2·x0 − x1 + 0.5 (+ small noise), 3 features; fixed seeds. */
export function tinyData(): { x: tf.Tensor2D; y: tf.Tensor2D } {
  return tf.tidy(() => {
    const x = tf.randomNormal([64, 3], 0, 1, 'float32', 1) as tf.Tensor2D;
    const noise = tf.randomNormal([64, 1], 0, 0.05, 'float32', 2);
    const y = x
      .matMul(tf.tensor2d([[2], [-1], [0]]))
      .add(0.5)
      .add(noise) as tf.Tensor2D;
    return { x, y };
  });
}

/** dense(4, relu) → dense(1), seeded initialisers, SGD. */
export function tinyModel(learningRate = 0.05): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 4, inputShape: [3], activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
      tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(learningRate), loss: 'meanSquaredError', metrics: ['mae'] });
  return model;
}

/** Prunes at every check. */
export class AlwaysPrune implements Pruner {
  readonly name = 'AlwaysPrune';
  calls = 0;
  prune(_study: StudyView, _trial: FrozenTrial): boolean {
    this.calls += 1;
    return true;
  }
}
