import { categoricalDistribution, floatDistribution } from '@tunekit/core';
import { createTestTrial } from '@tunekit/core/testing';
import { describe, expect, it } from 'vitest';
import { getTrialTableData } from './trial-table-data.js';

const T0 = Date.UTC(2024, 0, 1);

describe('getTrialTableData', () => {
  const x = floatDistribution(0, 1);
  const act = categoricalDistribution(['relu', null]);
  const trials = [
    createTestTrial({ number: 0, value: 0.5, params: { x: 0.25, act: null }, distributions: { x, act }, userAttrs: { fold: 1, tags: ['a', 'b'] } }),
    createTestTrial({ number: 1, state: 'fail', params: { x: 0.75 }, distributions: { x }, systemAttrs: { fail_reason: 'boom' } }),
    createTestTrial({ number: 2, value: Number.POSITIVE_INFINITY, userAttrs: { note: 'x'.repeat(300) } }),
    createTestTrial({ number: 3, state: 'running' }),
  ];

  it('has a column per objective, parameter and user attr, and a row per trial', () => {
    const table = getTrialTableData(trials, ['minimize']);
    expect(table.columns.map((column) => column.key)).toEqual(['number', 'state', 'values.0', 'duration', 'start', 'params.x', 'params.act', 'user_attrs.fold', 'user_attrs.tags', 'user_attrs.note', 'fail_reason']);
    expect(table.columns[2]).toEqual({ key: 'values.0', label: 'value (minimize)', kind: 'value' });
    expect(table.rows[0]).toEqual([0, 'complete', 0.5, 500, T0, 0.25, 'null', 1, '["a","b"]', null, null]);
    expect(table.rows[1]).toEqual([1, 'fail', null, 500, T0 + 1000, 0.75, null, null, null, null, 'boom']);
    expect(table.rows[2]?.[2]).toBe('Infinity');
    expect(String(table.rows[2]?.[9])).toHaveLength(200);
    expect(String(table.rows[2]?.[9]).endsWith('…')).toBe(true);
    expect(table.rows[3]?.slice(0, 5)).toEqual([3, 'running', null, null, T0 + 3000]);
  });

  it('labels each objective of a multi-objective study and caps attr columns', () => {
    const table = getTrialTableData([createTestTrial({ values: [1, 2], userAttrs: { a: 1, b: 2, c: 3 } })], ['minimize', 'maximize'], { maxAttrColumns: 2 });
    expect(table.columns.map((column) => column.label)).toEqual(['#', 'state', 'value 0 (minimize)', 'value 1 (maximize)', 'duration', 'started', 'a', 'b', 'fail reason']);
  });
});
