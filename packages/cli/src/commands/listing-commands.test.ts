import { existsSync } from 'node:fs';
import { createStudy, floatDistribution, categoricalDistribution } from '@tunekit/core';
import { describe, expect, it } from 'vitest';
import { runTunekit, useTempWorkspaces } from '../__fixtures__/run-tunekit.js';

const workspace = useTempWorkspaces();

const ESC = '\u001b';

/** A study with a complete, a failed, a pruned and a running trial; one param value carries a terminal escape. */
async function seed(url: string) {
  const study = await createStudy({ storage: url, studyName: 'seeded', direction: 'minimize' });
  const space = { lr: floatDistribution(1e-5, 1e-1, { log: true }), act: categoricalDistribution(['relu', 'tanh']) };
  const a = await study.ask(space);
  await study.tell(a, 0.25);
  const b = await study.ask(space);
  await study.tell(b, undefined, { state: 'fail', failReason: 'out of memory' });
  const c = await study.ask({ lr: space.lr });
  c.report(0.5, 0);
  await study.tell(c, undefined, { state: 'pruned' });
  const d = await study.ask({ label: categoricalDistribution([`${ESC}[31mred,"x"\nline`]) });
  await d.flush();
  await study.close();
  return { params: [a.params, b.params, c.params, d.params] };
}

