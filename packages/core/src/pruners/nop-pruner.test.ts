import { describe, expect, it } from 'vitest';
import { NopPruner } from './nop-pruner.js';
import { makeStudyView, makeTrial } from './__fixtures__/test-study-view.js';

describe('NopPruner', () => {
  it('never prunes, whatever the history, values or number of objectives', () => {
    const pruner = new NopPruner();
    expect(pruner.name).toBe('NopPruner');
    const completed = [0, 1, 2, 3, 4, 5].map((n) => makeTrial(n, { values: [0, 0, 0] }));
    const terrible = makeTrial(6, { state: 'running', values: [1e9, Number.NaN, Infinity] });
    const single = makeStudyView([...completed, terrible]);
    expect(pruner.prune(single, terrible)).toBe(false);
    const vector = makeTrial(6, { state: 'running', values: [[1, 2]] });
    const multi = makeStudyView([vector], ['minimize', 'maximize']);
    expect(pruner.prune(multi, vector)).toBe(false);
    expect(pruner.prune(makeStudyView([]), makeTrial(0, { state: 'running' }))).toBe(false);
    expect(single.writes).toEqual([]);
  });
});
