import { afterAll, describe, expect, it } from 'vitest';
import { createStudy, TrialPruned, type Pruner } from '@tunekit/core';
import { xgboostCli, pythonXGBoost, PYTHON, XGBOOST_CLI } from '../__fixtures__/system-requirements.js';
import { isAlive, recordingTrial, syntheticBinary } from '../__fixtures__/trial-doubles.js';
import { evaluateMetric } from '../metrics/evaluate-metric.js';
import { createXGBoostTrainer, type XGBoostTrainer } from './xgboost-trainer.js';

const cli = xgboostCli();
const python = pythonXGBoost();
const train = syntheticBinary(1, 400);
const valid = syntheticBinary(2, 150);

const RUNNERS = [
  { runner: 'cli', requirement: cli, program: { xgboostPath: XGBOOST_CLI } },
  { runner: 'python', requirement: python, program: { pythonPath: PYTHON } },
] as const;

describe.each(RUNNERS)('XGBoost trainer, $runner runner (real XGBoost)', ({ runner, requirement, program }) => {
  const trainers: XGBoostTrainer[] = [];
  const make = (options: Partial<Parameters<typeof createXGBoostTrainer>[0]> = {}) => {
    const trainer = createXGBoostTrainer({ train, valid, objective: 'binary:logistic', metric: 'logloss', runner, ...program, ...options });
    trainers.push(trainer);
    return trainer;
  };
  afterAll(async () => {
    for (const trainer of trainers) await trainer.dispose();
  });

  it.skipIf(!requirement.available)('never pruned: streams every round, returns the best round model, evaluated in Node like XGBoost', async () => {
    const pids: number[] = [];
    const trainer = make({ onStart: (pid) => pids.push(pid) });
    const trial = recordingTrial(() => false);
    const result = await trainer({ eta: 0.3, max_depth: 3, num_round: 25 }, { trial });
    expect(result.runner).toBe(runner);
    expect(trial.reports.map((report) => report.step)).toEqual(Array.from({ length: 25 }, (_, index) => index));
    expect(result.roundsTrained).toBe(25);
    expect(result.stoppedEarly).toBe(false);
    const values = trial.reports.map((report) => report.value);
    expect(result.bestRound).toBe(values.indexOf(Math.min(...values)));
    expect(result.model.nRounds).toBe(result.bestRound + 1);
    expect(result.xgboostModel.trees).toHaveLength(25);
    // XGBoost's own validation logloss at the best round, recomputed in Node from the converted model.
    const logloss = evaluateMetric('logloss', valid.y, await result.model.predict(valid.x));
    expect(Math.abs(logloss - result.bestValue) / result.bestValue).toBeLessThan(1e-5);
    expect(pids).toHaveLength(1);
    expect(isAlive(pids[0] as number)).toBe(false);
  });

  it.skipIf(!requirement.available)('always pruned: the process is killed at the first round and gone, TrialPruned is thrown', async () => {
    const pids: number[] = [];
    const trainer = make({ onStart: (pid) => pids.push(pid) });
    const trial = recordingTrial(() => true);
    // 5,000 deep rounds would take many seconds: only a kill ends it this fast.
    const started = Date.now();
    await expect(trainer({ eta: 0.01, max_depth: 8, num_round: 5000 }, { trial })).rejects.toBeInstanceOf(TrialPruned);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(trial.reports.map((report) => report.step)).toEqual([0]);
    expect(pids).toHaveLength(1);
    expect(isAlive(pids[0] as number)).toBe(false);
  });

  it.skipIf(!requirement.available)('early stopping kills the run and recovers the best round from the save_period checkpoints', async () => {
    const trainer = make({ earlyStoppingRounds: 6 });
    const trial = recordingTrial(() => false);
    // A high learning rate on deep trees overfits quickly: validation logloss turns up.
    const result = await trainer({ eta: 1, max_depth: 8, min_child_weight: 0, lambda: 0, num_round: 3000 }, { trial });
    expect(result.stoppedEarly).toBe(true);
    expect(result.roundsTrained).toBeLessThan(3000);
    expect(result.roundsTrained - 1 - result.bestRound).toBeGreaterThanOrEqual(6);
    expect(result.model.nRounds).toBe(result.bestRound + 1);
    const logloss = evaluateMetric('logloss', valid.y, await result.model.predict(valid.x));
    expect(Math.abs(logloss - result.bestValue) / result.bestValue).toBeLessThan(1e-5);
  });

  it.skipIf(!requirement.available)('an aborted signal kills the run and rejects with the reason', async () => {
    const pids: number[] = [];
    const controller = new AbortController();
    const trainer = make({ onStart: (pid) => pids.push(pid) });
    const trial = recordingTrial((step) => {
      if (step === 2) controller.abort(new Error('study timeout'));
      return false;
    });
    await expect(trainer({ eta: 0.01, max_depth: 8, num_round: 5000 }, { trial, signal: controller.signal })).rejects.toThrow('study timeout');
    expect(isAlive(pids[0] as number)).toBe(false);
    expect(trial.reports.length).toBeLessThan(50);
  });

  it.skipIf(!requirement.available)('reports XGBoost failures with its output', async () => {
    const trainer = make();
    await expect(trainer({ max_depth: -3, num_round: 3 }, { trial: recordingTrial(() => false) })).rejects.toThrow(/max_depth|exited with code/);
  });
});

