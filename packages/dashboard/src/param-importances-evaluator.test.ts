import { InMemoryStorage, type FrozenTrial, type StudyView } from '@tunekit/core';
import { describe, expect, it, vi } from 'vitest';
import { seedStudy } from './__fixtures__/seed-study.js';

// What happens once core exports getParamImportances (the samplers issue): it is used, as is.
const calls: { trials: number; complete: number }[] = [];
vi.mock('@tunekit/core', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@tunekit/core')>()),
  // Whatever core has (a mock throws on reading a key it lacks); the label is fANOVA either way.
  FanovaImportanceEvaluator: ((await importOriginal<Record<string, unknown>>()) as Record<string, unknown>).FanovaImportanceEvaluator,
  getParamImportances: async (study: StudyView & { trials: readonly FrozenTrial[] }) => {
    calls.push({ trials: study.trials.length, complete: study.getTrials({ states: ['complete'] }).length });
    if (study.studyName === 'broken') throw new Error('fANOVA needs 2 trials');
    return { lr: 3, depth: 1 };
  },
}));

describe('computeParamImportances with getParamImportances in core', () => {
  it('uses it, and the importance plot shows its numbers normalised', async () => {
    const { computeParamImportances } = await import('./param-importances.js');
    const { buildStudyPayload } = await import('./study-payload.js');
    const storage = new InMemoryStorage();
    const study = await seedStudy(storage, { trials: 12 });
    const trials = await storage.getAllTrials(study.studyId);
    expect(await computeParamImportances(study, trials)).toEqual({ importances: { lr: 3, depth: 1 }, evaluator: 'fANOVA' });
    expect(calls.at(-1)).toEqual({ trials: 12, complete: trials.filter((trial) => trial.state === 'complete').length });
    const payload = await buildStudyPayload(await storage.getStudy(study.studyId), trials);
    expect(payload.plots.importance).toEqual({ available: true, evaluator: 'fANOVA', importances: [{ name: 'lr', importance: 0.75 }, { name: 'depth', importance: 0.25 }] });
  });

  it('turns its failure into a reason', async () => {
    const { computeParamImportances } = await import('./param-importances.js');
    const storage = new InMemoryStorage();
    const study = await seedStudy(storage, { trials: 3, studyName: 'broken' });
    expect(await computeParamImportances(study, await storage.getAllTrials(study.studyId))).toEqual({ importances: undefined, reason: 'Parameter importance could not be computed: fANOVA needs 2 trials' });
  });
});
