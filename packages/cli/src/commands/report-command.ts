import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { buildStudyPayload, renderReport } from '@tunekit/dashboard';
import { parseCommandFlags, STUDY_FLAGS } from '../args/parse-command-flags.js';
import type { CliStream } from '../cli-context.js';
import { CommandError } from '../errors/command-error.js';
import { UsageError } from '../errors/usage-error.js';
import { stripControlCharacters } from '../output/format-table.js';
import { loadCliStudy } from '../storage/load-cli-study.js';
import { withCliStorage } from '../storage/open-cli-storage.js';
import { printHelp, type Command } from './command.js';

/** `tunekit report`: one self-contained HTML file with a study's plots, summary and trials. */
export const reportCommand: Command = {
  name: 'report',
  summary: 'Write a self-contained HTML report of a study (plots, summary, trials table)',
  help: `Usage: tunekit report --storage URL [--study NAME] [--out FILE]

Writes one HTML file that opens offline, from disk: the optimisation history, parameter
importance (when available), parallel coordinates, slice and contour plots, intermediate
values with pruned trials marked, the empirical distribution of the objective, the timeline of
trials (per worker when trials record one), the Pareto front of multi-objective studies, a
summary (best trial, trials per state, duration) and a sortable table of every trial. The
charting library (Apache ECharts) and the data are inside the file. Large studies are sampled
where a plot needs it (the best trials are always kept).

Options:
  --storage URL    where the study lives (default sqlite:./tunekit.db)
  --study NAME     the study (optional when the storage holds exactly one)
  --out FILE       where to write (default report.html); an existing file is replaced
  --debug          print stack traces on errors
  -h, --help       show this help

Examples:
  tunekit report --storage sqlite:./runs.db --study sweep --out sweep.html
  tunekit report --storage postgres://tunekit@db:5432/tunekit --study sweep --out /tmp/sweep.html
`,
  async run(args, io) {
    const flags = parseCommandFlags('report', args, { ...STUDY_FLAGS, out: { type: 'string', short: 'o' } });
    if (flags.boolean('help')) return printHelp(io, reportCommand.help);
    const out = flags.string('out') ?? 'report.html';
    if (out.trim().length === 0) throw UsageError.invalidValue('--out', out, 'a file path');
    const path = isAbsolute(out) ? out : resolve(io.cwd, out);
    const started = Date.now();
    const progress = new StageProgress(io.stderr);
    try {
      return await withCliStorage(io, flags.string('storage'), { mustExist: true }, async (storage) => {
        progress.stage(`Loading ${flags.study === undefined ? 'the study' : `study '${flags.study}'`} from ${storage.label}`);
        const study = await loadCliStudy(storage, flags.study, 'report');
        try {
          const trials = study.trials;
          progress.stage(`Computing plots for ${trials.length} trials`);
          const payload = await buildStudyPayload({ studyId: study.studyId, studyName: study.studyName, directions: study.directions, userAttrs: study.userAttrs, systemAttrs: study.systemAttrs }, trials);
          progress.stage(`Writing ${out}`);
          const html = renderReport(payload);
          writeAtomically(path, html);
          progress.done();
          const seconds = ((Date.now() - started) / 1000).toFixed(1);
          io.stdout.write(`${stripControlCharacters(`Wrote ${path}: study '${study.studyName}', ${trials.length} trials, ${formatBytes(Buffer.byteLength(html))}`)}, in ${seconds} s\n`);
        } finally {
          await study.close();
        }
        return 0;
      });
    } finally {
      progress.done();
    }
  },
};

function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new CommandError(`Cannot write the report to ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error, code: 'CLI_WRITE_FAILED' });
  }
}

function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * One self-rewriting line on a TTY (`⠙ Computing plots for 10000 trials · 1.2 s`), redrawn while
 * a stage runs; silent when the stream is not a TTY, so pipes and CI logs stay clean.
 */
class StageProgress {
  readonly #stream: CliStream;
  #label = '';
  #stageStart = Date.now();
  #frame = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(stream: CliStream) {
    this.#stream = stream;
  }

  stage(label: string): void {
    if (this.#stream.isTTY !== true) return;
    this.#label = stripControlCharacters(label);
    this.#stageStart = Date.now();
    if (this.#timer === undefined) {
      this.#timer = setInterval(() => this.#draw(), 100);
      this.#timer.unref?.();
    }
    this.#draw();
  }

  done(): void {
    if (this.#timer === undefined) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#stream.write('\r\u001b[2K');
  }

  #draw(): void {
    const elapsed = ((Date.now() - this.#stageStart) / 1000).toFixed(1);
    const line = `${SPINNER[this.#frame++ % SPINNER.length]} ${this.#label} · ${elapsed} s`;
    const width = Math.max(20, (this.#stream.columns ?? 80) - 1);
    this.#stream.write(`\r\u001b[2K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
  }
}