describe('XGBoost trainer in a study (real XGBoost CLI)', () => {
  const always: Pruner = { name: 'AlwaysPrune', prune: () => true };
  const never: Pruner = { name: 'NeverPrune', prune: () => false };

  it.skipIf(!cli.available).each([
    ['always prunes', always, 'pruned'],
    ['never prunes', never, 'complete'],
  ] as const)('a pruner that %s', async (_label, pruner, state) => {
    const trainer = createXGBoostTrainer({ train, valid, objective: 'binary:logistic', metric: 'auc', runner: 'cli', xgboostPath: XGBOOST_CLI });
    const study = await createStudy({ direction: 'maximize', pruner });
    try {
      await study.optimize(
        async (trial) => {
          const result = await trainer({ eta: trial.suggestFloat('eta', 0.05, 0.5, { log: true }), max_depth: trial.suggestInt('max_depth', 2, 5), num_round: 30 }, { trial, signal: trial.signal });
          return evaluateMetric('auc', valid.y, await result.model.predict(valid.x));
        },
        { nTrials: 3, progress: false },
      );
    } finally {
      await trainer.dispose();
    }
    const trials = study.trials;
    expect(trials.map((trial) => trial.state)).toEqual([state, state, state]);
    for (const trial of trials) expect(trial.intermediateValues.size).toBe(state === 'pruned' ? 1 : 30);
    if (state === 'complete') {
      expect(study.bestValue).toBeGreaterThan(0.7);
      // The AUC tunekit computes in Node on the best-round model is XGBoost's best reported AUC.
      for (const trial of trials) expect(trial.values?.[0]).toBeCloseTo(Math.max(...(trial.intermediateValues.values() as Iterable<number>)), 9);
    }
  });

  it.skipIf(!cli.available)('MedianPruner stops a hopeless configuration early and its XGBoost process is gone', async () => {
    const pids = new Map<number, number>();
    let current = -1;
    const trainer = createXGBoostTrainer({ train, valid, objective: 'binary:logistic', metric: 'logloss', runner: 'cli', xgboostPath: XGBOOST_CLI, onStart: (pid) => pids.set(current, pid) });
    const { MedianPruner } = await import('@tunekit/core');
    const study = await createStudy({ direction: 'minimize', pruner: new MedianPruner({ nStartupTrials: 2, nWarmupSteps: 3 }) });
    // Two sound configurations, then one that can barely learn (tiny eta, stumps) for 3,000 rounds.
    await study.enqueueTrial({ eta: 0.3, max_depth: 3, num_round: 40 });
    await study.enqueueTrial({ eta: 0.2, max_depth: 4, num_round: 40 });
    await study.enqueueTrial({ eta: 0.0001, max_depth: 1, num_round: 3000 });
    try {
      await study.optimize(
        async (trial) => {
          current = trial.number;
          const params = { eta: trial.suggestFloat('eta', 0.0001, 1, { log: true }), max_depth: trial.suggestInt('max_depth', 1, 6), num_round: trial.suggestInt('num_round', 1, 3000) };
          const result = await trainer(params, { trial, signal: trial.signal });
          return evaluateMetric('logloss', valid.y, await result.model.predict(valid.x));
        },
        { nTrials: 3, progress: false },
      );
    } finally {
      await trainer.dispose();
    }
    const [first, second, hopeless] = study.trials;
    expect([first?.state, second?.state, hopeless?.state]).toEqual(['complete', 'complete', 'pruned']);
    // Pruned right after the warm-up steps, far from its 3,000 rounds.
    expect(hopeless?.intermediateValues.size).toBe(4);
    expect(isAlive(pids.get(2) as number)).toBe(false);
  });
});
