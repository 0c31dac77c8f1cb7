import { InvalidArgumentError } from '@tunekit/core';
import type { Dataset } from '../data/dataset.js';
import type { Voting } from '../fast/predict-forest.js';
import type { EngineName, RandomForestModel } from '../model/random-forest-model.js';
import type { RandomForestParams } from '../params/random-forest-params.js';

/** What fits forests for the tuner: one per engine name. */
export interface ForestEngine {
  readonly name: EngineName;
  /** Throw `InvalidArgumentError` for parameters this engine cannot honour. */
  checkParams(params: RandomForestParams, field: string): void;
  /** Fit on `rows` of `dataset` (all rows when omitted). Deterministic for a given seed. */
  fit(dataset: Dataset, rows: ArrayLike<number> | undefined, params: RandomForestParams, seed: number): RandomForestModel;
}

/** Options shared by the engines. */
export interface EngineOptions {
  /** Fast engine classifiers: `'hard'` (default, as ml-random-forest) or `'soft'` voting. */
  readonly voting?: Voting;
}

/** @internal Validate an engine name. */
export function checkEngineName(engine: unknown, field = 'engine'): EngineName {
  if (engine === undefined) return 'fast';
  if (engine !== 'fast' && engine !== 'ml-random-forest') throw new InvalidArgumentError(field, engine, "'fast' or 'ml-random-forest'");
  return engine;
}

/** @internal Validate a voting rule. */
export function checkVoting(voting: unknown, field = 'voting'): Voting {
  if (voting === undefined) return 'hard';
  if (voting !== 'hard' && voting !== 'soft') throw new InvalidArgumentError(field, voting, "'hard' or 'soft'");
  return voting;
}

/** The engine named `name` (loads ml-random-forest on demand). */
export async function loadEngine(name: EngineName, options: EngineOptions = {}): Promise<ForestEngine> {
  if (name === 'ml-random-forest') {
    const { createMlRandomForestEngine } = await import('./ml-random-forest-engine.js');
    return createMlRandomForestEngine();
  }
  const { createFastEngine } = await import('./fast-engine.js');
  return createFastEngine(checkVoting(options.voting));
}
