import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { JsonValue } from '../protocol/json-value.js';
import type { TrialState } from '../protocol/trial-state.js';
import { pickEvenly, positiveInteger } from './plot-helpers.js';

/** The trial attributes (user attrs first, then system attrs) that name the worker that ran a trial. */
export const WORKER_ATTR_KEYS: readonly string[] = Object.freeze(['worker', 'worker_id', 'hostname', 'host']);

export interface TimelineOptions {
  /** Where bars of running trials end, ms since the epoch. Default: the latest time any trial records. */
  readonly now?: number;
  /** Most bars. Default 3000; above it, running and failed trials are kept and the rest sampled evenly by number. */
  readonly maxBars?: number;
}

export interface TimelineBar {
  readonly number: number;
  readonly state: TrialState;
  /** ms since the epoch. */
  readonly start: number;
  /** ms since the epoch; `now` for running trials. */
  readonly end: number;
  /** Index into `lanes` (per-worker timelines), or the trial number (per-trial timelines). */
  readonly lane: number;
}

/**
 * Optuna's `plot_timeline`, as data: one bar per started trial from its start to its end,
 * coloured by state. When trials carry a worker attribute (`WORKER_ATTR_KEYS`), bars are laid out
 * in one lane per worker (trials without one share the lane `'(unknown)'`), which shows how busy
 * each worker was; otherwise one lane per trial, as Optuna draws it.
 */
export interface TimelineData {
  readonly laneKind: 'worker' | 'trial';
  /** Per-worker timelines: the worker names, lane `i` being `lanes[i]`. Empty per trial. */
  readonly lanes: readonly string[];
  readonly bars: readonly TimelineBar[];
  /** Started trials (before sampling). */
  readonly total: number;
  /** Earliest start and latest end, ms; undefined without started trials. */
  readonly range: readonly [number, number] | undefined;
}

/** The worker a trial names in its attrs, if any. */
export function trialWorker(trial: FrozenTrial): string | undefined {
  for (const attrs of [trial.userAttrs, trial.systemAttrs]) {
    for (const key of WORKER_ATTR_KEYS) {
      const value: JsonValue | undefined = attrs[key];
      if (typeof value === 'string' && value.length > 0) return value;
      if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    }
  }
  return undefined;
}

/** The timeline of a study's trials (see `TimelineData`). */
export function getTimelineData(trials: readonly FrozenTrial[], options: TimelineOptions = {}): TimelineData {
  const maxBars = positiveInteger(options.maxBars, 3000, 'getTimelineData.maxBars');
  const started = trials.filter((trial) => trial.datetimeStart !== undefined).sort((a, b) => a.number - b.number);
  let latest = -Infinity;
  for (const trial of started) latest = Math.max(latest, (trial.datetimeComplete ?? trial.datetimeStart as Date).getTime());
  const now = options.now ?? latest;
  const workers = started.map(trialWorker);
  const byWorker = workers.some((worker) => worker !== undefined);
  const lanes: string[] = [];
  const laneOf = new Map<string, number>();
  const bars: TimelineBar[] = started.map((trial, index) => {
    const start = (trial.datetimeStart as Date).getTime();
    const end = trial.datetimeComplete?.getTime() ?? Math.max(start, now);
    let lane = trial.number;
    if (byWorker) {
      const worker = workers[index] ?? '(unknown)';
      let found = laneOf.get(worker);
      if (found === undefined) {
        found = lanes.length;
        lanes.push(worker);
        laneOf.set(worker, found);
      }
      lane = found;
    }
    return { number: trial.number, state: trial.state, start, end, lane };
  });
  let range: [number, number] | undefined;
  for (const bar of bars) range = range === undefined ? [bar.start, bar.end] : [Math.min(range[0], bar.start), Math.max(range[1], bar.end)];
  let shown = bars;
  if (bars.length > maxBars) {
    const kept = bars.filter((bar) => bar.state === 'running' || bar.state === 'fail').slice(-maxBars);
    const keep = new Set([...kept, ...pickEvenly(bars.filter((bar) => bar.state !== 'running' && bar.state !== 'fail'), maxBars - kept.length)]);
    shown = bars.filter((bar) => keep.has(bar));
  }
  return { laneKind: byWorker ? 'worker' : 'trial', lanes, bars: shown, total: bars.length, range };
}
