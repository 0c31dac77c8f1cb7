import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { JsonValue } from '../protocol/json-value.js';
import type { Pruner } from '../protocol/pruner.js';
import type { StudyView } from '../protocol/study-view.js';
import type { StudyDirection, TrialState } from '../protocol/trial-state.js';

/** @internal What a snapshot needs from its study. */
export interface SnapshotHost {
  readonly studyId: number;
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  readonly pruner?: Pruner;
  setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void>;
  setSystemAttr(key: string, value: JsonValue): Promise<void>;
  stop(): void;
}

/** The `StudyView` samplers and pruners receive: a fixed list of trials read just before the call. */
export class StudySnapshot implements StudyView {
  readonly studyId: number;
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  readonly systemAttrs: Readonly<Record<string, JsonValue>>;
  readonly pruner: Pruner | undefined;
  readonly #host: SnapshotHost;
  readonly #trials: readonly FrozenTrial[];
  readonly #byStates = new Map<string, readonly FrozenTrial[]>();

  constructor(host: SnapshotHost, trials: readonly FrozenTrial[], systemAttrs: Readonly<Record<string, JsonValue>>) {
    this.#host = host;
    this.studyId = host.studyId;
    this.studyName = host.studyName;
    this.directions = host.directions;
    this.systemAttrs = systemAttrs;
    this.pruner = host.pruner;
    this.#trials = trials;
  }

  getTrials(options: { readonly states?: readonly TrialState[] } = {}): readonly FrozenTrial[] {
    const states = options.states;
    if (states === undefined) return this.#trials;
    const key = states.join(',');
    let filtered = this.#byStates.get(key);
    if (filtered === undefined) {
      filtered = Object.freeze(this.#trials.filter((trial) => states.includes(trial.state)));
      this.#byStates.set(key, filtered);
    }
    return filtered;
  }

  setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    return this.#host.setTrialSystemAttr(trialId, key, value);
  }

  setStudySystemAttr(key: string, value: JsonValue): Promise<void> {
    return this.#host.setSystemAttr(key, value);
  }

  stop(): void {
    this.#host.stop();
  }
}
