import { createStudy, floatDistribution } from '@tunekit/core';
import { describe, expect, it } from 'vitest';
import { runTunekit, useTempWorkspaces } from '../__fixtures__/run-tunekit.js';
import { main } from '../main.js';

const workspace = useTempWorkspaces();

/** Start `tunekit dashboard` in-process; resolves once it printed its URL. */
async function startCli(argv: string[], cwd: string) {
  const controller = new AbortController();
  let stdout = '';
  let stderr = '';
  let announce: (url: string) => void = () => undefined;
  const announced = new Promise<string>((resolve) => (announce = resolve));
  const exited = main(['dashboard', ...argv], {
    cwd,
    signal: controller.signal,
    stdout: {
      write: (chunk: string) => {
        stdout += chunk;
        const url = /at (http:\/\/\S+)/.exec(stdout)?.[1];
        if (url !== undefined) announce(url);
      },
    },
    stderr: { write: (chunk: string) => (stderr += chunk) },
  });
  const url = await Promise.race([announced, exited.then((code) => Promise.reject(new Error(`exited ${code}: ${stderr}`)))]);
  return { url, stop: async () => (controller.abort(), await exited), output: () => ({ stdout, stderr }) };
}

describe('tunekit dashboard', () => {
  it('serves the storage read-only on 127.0.0.1 until stopped', async () => {
    const ws = workspace();
    await (await createStudy({ storage: ws.url(), studyName: 'live', direction: 'maximize' })).close();
    const cli = await startCli(['--storage', ws.url(), '--port', '0'], ws.dir);
    expect(cli.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const studies = (await (await fetch(`${cli.url}api/studies`)).json()) as { studyName: string }[];
    expect(studies.map((study) => study.studyName)).toEqual(['live']);
    expect((await fetch(`${cli.url}api/studies/1`, { method: 'DELETE' })).status).toBe(405);
    expect(await cli.stop()).toBe(0);
    expect(cli.output().stdout).toMatch(/serving sqlite:.* \(read-only\) at http:\/\/127\.0\.0\.1:\d+\/\nPress Ctrl-C to stop\.\ntunekit dashboard: stopped\n$/);
    await expect(fetch(`${cli.url}api/studies`)).rejects.toThrow();
  });

  it('sees the trials another process writes to the SQLite file', async () => {
    const ws = workspace();
    const writer = await createStudy({ storage: ws.url(), studyName: 'live', direction: 'minimize' });
    await writer.tell(await writer.ask({ x: floatDistribution(0, 1) }), 0.5);
    const cli = await startCli(['--storage', ws.url(), '--port', '0'], ws.dir);
    try {
      const first = (await (await fetch(`${cli.url}api/studies/${writer.studyId}`)).json()) as { version: string; table: { rows: unknown[] } };
      expect(first.table.rows).toHaveLength(1);
      expect(await (await fetch(`${cli.url}api/studies/${writer.studyId}?since=${first.version}`)).json()).toEqual({ version: first.version, unchanged: true });
      const running = await writer.ask({ x: floatDistribution(0, 1) });
      running.report(0.9, 0);
      await running.flush();
      const second = (await (await fetch(`${cli.url}api/studies/${writer.studyId}?since=${first.version}`)).json()) as { version: string; table: { rows: unknown[][] } };
      expect(second.version).not.toBe(first.version);
      expect(second.table.rows.map((row) => row[1])).toEqual(['complete', 'running']);
      await writer.tell(running, 0.25);
      const third = (await (await fetch(`${cli.url}api/studies/${writer.studyId}?since=${second.version}`)).json()) as { table: { rows: unknown[][] } };
      expect(third.table.rows.map((row) => row[1])).toEqual(['complete', 'complete']);
    } finally {
      await cli.stop();
      await writer.close();
    }
  });

  it('prints a URL carrying the token, and the API wants it', async () => {
    const ws = workspace();
    await (await createStudy({ storage: ws.url(), studyName: 'live' })).close();
    const cli = await startCli(['--storage', ws.url(), '--port', '0', '--token', 'tok-12345678'], ws.dir);
    expect(cli.url).toMatch(/\/\?token=tok-12345678$/);
    const base = cli.url.replace(/\?.*$/, '');
    expect((await fetch(`${base}api/studies`)).status).toBe(401);
    expect((await fetch(`${base}api/studies`, { headers: { 'X-Tunekit-Token': 'tok-12345678' } })).status).toBe(200);
    await cli.stop();
  });

  it('warns when exposed to the network without a token', async () => {
    const ws = workspace();
    await (await createStudy({ storage: ws.url(), studyName: 'live' })).close();
    const cli = await startCli(['--storage', ws.url(), '--port', '0', '--host', '0.0.0.0'], ws.dir);
    expect(cli.output().stderr).toMatch(/warning: listening on 0\.0\.0\.0 without --token/);
    await cli.stop();
  });

  it('rejects bad flags and a busy port', async () => {
    const ws = workspace();
    await (await createStudy({ storage: ws.url(), studyName: 'live' })).close();
    expect((await runTunekit(['dashboard', '--storage', ws.url(), '--port', 'http'], { cwd: ws.dir })).code).toBe(2);
    expect((await runTunekit(['dashboard', '--storage', ws.url(), '--port', '70000'], { cwd: ws.dir })).code).toBe(2);
    expect((await runTunekit(['dashboard', '--storage', ws.url(), '--token', 'short'], { cwd: ws.dir })).code).toBe(2);
    expect((await runTunekit(['dashboard', '--storage', ws.url(), '--allow-write'], { cwd: ws.dir })).code).toBe(2);
    const cli = await startCli(['--storage', ws.url(), '--port', '0'], ws.dir);
    const port = new URL(cli.url).port;
    const busy = await runTunekit(['dashboard', '--storage', ws.url(), '--port', port], { cwd: ws.dir });
    expect(busy).toMatchObject({ code: 1, stderr: `tunekit dashboard: error: Cannot start the dashboard on 127.0.0.1:${port}: port ${port} is in use (pass another --port, or 0 for a free one)\n` });
    await cli.stop();
  });
});
