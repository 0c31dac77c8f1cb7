import { IMPORTANCE_UNAVAILABLE_REASON, InMemoryStorage } from '@tunekit/core';
import { describe, expect, it, vi } from 'vitest';
import { seedStudy } from './__fixtures__/seed-study.js';
import { computeParamImportances } from './param-importances.js';
import { buildStudyPayload } from './study-payload.js';

// A core without the importance evaluators (older @tunekit/core): the report says so.
vi.mock('@tunekit/core', async (importOriginal) => {
  const core = await importOriginal<Record<string, unknown>>();
  // Present but undefined: a vitest mock throws on reading a key it lacks.
  return { ...core, getParamImportances: undefined, FanovaImportanceEvaluator: undefined };
});

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
