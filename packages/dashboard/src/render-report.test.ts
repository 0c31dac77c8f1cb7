import { createHash } from 'node:crypto';
import { InMemoryStorage } from '@tunekit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { readEcharts } from './client-assets.js';
import { seedStudy, XSS } from './__fixtures__/seed-study.js';
import { renderReport } from './render-report.js';
import { buildStudyPayload, type StudyPayload } from './study-payload.js';

describe('renderReport', () => {
  let payload: StudyPayload;
  let html: string;

  beforeAll(async () => {
    const storage = new InMemoryStorage();
    const study = await seedStudy(storage, { trials: 20 });
    payload = await buildStudyPayload(await storage.getStudy(study.studyId), await storage.getAllTrials(study.studyId));
    html = renderReport(payload);
  });

  it('inlines ECharts, the page code and the data: nothing is fetched', () => {
    expect(html).toContain(readEcharts());
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+href=/);
    const data = /<script type="application\/json" id="tunekit-data">([^<]*)<\/script>/.exec(html)?.[1];
    expect(data).toBeDefined();
    expect(JSON.parse(data as string)).toEqual(JSON.parse(JSON.stringify(payload)));
  });

  it('never writes user strings as markup', () => {
    // Only the escaped forms appear: in the title and the JSON.
    expect(html).not.toContain(XSS);
    expect(html).not.toContain('<script>window.__xss');
    expect(html).toContain(`<title>tunekit report · study &lt;img src=x onerror=window.__xss=1&gt;</title>`);
    expect(html).toContain('\\u003cimg src=x onerror=window.__xss=1\\u003e');
  });

  it('allows exactly its own inline scripts by hash', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1] ?? '';
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1] as string);
    expect(scripts).toHaveLength(3);
    for (const script of scripts) expect(csp).toContain(`'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    expect(csp).toMatch(/^default-src 'none'; script-src /);
    expect(csp).not.toContain('unsafe-inline\' \'sha');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('takes a title', () => {
    expect(renderReport(payload, { title: 'a & b' })).toContain('<title>a &amp; b</title>');
  });
});
