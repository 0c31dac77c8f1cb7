import { InvalidArgumentError } from '@tunekit/core';
import type { Label, Task } from '../data/dataset.js';
import { prepareDataset, type FeatureRows } from '../data/prepare-dataset.js';
import { checkEngineName, loadEngine } from '../engines/forest-engine.js';
import type { Voting } from '../fast/predict-forest.js';
import type { EngineName, RandomForestModel } from '../model/random-forest-model.js';
import { resolveParams, type RandomForestParams } from '../params/random-forest-params.js';
import { checkSeedOption } from './random-forest-objective.js';

/** Options of `fitRandomForest`. */
export interface FitRandomForestOptions {
  readonly x: FeatureRows;
  readonly y: readonly Label[];
  readonly task: Task;
  /** Unset parameters take scikit-learn's defaults. */
  readonly params?: Partial<RandomForestParams>;
  /** `'fast'` (default) or `'ml-random-forest'`. */
  readonly engine?: EngineName;
  readonly voting?: Voting;
  /** Default 0. */
  readonly seed?: number;
}

/** Fit one forest with either engine, behind the common model interface (what the tuner refits with). */
export async function fitRandomForest(options: FitRandomForestOptions): Promise<RandomForestModel> {
  if (options === null || typeof options !== 'object') throw new InvalidArgumentError('fitRandomForest options', options, 'an options object { x, y, task, params, engine }');
  const dataset = prepareDataset(options.x, options.y, options.task);
  const engine = await loadEngine(checkEngineName(options.engine), { voting: options.voting });
  return engine.fit(dataset, undefined, resolveParams(options.params, options.task), checkSeedOption(options.seed));
}
