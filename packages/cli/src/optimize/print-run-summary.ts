import type { FrozenTrial, OptimizeResult, Study } from '@tunekit/core';
import type { CliStream } from '../cli-context.js';
import { stripControlCharacters } from '../output/format-table.js';

const STOP_REASONS: Record<OptimizeResult['stoppedBy'], string> = {
  nTrials: 'the trial count was reached',
  timeout: 'the timeout passed',
  maxTrials: "the study-wide cap (--max-trials) was reached",
  signal: 'interrupted',
  stop: 'study.stop() was called',
  error: 'an error',
};

/**
 * What `run` and `worker` print on stdout at the end: the trials this call ran, why it stopped,
 * and the best trial (the Pareto front for several objectives) of the whole study.
 */
export function printRunSummary(stream: CliStream, study: Study, result: OptimizeResult): void {
  const counts = { complete: 0, pruned: 0, fail: 0 };
  for (const trial of result.trials) if (trial.state in counts) counts[trial.state as keyof typeof counts]++;
  const name = stripControlCharacters(study.studyName);
  stream.write(
    `Ran ${result.trials.length} trial${result.trials.length === 1 ? '' : 's'} in ${formatSeconds(result.elapsedMs)} s ` +
      `(${counts.complete} complete, ${counts.pruned} pruned, ${counts.fail} failed); stopped because ${STOP_REASONS[result.stoppedBy]}. ` +
      `Study '${name}' holds ${study.trials.length} trial${study.trials.length === 1 ? '' : 's'}.\n`,
  );
  const front = study.bestTrials;
  if (front.length === 0) {
    stream.write('No complete trial yet.\n');
    return;
  }
  if (study.directions.length === 1) {
    const best = study.bestTrial;
    stream.write(`Best trial: #${best.number}, value ${formatValue(best.values?.[0])} (${study.directions[0]})\n`);
    writeParams(stream, best, '  ');
    return;
  }
  stream.write(`Pareto front: ${front.length} trial${front.length === 1 ? '' : 's'} (${study.directions.join(', ')})\n`);
  for (const trial of front) {
    stream.write(`  #${trial.number}: values [${(trial.values ?? []).map(formatValue).join(', ')}]\n`);
    writeParams(stream, trial, '    ');
  }
}

function writeParams(stream: CliStream, trial: FrozenTrial, indent: string): void {
  for (const [name, value] of Object.entries(trial.params)) {
    const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : JSON.stringify(value);
    stream.write(`${indent}${stripControlCharacters(name)} = ${stripControlCharacters(text)}\n`);
  }
}

function formatSeconds(ms: number): string {
  return (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);
}

function formatValue(value: number | undefined): string {
  return value === undefined ? '-' : String(value);
}
