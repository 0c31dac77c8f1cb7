import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { fixturePath, useTempWorkspaces } from './__fixtures__/run-tunekit.js';

// End to end: the real launcher (tsx, the `source` condition), real processes, SQLite files.
const BIN = fileURLToPath(new URL('../bin/tunekit.js', import.meta.url));

interface Spawned {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const children = new Set<ReturnType<typeof spawn>>();

function tunekit(args: readonly string[], cwd: string, onStarted?: (child: ReturnType<typeof spawn>, stderr: () => string) => void): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    child.on('exit', () => children.delete(child));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    onStarted?.(child, () => stderr);
  });
}

afterEach(() => {
  // A test that failed on a timeout must not leave its process behind.
  for (const child of children) child.kill('SIGKILL');
});
const workspace = useTempWorkspaces();

const STUDY_FILE = `import type { Trial } from '@tunekit/core';

interface Point { readonly x: number; readonly y: number }

export async function objective(trial: Trial): Promise<number> {
  const point: Point = { x: trial.suggestFloat('x', -5, 5), y: trial.suggestInt('y', 0, 3) };
  return point.x ** 2 + point.y;
}

export const studyOptions = { studyName: 'tiny', direction: 'minimize' as const };
`;

describe('bin/tunekit.js', () => {
  it('runs a TypeScript study file on SQLite; trials --format json reads it back', async () => {
    const ws = workspace();
    writeFileSync(ws.path('tiny.ts'), STUDY_FILE);
    const run = await tunekit(['run', 'tiny.ts', '--trials', '5'], ws.dir);
    expect(run.stderr).toBe("Study 'tiny' (sqlite:./tunekit.db): new\n");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Ran 5 trials in [\d.]+ s \(5 complete, 0 pruned, 0 failed\)/);
    const listed = await tunekit(['trials', '--format', 'json'], ws.dir);
    expect(listed.code).toBe(0);
    const trials = JSON.parse(listed.stdout) as { number: number; state: string; values: number[]; params: { x: number; y: number } }[];
    expect(trials.map((trial) => trial.number)).toEqual([0, 1, 2, 3, 4]);
    for (const trial of trials) {
      expect(trial.state).toBe('complete');
      expect(trial.values[0]).toBeCloseTo(trial.params.x ** 2 + trial.params.y, 12);
    }
    const best = trials.reduce((a, b) => ((a.values[0] as number) <= (b.values[0] as number) ? a : b));
    expect(run.stdout).toContain(`Best trial: #${best.number}, value ${best.values[0]} (minimize)`);
  });

  it('ask in one process, tell in another, then best-trial', async () => {
    const ws = workspace();
    const storage = ws.url();
    expect((await tunekit(['create-study', '--storage', storage, '--study', 'remote', '--direction', 'maximize'], ws.dir)).stdout).toBe('remote\n');
    const space = JSON.stringify({ x: { type: 'float', low: 0, high: 1 }, act: { type: 'categorical', choices: ['relu', 'tanh'] } });
    const asked = [];
    for (let i = 0; i < 2; i++) {
      const ask = await tunekit(['ask', '--storage', storage, '--study', 'remote', '--search-space', space], ws.dir);
      expect(ask.code).toBe(0);
      asked.push(JSON.parse(ask.stdout) as { number: number; params: { x: number; act: string } });
    }
    expect(asked.map((trial) => trial.number)).toEqual([0, 1]);
    for (const trial of asked) {
      const tell = await tunekit(['tell', '--storage', storage, '--study', 'remote', '--trial', String(trial.number), '--values', String(-trial.params.x)], ws.dir);
      expect(tell.code).toBe(0);
    }
    const best = await tunekit(['best-trial', '--storage', storage, '--study', 'remote', '--format', 'json'], ws.dir);
    const winner = asked[0]!.params.x <= asked[1]!.params.x ? asked[0]! : asked[1]!;
    expect(JSON.parse(best.stdout)).toMatchObject({ number: winner.number, state: 'complete', values: [-winner.params.x], params: winner.params });
  });

  it('keeps a study-wide --max-trials cap exact across two worker processes', async () => {
    const ws = workspace();
    const storage = ws.url();
    await tunekit(['create-study', '--storage', storage, '--study', 'shared'], ws.dir);
    const worker = () => tunekit(['worker', '--storage', storage, '--study', 'shared', '--max-trials', '8', '--trials', '100', fixturePath('quadratic-study.ts')], ws.dir);
    const results = await Promise.all([worker(), worker()]);
    for (const result of results) expect(result.code).toBe(0);
    const trials = JSON.parse((await tunekit(['trials', '--storage', storage, '--format', 'json'], ws.dir)).stdout) as { state: string }[];
    expect(trials.map((trial) => trial.state)).toEqual(Array(8).fill('complete'));
  });

  it('stops gracefully on Ctrl-C, even with a synchronous objective; the best trial is printed', async () => {
    const ws = workspace();
    // A synchronous objective: the loop must still let the signal handler run.
    writeFileSync(ws.path('fast.mts'), "export function objective(trial) { return trial.suggestFloat('x', 0, 1); }\n");
    const result = await tunekit(['run', 'fast.mts', '--storage', ws.url()], ws.dir, (child, stderr) => {
      const poll = setInterval(() => {
        if (stderr().includes('running until interrupted')) {
          clearInterval(poll);
          setTimeout(() => child.kill('SIGINT'), 300);
        }
      }, 20);
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('SIGINT: starting no new trial');
    expect(result.stdout).toMatch(/Ran [1-9]\d* trials? .*stopped because interrupted/);
    const trials = JSON.parse((await tunekit(['trials', '--storage', ws.url(), '--format', 'json'], ws.dir)).stdout) as { state: string }[];
    expect(trials.length).toBeGreaterThan(0);
    expect(trials.every((trial) => trial.state === 'complete')).toBe(true);
  });

  it('reports bad input as one line on stderr with exit 1 or 2, and a stack only with --debug', async () => {
    const ws = workspace();
    const badFlag = await tunekit(['run', 'x.ts', '--trials', 'many'], ws.dir);
    expect(badFlag).toMatchObject({ code: 2, stdout: '', stderr: 'tunekit run: error: Invalid --trials "many": expected a non-negative integer\n' });
    const badUrl = await tunekit(['studies', '--storage', 'sqlite'], ws.dir);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toMatch(/^tunekit studies: error: Invalid --storage: .*\n$/);
    await tunekit(['create-study', '--storage', ws.url(), '--study', 'only'], ws.dir);
    const missing = await tunekit(['trials', '--storage', ws.url(), '--study', 'other'], ws.dir);
    expect(missing).toMatchObject({ code: 1, stderr: `tunekit trials: error: No study named 'other' in ${ws.url()}; it holds one study: 'only'\n` });
    const debug = await tunekit(['trials', '--storage', ws.url(), '--study', 'other', '--debug'], ws.dir);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at .*load-cli-study/);
  });
});
