import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { categoricalDistribution, createStudy, floatDistribution, InMemoryStorage, SeededRandom } from '@tunekit/core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestMode, launchChromium, MISSING_CHROMIUM_MESSAGE } from './__fixtures__/chromium.js';
import { canvasHasInk, plotStates, watchPage } from './__fixtures__/page-checks.js';
import { seedStudy, XSS } from './__fixtures__/seed-study.js';
import { renderReport } from './render-report.js';
import { buildStudyPayload } from './study-payload.js';

const mode = browserTestMode();

// Locally a missing Chromium skips these tests (browserTestMode says why); under CI=true it fails them.
if (mode === 'fail') {
  describe('report in a browser', () => {
    it('needs Chromium', () => {
      throw new Error(MISSING_CHROMIUM_MESSAGE);
    });
  });
}

describe.runIf(mode === 'run')('report in headless Chromium', () => {
  let browser: Browser;
  let dir: string;
  let file: string;
  let nTrials: number;

  beforeAll(async () => {
    const storage = new InMemoryStorage();
    const study = await seedStudy(storage, { trials: 90 });
    const trials = await storage.getAllTrials(study.studyId);
    nTrials = trials.length;
    const record = await storage.getStudy(study.studyId);
    dir = mkdtempSync(join(tmpdir(), 'tunekit-report-'));
    file = join(dir, 'report.html');
    writeFileSync(file, renderReport(await buildStudyPayload(record, trials)));
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens from disk without errors or network, and draws every plot', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const watch = watchPage(page);
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('html[data-rendered="true"]', { timeout: 20_000 });
    const plots = await plotStates(page);
    expect(plots.map((plot) => plot.id)).toEqual(['history-0', 'importance', 'parallel', 'slice', 'contour', 'edf', 'intermediate', 'timeline']);
    for (const plot of plots) {
      expect(plot, plot.id).toMatchObject({ note: null });
      expect(plot.series, plot.id).toBeGreaterThan(0);
      expect(plot.width, plot.id).toBeGreaterThan(200);
      expect(plot.height, plot.id).toBeGreaterThan(200);
      expect(await canvasHasInk(page, plot.id), plot.id).toBe(true);
    }
    expect(watch.errors).toEqual([]);
    expect(watch.externalRequests).toEqual([]);
    await page.close();
  });

  it('lists every trial in a sortable, paged table', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('html[data-rendered="true"]');
    expect(await page.getAttribute('.tk-count', 'data-count')).toBe(String(nTrials));
    expect(await page.locator('.tk-table tbody tr').count()).toBe(50);
    await page.getByRole('button', { name: 'next ›' }).click();
    expect(await page.locator('.tk-table tbody tr').count()).toBe(nTrials - 50);
    // Sort by value: ascending, then descending; missing values (pruned, failed) last both ways.
    const valueHeader = page.locator('.tk-table th', { hasText: 'value (minimize)' });
    await valueHeader.click();
    const firstValues = async () => (await page.locator('.tk-table tbody tr td:nth-child(3)').allTextContents()).filter((text) => text !== '').map(Number);
    const ascending = await firstValues();
    expect(ascending.length).toBeGreaterThan(10);
    expect(ascending).toEqual(ascending.slice().sort((a, b) => a - b));
    await valueHeader.click();
    const descending = await firstValues();
    expect(descending).toEqual(descending.slice().sort((a, b) => b - a));
    expect(descending[0]).toBeGreaterThan(ascending[0] as number);
    expect(await page.locator('.tk-table th[aria-sort="descending"]').textContent()).toContain('value');
    // A row opens the trial's detail.
    await page.locator('.tk-table tbody tr').first().click();
    await page.waitForSelector('.tk-detail:not([hidden])');
    expect(await page.locator('.tk-detail h2').textContent()).toMatch(/^Trial #\d+$/);
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('draws an empty study and a three-objective study without errors', async () => {
    const storage = new InMemoryStorage();
    const empty = await storage.createStudy({ studyName: 'empty', directions: ['maximize'] });
    const multi = await createStudy({ storage, studyName: 'three objectives', directions: ['minimize', 'maximize', 'minimize'] });
    const random = new SeededRandom(5);
    for (let i = 0; i < 40; i++) {
      const trial = await multi.ask({ x: floatDistribution(0, 1), ...(i % 2 === 0 ? { c: categoricalDistribution(['a', 'b']) } : {}) });
      const x = trial.params.x as number;
      await multi.tell(trial, [x, 1 - x + random.float() * 0.2, random.float()]);
    }
    await multi.tell(await multi.ask(), undefined, { state: 'fail' });
    for (const [name, record] of [['empty', empty], ['multi', await storage.getStudy(multi.studyId)]] as const) {
      const path = join(dir, `${name}.html`);
      writeFileSync(path, renderReport(await buildStudyPayload(record, await storage.getAllTrials(record.studyId))));
      const page = await browser.newPage();
      const watch = watchPage(page);
      await page.goto(pathToFileURL(path).href);
      await page.waitForSelector('html[data-rendered="true"]');
      const plots = await plotStates(page);
      if (name === 'empty') {
        expect(plots.every((plot) => plot.note !== null && plot.note.length > 0)).toBe(true);
        expect(await page.getAttribute('.tk-count', 'data-count')).toBe('0');
      } else {
        expect(plots.map((plot) => plot.id)).toEqual(['history-0', 'history-1', 'history-2', 'pareto', 'importance', 'parallel', 'slice', 'contour', 'edf', 'intermediate', 'timeline']);
        const drawn = plots.filter((plot) => plot.note === null).map((plot) => plot.id);
        expect(drawn).toEqual(['history-0', 'history-1', 'history-2', 'pareto', 'parallel', 'slice', 'contour', 'edf', 'timeline']);
        expect(plots.find((plot) => plot.id === 'contour')?.series).toBeGreaterThan(0);
        // Three objectives: the Pareto plot offers each pair.
        expect(await page.locator('[data-card="pareto"] select option').allTextContents()).toEqual(['objective 0 × objective 1', 'objective 0 × objective 2', 'objective 1 × objective 2']);
        await page.locator('[data-card="pareto"] select').selectOption('2');
        expect(await canvasHasInk(page, 'pareto')).toBe(true);
        expect(await page.getAttribute('.tk-count', 'data-count')).toBe('41');
      }
      expect(watch.errors).toEqual([]);
      await page.close();
    }
  });

  it('shows markup in names and values as text and never runs it', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('html[data-rendered="true"]');
    expect(await page.locator('h1').textContent()).toBe(`study ${XSS}`);
    expect(await page.locator('.tk-table th', { hasText: XSS }).count()).toBe(1);
    expect(await page.locator('.tk-summary').textContent()).toContain('<script>window.__xss=3</script>');
    // A failed trial's reason, shown in the table and in its detail, as text.
    const failed = page.locator('.tk-table tbody tr', { hasText: 'RangeError' }).first();
    await page.locator('.tk-table th', { hasText: 'state' }).click();
    if ((await failed.count()) === 0) await page.getByRole('button', { name: 'next ›' }).click();
    await failed.click();
    expect(await page.locator('.tk-detail').textContent()).toContain('<script>window.__xss=4</script>');
    // Hover every chart so tooltips (HTML) render user strings too.
    for (const id of ['parallel', 'slice', 'contour']) {
      const box = await page.locator(`[data-plot="${id}"]`).boundingBox();
      if (box !== null) for (let x = 0.1; x < 1; x += 0.1) await page.mouse.move(box.x + box.width * x, box.y + box.height * 0.5);
    }
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('b, i, .tk-app script').count()).toBe(0);
    expect(watch.errors).toEqual([]);
    await page.close();
  });
});
