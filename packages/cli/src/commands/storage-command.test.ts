import { copyFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath, runTunekit, useTempWorkspaces } from '../__fixtures__/run-tunekit.js';

const workspace = useTempWorkspaces();

describe('tunekit storage upgrade', () => {
  it('migrates a database written by Optuna 2.x, after which its studies read normally', async () => {
    const ws = workspace();
    copyFileSync(fixturePath('optuna-v2.6.0.a.db'), ws.path('old.db'));
    const result = await runTunekit(['storage', 'upgrade', '--storage', ws.url('old.db')], { cwd: ws.dir });
    expect(result).toMatchObject({ code: 0, stdout: `${ws.url('old.db')}: the schema is current\n` });
    const studies = JSON.parse((await runTunekit(['studies', '--storage', ws.url('old.db'), '--format', 'json'], { cwd: ws.dir })).stdout);
    expect(studies.map((study: { studyName: string }) => study.studyName)).toEqual(['v2-single', 'v2-multi']);
    const best = JSON.parse((await runTunekit(['best-trial', '--storage', ws.url('old.db'), '--study', 'v2-single', '--format', 'json'], { cwd: ws.dir })).stdout);
    expect(best).toMatchObject({ number: 0, values: [0.25], params: { x: 1.5, lr: 0.001, c: 'sgd' } });
  });

  it('fails for a database that does not exist (exit 1) and a missing or unknown subcommand (exit 2)', async () => {
    const ws = workspace();
    const missing = await runTunekit(['storage', 'upgrade', '--storage', ws.url('none.db')], { cwd: ws.dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`No database at ${ws.path('none.db')}`);
    const noSub = await runTunekit(['storage', '--storage', ws.url()], { cwd: ws.dir });
    expect(noSub).toMatchObject({ code: 2, stderr: "tunekit storage: error: Missing subcommand for 'tunekit storage': upgrade (see 'tunekit storage --help')\n" });
    const unknown = await runTunekit(['storage', 'downgrade'], { cwd: ws.dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown subcommand 'tunekit storage downgrade'");
  });
});
