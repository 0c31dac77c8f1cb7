import { createStudy, InMemoryStorage, InvalidArgumentError, RandomSampler, type Storage } from '@tunekit/core';
import { describe, expect, it } from 'vitest';
import { createCliIo } from '../cli-context.js';
import { UsageError } from '../errors/usage-error.js';
import { importanceCommand } from './importance-command.js';


/** A storage holding a single-objective study `single` (x decides) and a two-objective `multi` (x, then y). */
async function seededStorage(): Promise<Storage> {
  const storage = new InMemoryStorage();
  const single = await createStudy({ storage, studyName: 'single', direction: 'minimize', sampler: new RandomSampler({ seed: 0 }) });
  await single.optimize((trial) => 10 * trial.suggestFloat('x', 0, 1) + 0.1 * trial.suggestFloat('y', 0, 1) + (trial.suggestCategorical('c', ['a', 'b']) === 'a' ? 0 : 0.01), { nTrials: 80 });
  const multi = await createStudy({ storage, studyName: 'multi', directions: ['minimize', 'maximize'], sampler: new RandomSampler({ seed: 1 }) });
  await multi.optimize((trial) => {
    const x = trial.suggestFloat('x', 0, 1);
    const y = trial.suggestFloat('y', 0, 1);
    return [10 * x + 0.1 * y, 10 * y + 0.1 * x];
  }, { nTrials: 80 });
  return storage;
}

async function run(storage: Storage, args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const io = createCliIo({ cwd: '/', stdout: { write: (chunk: string) => (stdout += chunk) }, stderr: { write: () => true }, openStorage: async () => ({ storage, owned: false }) });
  const code = await importanceCommand.run(['--storage', 'memory:', ...args], io);
  return { code, stdout };
}

describe('tunekit importance', () => {
  it('prints importances as a table, most important first', async () => {
    const storage = await seededStorage();
    const { code, stdout } = await run(storage, ['--study', 'single', '--seed', '0']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^param\s+importance$/);
    expect(lines[2]).toMatch(/^x\s+0\.9\d+$/);
    expect(lines).toHaveLength(5);
  });

  it('prints JSON and CSV with the exact numbers, for either evaluator', async () => {
    const storage = await seededStorage();
    const json = JSON.parse((await run(storage, ['--study', 'single', '--seed', '3', '--format', 'json'])).stdout);
    expect(json).toMatchObject({ studyName: 'single', evaluator: 'fANOVA', objective: 0 });
    expect(Object.keys(json.importances)[0]).toBe('x');
    expect(Object.values(json.importances as Record<string, number>).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // Seeded: the same numbers again.
    expect(JSON.parse((await run(storage, ['--study', 'single', '--seed', '3', '--format', 'json'])).stdout)).toEqual(json);
    const ped = JSON.parse((await run(storage, ['--study', 'single', '--evaluator', 'ped-anova', '--format', 'json'])).stdout);
    expect(ped.evaluator).toBe('PED-ANOVA');
    expect(Object.keys(ped.importances)[0]).toBe('x');
    const csv = (await run(storage, ['--study', 'single', '--params', 'y,c', '--format', 'csv'])).stdout.split('\r\n');
    expect(csv[0]).toBe('param,importance');
    expect(csv.slice(1, 3).map((line) => line.split(',')[0]).sort()).toEqual(['c', 'y']);
  });

  it('needs --objective for a multi-objective study, and rates the chosen objective', async () => {
    const storage = await seededStorage();
    await expect(run(storage, ['--study', 'multi'])).rejects.toThrow(/Missing --objective.*2 objectives/);
    const first = JSON.parse((await run(storage, ['--study', 'multi', '--objective', '0', '--seed', '0', '--format', 'json'])).stdout);
    const second = JSON.parse((await run(storage, ['--study', 'multi', '--objective', '1', '--evaluator', 'ped-anova', '--format', 'json'])).stdout);
    expect(Object.keys(first.importances)[0]).toBe('x');
    expect(Object.keys(second.importances)[0]).toBe('y');
    await expect(run(storage, ['--study', 'multi', '--objective', '2'])).rejects.toThrow(UsageError);
  });

  it('rejects a bad evaluator, and passes on core errors naming the parameter', async () => {
    const storage = await seededStorage();
    await expect(run(storage, ['--study', 'single', '--evaluator', 'shap'])).rejects.toThrow(/Invalid --evaluator "shap": expected 'fanova' or 'ped-anova'/);
    await expect(run(storage, ['--study', 'single', '--evaluator', 'ped-anova', '--seed', '3'])).rejects.toThrow(/--seed applies to --evaluator fanova only/);
    await expect(run(storage, ['--study', 'single', '--params', 'x,nope'])).rejects.toThrow(InvalidArgumentError);
    await expect(run(storage, ['--study', 'single', '--params', ','])).rejects.toThrow(/Invalid --params/);
  });

  it('prints its help', async () => {
    const { code, stdout } = await run(new InMemoryStorage(), ['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: tunekit importance/);
  });
});
