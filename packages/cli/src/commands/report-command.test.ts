import { existsSync, readFileSync } from 'node:fs';
import { createStudy, floatDistribution, categoricalDistribution } from '@tunekit/core';
import { describe, expect, it } from 'vitest';
import { runTunekit, useTempWorkspaces } from '../__fixtures__/run-tunekit.js';

const workspace = useTempWorkspaces();

async function seed(url: string, studyName = 'sweep') {
  const study = await createStudy({ storage: url, studyName, direction: 'minimize' });
  const space = { lr: floatDistribution(1e-4, 1, { log: true }), '<b>act</b>': categoricalDistribution(['relu', 'tanh']) };
  for (let i = 0; i < 12; i++) {
    const trial = await study.ask(space);
    trial.report(1 / (i + 1), 0);
    if (i % 5 === 4) await study.tell(trial, undefined, { state: 'pruned' });
    else await study.tell(trial, (trial.params.lr as number) * 2);
  }
  await study.close();
}

describe('tunekit report', () => {
  it('writes a self-contained HTML report of the study', async () => {
    const ws = workspace();
    await seed(ws.url());
    const result = await runTunekit(['report', '--storage', ws.url(), '--study', 'sweep', '--out', 'out/../sweep.html'], { cwd: ws.dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Wrote ${ws.path('sweep.html').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: study 'sweep', 12 trials, \\d+(\\.\\d)? (KB|MB), in \\d+\\.\\d s\\n$`));
    const html = readFileSync(ws.path('sweep.html'), 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<title>tunekit report · sweep</title>');
    expect(html).not.toContain('<b>act</b>');
    expect(html).toContain('\\u003cb\\u003eact\\u003c/b\\u003e');
    expect(html).not.toMatch(/<script[^>]+src=/);
  });

  it('uses the only study and report.html by default, and shows progress on a terminal', async () => {
    const ws = workspace();
    await seed(ws.url('tunekit.db'));
    const result = await runTunekit(['report'], { cwd: ws.dir, tty: true });
    expect(result.code).toBe(0);
    expect(existsSync(ws.path('report.html'))).toBe(true);
    expect(result.stderr).toContain('Loading the study from sqlite:./tunekit.db');
    expect(result.stderr).toContain('Computing plots for 12 trials');
    // The progress line is erased when done.
    expect(result.stderr.endsWith('\r\u001b[2K')).toBe(true);
  });

  it('names the studies there are when the study is missing, and writes nothing', async () => {
    const ws = workspace();
    await seed(ws.url());
    const result = await runTunekit(['report', '--storage', ws.url(), '--study', 'nope', '--out', 'x.html'], { cwd: ws.dir });
    expect(result).toMatchObject({ code: 1, stderr: expect.stringContaining("No study named 'nope'") });
    expect(result.stderr).toContain("'sweep'");
    expect(existsSync(ws.path('x.html'))).toBe(false);
  });

  it('says when the file cannot be written', async () => {
    const ws = workspace();
    await seed(ws.url());
    const result = await runTunekit(['report', '--storage', ws.url(), '--out', 'missing-dir/r.html'], { cwd: ws.dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^tunekit report: error: Cannot write the report to .*missing-dir\/r\.html: ENOENT/);
  });

  it('rejects unknown flags with exit 2 and has help', async () => {
    const ws = workspace();
    expect((await runTunekit(['report', '--format', 'pdf'], { cwd: ws.dir })).code).toBe(2);
    const help = await runTunekit(['report', '--help'], { cwd: ws.dir });
    expect(help.stdout).toMatch(/^Usage: tunekit report --storage URL/);
  });
});
