import { FanovaImportanceEvaluator, getParamImportances, PedAnovaImportanceEvaluator, type FrozenTrial, type ImportanceEvaluator } from '@tunekit/core';
import { parseFormat, parseInteger } from '../args/flag-values.js';
import { parseCommandFlags, STUDY_FLAGS } from '../args/parse-command-flags.js';
import { UsageError } from '../errors/usage-error.js';
import { writeOutput } from '../output/write-output.js';
import { loadCliStudy } from '../storage/load-cli-study.js';
import { withCliStorage } from '../storage/open-cli-storage.js';
import { printHelp, type Command } from './command.js';

const EVALUATORS = ['fanova', 'ped-anova'] as const;

/** `tunekit importance`: how much each parameter matters (fANOVA or PED-ANOVA). */
export const importanceCommand: Command = {
  name: 'importance',
  summary: 'Rate how much each parameter matters to the objective (fANOVA, PED-ANOVA)',
  help: `Usage: tunekit importance --storage URL [--study NAME] [--evaluator fanova|ped-anova]
                          [--params a,b] [--objective I] [--seed N] [--format table|json|csv]

Rates the parameters of the study's complete trials, most important first; the importances sum
to 1. By default every parameter present in all complete trials is rated (conditional ones are
left out); --params rates only those, on the trials that have them all.

Evaluators:
  fanova      (default) the share of the objective's variance each parameter explains alone,
              from a random forest fitted on the trials (Hutter et al. 2014). Best on trials
              that cover the space (a random sampler).
  ped-anova   what the best 10% of the trials have in common, compared with all of them
              (Watanabe et al. 2023). Fast; reflects where the sampler went.

JSON: {"studyName", "evaluator", "objective", "importances": {"<param>": <share>, ...}} with the
importances in decreasing order.

Options:
  --storage URL    where the study lives (default sqlite:./tunekit.db)
  --study NAME     the study (optional when the storage holds exactly one)
  --evaluator E    fanova (default) or ped-anova
  --params LIST    comma-separated parameter names to rate
  --objective I    which objective of a multi-objective study (0-based; required there)
  --seed N         seed of fANOVA's forest (default: random, so results vary slightly)
  --format F       table (default), json or csv (RFC 4180)
  --debug          print stack traces on errors
  -h, --help       show this help

Examples:
  tunekit importance --storage sqlite:./runs.db --study sweep
  tunekit importance --study sweep --evaluator ped-anova --format json | jq '.importances'
  tunekit importance --study multi --objective 1 --params lr,depth --seed 0
`,
  async run(args, io) {
    const flags = parseCommandFlags('importance', args, { ...STUDY_FLAGS, format: { type: 'string' }, evaluator: { type: 'string' }, params: { type: 'string' }, objective: { type: 'string' }, seed: { type: 'string' } });
    if (flags.boolean('help')) return printHelp(io, importanceCommand.help);
    const format = parseFormat(flags.string('format'));
    const evaluator = parseEvaluator(flags.string('evaluator'), parseInteger('--seed', flags.string('seed'), 0));
    const params = parseParams(flags.string('params'));
    const objective = parseInteger('--objective', flags.string('objective'), 0);
    return withCliStorage(io, flags.string('storage'), { mustExist: true }, async (storage) => {
      const study = await loadCliStudy(storage, flags.study, 'importance');
      try {
        const { directions } = study;
        if (objective !== undefined && objective >= directions.length) {
          throw UsageError.invalidValue('--objective', String(objective), `an objective index below ${directions.length} (the study has ${directions.length === 1 ? 'one objective' : `${directions.length} objectives`})`);
        }
        if (objective === undefined && directions.length > 1) {
          throw new UsageError(`Missing --objective for 'tunekit importance': study '${study.studyName}' has ${directions.length} objectives (${directions.join(', ')}); pass --objective 0..${directions.length - 1}`, { flag: '--objective' });
        }
        // The chosen objective, negated when maximised, so that lower is better for PED-ANOVA
        // (fANOVA is unaffected by the sign).
        const index = objective ?? 0;
        const sign = directions[index] === 'maximize' ? -1 : 1;
        const target = directions.length > 1 ? (trial: FrozenTrial) => sign * (trial.values?.[index] ?? Number.NaN) : undefined;
        const importances = await getParamImportances(study, { evaluator, ...(params === undefined ? {} : { params }), ...(target === undefined ? {} : { target }) });
        const rows = Object.entries(importances).map(([param, importance]) => ({ param, importance }));
        writeOutput(io.stdout, format, {
          json: { studyName: study.studyName, evaluator: evaluator.name, objective: index, importances },
          table: { columns: ['param', 'importance'], rows },
          empty: `Study '${study.studyName}' has no parameter to rate.`,
        });
      } finally {
        await study.close();
      }
      return 0;
    });
  },
};

function parseEvaluator(value: string | undefined, seed: number | undefined): ImportanceEvaluator {
  const name = (value ?? 'fanova').trim().toLowerCase();
  if (name === 'fanova') return new FanovaImportanceEvaluator(seed === undefined ? {} : { seed });
  if (name === 'ped-anova' || name === 'pedanova') {
    // PED-ANOVA is deterministic: a seed would be silently ignored.
    if (seed !== undefined) throw new UsageError('--seed applies to --evaluator fanova only (PED-ANOVA uses no randomness)', { flag: '--seed' });
    return new PedAnovaImportanceEvaluator();
  }
  throw UsageError.invalidValue('--evaluator', value ?? '', EVALUATORS.map((e) => `'${e}'`).join(' or '));
}

function parseParams(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value.split(',').map((name) => name.trim()).filter((name) => name.length > 0);
  if (names.length === 0) throw UsageError.invalidValue('--params', value, 'a comma-separated list of parameter names');
  return names;
}
