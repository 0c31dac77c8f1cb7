import { getStudyPlotData, isFinishedState, type FrozenTrial, type JsonValue, type Storage, type StudyDirection, type StudyPlotData, type StudyRecord } from '@tunekit/core';
import { computeParamImportances, type ImportanceResult } from './param-importances.js';
import { getTrialTableData, type TrialTableData } from './trial-table-data.js';

/** The study as the report and the dashboard show it. */
export interface StudyInfo {
  readonly studyId: number;
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
}

/** Everything the browser draws for one study: summary and plots, the trials table, and a version. */
export interface StudyPayload {
  readonly study: StudyInfo;
  readonly plots: StudyPlotData;
  readonly table: TrialTableData;
  /** Changes whenever the trials change in a way the page shows (see `studyVersion`). */
  readonly version: string;
  /** When the payload was built, ms since the epoch. */
  readonly generatedAt: number;
}

export interface BuildStudyPayloadOptions {
  /** "Now" for running trials' timeline bars and `generatedAt`. Default `Date.now()`. */
  readonly now?: number;
  /**
   * Importances already computed for the same complete trials (`computeParamImportances`), to
   * reuse instead of fitting again: they depend on the complete trials only. Default: computed.
   */
  readonly importance?: ImportanceResult | Promise<ImportanceResult>;
}

/**
 * A fingerprint of what the page shows: how many trials are in each finished state, and the
 * unfinished trials with how many steps, params and user attrs each has written. Finished trials
 * never change and are never removed (only whole studies are), so two equal versions mean an
 * identical page. `studyVersionOf` computes the same from counts, without reading finished trials.
 */
export function studyVersion(trials: readonly FrozenTrial[]): string {
  const finished = { complete: 0, pruned: 0, fail: 0 };
  const unfinished: FrozenTrial[] = [];
  for (const trial of trials) {
    if (isFinishedState(trial.state)) finished[trial.state as keyof typeof finished]++;
    else unfinished.push(trial);
  }
  return studyVersionOf(finished, unfinished);
}

/** `studyVersion` from the finished trials' counts per state and the unfinished trials. */
export function studyVersionOf(finished: { readonly complete: number; readonly pruned: number; readonly fail: number }, unfinished: readonly FrozenTrial[]): string {
  const live = unfinished
    .slice()
    .sort((a, b) => a.number - b.number)
    .map((trial) => `${trial.number}${trial.state === 'waiting' ? 'w' : 'r'}${trial.intermediateValues.size}.${Object.keys(trial.params).length}.${Object.keys(trial.userAttrs).length}`);
  return [finished.complete, finished.pruned, finished.fail, ...live].join('-');
}

/** Build the payload of `study` from its trials (computes parameter importance when core can). */
export async function buildStudyPayload(study: StudyRecord, trials: readonly FrozenTrial[], options: BuildStudyPayloadOptions = {}): Promise<StudyPayload> {
  const now = options.now ?? Date.now();
  const importance = await (options.importance ?? computeParamImportances(study, trials));
  const plots = getStudyPlotData(trials, study.directions, {
    now,
    ...(importance.importances === undefined ? { importanceUnavailableReason: importance.reason } : { importances: importance.importances, importanceEvaluator: importance.evaluator }),
  });
  return {
    study: { studyId: study.studyId, studyName: study.studyName, directions: study.directions, userAttrs: study.userAttrs },
    plots,
    table: getTrialTableData(trials, study.directions),
    version: studyVersion(trials),
    generatedAt: now,
  };
}

/** A stage of `loadStudyPayload`, for progress output. */
export type PayloadStage = { readonly stage: 'load'; readonly studyName: string } | { readonly stage: 'plots'; readonly trials: number } | { readonly stage: 'done'; readonly trials: number };

/** Read a study by name from a storage and build its payload; `onStage` hears each step. */
export async function loadStudyPayload(storage: Storage, studyName: string, options: BuildStudyPayloadOptions & { readonly onStage?: (stage: PayloadStage) => void } = {}): Promise<StudyPayload> {
  options.onStage?.({ stage: 'load', studyName });
  const study = await storage.getStudyByName(studyName);
  const trials = await storage.getAllTrials(study.studyId);
  options.onStage?.({ stage: 'plots', trials: trials.length });
  const payload = await buildStudyPayload(study, trials, options);
  options.onStage?.({ stage: 'done', trials: trials.length });
  return payload;
}
