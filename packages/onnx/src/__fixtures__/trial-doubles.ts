import { SeededRandom } from '@tunekit/core';
import type { IntermediateValue, JsonValue, TrialReporter } from '@tunekit/core/protocol';

/** A TrialReporter that records reports and decides pruning with `decide(step)`. */
export interface RecordingTrial extends TrialReporter {
  readonly reports: { step: number; value: number }[];
  readonly attrs: Record<string, JsonValue>;
}

export function recordingTrial(decide: (step: number) => boolean, number = 0): RecordingTrial {
  const reports: { step: number; value: number }[] = [];
  const attrs: Record<string, JsonValue> = {};
  return {
    number,
    reports,
    attrs,
    report(value: IntermediateValue, step: number) {
      if (typeof value !== 'number') throw new Error('scalar values only');
      reports.push({ step, value });
    },
    async shouldPrune() {
      const last = reports[reports.length - 1];
      return last !== undefined && decide(last.step);
    },
    setUserAttr(key: string, value: JsonValue) {
      attrs[key] = value;
    },
  };
}

/** Whether a process exists (signal 0 probes without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A seeded binary-classification data set with missing values, in the shape XGBoost tests need. */
export function syntheticBinary(seed: number, nRows: number, nFeatures = 6, missingRate = 0.1): { x: (number | null)[][]; y: number[] } {
  const random = new SeededRandom(seed);
  const normal = () => random.normal();
  const x: (number | null)[][] = [];
  const y: number[] = [];
  for (let row = 0; row < nRows; row++) {
    const values = Array.from({ length: nFeatures }, normal);
    const signal = (values[0] as number) + 0.8 * (values[1] as number) * (values[2] as number) - 0.5 * Math.abs(values[3] as number);
    y.push(signal + 0.5 * normal() > 0 ? 1 : 0);
    x.push(values.map((value) => (random.float() < missingRate ? null : value)));
  }
  return { x, y };
}
