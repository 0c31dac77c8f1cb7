import { describe, expect, it } from 'vitest';
import { loadCsv } from '../__fixtures__/load-csv.js';
import { stratifiedKFold } from '../cv/stratified-k-fold.js';
import { prepareDataset } from '../data/prepare-dataset.js';
import { createFastEngine } from '../engines/fast-engine.js';
import { resolveParams } from '../params/random-forest-params.js';
import { FitWorkerPool } from './fit-worker-pool.js';

const { x, y } = loadCsv('breast_cancer.csv');
const dataset = prepareDataset(x, y, 'classification');
const folds = stratifiedKFold(y, { folds: 3, seed: 0 });

describe('FitWorkerPool', () => {
  it('fits folds on worker threads with the same result as in this thread', async () => {
    const pool = new FitWorkerPool(2, { dataset, folds, engine: 'fast', voting: 'hard' });
    try {
      const params = resolveParams({ nEstimators: 15, maxFeatures: 0.4 }, 'classification');
      const results = await Promise.all(folds.map((_, fold) => pool.run({ params, fold, seed: 3, input: 'probabilities' })));
      const engine = createFastEngine('hard');
      folds.forEach((fold, index) => {
        const expected = engine.fit(dataset, fold.train, params, 3).predictPrepared(dataset.features, fold.validation, 'probabilities');
        expect(results[index]?.prediction).toEqual(expected);
        expect(results[index]?.fitMs).toBeGreaterThan(0);
      });
    } finally {
      await pool.close();
    }
  });

  it("passes a worker's error back to the caller, and keeps serving", async () => {
    const pool = new FitWorkerPool(1, { dataset, folds, engine: 'fast', voting: 'hard' });
    try {
      const params = resolveParams({ nEstimators: 2 }, 'classification');
      await expect(pool.run({ params, fold: 7, seed: 0, input: 'labels' })).rejects.toThrow(/no fold 7/);
      const ok = await pool.run({ params, fold: 0, seed: 0, input: 'labels' });
      expect(ok.prediction).toBeInstanceOf(Int32Array);
      expect(ok.prediction.length).toBe(folds[0]?.validation.length);
    } finally {
      await pool.close();
    }
  });

  it('rejects queued and later tasks once closed', async () => {
    const pool = new FitWorkerPool(1, { dataset, folds, engine: 'fast', voting: 'hard' });
    const params = resolveParams({ nEstimators: 50 }, 'classification');
    const running = expect(pool.run({ params, fold: 0, seed: 0, input: 'labels' })).rejects.toThrow(/closed/);
    const queued = expect(pool.run({ params, fold: 1, seed: 0, input: 'labels' })).rejects.toThrow(/closed/);
    await pool.close();
    await running;
    await queued;
    await expect(pool.run({ params, fold: 0, seed: 0, input: 'labels' })).rejects.toThrow(/closed/);
  });
});
