import type { StudyView } from '../protocol/study-view.js';

/**
 * The key samplers cache per-study state under: one sampler object may serve several studies
 * (even of several storages, whose ids can coincide), and a cache must never leak between them.
 */
export function studyKey(study: StudyView): string {
  return `${study.studyId}\u0000${study.studyName}`;
}
