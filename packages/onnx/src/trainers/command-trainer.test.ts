import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createStudy, TrialPruned, type Pruner } from '@tunekit/core';
import { isAlive, recordingTrial } from '../__fixtures__/trial-doubles.js';
import { TrainerProcessError } from '../errors/trainer-process-error.js';
import { createCommandTrainer } from './command-trainer.js';
import { parseJsonMetricLine } from './run-training-process.js';

// A stand-in for any training program (a LightGBM script, a fine-tuning run): prints a JSON metric
// line per step with chatter around it, then writes its model.
const PROGRAM = `
const [modelPath, steps, delayMs, mode] = process.argv.slice(1);
let step = 0;
const tick = () => {
  if (step === Number(steps)) {
    if (mode === 'crash') { console.error('CUDA out of memory'); process.exit(3); }
    if (mode !== 'no-model') require('node:fs').writeFileSync(modelPath, JSON.stringify({ trainedSteps: step }));
    return;
  }
  console.log('epoch ' + step + ' ...');
  console.log(JSON.stringify({ step, value: 1 / (step + 1), lr: 0.001 }));
  step++;
  setTimeout(tick, Number(delayMs));
};
tick();
`;

type Params = { steps: number; delayMs: number; mode?: string };
const trainer = (onStart?: (pid: number) => void) =>
  createCommandTrainer<Params, { trainedSteps: number }>({
    command: (params, run) => ({ command: process.execPath, args: ['-e', PROGRAM, run.modelPath, String(params.steps), String(params.delayMs), params.mode ?? ''] }),
    loadModel: (path) => JSON.parse(readFileSync(path, 'utf8')) as { trainedSteps: number },
    ...(onStart === undefined ? {} : { onStart }),
  });

describe('createCommandTrainer', () => {
  it('reports every JSON line and loads the model file', async () => {
    const trial = recordingTrial(() => false);
    const result = await trainer()({ steps: 5, delayMs: 1 }, { trial });
    expect(trial.reports).toEqual([0, 1, 2, 3, 4].map((step) => ({ step, value: 1 / (step + 1) })));
    expect(result.model).toEqual({ trainedSteps: 5 });
    expect(result.history).toHaveLength(5);
    expect(existsSync(result.workDir)).toBe(false);
  });

  it('a pruned run is killed (and gone) and throws TrialPruned', async () => {
    const pids: number[] = [];
    const trial = recordingTrial((step) => step >= 2);
    const started = Date.now();
    await expect(trainer((pid) => pids.push(pid))({ steps: 1000, delayMs: 20 }, { trial })).rejects.toBeInstanceOf(TrialPruned);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(trial.reports.map((report) => report.step)).toEqual([0, 1, 2]);
    expect(isAlive(pids[0] as number)).toBe(false);
  });

  it('a program that ignores SIGTERM is killed with SIGKILL after the grace period', async () => {
    const pids: number[] = [];
    const stubborn = createCommandTrainer<Record<string, never>>({
      command: () => ({ command: process.execPath, args: ['-e', "process.on('SIGTERM', () => {}); let s = 0; setInterval(() => console.log(JSON.stringify({ step: s++, value: 1 })), 10);"] }),
      onStart: (pid) => pids.push(pid),
      killTimeoutMs: 300,
    });
    const started = Date.now();
    await expect(stubborn({}, { trial: recordingTrial(() => true) })).rejects.toBeInstanceOf(TrialPruned);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(isAlive(pids[0] as number)).toBe(false);
  });

  it('non-zero exits and missing models are TrainerProcessErrors with the output tail', async () => {
    const crash = await trainer()({ steps: 2, delayMs: 1, mode: 'crash' }, { trial: recordingTrial(() => false) }).catch((error: unknown) => error);
    expect(crash).toBeInstanceOf(TrainerProcessError);
    expect(crash).toMatchObject({ exitCode: 3 });
    expect((crash as TrainerProcessError).stderrTail).toContain('CUDA out of memory');
    await expect(trainer()({ steps: 1, delayMs: 1, mode: 'no-model' }, { trial: recordingTrial(() => false) })).rejects.toThrow(/without writing its model/);
    const missing = createCommandTrainer<Record<string, never>>({ command: () => ({ command: '/nonexistent/train' }) });
    await expect(missing({}, { trial: recordingTrial(() => false) })).rejects.toThrow(/could not start.*program not found/);
  });

  it('runs under a study with a pruner that always prunes and one that never does', async () => {
    for (const [pruner, state] of [
      [{ prune: () => true } satisfies Pruner, 'pruned'],
      [{ prune: () => false } satisfies Pruner, 'complete'],
    ] as const) {
      const study = await createStudy({ direction: 'minimize', pruner });
      const run = trainer();
      await study.optimize(async (trial) => (await run({ steps: 4, delayMs: 1 }, { trial, signal: trial.signal })).model.trainedSteps, { nTrials: 2, progress: false });
      expect(study.trials.map((trial) => trial.state)).toEqual([state, state]);
      expect(study.trials.map((trial) => trial.intermediateValues.size)).toEqual(state === 'pruned' ? [1, 1] : [4, 4]);
    }
  });
});

describe('parseJsonMetricLine', () => {
  it('reads {"step", "value"} lines and ignores everything else', () => {
    expect(parseJsonMetricLine('{"step": 3, "value": 0.25, "loss": 1}')).toEqual({ step: 3, value: 0.25 });
    expect(parseJsonMetricLine('  {"step":0,"value":-1e-3}  ')).toEqual({ step: 0, value: -0.001 });
    for (const line of ['epoch 3', '{"step": -1, "value": 1}', '{"step": 1.5, "value": 1}', '{"step": 1}', '{"value": 1}', '{not json', '[1, 2]', '{"step": 1, "value": "0.2"}']) {
      expect(parseJsonMetricLine(line), line).toBeUndefined();
    }
  });
});
