import { IMPORTANCE_UNAVAILABLE_REASON, InMemoryStorage } from '@tunekit/core';
import { describe, expect, it } from 'vitest';
import { seedStudy } from './__fixtures__/seed-study.js';
import { computeParamImportances } from './param-importances.js';
import { buildStudyPayload } from './study-payload.js';

describe('computeParamImportances without an importance evaluator in core', () => {
  it('says importance is unavailable, and the payload carries the reason', async () => {
    const storage = new InMemoryStorage();
    const study = await seedStudy(storage, { trials: 10 });
    const trials = await storage.getAllTrials(study.studyId);
    expect(await computeParamImportances(study, trials)).toEqual({ importances: undefined, reason: IMPORTANCE_UNAVAILABLE_REASON });
    const payload = await buildStudyPayload(await storage.getStudy(study.studyId), trials);
    expect(payload.plots.importance).toEqual({ available: false, reason: IMPORTANCE_UNAVAILABLE_REASON });
  });
});
