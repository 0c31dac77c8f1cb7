import { loadStudy } from '@tunekit/core';
import { describe, expect, it } from 'vitest';
import { fixturePath, runTunekit, useTempWorkspaces } from '../__fixtures__/run-tunekit.js';

const workspace = useTempWorkspaces();
async function workspaceWith(study: string) {
  const ws = workspace();
  expect((await runTunekit(['create-study', '--storage', ws.url(), '--study', study], { cwd: ws.dir })).code).toBe(0);
  return ws;
}
async function states(url: string, studyName: string) {
  const study = await loadStudy({ storage: url, studyName });
  try {
    return (await study.getTrials()).map((trial) => trial.state);
  } finally {
    await study.close();
  }
}

describe('tunekit worker', () => {
  it('runs trials on an existing study; --max-trials caps the whole study', async () => {
    const ws = await workspaceWith('shared');
    const first = await runTunekit(['worker', '--storage', ws.url(), '--study', 'shared', '--trials', '2', fixturePath('quadratic-study.ts')], { cwd: ws.dir });
    expect(first.code).toBe(0);
    expect(first.stderr).toContain("Joining study 'shared'");
    expect(first.stdout).toContain("Ran 2 trials");
    const capped = await runTunekit(['worker', '--storage', ws.url(), '--study', 'shared', '--trials', '10', '--max-trials', '5', '--concurrency', '2', fixturePath('quadratic-study.ts')], { cwd: ws.dir });
    expect(capped.code).toBe(0);
    expect(capped.stdout).toContain('stopped because the study-wide cap (--max-trials) was reached');
    expect(await states(ws.url(), 'shared')).toEqual(Array(5).fill('complete'));
  });

  it('names the existing studies when the study is missing (exit 1)', async () => {
    const ws = await workspaceWith('shared');
    const result = await runTunekit(['worker', '--storage', ws.url(), '--study', 'shard', fixturePath('quadratic-study.ts')], { cwd: ws.dir });
    expect(result).toMatchObject({ code: 1, stderr: `tunekit worker: error: No study named 'shard' in ${ws.url()}; it holds one study: 'shared'\n` });
  });

  it('needs --study unless the file names its study, and an existing database', async () => {
    const ws = await workspaceWith('pareto');
    const noStudy = await runTunekit(['worker', '--storage', ws.url(), fixturePath('quadratic-study.ts')], { cwd: ws.dir });
    expect(noStudy.code).toBe(2);
    expect(noStudy.stderr).toContain("Missing --study for 'tunekit worker'");
    // two-objective-study.ts names 'pareto' (maximize, minimize); the study here minimises one objective.
    const mismatch = await runTunekit(['worker', '--storage', ws.url(), '--trials', '1', fixturePath('two-objective-study.ts')], { cwd: ws.dir });
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toContain("declares direction(s) maximize, minimize but study 'pareto' has minimize");
    const noDatabase = await runTunekit(['worker', '--storage', ws.url('other.db'), '--study', 'pareto', fixturePath('quadratic-study.ts')], { cwd: ws.dir });
    expect(noDatabase.code).toBe(1);
    expect(noDatabase.stderr).toContain(`No database at ${ws.path('other.db')}`);
  });
});
