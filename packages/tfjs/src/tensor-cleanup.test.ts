import { createStudy, NopPruner, TrialPruned, type Pruner } from '@tunekit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { AlwaysPrune, tf, tinyData, tinyModel, useCpuBackend } from './__fixtures__/tiny-model.js';
import { fitWithPruning } from './fit-with-pruning.js';
import { disposeModel, withTensorCleanup, type TensorCleanupScope } from './tensor-cleanup.js';

beforeAll(useCpuBackend);

/** 50 tiny trials, each building, training and evaluating a model without disposing anything itself. */
async function runStudy(pruner: Pruner, cleanup: boolean) {
  const { x, y } = tinyData();
  const study = await createStudy({ direction: 'minimize', pruner });
  const counts: number[] = [];
  await study.optimize(
    async (trial) => {
      const objective = async (scope?: TensorCleanupScope) => {
        const built = tinyModel(trial.suggestFloat('lr', 0.01, 0.1, { log: true }));
        const model = scope === undefined ? built : scope.track(built);
        const history = await fitWithPruning(model, x, y, { epochs: 3, batchSize: 32, validationSplit: 0.25, verbose: 0 }, trial);
        const prediction = model.predict(x) as tf.Tensor; // deliberately not disposed
        return (history.history.val_loss!.at(-1) as number) + 0 * prediction.size;
      };
      return cleanup ? withTensorCleanup(objective, { tf }) : objective();
    },
    { nTrials: 50, callbacks: [() => void counts.push(tf.memory().numTensors)] },
  );
  tf.dispose([x, y]);
  return { counts, states: study.trials.map((t) => t.state) };
}

describe('withTensorCleanup', () => {
  it('keeps tf.memory().numTensors flat over 50 trials (complete ones)', async () => {
    const before = tf.memory().numTensors;
    const { counts, states } = await runStudy(new NopPruner(), true);
    expect(states.every((s) => s === 'complete')).toBe(true);
    expect(new Set(counts)).toEqual(new Set([before + 2])); // only the study's x and y
  });

  it('keeps it flat when every trial is pruned (TrialPruned thrown through the cleanup)', async () => {
    const before = tf.memory().numTensors;
    const { counts, states } = await runStudy(new AlwaysPrune(), true);
    expect(states.every((s) => s === 'pruned')).toBe(true);
    expect(new Set(counts)).toEqual(new Set([before + 2]));
  });

  it('without it the same study leaks (so the checks above can fail)', async () => {
    const { counts } = await runStudy(new NopPruner(), false);
    expect(counts.at(-1)! - counts[0]!).toBeGreaterThan(49 * 5);
    tf.disposeVariables();
  });

  it('moves tensors in the result to the caller, and keeps variables when asked', async () => {
    const before = tf.memory().numTensors;
    const result = await withTensorCleanup(async () => {
      tf.ones([3]); // dropped
      tf.variable(tf.zeros([4])); // dropped too (a variable created inside)
      return { kept: tf.zeros([2]) };
    }, { tf });
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(Array.from(await result.kept.data())).toEqual([0, 0]);
    result.kept.dispose();

    const model = await withTensorCleanup(async () => tinyModel(), { tf, disposeVariables: false });
    expect(tf.memory().numTensors).toBe(before + 5); // 4 weights + the SGD optimizer's kept learning rate
    const { x, y } = tinyData();
    const out = model.predict(x) as tf.Tensor;
    expect(out.shape).toEqual([64, 1]);
    tf.dispose([x, y, out]);
    disposeModel(model);
    disposeModel(model); // twice is fine
    expect(tf.memory().numTensors).toBe(before);
  });

  it('disposes on error and rethrows', async () => {
    const before = tf.memory().numTensors;
    await expect(
      withTensorCleanup(async (scope) => {
        tf.ones([5]);
        scope.track(tinyModel());
        throw new TrialPruned();
      }, { tf }),
    ).rejects.toThrow(TrialPruned);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('disposeModel', () => {
  it("frees a model's weights and a user-created optimizer's state", async () => {
    const { x, y } = tinyData();
    const before = tf.memory().numTensors;
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] }), tf.layers.dense({ units: 1 })] });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
    await model.fit(x, y, { epochs: 2, verbose: 0 });
    expect(tf.memory().numTensors).toBeGreaterThan(before + 4);
    disposeModel(model);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
  });
});
