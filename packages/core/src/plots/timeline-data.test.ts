import { describe, expect, it } from 'vitest';
import { trialsOf } from './__fixtures__/plot-trials.js';
import { getTimelineData, trialWorker } from './timeline-data.js';

const T0 = Date.UTC(2024, 0, 1);

describe('getTimelineData', () => {
  it('draws one lane per trial when no worker is recorded', () => {
    const trials = trialsOf([{ value: 1 }, { state: 'running', datetimeStart: T0 + 2000 }, { state: 'waiting' }, { state: 'fail' }]);
    const data = getTimelineData(trials, { now: T0 + 10_000 });
    expect(data.laneKind).toBe('trial');
    expect(data.lanes).toEqual([]);
    expect(data.bars).toEqual([
      { number: 0, state: 'complete', start: T0, end: T0 + 500, lane: 0 },
      { number: 1, state: 'running', start: T0 + 2000, end: T0 + 10_000, lane: 1 },
      { number: 3, state: 'fail', start: T0 + 3000, end: T0 + 3500, lane: 3 },
    ]);
    expect(data.range).toEqual([T0, T0 + 10_000]);
    // Without `now`, running bars end at the latest recorded time.
    expect(getTimelineData(trials).bars[1]?.end).toBe(T0 + 3500);
  });

  it('lays trials out per worker when a worker attr exists', () => {
    const trials = trialsOf([{ value: 1, userAttrs: { worker: 'gpu-1' } }, { value: 2, systemAttrs: { hostname: 'box-2' } }, { value: 3 }, { value: 4, userAttrs: { worker_id: 1 } }]);
    expect(trialWorker(trials[1]!)).toBe('box-2');
    const data = getTimelineData(trials);
    expect(data.laneKind).toBe('worker');
    expect(data.lanes).toEqual(['gpu-1', 'box-2', '(unknown)', '1']);
    expect(data.bars.map((bar) => bar.lane)).toEqual([0, 1, 2, 3]);
  });

  it('keeps running and failed trials when sampling down to maxBars', () => {
    const trials = trialsOf(Array.from({ length: 1000 }, (_, i) => (i === 500 ? { state: 'fail' as const } : i === 999 ? { state: 'running' as const } : { value: i })));
    const data = getTimelineData(trials, { maxBars: 20 });
    expect(data.bars).toHaveLength(20);
    expect(data.total).toBe(1000);
    expect(data.bars.map((bar) => bar.number)).toContain(500);
    expect(data.bars.map((bar) => bar.number)).toContain(999);
  });
});
