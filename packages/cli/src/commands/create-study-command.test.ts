import { existsSync } from 'node:fs';
import { getAllStudies } from '@tunekit/core';
import { describe, expect, it } from 'vitest';
import { runTunekit, useTempWorkspaces } from '../__fixtures__/run-tunekit.js';

const workspace = useTempWorkspaces();

describe('tunekit create-study', () => {
  it('creates a study with the given direction and prints its name', async () => {
    const ws = workspace();
    const result = await runTunekit(['create-study', '--storage', ws.url(), '--study', 'sweep', '--direction', 'maximize'], { cwd: ws.dir });
    expect(result).toMatchObject({ code: 0, stdout: 'sweep\n' });
    expect(result.stderr).toContain("Created study 'sweep' (maximize)");
    const studies = await getAllStudies(ws.url());
    expect(studies.map((study) => [study.studyName, study.directions])).toEqual([['sweep', ['maximize']]]);
  });

  it('creates a multi-objective study with --directions, and generates a name without --study', async () => {
    const ws = workspace();
    expect((await runTunekit(['create-study', '--storage', ws.url(), '--study', 'mo', '--directions', 'maximize,minimize'], { cwd: ws.dir })).code).toBe(0);
    const generated = await runTunekit(['create-study', '--storage', ws.url(), '--study-name', 'aliased'], { cwd: ws.dir });
    expect(generated.stdout).toBe('aliased\n');
    const anonymous = await runTunekit(['create-study', '--storage', ws.url()], { cwd: ws.dir });
    expect(anonymous.stdout).toMatch(/^no-name-[0-9a-f-]{36}\n$/);
    const studies = await getAllStudies(ws.url());
    expect(studies.map((study) => [study.studyName, study.directions.join()])).toEqual([
      ['mo', 'maximize,minimize'],
      ['aliased', 'minimize'],
      [anonymous.stdout.trim(), 'minimize'],
    ]);
  });

  it('creates ./tunekit.db in the working directory by default', async () => {
    const ws = workspace();
    expect((await runTunekit(['create-study', '--study', 'here'], { cwd: ws.dir })).code).toBe(0);
    expect(existsSync(ws.path('tunekit.db'))).toBe(true);
  });

  it('fails with exit 1 when the name is taken, unless --skip-if-exists', async () => {
    const ws = workspace();
    const args = ['create-study', '--storage', ws.url(), '--study', 'taken'];
    expect((await runTunekit(args, { cwd: ws.dir })).code).toBe(0);
    const again = await runTunekit(args, { cwd: ws.dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`tunekit create-study: error: A study named 'taken' already exists in ${ws.url()} (directions minimize); pick another --study, pass --skip-if-exists, or delete it with 'tunekit delete-study'\n`);
    const skipped = await runTunekit([...args, '--skip-if-exists'], { cwd: ws.dir });
    expect(skipped).toMatchObject({ code: 0, stdout: 'taken\n' });
    const otherDirection = await runTunekit([...args, '--skip-if-exists', '--direction', 'maximize'], { cwd: ws.dir });
    expect(otherDirection.code).toBe(1);
    expect(otherDirection.stderr).toContain('with directions minimize, not maximize');
  });

  it.each([
    [['--direction', 'up'], 'Invalid --direction "up": expected \'minimize\' or \'maximize\''],
    [['--directions', 'minimize,sideways'], 'Invalid --directions "sideways": expected \'minimize\' or \'maximize\''],
    [['--direction', 'minimize', '--directions', 'minimize'], 'Give --direction or --directions, not both'],
    [['--study', ''], 'Invalid --study "": expected a non-empty study name'],
  ])('rejects %j with exit 2', async (flags, message) => {
    const ws = workspace();
    const result = await runTunekit(['create-study', '--storage', ws.url(), '--study', 's', ...flags], { cwd: ws.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`tunekit create-study: error: ${message}\n`);
    expect(existsSync(ws.path('studies.db'))).toBe(false);
  });
});
