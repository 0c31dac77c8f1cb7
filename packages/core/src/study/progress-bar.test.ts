import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { TrialState } from '../protocol/trial-state.js';
import { NopPruner } from '../pruners/nop-pruner.js';
import { RandomSampler } from '../samplers/random-sampler.js';
import { InMemoryStorage } from '../storages/in-memory-storage.js';
import { createFrozenTrial } from '../trial/create-frozen-trial.js';
import { createStudy } from './create-study.js';
import { ProgressBar, formatDuration, formatNumber, type ProgressStream } from './progress-bar.js';

function fakeStream(isTTY: boolean, columns?: number): ProgressStream & { chunks: string[] } {
  const chunks: string[] = [];
  return { isTTY, ...(columns === undefined ? {} : { columns }), chunks, write: (chunk: string) => chunks.push(chunk) };
}

function finished(number: number, state: TrialState, value?: number): FrozenTrial {
  return createFrozenTrial({ trialId: number + 1, number, state, values: value === undefined ? undefined : [value], datetimeStart: 0, datetimeComplete: 0 });
}

/** What a terminal shows: the text after the last "clear line" of each redraw. */
const lines = (chunks: readonly string[]) => chunks.filter((chunk) => chunk !== '\n').map((chunk) => chunk.replace('\r\x1b[2K', ''));

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('ProgressBar', () => {
  it('on a TTY draws trials done, best so far (by direction) and elapsed time', () => {
    vi.useFakeTimers({ now: 0 });
    const stream = fakeStream(true);
    const bar = new ProgressBar({ total: 4, direction: 'minimize', progress: { stream } });
    expect(lines(stream.chunks)).toEqual(['░░░░░░░░░░░░░░░░░░░░ 0/4 trials · 0:00 elapsed']);
    vi.setSystemTime(2_000);
    bar.update(finished(0, 'complete', 0.5));
    vi.setSystemTime(4_000);
    bar.update(finished(1, 'complete', 0.25));
    bar.update(finished(2, 'pruned', 0.1)); // pruned values are not "best"
    vi.setSystemTime(65_000);
    bar.update(finished(3, 'fail'));
    bar.finish();
    const shown = lines(stream.chunks);
    expect(shown[1]).toBe('█████░░░░░░░░░░░░░░░ 1/4 trials · best 0.5 (#0) · 0:02 elapsed · ETA 0:06');
    expect(shown[2]).toBe('██████████░░░░░░░░░░ 2/4 trials · best 0.25 (#1) · 0:04 elapsed · ETA 0:04');
    expect(shown[3]).toBe('███████████████░░░░░ 3/4 trials · best 0.25 (#1) · 1 pruned · 0:04 elapsed · ETA 0:01');
    expect(shown.at(-1)).toBe('████████████████████ 4/4 trials · best 0.25 (#1) · 1 pruned · 1 failed · 1:05 elapsed');
    expect(stream.chunks.at(-1)).toBe('\n');
    expect(stream.chunks.every((chunk) => chunk === '\n' || chunk.startsWith('\r\x1b[2K'))).toBe(true);
  });

  it('keeps the best value of a maximised study and shows the time left under a timeout', () => {
    vi.useFakeTimers({ now: 0 });
    const stream = fakeStream(true);
    const bar = new ProgressBar({ timeoutMs: 60_000, direction: 'maximize', progress: { stream } });
    bar.update(finished(0, 'complete', 1));
    bar.update(finished(1, 'complete', 3));
    bar.update(finished(2, 'complete', 2));
    vi.setSystemTime(10_000);
    expect(bar.render()).toBe('3 trials · best 3 (#1) · 0:10 elapsed · 0:50 left');
    bar.finish();
  });

  it('redraws the elapsed time every intervalMs until finished', () => {
    vi.useFakeTimers({ now: 0 });
    const stream = fakeStream(true);
    const bar = new ProgressBar({ progress: { stream, intervalMs: 500 } });
    vi.advanceTimersByTime(1_600);
    expect(lines(stream.chunks)).toEqual(['0 trials · 0:00 elapsed', '0 trials · 0:01 elapsed', '0 trials · 0:01 elapsed', '0 trials · 0:02 elapsed']);
    bar.finish();
    const count = stream.chunks.length;
    vi.advanceTimersByTime(5_000);
    expect(stream.chunks.length).toBe(count);
  });

  it('cuts the line to the terminal width', () => {
    const stream = fakeStream(true, 20);
    const bar = new ProgressBar({ total: 10, progress: { stream } });
    expect(lines(stream.chunks)[0]).toHaveLength(19);
    bar.finish();
  });

  it('writes nothing to a stream that is not a TTY', () => {
    vi.useFakeTimers({ now: 0 });
    const stream = fakeStream(false);
    const bar = new ProgressBar({ total: 2, direction: 'minimize', progress: { stream, intervalMs: 10 } });
    bar.update(finished(0, 'complete', 1));
    vi.advanceTimersByTime(1_000);
    bar.finish();
    expect(stream.chunks).toEqual([]);
    expect(bar.render()).toContain('1/2 trials · best 1 (#0)');
  });

  it('formats numbers and durations compactly', () => {
    expect([0, 0.5, 1234.56789, 1e-7, -2.5e8, 0.001].map(formatNumber)).toEqual(['0', '0.5', '1234.57', '1.0000e-7', '-2.5000e+8', '0.001']);
    expect([0, 999, 61_000, 3_599_000, 3_600_000, 3_725_000].map(formatDuration)).toEqual(['0:00', '0:01', '1:01', '59:59', '1:00:00', '1:02:05']);
  });
});

describe('optimize progress option', () => {
  const objective = (trial: { suggestFloat(name: string, low: number, high: number): number }) => trial.suggestFloat('x', 0, 1);
  const newStudy = () => createStudy({ storage: new InMemoryStorage(), sampler: new RandomSampler({ seed: 0 }), pruner: new NopPruner() });

  it('a TTY stream receives lines with trials done, best so far and elapsed', async () => {
    const study = await newStudy();
    const stream = fakeStream(true);
    await study.optimize(objective, { nTrials: 3, progress: { stream } });
    const shown = lines(stream.chunks);
    const best = study.bestValue;
    expect(shown[0]).toMatch(/^░{20} 0\/3 trials · 0:00 elapsed$/);
    expect(shown.some((line) => line.includes('1/3 trials · best '))).toBe(true);
    expect(shown.at(-1)).toMatch(new RegExp(`^█{20} 3/3 trials · best ${formatNumber(best).replace('.', '\\.')} \\(#${study.bestTrial.number}\\) · \\d+:\\d\\d elapsed$`));
    expect(stream.chunks.at(-1)).toBe('\n');
  });

  it('a non-TTY stream receives nothing', async () => {
    const study = await newStudy();
    const stream = fakeStream(false);
    await study.optimize(objective, { nTrials: 3, progress: { stream } });
    expect(stream.chunks).toEqual([]);
  });

  it('progress: false prints nothing, even when stderr is a TTY; the default draws on a TTY stderr', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const descriptor = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
    Object.defineProperty(process.stderr, 'isTTY', { value: true, configurable: true });
    try {
      const study = await newStudy();
      await study.optimize(objective, { nTrials: 3, progress: false });
      expect(write).not.toHaveBeenCalled();
      await study.optimize(objective, { nTrials: 1 });
      expect(write).toHaveBeenCalledWith(expect.stringContaining('1/1 trials'));
    } finally {
      if (descriptor === undefined) delete (process.stderr as { isTTY?: boolean }).isTTY;
      else Object.defineProperty(process.stderr, 'isTTY', descriptor);
    }
  });
});
