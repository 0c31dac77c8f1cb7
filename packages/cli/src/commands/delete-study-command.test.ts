import { getAllStudies } from '@tunekit/core';
import { describe, expect, it } from 'vitest';
import { runTunekit, useTempWorkspaces } from '../__fixtures__/run-tunekit.js';

const workspace = useTempWorkspaces();
async function workspaceWith(...names: string[]) {
  const ws = workspace();
  for (const name of names) expect((await runTunekit(['create-study', '--storage', ws.url(), '--study', name], { cwd: ws.dir })).code).toBe(0);
  return ws;
}
async function names(url: string) {
  return (await getAllStudies(url)).map((study) => study.studyName);
}

describe('tunekit delete-study', () => {
  it('deletes with --yes', async () => {
    const ws = await workspaceWith('keep', 'drop');
    const result = await runTunekit(['delete-study', '--storage', ws.url(), '--study', 'drop', '--yes'], { cwd: ws.dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("Deleted study 'drop' (0 trials)");
    expect(await names(ws.url())).toEqual(['keep']);
  });

  it('asks on a terminal and deletes only on yes', async () => {
    const ws = await workspaceWith('drop');
    const questions: string[] = [];
    const no = await runTunekit(['delete-study', '--storage', ws.url(), '--study', 'drop'], { cwd: ws.dir, io: { prompt: async (question) => (questions.push(question), 'n') } });
    expect(no.code).toBe(1);
    expect(no.stderr).toBe('Nothing deleted.\n');
    expect(questions[0]).toMatch(/^Delete study 'drop' \(0 trials\) from sqlite:.*\? \[y\/N\] $/);
    expect(await names(ws.url())).toEqual(['drop']);
    const yes = await runTunekit(['delete-study', '--storage', ws.url(), '--study', 'drop'], { cwd: ws.dir, io: { prompt: async () => 'y' } });
    expect(yes.code).toBe(0);
    expect(await names(ws.url())).toEqual([]);
  });

  it('refuses without --yes when there is no terminal (exit 2)', async () => {
    const ws = await workspaceWith('drop');
    const result = await runTunekit(['delete-study', '--storage', ws.url(), '--study', 'drop'], { cwd: ws.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('without confirmation: pass --yes');
    expect(await names(ws.url())).toEqual(['drop']);
  });

  it('names the existing studies when the study is missing (exit 1), and requires --study (exit 2)', async () => {
    const ws = await workspaceWith('alpha', 'beta');
    const missing = await runTunekit(['delete-study', '--storage', ws.url(), '--study', 'gamma', '--yes'], { cwd: ws.dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`tunekit delete-study: error: No study named 'gamma' in ${ws.url()}; it holds 2 studies: 'alpha', 'beta'\n`);
    const noFlag = await runTunekit(['delete-study', '--storage', ws.url(), '--yes'], { cwd: ws.dir });
    expect(noFlag.code).toBe(2);
    expect(noFlag.stderr).toContain("Missing --study for 'tunekit delete-study'");
  });
});
