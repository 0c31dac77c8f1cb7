import { createStudy, InvalidArgumentError, NopPruner, TrialPruned, type Pruner, type Trial } from '@tunekit/core';
import type { TrialReporter } from '@tunekit/core/protocol';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AlwaysPrune, tf, tinyData, tinyModel, useCpuBackend } from './__fixtures__/tiny-model.js';
import { combineCallbacks } from './combine-callbacks.js';
import { fitDatasetWithPruning, fitWithPruning } from './fit-with-pruning.js';
import { TfjsPruningCallback } from './tfjs-pruning-callback.js';

beforeAll(useCpuBackend);
afterEach(() => vi.restoreAllMocks());

/** Run `body` as the objective of a one-trial study with `pruner`; returns the finished trial. */
async function inStudy(pruner: Pruner, body: (trial: Trial) => Promise<number>) {
  const study = await createStudy({ direction: 'minimize', pruner });
  await study.optimize(body, { nTrials: 1 });
  const [trial] = await study.getTrials();
  return trial!;
}

describe('TfjsPruningCallback with model.fit', () => {
  it('is a real tf.CustomCallback', async () => {
    const study = await createStudy();
    const trial = await study.ask();
    const callback = new TfjsPruningCallback(trial);
    expect(callback).toBeInstanceOf(tf.CustomCallback);
    expect(callback).toBeInstanceOf(TfjsPruningCallback);
    expect([callback.monitor, callback.interval, callback.batchInterval, callback.pruned]).toEqual(['val_loss', 1, undefined, false]);
  });

  it('never stops training under NopPruner, and reports val_loss at every epoch', async () => {
    const { x, y } = tinyData();
    let history: tf.History | undefined;
    let callback: TfjsPruningCallback | undefined;
    const frozen = await inStudy(new NopPruner(), async (trial) => {
      callback = new TfjsPruningCallback(trial);
      history = await tinyModel().fit(x, y, { epochs: 6, batchSize: 16, validationSplit: 0.25, verbose: 0, callbacks: [callback] });
      callback.throwIfPruned();
      return history.history.val_loss!.at(-1) as number;
    });
    expect(frozen.state).toBe('complete');
    expect(callback!.pruned).toBe(false);
    expect(history!.epoch).toEqual([0, 1, 2, 3, 4, 5]);
    expect([...frozen.intermediateValues.keys()]).toEqual([0, 1, 2, 3, 4, 5]);
    expect([...frozen.intermediateValues.values()]).toEqual(history!.history.val_loss);
  });

  it('stops training after the first epoch under a pruner that always prunes', async () => {
    const { x, y } = tinyData();
    const pruner = new AlwaysPrune();
    let epochsRun = 0;
    let callback: TfjsPruningCallback | undefined;
    const frozen = await inStudy(pruner, async (trial) => {
      callback = new TfjsPruningCallback(trial);
      const history = await tinyModel().fit(x, y, { epochs: 20, validationSplit: 0.25, verbose: 0, callbacks: [callback] });
      epochsRun = history.epoch.length;
      callback.throwIfPruned();
      return 0;
    });
    expect(epochsRun).toBe(1);
    expect(pruner.calls).toBe(1);
    expect(callback!.pruned).toBe(true);
    expect(callback!.prunedStep).toBe(0);
    expect(frozen.state).toBe('pruned');
    expect([...frozen.intermediateValues.keys()]).toEqual([0]);
    expect(() => callback!.throwIfPruned()).toThrow(TrialPruned);
    expect(() => callback!.throwIfPruned()).toThrow('pruned at epoch 0');
  });

  it('checks every `interval` epochs (after epochs interval-1, 2·interval-1, ...)', async () => {
    const { x, y } = tinyData();
    const frozen = await inStudy(new NopPruner(), async (trial) => {
      await tinyModel().fit(x, y, { epochs: 7, validationSplit: 0.25, verbose: 0, callbacks: [new TfjsPruningCallback(trial, { interval: 3 })] });
      return 0;
    });
    expect([...frozen.intermediateValues.keys()]).toEqual([2, 5]);

    const pruner = new AlwaysPrune();
    let epochs = 0;
    await inStudy(pruner, async (trial) => {
      const history = await tinyModel().fit(x, y, { epochs: 7, validationSplit: 0.25, verbose: 0, callbacks: [new TfjsPruningCallback(trial, { interval: 3 })] });
      epochs = history.epoch.length;
      return 0;
    });
    expect(epochs).toBe(3);
  });

  it('with batchInterval, reports the batch logs every N batches and stops mid-epoch', async () => {
    const { x, y } = tinyData(); // 64 samples, batch 8 → 8 batches per epoch
    const nop = await inStudy(new NopPruner(), async (trial) => {
      await tinyModel().fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, callbacks: [new TfjsPruningCallback(trial, { monitor: 'loss', batchInterval: 3 })] });
      return 0;
    });
    expect([...nop.intermediateValues.keys()]).toEqual([3, 6, 9, 12, 15]);
    for (const value of nop.intermediateValues.values()) expect(value).toBeGreaterThan(0);

    let batches = 0;
    let epochs = 0;
    const pruned = await inStudy(new AlwaysPrune(), async (trial) => {
      const history = await tinyModel().fit(x, y, {
        epochs: 3,
        batchSize: 8,
        verbose: 0,
        callbacks: combineCallbacks(new TfjsPruningCallback(trial, { monitor: 'loss', batchInterval: 3 }), { onBatchEnd: () => void (batches += 1) }),
      });
      epochs = history.epoch.length;
      return 0;
    });
    expect(batches).toBe(3);
    expect(epochs).toBe(1);
    expect([...pruned.intermediateValues.keys()]).toEqual([3]);
  });

  it('warns once, naming the available keys, when the monitored metric is missing', async () => {
    const { x, y } = tinyData();
    const emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const pruner = new AlwaysPrune();
    const frozen = await inStudy(pruner, async (trial) => {
      const callback = new TfjsPruningCallback(trial, { monitor: 'val_accuracy' });
      const history = await tinyModel().fit(x, y, { epochs: 4, validationSplit: 0.25, verbose: 0, callbacks: [callback] });
      expect(history.epoch).toHaveLength(4);
      callback.throwIfPruned();
      return 1;
    });
    expect(frozen.state).toBe('complete');
    expect(frozen.intermediateValues.size).toBe(0);
    expect(pruner.calls).toBe(0);
    const ours = emitWarning.mock.calls.filter(([, options]) => (options as { code?: string })?.code === 'TUNEKIT_TFJS_MISSING_METRIC');
    expect(ours).toHaveLength(1);
    const message = String(ours[0]![0]);
    for (const key of ["'val_accuracy'", "'val_loss'", "'val_mae'", "'loss'", "'mae'"]) expect(message).toContain(key);
  });

  it('validates its arguments', async () => {
    const study = await createStudy();
    const trial = await study.ask();
    expect(() => new TfjsPruningCallback(trial, { interval: 0 })).toThrow(InvalidArgumentError);
    expect(() => new TfjsPruningCallback(trial, { batchInterval: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => new TfjsPruningCallback(trial, { monitor: '' })).toThrow(InvalidArgumentError);
    expect(() => new TfjsPruningCallback({} as TrialReporter)).toThrow(InvalidArgumentError);
    expect(() => new TfjsPruningCallback(trial, { tf: {} as never })).toThrow('TensorFlow.js namespace');
  });

  it('drives any TrialReporter, not only core’s Trial', async () => {
    const { x, y } = tinyData();
    const reports: Array<[number, number]> = [];
    const reporter: TrialReporter = {
      number: 7,
      report: (value, step) => void reports.push([step, value as number]),
      shouldPrune: async () => reports.length >= 2,
      setUserAttr: () => undefined,
    };
    const callback = new TfjsPruningCallback(reporter, { monitor: 'loss', tf });
    const history = await tinyModel().fit(x, y, { epochs: 5, verbose: 0, callbacks: [callback] });
    expect(history.epoch).toEqual([0, 1]);
    expect(reports.map(([step]) => step)).toEqual([0, 1]);
    expect(reports.map(([, value]) => value)).toEqual(history.history.loss);
    expect(() => callback.throwIfPruned()).toThrow('Trial 7 was pruned at epoch 1');
  });
});

