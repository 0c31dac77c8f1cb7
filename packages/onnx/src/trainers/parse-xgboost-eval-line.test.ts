import { describe, expect, it } from 'vitest';
import { parseXGBoostEvalLine } from './parse-xgboost-eval-line.js';

describe('parseXGBoostEvalLine', () => {
  it('reads the CLI and Python training logs', () => {
    expect(parseXGBoostEvalLine('[03:53:52] [0]\tvalid-logloss:0.51122417270079168')).toEqual({ round: 0, values: { 'valid-logloss': 0.51122417270079168 } });
    expect(parseXGBoostEvalLine('[12]\ttrain-auc:0.99\tvalid-auc:0.97\tvalid-error@0.7:0.125')).toEqual({ round: 12, values: { 'train-auc': 0.99, 'valid-auc': 0.97, 'valid-error@0.7': 0.125 } });
  });

  it('ignores other lines', () => {
    for (const line of ['[03:53:52] WARNING: ../src/learner.cc:767: Parameters: { "x" } are not used.', 'Error running xgboost:', '[0]', '']) {
      expect(parseXGBoostEvalLine(line), line).toBeUndefined();
    }
  });
});
