import { describe, expect, it } from 'vitest';
import { getParamImportanceData, IMPORTANCE_UNAVAILABLE_REASON } from './param-importance-data.js';

describe('getParamImportanceData', () => {
  it('says importance is unavailable instead of making numbers up', () => {
    expect(getParamImportanceData(undefined)).toEqual({ available: false, reason: IMPORTANCE_UNAVAILABLE_REASON });
    expect(getParamImportanceData(undefined, { reason: 'too few trials' })).toEqual({ available: false, reason: 'too few trials' });
    expect(getParamImportanceData({})).toMatchObject({ available: false });
  });

  it('normalises given importances and ranks them', () => {
    expect(getParamImportanceData({ a: 1, b: 3, c: 0 }, { evaluator: 'fANOVA' })).toEqual({
      available: true,
      evaluator: 'fANOVA',
      importances: [
        { name: 'b', importance: 0.75 },
        { name: 'a', importance: 0.25 },
        { name: 'c', importance: 0 },
      ],
    });
    expect(getParamImportanceData(new Map([['x', 2], ['y', 2]]))).toMatchObject({ importances: [{ name: 'x', importance: 0.5 }, { name: 'y', importance: 0.5 }] });
  });

  it('rejects negative or non-finite importances, naming the parameter', () => {
    expect(() => getParamImportanceData({ lr: -1 })).toThrow(/importances\['lr'\]/);
    expect(() => getParamImportanceData({ lr: Number.NaN })).toThrow(/finite/);
  });
});
