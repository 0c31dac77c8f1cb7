import { InvalidArgumentError } from '@tunekit/core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { tf, tinyData, tinyModel, useCpuBackend } from './__fixtures__/tiny-model.js';
import { RestoreBestWeights, restoreBestWeights } from './restore-best-weights.js';

beforeAll(useCpuBackend);
afterEach(() => vi.restoreAllMocks());

/** Fit with `restore` while recording each epoch's weights and val_loss; returns them. */
async function fitRecording(model: tf.LayersModel, restore: RestoreBestWeights, epochs: number) {
  const { x, y } = tinyData();
  const snapshots: Float32Array[][] = [];
  const recorder = new tf.CustomCallback({
    onEpochEnd: async () => {
      snapshots.push(await Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array)));
    },
  });
  const history = await model.fit(x, y, { epochs, batchSize: 16, validationSplit: 0.25, verbose: 0, callbacks: [recorder, restore] });
  tf.dispose([x, y]);
  return { snapshots, valLoss: history.history.val_loss as number[] };
}

async function weightsOf(model: tf.LayersModel): Promise<Float32Array[]> {
  return Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array));
}

describe('restoreBestWeights', () => {
  it("puts back the best epoch's weights ('max' of val_loss: the first epoch, since loss falls)", async () => {
    const model = tinyModel();
    const restore = restoreBestWeights({ monitor: 'val_loss', mode: 'max' });
    const { snapshots, valLoss } = await fitRecording(model, restore, 6);
    const best = valLoss.indexOf(Math.max(...valLoss));
    expect(best).toBeLessThan(5); // not the last epoch, so restoring changes the weights
    expect(restore.bestEpoch).toBe(best);
    expect(restore.bestValue).toBe(valLoss[best]);
    const final = await weightsOf(model);
    expect(final).toEqual(snapshots[best]);
    expect(final).not.toEqual(snapshots[5]);
    // The model keeps training fine from the restored weights.
    const { x, y } = tinyData();
    await model.fit(x, y, { epochs: 1, verbose: 0 });
    tf.dispose([x, y]);
  });

  it("'auto' minimises losses, so the best of a falling val_loss is kept", async () => {
    const model = tinyModel();
    const restore = restoreBestWeights(); // val_loss, auto → min
    expect(restore.mode).toBe('min');
    expect(restoreBestWeights({ monitor: 'val_acc' }).mode).toBe('max');
    const { snapshots, valLoss } = await fitRecording(model, restore, 5);
    const best = valLoss.indexOf(Math.min(...valLoss));
    expect(await weightsOf(model)).toEqual(snapshots[best]);
  });

  it('leaves no tensor behind', async () => {
    const model = tinyModel();
    const { x, y } = tinyData();
    await model.fit(x, y, { epochs: 1, verbose: 0 }); // optimizer state exists from here on
    const before = tf.memory().numTensors;
    await model.fit(x, y, { epochs: 5, validationSplit: 0.25, verbose: 0, callbacks: [restoreBestWeights({ mode: 'max' })] });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
  });

  it('warns and keeps the final weights when the metric is missing; rejects a bad mode', async () => {
    const emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const model = tinyModel();
    const { x, y } = tinyData();
    await model.fit(x, y, { epochs: 3, verbose: 0, callbacks: [restoreBestWeights({ monitor: 'val_loss' })] });
    expect(emitWarning).toHaveBeenCalledTimes(1);
    expect(String(emitWarning.mock.calls[0]![0])).toContain("'loss'");
    tf.dispose([x, y]);
    expect(() => new RestoreBestWeights({ mode: 'up' as never })).toThrow(InvalidArgumentError);
  });
});
