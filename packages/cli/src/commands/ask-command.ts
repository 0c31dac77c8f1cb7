import { parseCommandFlags, STUDY_FLAGS } from '../args/parse-command-flags.js';
import { samplerFromFlags } from '../samplers/sampler-from-flags.js';
import { parseSearchSpace } from '../search-space/parse-search-space.js';
import { loadCliStudy } from '../storage/load-cli-study.js';
import { withCliStorage } from '../storage/open-cli-storage.js';
import { printHelp, type Command } from './command.js';

/** `tunekit ask`: start a trial and print its params, for a script in any language to evaluate. */
export const askCommand: Command = {
  name: 'ask',
  summary: 'Start a trial and print {"number":..,"params":{..}} (ask-and-tell from any language)',
  help: `Usage: tunekit ask --storage URL --study NAME [--search-space JSON] [--sampler NAME [--sampler-kwargs JSON]]

Starts a trial of an existing study (claiming an enqueued one first), samples the parameters of
--search-space, stores them, and prints one line of JSON on stdout:
  {"number":3,"params":{"x":0.42,"act":"relu"}}
Evaluate them anywhere, then finish the trial with 'tunekit tell --trial 3 ...'. The trial stays
'running' until told.

--search-space is a JSON object of parameter name → distribution:
  {"type": "float", "low": 0.0001, "high": 0.1, "log": true}     (optional "step")
  {"type": "int", "low": 1, "high": 8, "step": 1}                 (optional "log")
  {"type": "categorical", "choices": ["relu", "tanh"]}
or Optuna CLI's {"name": "FloatDistribution", "attributes": {"low": 0, "high": 1, "log": false, "step": null}}.
A parameter must keep its distribution across the trials of a study.

Options:
  --storage URL          where the study lives (default sqlite:./tunekit.db)
  --study NAME           the study (optional when the storage holds exactly one)
  --search-space JSON    the parameters to sample (default: none)
  --sampler NAME         a core sampler class (RandomSampler, ...; default the study's default).
                         Each 'ask' is a new process: a fixed seed repeats the same sample.
  --sampler-kwargs JSON  the sampler's options object, e.g. '{"seed": 1}'
  --debug                print stack traces on errors
  -h, --help             show this help

Examples:
  tunekit ask --storage sqlite:./runs.db --study sweep --search-space '{"x": {"type": "float", "low": -10, "high": 10}}'
  read -r number x < <(tunekit ask --study sweep --search-space "$SPACE" | jq -r '"\\(.number) \\(.params.x)"')
`,
  async run(args, io) {
    const flags = parseCommandFlags('ask', args, { ...STUDY_FLAGS, 'search-space': { type: 'string' }, sampler: { type: 'string' }, 'sampler-kwargs': { type: 'string' } });
    if (flags.boolean('help')) return printHelp(io, askCommand.help);
    const spaceText = flags.string('search-space');
    const space = spaceText === undefined ? {} : parseSearchSpace(spaceText);
    const sampler = samplerFromFlags(flags.string('sampler'), flags.string('sampler-kwargs'));
    return withCliStorage(io, flags.string('storage'), { mustExist: true }, async (storage) => {
      const study = await loadCliStudy(storage, flags.study, 'ask', sampler === undefined ? {} : { sampler });
      try {
        const trial = await study.ask(space);
        // The writes of `suggest` are queued; they must reach the storage before this process exits.
        await trial.flush();
        io.stdout.write(`${JSON.stringify({ number: trial.number, params: trial.params })}\n`);
      } finally {
        await study.close();
      }
      return 0;
    });
  },
};
