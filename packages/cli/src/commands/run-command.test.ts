import { existsSync } from 'node:fs';
import { loadStudy } from '@tunekit/core';
import { describe, expect, it } from 'vitest';
import { fixturePath, runTunekit, useTempWorkspaces } from '../__fixtures__/run-tunekit.js';

const workspace = useTempWorkspaces();

async function storedTrials(url: string, studyName: string) {
  const study = await loadStudy({ storage: url, studyName });
  try {
    return await study.getTrials();
  } finally {
    await study.close();
  }
}

describe('tunekit run', () => {
  it('creates the study named after the file in ./tunekit.db, and prints the best trial', async () => {
    const ws = workspace();
    const result = await runTunekit(['run', fixturePath('quadratic-study.ts')], { cwd: ws.dir });
    expect(result.stderr).toContain("Study 'quadratic-study' (sqlite:./tunekit.db): new");
    expect(result.code).toBe(0);
    expect(existsSync(ws.path('tunekit.db'))).toBe(true);
    const trials = await storedTrials(ws.url('tunekit.db'), 'quadratic-study');
    expect(trials).toHaveLength(3); // optimizeOptions.nTrials
    const best = trials.reduce((a, b) => ((a.values?.[0] as number) <= (b.values?.[0] as number) ? a : b));
    expect(result.stdout).toContain('Ran 3 trials');
    expect(result.stdout).toContain('(3 complete, 0 pruned, 0 failed)');
    expect(result.stdout).toContain(`Best trial: #${best.number}, value ${best.values?.[0]} (minimize)`);
    expect(result.stdout).toContain(`  x = ${best.params.x}`);
  });

  it('continues the study when run again with the same name; flags override the file', async () => {
    const ws = workspace();
    const args = ['run', fixturePath('quadratic-study.ts'), '--storage', ws.url(), '--study', 'resumed', '--trials', '4'];
    expect((await runTunekit(args, { cwd: ws.dir })).code).toBe(0);
    const second = await runTunekit(args, { cwd: ws.dir });
    expect(second.code).toBe(0);
    expect(second.stderr).toContain("continuing after 4 trials");
    expect(second.stdout).toContain("Study 'resumed' holds 8 trials.");
    const trials = await storedTrials(ws.url(), 'resumed');
    expect(trials.map((trial) => trial.number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(trials.every((trial) => trial.state === 'complete')).toBe(true);
  });

  it("runs the README's study file, pruning included", async () => {
    const ws = workspace();
    const result = await runTunekit(['run', fixturePath('readme-study.ts'), '--storage', ws.url(), '--trials', '30'], { cwd: ws.dir });
    expect(result.code).toBe(0);
    const trials = await storedTrials(ws.url(), 'quadratic');
    expect(trials).toHaveLength(30);
    expect(trials.some((trial) => trial.state === 'pruned')).toBe(true);
    expect(result.stdout).toMatch(/\(\d+ complete, [1-9]\d* pruned, 0 failed\)/);
  });

  it('runs on memory:, and --trials 0 runs nothing', async () => {
    const ws = workspace();
    const result = await runTunekit(['run', fixturePath('quadratic-study.ts'), '--storage', 'memory:', '--trials', '0'], { cwd: ws.dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Ran 0 trials');
    expect(result.stdout).toContain('No complete trial yet.');
  });

  it('stops at --timeout even with a synchronous objective on a synchronous storage', async () => {
    const ws = workspace();
    const started = Date.now();
    const result = await runTunekit(['run', fixturePath('maximize-study.ts'), '--storage', 'memory:', '--timeout', '0.3'], { cwd: ws.dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Ran [1-9]\d* trials .*stopped because the timeout passed/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('prints the Pareto front of a multi-objective study', async () => {
    const ws = workspace();
    const result = await runTunekit(['run', fixturePath('two-objective-study.ts'), '--storage', ws.url(), '--trials', '6'], { cwd: ws.dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("Study 'pareto'");
    expect(result.stdout).toMatch(/Pareto front: \d+ trials? \(maximize, minimize\)/);
    expect(result.stdout).toMatch(/ {2}#\d+: values \[[\d.e-]+, [\d.e-]+\]\n {4}size = \d+/);
  });

  it('draws a progress line on a TTY stderr only', async () => {
    const ws = workspace();
    const tty = await runTunekit(['run', fixturePath('quadratic-study.ts'), '--storage', 'memory:'], { cwd: ws.dir, tty: true });
    expect(tty.code).toBe(0);
    expect(tty.stderr).toContain('3/3 trials');
    const pipe = await runTunekit(['run', fixturePath('quadratic-study.ts'), '--storage', 'memory:'], { cwd: ws.dir });
    expect(pipe.stderr).not.toContain('3/3 trials');
  });

  it('stops gracefully when the CLI signal aborts (Ctrl-C)', async () => {
    const ws = workspace();
    const controller = new AbortController();
    controller.abort();
    const result = await runTunekit(['run', fixturePath('quadratic-study.ts'), '--storage', 'memory:', '--trials', '100'], { cwd: ws.dir, io: { signal: controller.signal } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Ran 0 trials');
    expect(result.stdout).toContain('stopped because interrupted');
  });

  it('keeps going past errors listed in optimizeOptions.catch, noting each failed trial', async () => {
    const ws = workspace();
    const result = await runTunekit(['run', fixturePath('caught-errors-study.ts'), '--storage', ws.url()], { cwd: ws.dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('(2 complete, 0 pruned, 2 failed)');
    expect(result.stderr).toContain('[tunekit] Trial 1 failed: RangeError: diverged at x=');
  });

  it('accepts the contract as a default export and warns about unknown option keys', async () => {
    const ws = workspace();
    const result = await runTunekit(['run', fixturePath('default-export-study.ts'), '--storage', ws.url(), '--trials', '2'], { cwd: ws.dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('tunekit run: warning: optimizeOptions.nTrial is not an option tunekit knows');
    expect(result.stderr).toContain('studyOptions.loadIfExists is ignored');
    expect(result.stdout).toContain('(maximize)');
  });

  it('fails with exit 1 naming the trial when the objective throws an uncaught error', async () => {
    const ws = workspace();
    const result = await runTunekit(['run', fixturePath('throwing-study.ts'), '--storage', ws.url(), '--trials', '5'], { cwd: ws.dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("tunekit run: error: The objective threw in trial 1 of study 'throwing-study': TypeError: model.fit is not a function");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const trials = await storedTrials(ws.url(), 'throwing-study');
    expect(trials.map((trial) => trial.state)).toEqual(['complete', 'fail']);
  });

  it('fails with exit 1 when the file does not export objective, listing what it exports', async () => {
    const ws = workspace();
    const result = await runTunekit(['run', fixturePath('no-objective-study.ts'), '--storage', ws.url()], { cwd: ws.dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^tunekit run: error: The study file .*no-objective-study\.ts does not export `objective` \(exports: objectiv, studyOptions\)/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('fails with exit 2 for a missing study file or argument', async () => {
    const ws = workspace();
    const missing = await runTunekit(['run', 'nope.ts'], { cwd: ws.dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`Study file not found: ${ws.path('nope.ts')}`);
    expect(existsSync(ws.path('tunekit.db'))).toBe(false);
    const none = await runTunekit(['run'], { cwd: ws.dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Missing <study file> for 'tunekit run'");
  });

  it.each([
    ['--trials', 'ten', 'a non-negative integer'],
    ['--trials', '-1', 'a non-negative integer'],
    ['--concurrency', '0', 'a positive integer'],
    ['--timeout', '0', 'a number of seconds > 0'],
    ['--timeout', '1h', 'a number of seconds > 0'],
    ['--max-trials', '2.5', 'a non-negative integer'],
  ])('rejects %s %s with exit 2, naming the flag and value', async (flag, value, expected) => {
    const ws = workspace();
    const result = await runTunekit(['run', fixturePath('quadratic-study.ts'), `${flag}=${value}`], { cwd: ws.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`tunekit run: error: Invalid ${flag} "${value}": expected ${expected}\n`);
  });

  it('refuses to continue a study whose direction differs from the file', async () => {
    const ws = workspace();
    expect((await runTunekit(['create-study', '--storage', ws.url(), '--study', 'clash'], { cwd: ws.dir })).code).toBe(0);
    const result = await runTunekit(['run', fixturePath('maximize-study.ts'), '--storage', ws.url(), '--study', 'clash', '--trials', '1'], { cwd: ws.dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("the directions of the existing study 'clash' (minimize)");
  });

  it('fails with exit 2 on a bad storage URL and exit 1 on an unopenable database', async () => {
    const ws = workspace();
    const badUrl = await runTunekit(['run', fixturePath('quadratic-study.ts'), '--storage', 'mysql://root@localhost/db'], { cwd: ws.dir });
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toMatch(/^tunekit run: error: Invalid --storage: expected a URL starting with 'sqlite:', 'postgres:\/\/' or 'memory:', got "mysql:\/\/root@localhost\/db"\n$/);
    const noDir = await runTunekit(['run', fixturePath('quadratic-study.ts'), '--storage', `sqlite:${ws.path('missing-dir/x.db')}`], { cwd: ws.dir });
    expect(noDir.code).toBe(1);
    expect(noDir.stderr).toMatch(/^tunekit run: error: .*missing-dir\/x\.db.*\n$/);
  });
});
