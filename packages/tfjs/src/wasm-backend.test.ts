import '@tensorflow/tfjs-backend-wasm';
import { createStudy, NopPruner } from '@tunekit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { AlwaysPrune, tf, tinyData, tinyModel } from './__fixtures__/tiny-model.js';
import { fitWithPruning } from './fit-with-pruning.js';
import { withTensorCleanup } from './tensor-cleanup.js';

// The same callback code on the WebAssembly backend (its binary is loaded from the package's dist,
// offline). Each test file runs in its own process, so the backend choice stays here.
beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
  await tf.ready();
});

describe('on the wasm backend', () => {
  it('trains to the end under NopPruner and stops after one epoch under AlwaysPrune, without leaking', async () => {
    expect(tf.getBackend()).toBe('wasm');
    const { x, y } = tinyData();
    const before = tf.memory().numTensors;
    for (const [pruner, expected] of [
      [new NopPruner(), { state: 'complete', steps: 4 }],
      [new AlwaysPrune(), { state: 'pruned', steps: 1 }],
    ] as const) {
      const study = await createStudy({ pruner });
      await study.optimize(
        (trial) =>
          withTensorCleanup(async (scope) => {
            const history = await fitWithPruning(scope.track(tinyModel()), x, y, { epochs: 4, validationSplit: 0.25, verbose: 0 }, trial);
            return history.history.val_loss!.at(-1) as number;
          }),
        { nTrials: 2 },
      );
      for (const trial of study.trials) {
        expect(trial.state).toBe(expected.state);
        expect(trial.intermediateValues.size).toBe(expected.steps);
      }
      expect(tf.memory().numTensors).toBe(before);
    }
  });
});
