import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { InMemoryStorage, type Study } from '@tunekit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echartsPath } from './client-assets.js';
import { seedStudy, XSS } from './__fixtures__/seed-study.js';
import { startDashboard, type DashboardServer } from './dashboard-server.js';
import type { StudyPayload } from './study-payload.js';

/** A raw request (fetch would not let a test send its own Host header). */
function call(server: DashboardServer, path: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startDashboard (HTTP)', () => {
  let storage: InMemoryStorage;
  let study: Study;
  let open: DashboardServer;
  let secured: DashboardServer;

  beforeAll(async () => {
    storage = new InMemoryStorage();
    study = await seedStudy(storage, { trials: 30 });
    open = await startDashboard({ storage, port: 0 });
    secured = await startDashboard({ storage, port: 0, token: 's3cret-token' });
    await Promise.all([open.warmedUp, secured.warmedUp]);
  });
  afterAll(async () => {
    await open.close();
    await secured.close();
  });

  it('binds to 127.0.0.1 by default', () => {
    expect(open.host).toBe('127.0.0.1');
    expect(open.url).toBe(`http://127.0.0.1:${open.port}/`);
  });

  it('serves the page with a strict CSP and ECharts from the installed package', async () => {
    const page = await call(open, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self';/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.body).not.toMatch(/https?:\/\//);
    expect(page.body).toContain('"pollIntervalMs":2000');
    const echarts = await call(open, '/assets/echarts.min.js');
    expect(echarts.status).toBe(200);
    expect(echarts.body).toBe(readFileSync(echartsPath(), 'utf8'));
    expect((await call(open, '/assets/../package.json')).status).toBe(404);
  });

  it('lists studies, serves a study payload, and says when nothing changed', async () => {
    const list = JSON.parse((await call(open, '/api/studies')).body) as { studyId: number; studyName: string; nTrials: number | null }[];
    expect(list).toEqual([expect.objectContaining({ studyId: study.studyId, studyName: `study ${XSS}`, directions: ['minimize'] })]);
    const response = await call(open, `/api/studies/${study.studyId}`);
    expect(response.headers['cache-control']).toBe('no-store');
    const payload = JSON.parse(response.body) as StudyPayload;
    expect(payload.study.studyName).toBe(`study ${XSS}`);
    expect(payload.table.rows).toHaveLength(30);
    expect(payload.plots.summary.nTrials).toBe(30);
    const unchanged = JSON.parse((await call(open, `/api/studies/${study.studyId}?since=${encodeURIComponent(payload.version)}`)).body) as unknown;
    expect(unchanged).toEqual({ version: payload.version, unchanged: true });
    const stale = JSON.parse((await call(open, `/api/studies/${study.studyId}?since=old`)).body) as StudyPayload;
    expect(stale.version).toBe(payload.version);
  });

  it('answers a poll that finds nothing new without reading the finished trials', async () => {
    const reads: string[] = [];
    const spied = new Proxy(storage, {
      get(target, key, receiver) {
        if (key === 'getAllTrials') {
          return (studyId: number, options?: { states?: readonly string[] }) => {
            reads.push(options?.states?.join(',') ?? 'all');
            return target.getAllTrials(studyId, options as never);
          };
        }
        const value = Reflect.get(target, key, receiver) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const server = await startDashboard({ storage: spied, port: 0, warmUp: false });
    try {
      const first = JSON.parse((await call(server, `/api/studies/${study.studyId}`)).body) as StudyPayload;
      expect(reads).toEqual(['all']);
      reads.length = 0;
      const poll = JSON.parse((await call(server, `/api/studies/${study.studyId}?since=${encodeURIComponent(first.version)}`)).body) as unknown;
      expect(poll).toEqual({ version: first.version, unchanged: true });
      expect(reads).toEqual(['running,waiting']);
    } finally {
      await server.close();
    }
  });

  it('serves one trial in detail', async () => {
    const trials = await storage.getAllTrials(study.studyId);
    const failed = trials.find((trial) => trial.state === 'fail') ?? trials[0];
    const detail = JSON.parse((await call(open, `/api/studies/${study.studyId}/trials/${failed?.number}`)).body) as Record<string, unknown>;
    expect(detail).toMatchObject({ number: failed?.number, state: failed?.state, params: failed?.params, userAttrs: failed?.userAttrs });
    expect(detail.intermediateValues).toEqual([...(failed?.intermediateValues ?? [])]);
    if (failed?.state === 'fail') expect(detail.failReason).toMatch(/RangeError/);
    expect((await call(open, `/api/studies/${study.studyId}/trials/999`)).status).toBe(404);
    expect((await call(open, '/api/studies/4242')).status).toBe(404);
    expect((await call(open, '/api/studies/abc')).status).toBe(400);
    expect((await call(open, '/api/nope')).status).toBe(404);
  });

  it('is read-only', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const response = await call(open, `/api/studies/${study.studyId}`, { method });
      expect(response.status).toBe(405);
      expect(response.headers.allow).toBe('GET, HEAD');
    }
    expect((await storage.getAllTrials(study.studyId)).length).toBe(30);
  });

  it('refuses requests for another host name (DNS rebinding)', async () => {
    const response = await call(open, '/api/studies', { headers: { Host: 'evil.example:80' } });
    expect(response.status).toBe(403);
    expect((await call(open, '/api/studies', { headers: { Host: `localhost:${open.port}` } })).status).toBe(200);
  });

  it('requires the token on the API when one is set', async () => {
    expect((await call(secured, '/')).status).toBe(200);
    const denied = await call(secured, '/api/studies');
    expect(denied.status).toBe(401);
    expect(JSON.parse(denied.body)).toEqual({ error: expect.stringMatching(/token/) });
    expect((await call(secured, '/api/studies?token=wrong')).status).toBe(401);
    expect((await call(secured, '/api/studies?token=s3cret-token-and-more')).status).toBe(401);
    expect((await call(secured, '/api/studies?token=s3cret-token')).status).toBe(200);
    expect((await call(secured, '/api/studies', { headers: { 'X-Tunekit-Token': 's3cret-token' } })).status).toBe(200);
    expect((await call(secured, '/api/studies', { headers: { Authorization: 'Bearer s3cret-token' } })).status).toBe(200);
    expect((await call(secured, '/api/studies', { headers: { Authorization: 'Bearer nope' } })).status).toBe(401);
  });

  it('reports a port in use', async () => {
    await expect(startDashboard({ storage, port: open.port, warmUp: false })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
