import { createStudy, loadStudy } from '@tunekit/core';
import { describe, expect, it } from 'vitest';
import { runTunekit, useTempWorkspaces } from '../__fixtures__/run-tunekit.js';
import { gatherValues } from './tell-command.js';

const workspace = useTempWorkspaces();
async function workspaceWith(study: string, ...directions: string[]) {
  const ws = workspace();
  const flags = directions.length > 1 ? ['--directions', directions.join(',')] : ['--direction', directions[0] ?? 'minimize'];
  expect((await runTunekit(['create-study', '--storage', ws.url(), '--study', study, ...flags], { cwd: ws.dir })).code).toBe(0);
  return ws;
}
async function trialsOf(url: string, studyName: string) {
  const study = await loadStudy({ storage: url, studyName });
  try {
    return await study.getTrials();
  } finally {
    await study.close();
  }
}

const SPACE = JSON.stringify({
  lr: { type: 'float', low: 1e-4, high: 0.1, log: true },
  layers: { type: 'int', low: 1, high: 8, step: 1 },
  act: { type: 'categorical', choices: ['relu', 'tanh'] },
  q: { name: 'FloatDistribution', attributes: { low: 0, high: 1, log: false, step: 0.25 } },
});

describe('tunekit ask', () => {
  it('prints {"number","params"} as one JSON line and stores the params before exiting', async () => {
    const ws = await workspaceWith('s');
    const first = await runTunekit(['ask', '--storage', ws.url(), '--study', 's', '--search-space', SPACE], { cwd: ws.dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^\{"number":0,"params":\{"lr":[\d.e-]+,"layers":\d,"act":"(relu|tanh)","q":(0|0\.25|0\.5|0\.75|1)\}\}\n$/);
    const second = await runTunekit(['ask', '--storage', ws.url(), '--search-space', SPACE], { cwd: ws.dir });
    expect(JSON.parse(second.stdout).number).toBe(1);
    const stored = await trialsOf(ws.url(), 's');
    expect(stored.map((trial) => trial.state)).toEqual(['running', 'running']);
    expect(stored[0]?.params).toEqual(JSON.parse(first.stdout).params);
    expect(stored[0]?.distributions.q).toEqual({ type: 'float', low: 0, high: 1, log: false, step: 0.25 });
  });

  it('claims an enqueued trial first, and asks with no search space', async () => {
    const ws = await workspaceWith('s');
    const study = await createStudy({ storage: ws.url(), studyName: 's', loadIfExists: true });
    await study.enqueueTrial({ lr: 0.01 });
    await study.close();
    const result = await runTunekit(['ask', '--storage', ws.url(), '--study', 's', '--search-space', '{"lr":{"type":"float","low":0.0001,"high":0.1,"log":true}}'], { cwd: ws.dir });
    expect(result.stdout).toBe('{"number":0,"params":{"lr":0.01}}\n');
    const bare = await runTunekit(['ask', '--storage', ws.url(), '--study', 's'], { cwd: ws.dir });
    expect(bare.stdout).toBe('{"number":1,"params":{}}\n');
  });

  it('builds a core sampler from --sampler and --sampler-kwargs', async () => {
    const ws = await workspaceWith('s');
    const args = ['ask', '--storage', ws.url(), '--study', 's', '--search-space', '{"x":{"type":"float","low":0,"high":1}}', '--sampler', 'random', '--sampler-kwargs', '{"seed":3}'];
    const a = JSON.parse((await runTunekit(args, { cwd: ws.dir })).stdout);
    const b = JSON.parse((await runTunekit(args, { cwd: ws.dir })).stdout);
    expect(a.params.x).toBe(b.params.x); // same seed, fresh process state: the documented caveat
    const bad = await runTunekit([...args.slice(0, 7), '--sampler', 'bogus'], { cwd: ws.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Invalid --sampler "bogus": expected one of .*RandomSampler/);
  });

  it.each([
    ['not json', /Invalid --search-space: not JSON/],
    ['[1]', /Invalid --search-space: expected a JSON object/],
    ['{"x":{"type":"float","low":1,"high":0}}', /Invalid --search-space: Invalid parameter 'x': low \(1\) must be <= high \(0\)/],
    ['{"x":{"type":"float","low":0,"high":1,"Log":true}}', /parameter 'x' \(float\) has unknown key\(s\) Log/],
    ['{"x":{"type":"double","low":0,"high":1}}', /parameter 'x' has type "double"; expected "float", "int" or "categorical"/],
    ['{"x":{"name":"FloatDistribution","attributes":{"low":0}}}', /Invalid --search-space: .*'high'/],
  ])('rejects the search space %s with exit 2 without creating a trial', async (space, message) => {
    const ws = await workspaceWith('s');
    const result = await runTunekit(['ask', '--storage', ws.url(), '--study', 's', '--search-space', space], { cwd: ws.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(await trialsOf(ws.url(), 's')).toHaveLength(0);
  });
});

describe('tunekit tell', () => {
  it('completes a trial asked by another invocation (its own storage connection and Study)', async () => {
    const ws = await workspaceWith('s');
    const asked = JSON.parse((await runTunekit(['ask', '--storage', ws.url(), '--study', 's', '--search-space', SPACE], { cwd: ws.dir })).stdout);
    const told = await runTunekit(['tell', '--storage', ws.url(), '--study', 's', '--trial', String(asked.number), '--values', '-0.125'], { cwd: ws.dir });
    expect(told.code).toBe(0);
    expect(told.stderr).toBe("Trial 0 of study 's': complete, values [-0.125]\n");
    const [trial] = await trialsOf(ws.url(), 's');
    expect(trial).toMatchObject({ state: 'complete', values: [-0.125], params: asked.params });
    const best = JSON.parse((await runTunekit(['best-trial', '--storage', ws.url(), '--format', 'json'], { cwd: ws.dir })).stdout);
    expect(best).toMatchObject({ number: 0, values: [-0.125], params: asked.params });
  });

  it('takes one value per objective, space- or comma-separated, negative ones included', async () => {
    const ws = await workspaceWith('mo', 'maximize', 'minimize');
    for (let i = 0; i < 2; i++) await runTunekit(['ask', '--storage', ws.url()], { cwd: ws.dir });
    expect((await runTunekit(['tell', '--storage', ws.url(), '--trial', '0', '--values', '-1', '2e-3'], { cwd: ws.dir })).code).toBe(0);
    expect((await runTunekit(['tell', '--storage', ws.url(), '--trial-number=1', '--values=0.5,-7'], { cwd: ws.dir })).code).toBe(0);
    expect((await trialsOf(ws.url(), 'mo')).map((trial) => trial.values)).toEqual([[-1, 0.002], [0.5, -7]]);
  });

  it('finishes a trial as pruned or failed, with a reason', async () => {
    const ws = await workspaceWith('s');
    for (let i = 0; i < 2; i++) await runTunekit(['ask', '--storage', ws.url()], { cwd: ws.dir });
    expect((await runTunekit(['tell', '--storage', ws.url(), '--trial', '0', '--state', 'pruned'], { cwd: ws.dir })).code).toBe(0);
    expect((await runTunekit(['tell', '--storage', ws.url(), '--trial', '1', '--state', 'fail', '--fail-reason', 'out of memory'], { cwd: ws.dir })).code).toBe(0);
    const trials = await trialsOf(ws.url(), 's');
    expect(trials.map((trial) => trial.state)).toEqual(['pruned', 'fail']);
    expect(trials[1]?.systemAttrs.fail_reason).toBe('out of memory');
  });

  it('refuses to tell a finished trial (exit 1) unless --skip-if-finished, and a missing one', async () => {
    const ws = await workspaceWith('s');
    await runTunekit(['ask', '--storage', ws.url()], { cwd: ws.dir });
    const args = ['tell', '--storage', ws.url(), '--trial', '0', '--values', '1'];
    expect((await runTunekit(args, { cwd: ws.dir })).code).toBe(0);
    const again = await runTunekit([...args.slice(0, 5), '--values', '2'], { cwd: ws.dir });
    expect(again).toMatchObject({ code: 1, stderr: "tunekit tell: error: Trial 0 of study 's' is already finished (state 'complete'); pass --skip-if-finished to accept that\n" });
    expect((await runTunekit([...args, '--skip-if-finished'], { cwd: ws.dir })).code).toBe(0);
    expect((await trialsOf(ws.url(), 's'))[0]?.values).toEqual([1]);
    const missing = await runTunekit(['tell', '--storage', ws.url(), '--trial', '9', '--values', '1'], { cwd: ws.dir });
    expect(missing).toMatchObject({ code: 1, stderr: "tunekit tell: error: Study 's' has no trial 9 (it has 1 trial, numbered from 0)\n" });
  });

  it.each([
    [['--trial', '0'], "Give --values V... (the trial completes) or --state pruned|fail for 'tunekit tell'"],
    [['--values', '1'], "Missing --trial for 'tunekit tell' (see 'tunekit tell --help')"],
    [['--trial', 'x', '--values', '1'], 'Invalid --trial "x": expected a non-negative integer'],
    [['--trial', '0', '--values', 'nan'], 'Invalid --values "nan": expected a finite number'],
    [['--trial', '0', '--values', '1e999'], 'Invalid --values "1e999": expected a finite number'],
    [['--trial', '0', '--values', '1', '2'], "Invalid --values \"1,2\": expected 1 value: study 's' has 1 objective (minimize)"],
    [['--trial', '0', '--state', 'done'], 'Invalid --state "done": expected \'complete\', \'pruned\' or \'fail\''],
    [['--trial', '0', '--state', 'complete'], '--state complete needs --values'],
    [['--trial', '0', '--state', 'pruned', '--values', '1'], '--values goes with --state complete, not --state pruned'],
    [['--trial', '0', '--values', '1', '--fail-reason', 'x'], '--fail-reason goes with --state fail'],
  ])('rejects %j with exit 2 and leaves the trial running', async (flags, message) => {
    const ws = await workspaceWith('s');
    await runTunekit(['ask', '--storage', ws.url()], { cwd: ws.dir });
    const result = await runTunekit(['tell', '--storage', ws.url(), ...flags], { cwd: ws.dir });
    expect(result).toMatchObject({ code: 2, stderr: `tunekit tell: error: ${message}\n` });
    expect((await trialsOf(ws.url(), 's'))[0]?.state).toBe('running');
  });

  it('gathers the number-like arguments after --values', () => {
    expect(gatherValues(['--values', '-1', '2.5', '--trial', '3'])).toEqual(['--values=-1,2.5', '--trial', '3']);
    expect(gatherValues(['--values=1', '-2e-3', '.5'])).toEqual(['--values=1,-2e-3,.5']);
    expect(gatherValues(['--values', 'abc'])).toEqual(['--values', 'abc']);
    expect(gatherValues(['--', '--values', '1'])).toEqual(['--', '--values', '1']);
  });
});
