import { InMemoryStorage } from '@tunekit/core';
import { describe, expect, it } from 'vitest';
import { seedStudy, XSS } from './__fixtures__/seed-study.js';
import { computeParamImportances } from './param-importances.js';
import { renderReport } from './render-report.js';
import { buildStudyPayload } from './study-payload.js';


describe("computeParamImportances with core's fANOVA", () => {
  it('rates a single-objective study with real, seeded numbers that reach the report', async () => {
    const storage = new InMemoryStorage();
    const study = await seedStudy(storage, { trials: 80 });
    const trials = await storage.getAllTrials(study.studyId);
    const result = await computeParamImportances(study, trials);
    if (result.importances === undefined) throw new Error(result.reason);
    expect(result.evaluator).toBe('fANOVA');
    const importances = result.importances as Record<string, number>;
    // The fixture's value is (log10(lr) + 3)² + (depth − 4)² / 10 + noise: lr first, the categorical last.
    expect(Object.keys(importances)).toEqual(['lr', 'depth', XSS]);
    expect(Object.values(importances).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(await computeParamImportances(study, trials)).toEqual(result);

    const payload = await buildStudyPayload(await storage.getStudy(study.studyId), trials);
    const plot = payload.plots.importance;
    expect(plot.available).toBe(true);
    if (!plot.available) return;
    expect(plot.evaluator).toBe('fANOVA');
    expect(plot.importances.map((entry) => entry.name)).toEqual(['lr', 'depth', XSS]);
    expect(plot.importances[0]?.importance).toBeCloseTo(importances.lr as number, 12);
    const html = renderReport(payload);
    expect(html).not.toContain('Parameter importance is not available');
  });
});