describe('mixing callbacks', () => {
  it('tfjs rejects an array whose first entry is an instance followed by a plain object; combineCallbacks fixes it', async () => {
    const { x, y } = tinyData();
    const study = await createStudy({ pruner: new NopPruner() });
    const trial = await study.ask();
    const plainEpochs: number[] = [];
    const plain = { onEpochEnd: (epoch: number) => void plainEpochs.push(epoch) };
    const raw = [new TfjsPruningCallback(trial), plain];
    await expect(tinyModel().fit(x, y, { epochs: 2, validationSplit: 0.25, verbose: 0, callbacks: raw as never })).rejects.toThrow(TypeError);

    const combined = combineCallbacks(new TfjsPruningCallback(trial), plain);
    expect(combined[1]).toBeInstanceOf(tf.CustomCallback);
    await tinyModel().fit(x, y, { epochs: 3, validationSplit: 0.25, verbose: 0, callbacks: combined });
    expect(plainEpochs).toEqual([0, 1, 2]);
    expect([...trial.intermediateValues.keys()]).toEqual([0, 1, 2]);
  });

  it('a plain object first makes tfjs wrap the pruning callback: it warns and stops by failing fit with TrialPruned', async () => {
    const { x, y } = tinyData();
    const emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const study = await createStudy({ pruner: new AlwaysPrune() });
    const trial = await study.ask();
    const plainEpochs: number[] = [];
    const callbacks = [{ onEpochEnd: (epoch: number) => void plainEpochs.push(epoch) }, new TfjsPruningCallback(trial)];
    const model = tinyModel();
    await expect(model.fit(x, y, { epochs: 5, validationSplit: 0.25, verbose: 0, callbacks })).rejects.toThrow(TrialPruned);
    expect(plainEpochs).toEqual([0]);
    expect(emitWarning.mock.calls.some(([, options]) => (options as { code?: string })?.code === 'TUNEKIT_TFJS_NO_MODEL')).toBe(true);
    // The model is usable again (tfjs's fit cleans up in its finally block).
    const history = await model.fit(x, y, { epochs: 1, verbose: 0 });
    expect(history.epoch).toEqual([0]);

    // The same list through combineCallbacks stops gracefully instead.
    const trial2 = await study.ask();
    const pruning = new TfjsPruningCallback(trial2);
    const graceful = await model.fit(x, y, {
      epochs: 5,
      validationSplit: 0.25,
      verbose: 0,
      callbacks: combineCallbacks({ onEpochEnd: (epoch: number) => void plainEpochs.push(epoch) }, pruning),
    });
    expect(graceful.epoch).toEqual([0]);
    expect(pruning.pruned).toBe(true);
  });

  it('works next to tfjs callback instances such as earlyStopping, in any order', async () => {
    const { x, y } = tinyData();
    const study = await createStudy({ pruner: new AlwaysPrune() });
    for (const order of ['first', 'second'] as const) {
      const trial = await study.ask();
      const pruning = new TfjsPruningCallback(trial);
      const early = tf.callbacks.earlyStopping({ monitor: 'val_loss', patience: 100 });
      const callbacks = order === 'first' ? [pruning, early] : [early, pruning];
      const history = await tinyModel().fit(x, y, { epochs: 5, validationSplit: 0.25, verbose: 0, callbacks });
      expect(history.epoch).toEqual([0]);
      expect(pruning.pruned).toBe(true);
    }
  });

  it('combineCallbacks flattens, drops nullish entries, and leaves all-plain lists alone', () => {
    const a = { onEpochEnd: () => undefined };
    const b = { onTrainEnd: () => undefined };
    expect(combineCallbacks(a, undefined, [b, null as never], null)).toEqual([a, b]);
    expect(combineCallbacks()).toEqual([]);
    const wrapped = combineCallbacks(tf.callbacks.earlyStopping(), a, { tf });
    expect(wrapped).toHaveLength(2);
    expect(wrapped[1]).toBeInstanceOf(tf.CustomCallback);
  });
});

