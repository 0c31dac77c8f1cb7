import type { CreateStudyOptions, Objective, OptimizeOptions } from '@tunekit/core';

/**
 * What `export const studyOptions` may hold: `createStudy`'s options except `loadIfExists`
 * (`tunekit run` always continues a study of the same name). `--storage` and `--study` override
 * `storage` and `studyName`.
 */
export type StudyFileStudyOptions = Omit<CreateStudyOptions, 'loadIfExists'>;

/**
 * What `export const optimizeOptions` may hold: `study.optimize`'s options. `--trials`,
 * `--timeout` (seconds; `timeout` here is in ms, as in the API), `--concurrency` and `--max-trials`
 * override `nTrials`, `timeout`, `concurrency` and `maxTrials`; the CLI's Ctrl-C handling is added
 * to any `signal`.
 */
export type StudyFileOptimizeOptions = OptimizeOptions;

/**
 * The contract of a study file for `tunekit run` and `tunekit worker`: an ES module (`.ts`,
 * `.mts`, `.js`, `.mjs`; TypeScript runs without a build step) with these named exports, or an
 * object with these keys as its default export.
 *
 * ```ts
 * import type { Trial } from '@tunekit/core';
 * import type { StudyFileOptimizeOptions, StudyFileStudyOptions } from '@tunekit/cli';
 *
 * export async function objective(trial: Trial): Promise<number> {
 *   const x = trial.suggestFloat('x', -10, 10);
 *   return (x - 2) ** 2;
 * }
 * export const studyOptions: StudyFileStudyOptions = { studyName: 'quadratic', direction: 'minimize' };
 * export const optimizeOptions: StudyFileOptimizeOptions = { nTrials: 50 };
 * ```
 */
export interface StudyFile {
  /** Required: the function to optimise, `(trial) => number | number[]` (sync or async). */
  readonly objective: Objective;
  readonly studyOptions?: StudyFileStudyOptions;
  readonly optimizeOptions?: StudyFileOptimizeOptions;
}
