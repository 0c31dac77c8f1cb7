import { InMemoryStorage, SeededRandom, type Study } from '@tunekit/core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestMode, launchChromium, MISSING_CHROMIUM_MESSAGE } from './__fixtures__/chromium.js';
import { canvasHasInk, plotStates, watchPage } from './__fixtures__/page-checks.js';
import { addTrial, seedStudy, XSS } from './__fixtures__/seed-study.js';
import { startDashboard, type DashboardServer } from './dashboard-server.js';

const mode = browserTestMode();

// Locally a missing Chromium skips these tests (browserTestMode says why); under CI=true it fails them.
if (mode === 'fail') {
  describe('dashboard in a browser', () => {
    it('needs Chromium', () => {
      throw new Error(MISSING_CHROMIUM_MESSAGE);
    });
  });
}

describe.runIf(mode === 'run')('dashboard in headless Chromium', () => {
  let browser: Browser;
  let storage: InMemoryStorage;
  let study: Study;
  let server: DashboardServer;
  let secured: DashboardServer;
  const random = new SeededRandom(9);

  beforeAll(async () => {
    storage = new InMemoryStorage();
    study = await seedStudy(storage, { trials: 60, running: true });
    await seedStudy(storage, { studyName: 'second', trials: 5, seed: 2 });
    server = await startDashboard({ storage, port: 0, pollIntervalMs: 150 });
    secured = await startDashboard({ storage, port: 0, token: 'correct-horse-battery', pollIntervalMs: 150 });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await secured?.close();
  });

  it('lists the studies and opens one with every plot drawn and no errors', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const watch = watchPage(page);
    await page.goto(server.url);
    await page.waitForSelector('.tk-studies tbody tr');
    expect(await page.locator('.tk-studies tbody td:first-child').allTextContents()).toEqual([`study ${XSS}`, 'second']);
    await page.getByRole('link', { name: `study ${XSS}` }).click();
    await page.waitForSelector('html[data-rendered="true"]');
    expect(page.url()).toMatch(/#\/studies\/\d+$/);
    const plots = await plotStates(page);
    expect(plots.map((plot) => plot.id)).toEqual(['history-0', 'importance', 'parallel', 'slice', 'contour', 'edf', 'intermediate', 'timeline']);
    for (const plot of plots) {
      expect(plot.series, plot.id).toBeGreaterThan(0);
      expect(plot.width * plot.height, plot.id).toBeGreaterThan(200 * 200);
      expect(await canvasHasInk(page, plot.id), plot.id).toBe(true);
    }
    // Trials carry a worker attr: the timeline has one lane per worker.
    expect(await page.locator('[data-card="timeline"] .tk-card-note').textContent()).toContain('one lane per worker');
    expect(await page.getAttribute('.tk-count', 'data-count')).toBe('60');
    expect(await page.locator('h1').textContent()).toBe(`study ${XSS}`);
    expect(watch.errors).toEqual([]);
    expect(watch.externalRequests).toEqual([]);
    await page.close();
  });

  it('updates while a worker adds trials', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}#/studies/${study.studyId}`);
    await page.waitForSelector('html[data-rendered="true"]');
    const before = Number(await page.getAttribute('.tk-count', 'data-count'));
    const version = await page.getAttribute('html', 'data-version');
    await addTrial(study, random);
    await addTrial(study, random);
    await page.waitForSelector(`.tk-count[data-count="${before + 2}"]`, { timeout: 5000 });
    expect(await page.getAttribute('html', 'data-version')).not.toBe(version);
    expect(await page.locator('[data-stat="trials"] .tk-stat-value').textContent()).toBe(String(before + 2));
    // The charts were updated in place, not stacked.
    expect(await page.locator('[data-plot="history-0"] canvas').count()).toBe(1);
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('shows a trial in detail: params, learning curve, attrs and the error of a failed trial, as text', async () => {
    const trials = await storage.getAllTrials(study.studyId);
    const failed = trials.find((trial) => trial.state === 'fail');
    if (failed === undefined) throw new Error('the seeded study has a failed trial');
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const watch = watchPage(page);
    await page.goto(`${server.url}#/studies/${study.studyId}`);
    await page.waitForSelector('html[data-rendered="true"]');
    await page.locator('.tk-table th', { hasText: 'state' }).click();
    const row = page.locator(`.tk-table tbody tr[data-number="${failed.number}"]`);
    while ((await row.count()) === 0) await page.getByRole('button', { name: 'next ›' }).click();
    await row.click();
    await page.waitForSelector('.tk-fail-reason');
    expect(await page.locator('.tk-fail-reason').textContent()).toBe(failed.systemAttrs.fail_reason);
    const detail = (await page.locator('.tk-detail').textContent()) ?? '';
    expect(detail).toContain(XSS);
    expect(detail).toContain(`<i>${failed.number}</i>`);
    expect(detail).toContain('worker');
    await page.waitForSelector('[data-plot="trial-intermediate"] canvas');
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await page.locator('img, b, i').count()).toBe(0);
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('asks for the access token when one is set, and works with it', async () => {
    const page = await browser.newPage();
    await page.goto(secured.url);
    await page.waitForSelector('.tk-banner:not([hidden])');
    expect(await page.locator('.tk-banner').textContent()).toContain('access token');
    expect(await page.locator('.tk-studies').count()).toBe(0);
    const watch = watchPage(page);
    await page.goto(`${secured.url}?token=correct-horse-battery#/studies/${study.studyId}`);
    await page.waitForSelector('html[data-rendered="true"]');
    expect(Number(await page.getAttribute('.tk-count', 'data-count'))).toBeGreaterThanOrEqual(60);
    expect(watch.errors).toEqual([]);
    await page.close();
  });
});