describe('fitWithPruning and fitDatasetWithPruning', () => {
  it('returns the History when not pruned and throws TrialPruned when pruned', async () => {
    const { x, y } = tinyData();
    const completed = await inStudy(new NopPruner(), async (trial) => {
      const history = await fitWithPruning(tinyModel(), x, y, { epochs: 3, validationSplit: 0.25, verbose: 0 }, trial);
      expect(history.epoch).toEqual([0, 1, 2]);
      return history.history.val_loss!.at(-1) as number;
    });
    expect(completed.state).toBe('complete');
    expect(completed.intermediateValues.size).toBe(3);

    const userEpochs: number[] = [];
    let thrown: unknown;
    const pruned = await inStudy(new AlwaysPrune(), async (trial) => {
      try {
        await fitWithPruning(
          tinyModel(),
          x,
          y,
          { epochs: 10, validationSplit: 0.25, verbose: 0, callbacks: { onEpochEnd: (epoch) => void userEpochs.push(epoch) } },
          trial,
        );
      } catch (error) {
        thrown = error;
        throw error;
      }
      return 0;
    });
    expect(thrown).toBeInstanceOf(TrialPruned);
    expect(pruned.state).toBe('pruned');
    expect(userEpochs).toEqual([0]); // the user's own callbacks still ran
  });

  it('prunes fitDataset training the same way', async () => {
    const { x, y } = tinyData();
    const dataset = () => tf.data.zip({ xs: tf.data.array(x.unstack()), ys: tf.data.array(y.unstack()) }).batch(16);
    const validationData: [tf.Tensor, tf.Tensor] = [x.slice(0, 16), y.slice(0, 16)];

    const nop = await inStudy(new NopPruner(), async (trial) => {
      const history = await fitDatasetWithPruning(tinyModel(), dataset(), { epochs: 4, validationData, verbose: 0 }, trial);
      expect(history.epoch).toEqual([0, 1, 2, 3]);
      expect([...trial.intermediateValues.values()]).toEqual(history.history.val_loss);
      return 0;
    });
    expect(nop.intermediateValues.size).toBe(4);

    let epochs = 0;
    const pruned = await inStudy(new AlwaysPrune(), async (trial) => {
      const callback = new TfjsPruningCallback(trial);
      const history = await tinyModel().fitDataset(dataset(), { epochs: 8, validationData, verbose: 0, callbacks: [callback] });
      epochs = history.epoch.length;
      callback.throwIfPruned();
      return 0;
    });
    expect(epochs).toBe(1);
    expect(pruned.state).toBe('pruned');
    await expect(
      inStudy(new AlwaysPrune(), (trial) => fitDatasetWithPruning(tinyModel(), dataset(), { epochs: 8, validationData, verbose: 0 }, trial).then(() => 0)),
    ).resolves.toMatchObject({ state: 'pruned' });
  });
});
