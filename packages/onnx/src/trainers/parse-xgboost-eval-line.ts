/**
 * One evaluation line of XGBoost's training log: the CLI prints
 * `[12:00:00] [3]\tvalid-logloss:0.2635\tvalid-auc:0.97` to stderr, Python's `xgb.train`
 * `[3]\tvalid-logloss:0.26350`. Returns the round and every `name-metric: value` pair, or
 * `undefined` for other lines.
 */
export function parseXGBoostEvalLine(line: string): { round: number; values: Record<string, number> } | undefined {
  const match = /\[(\d+)\]((?:\t[^\t:\s]+:[^\t]+)+)\s*$/.exec(line);
  if (match === null) return undefined;
  const values: Record<string, number> = {};
  for (const pair of (match[2] as string).split('\t')) {
    if (pair === '') continue;
    const colon = pair.lastIndexOf(':');
    const value = Number(pair.slice(colon + 1));
    values[pair.slice(0, colon)] = value;
  }
  return { round: Number(match[1]), values };
}