describe('tunekit studies', () => {
  it('lists studies as a table, JSON and CSV', async () => {
    const ws = workspace();
    await seed(ws.url());
    await runTunekit(['create-study', '--storage', ws.url(), '--study', 'mo', '--directions', 'maximize,minimize'], { cwd: ws.dir });
    const table = await runTunekit(['studies', '--storage', ws.url()], { cwd: ws.dir });
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^name\s+directions\s+n_trials\s+datetime_start$/);
    expect(lines[2]).toMatch(/^seeded\s+minimize\s+4\s+\d{4}-\d\d-\d\dT/);
    expect(lines[3]).toMatch(/^mo\s+maximize,minimize\s+0$/);
    const json = JSON.parse((await runTunekit(['studies', '--storage', ws.url(), '--format', 'json'], { cwd: ws.dir })).stdout);
    expect(json).toEqual([
      { studyName: 'seeded', directions: ['minimize'], nTrials: 4, datetimeStart: expect.stringMatching(/Z$/), userAttrs: {} },
      { studyName: 'mo', directions: ['maximize', 'minimize'], nTrials: 0, datetimeStart: null, userAttrs: {} },
    ]);
    const csv = (await runTunekit(['studies', '--storage', ws.url(), '--format', 'csv'], { cwd: ws.dir })).stdout;
    expect(csv.split('\r\n').slice(0, 3)).toEqual(['name,directions,n_trials,datetime_start', expect.stringMatching(/^seeded,minimize,4,\d{4}-/), 'mo,"maximize,minimize",0,']);
  });

  it('says so when the storage is empty, and refuses a database file that does not exist', async () => {
    const ws = workspace();
    expect((await runTunekit(['create-study', '--storage', ws.url(), '--study', 'x'], { cwd: ws.dir })).code).toBe(0);
    await runTunekit(['delete-study', '--storage', ws.url(), '--study', 'x', '--yes'], { cwd: ws.dir });
    expect((await runTunekit(['studies', '--storage', ws.url()], { cwd: ws.dir })).stdout).toBe(`No studies in ${ws.url()}.\n`);
    expect((await runTunekit(['studies', '--storage', ws.url(), '--format', 'json'], { cwd: ws.dir })).stdout).toBe('[]\n');
    const missing = await runTunekit(['studies'], { cwd: ws.dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`tunekit studies: error: No database at ${ws.path('tunekit.db')} (--storage sqlite:./tunekit.db); create a study first with 'tunekit create-study' or 'tunekit run', or pass the right --storage\n`);
    expect(existsSync(ws.path('tunekit.db'))).toBe(false);
  });

  it('fails with exit 1 on an unreachable database, without showing its password', async () => {
    const ws = workspace();
    const result = await runTunekit(['studies', '--storage', 'postgres://me:hunter2@127.0.0.1:1/db'], { cwd: ws.dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^tunekit studies: error: postgres:\/\/me:\*\*\*@127\.0\.0\.1:1\/db: .*\n$/);
    expect(result.stderr).not.toContain('hunter2');
  });

  it('rejects a bad --format with exit 2', async () => {
    const ws = workspace();
    const result = await runTunekit(['studies', '--format', 'yaml'], { cwd: ws.dir });
    expect(result).toMatchObject({ code: 2, stderr: 'tunekit studies: error: Invalid --format "yaml": expected \'table\', \'json\' or \'csv\'\n' });
  });
});

describe('tunekit trials', () => {
  it('prints exact, structured JSON', async () => {
    const ws = workspace();
    const { params } = await seed(ws.url());
    const result = await runTunekit(['trials', '--storage', ws.url(), '--study', 'seeded', '--format', 'json'], { cwd: ws.dir });
    expect(result.code).toBe(0);
    const trials = JSON.parse(result.stdout);
    expect(trials.map((trial: { state: string }) => trial.state)).toEqual(['complete', 'fail', 'pruned', 'running']);
    expect(trials[0]).toMatchObject({ number: 0, values: [0.25], params: params[0], distributions: { lr: { type: 'float', low: 1e-5, high: 0.1, log: true } } });
    expect(trials[1]).toMatchObject({ values: null, systemAttrs: { fail_reason: 'out of memory' } });
    expect(trials[2]).toMatchObject({ values: [0.5], intermediateValues: { '0': 0.5 } });
    expect(trials[3]).toMatchObject({ params: params[3], datetimeComplete: null, durationSeconds: null });
    expect(typeof trials[0].durationSeconds).toBe('number');
  });

  it('prints RFC 4180 CSV with params flattened and untrusted strings quoted, not altered', async () => {
    const ws = workspace();
    const { params } = await seed(ws.url());
    const result = await runTunekit(['trials', '--storage', ws.url(), '--format', 'csv'], { cwd: ws.dir });
    expect(result.code).toBe(0);
    const [header] = result.stdout.split('\r\n');
    expect(header).toBe('number,state,value,datetime_start,datetime_complete,duration,params.lr,params.act,params.label,fail_reason');
    expect(result.stdout).toContain(`,${params[0]?.lr},${params[0]?.act},,\r\n`);
    expect(result.stdout).toMatch(new RegExp(`\r\n3,running,,[^,]+,,,,,"${ESC}\\[31mred,""x""\nline",\r\n`));
    expect(result.stdout).toContain(',out of memory\r\n');
    expect(result.stdout.endsWith('\r\n')).toBe(true);
  });

  it('prints an aligned table without control characters; --state filters', async () => {
    const ws = workspace();
    await seed(ws.url());
    const study = await createStudy({ storage: ws.url(), studyName: 'escaped', direction: 'minimize' });
    const trial = await study.ask({ act: categoricalDistribution([`${ESC}[2J${ESC}]0;pwned\u0007`]) });
    await study.tell(trial, 1);
    await study.close();
    const result = await runTunekit(['trials', '--storage', ws.url(), '--study', 'escaped'], { cwd: ws.dir });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(result.stdout).toContain('[2J]0;pwned');
    const filtered = await runTunekit(['trials', '--storage', ws.url(), '--study', 'seeded', '--state', 'fail,pruned'], { cwd: ws.dir });
    const lines = filtered.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^number\s+state\s+value\s+datetime_start\s+datetime_complete\s+duration\s+params\.lr\s+params\.act\s+fail_reason$/);
    expect(lines[1]).toMatch(/^-{6} {2}-{6} /);
    expect(lines[2]).toMatch(/^ {5}1 {2}fail /);
    expect(lines[3]).toMatch(/^ {5}2 {2}pruned\s+0\.5 /);
    // Columns line up: every row's state starts where the header's does.
    const at = (lines[0] as string).indexOf('state');
    for (const line of lines.slice(2)) expect(line.slice(at, at + 1)).toMatch(/[a-z]/);
  });

  it('needs --study when the storage holds several studies, and names them when the study is missing', async () => {
    const ws = workspace();
    await seed(ws.url());
    await runTunekit(['create-study', '--storage', ws.url(), '--study', 'other'], { cwd: ws.dir });
    const noFlag = await runTunekit(['trials', '--storage', ws.url()], { cwd: ws.dir });
    expect(noFlag.code).toBe(2);
    expect(noFlag.stderr).toBe(`tunekit trials: error: Missing --study for 'tunekit trials': ${ws.url()} holds 2 studies ('seeded', 'other')\n`);
    const missing = await runTunekit(['trials', '--storage', ws.url(), '--study', 'seded'], { cwd: ws.dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`tunekit trials: error: No study named 'seded' in ${ws.url()}; it holds 2 studies: 'seeded', 'other'\n`);
    const badState = await runTunekit(['trials', '--storage', ws.url(), '--study', 'seeded', '--state', 'done'], { cwd: ws.dir });
    expect(badState.code).toBe(2);
    expect(badState.stderr).toContain('Invalid --state "done"');
  });
});

describe('tunekit best-trial', () => {
  it('prints the best trial of a single-objective study as a table, JSON object and CSV', async () => {
    const ws = workspace();
    const study = await createStudy({ storage: ws.url(), studyName: 'best', direction: 'maximize' });
    for (const value of [1, 3, 2, 3]) {
      const trial = await study.ask({ x: floatDistribution(0, 1) });
      await study.tell(trial, value);
    }
    await study.close();
    const json = JSON.parse((await runTunekit(['best-trial', '--storage', ws.url(), '--format', 'json'], { cwd: ws.dir })).stdout);
    expect(json).toMatchObject({ number: 1, values: [3], state: 'complete' });
    const table = await runTunekit(['best-trial', '--storage', ws.url()], { cwd: ws.dir });
    expect(table.stdout.split('\n')[2]).toMatch(/^ {5}1 {2}complete {6}3 /);
    const csv = await runTunekit(['best-trial', '--storage', ws.url(), '--format', 'csv'], { cwd: ws.dir });
    expect(csv.stdout.split('\r\n').filter(Boolean)).toHaveLength(2);
  });

  it('prints the Pareto front of a multi-objective study as a JSON array', async () => {
    const ws = workspace();
    const study = await createStudy({ storage: ws.url(), studyName: 'front', directions: ['minimize', 'minimize'] });
    for (const values of [[1, 3], [2, 2], [3, 3], [3, 1]]) {
      const trial = await study.ask();
      await study.tell(trial, values);
    }
    await study.close();
    const json = JSON.parse((await runTunekit(['best-trial', '--storage', ws.url(), '--format', 'json'], { cwd: ws.dir })).stdout);
    expect(json.map((trial: { number: number }) => trial.number)).toEqual([0, 1, 3]);
    const table = await runTunekit(['best-trial', '--storage', ws.url()], { cwd: ws.dir });
    expect(table.stdout.split('\n')[0]).toMatch(/^number\s+state\s+values\.0\s+values\.1\s/);
  });

  it('fails with exit 1 when no trial has completed', async () => {
    const ws = workspace();
    await runTunekit(['create-study', '--storage', ws.url(), '--study', 'empty'], { cwd: ws.dir });
    const result = await runTunekit(['best-trial', '--storage', ws.url(), '--study', 'empty'], { cwd: ws.dir });
    expect(result).toMatchObject({ code: 1, stderr: "tunekit best-trial: error: Study 'empty' has no complete trial yet (0 trials in all)\n" });
  });
});
