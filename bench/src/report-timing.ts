/**
 * How fast a big study is seen: builds a 10,000-trial study in SQLite (7 params, 30 epochs of
 * intermediate values, ~45% pruned, 4 workers), then times
 *   - the HTML report: reading the study from a freshly opened storage, computing the plot data,
 *     rendering the HTML (in-process, by phase), and `tunekit report` end to end as a subprocess;
 *   - the report opened in headless Chromium (file://) until every plot is drawn;
 *   - the dashboard: first render of the study page in headless Chromium, from navigation until
 *     every plot and the table are drawn, with a cold server (the payload is built on that request)
 *     and again warm.
 * Targets (issue #8): report < 5 s, dashboard first render < 2 s.
 *
 *   pnpm --filter @tunekit/bench run report-timing                 # 10,000 trials
 *   pnpm --filter @tunekit/bench run report-timing -- --trials 2000 --keep
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { categoricalDistribution, floatDistribution, intDistribution, resolveStorage, SeededRandom, toInternal, type Distribution, type Storage } from '@tunekit/core';
import { buildStudyPayload, renderReport, startDashboard } from '@tunekit/dashboard';

const { values: args } = parseArgs({
  options: {
    trials: { type: 'string', default: '10000' },
    steps: { type: 'string', default: '30' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
    keep: { type: 'boolean', default: false },
  },
});
const N_TRIALS = Number(args.trials);
const N_STEPS = Number(args.steps);
const STUDY = `bench-${N_TRIALS}`;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

const SPACE: Record<string, Distribution> = {
  lr: floatDistribution(1e-5, 1e-1, { log: true }),
  weight_decay: floatDistribution(1e-6, 1e-2, { log: true }),
  depth: intDistribution(2, 32, { log: true }),
  units: intDistribution(16, 256, { step: 16 }),
  dropout: floatDistribution(0, 0.5),
  activation: categoricalDistribution(['relu', 'tanh', 'gelu']),
  optimizer: categoricalDistribution(['adam', 'sgd', 'rmsprop']),
};

/** A plausible validation loss surface: best near lr 3e-3, depth ~8, some dropout, adam. */
function loss(p: Record<string, number | string>, random: SeededRandom): number {
  const lr = Math.log10(p.lr as number) + 2.5;
  const depth = Math.log2(p.depth as number) - 3;
  const units = ((p.units as number) - 128) / 128;
  const dropout = (p.dropout as number) - 0.2;
  const wd = Math.log10(p.weight_decay as number) + 4;
  const bonus = { adam: 0, rmsprop: 0.05, sgd: 0.15 }[p.optimizer as 'adam'] + { gelu: 0, relu: 0.02, tanh: 0.08 }[p.activation as 'relu'];
  return 0.12 + 0.08 * lr * lr + 0.04 * depth * depth + 0.03 * units * units + 0.5 * dropout * dropout + 0.01 * wd * wd + bonus + 0.02 * random.normal();
}

async function seedStudy(storage: Storage): Promise<number> {
  const study = await storage.createStudy({ studyName: STUDY, directions: ['minimize'] });
  const random = new SeededRandom(42);
  const workerFree = [0, 0, 0, 0].map(() => Date.UTC(2025, 0, 6, 9));
  let best = Infinity;
  for (let number = 0; number < N_TRIALS; number++) {
    const external: Record<string, number | string> = {};
    const params: Record<string, { internal: number; distribution: Distribution }> = {};
    for (const [name, dist] of Object.entries(SPACE)) {
      let value: number | string;
      if (dist.type === 'categorical') value = dist.choices[random.int(0, dist.choices.length - 1)] as string;
      else if (dist.type === 'int' && dist.log) value = Math.round(Math.exp(random.uniform(Math.log(dist.low), Math.log(dist.high))));
      else if (dist.type === 'int') value = dist.low + dist.step * random.int(0, (dist.high - dist.low) / dist.step);
      else if (dist.log) value = Math.exp(random.uniform(Math.log(dist.low), Math.log(dist.high)));
      else value = random.uniform(dist.low, dist.high);
      external[name] = value;
      params[name] = { internal: toInternal(dist, value, name), distribution: dist };
    }
    const final = loss(external, random);
    const start = 1.5 + random.float();
    const tau = 3 + 6 * random.float();
    // Median-pruner-like: trials clearly worse than the best so far stop early.
    const pruned = number > 20 && final > best + 0.12 && random.float() < 0.7;
    const failed = !pruned && random.float() < 0.02;
    const steps = pruned ? 3 + random.int(0, 12) : failed ? random.int(1, N_STEPS - 1) : N_STEPS;
    const intermediateValues = new Map<number, number>();
    for (let step = 0; step < steps; step++) intermediateValues.set(step, final + (start - final) * Math.exp(-step / tau) + 0.01 * random.normal());
    const worker = number % 4;
    const begin = (workerFree[worker] as number) + random.int(50, 400);
    const end = begin + steps * (400 + random.int(0, 600));
    workerFree[worker] = end;
    if (!pruned && !failed) best = Math.min(best, final);
    await storage.createTrial(study.studyId, {
      template: {
        state: pruned ? 'pruned' : failed ? 'fail' : 'complete',
        params,
        values: pruned || failed ? undefined : [final],
        intermediateValues,
        userAttrs: { worker: `gpu-${worker}`, epochs: steps },
        systemAttrs: failed ? { fail_reason: 'RangeError: loss became NaN at epoch ' + steps } : {},
        datetimeStart: new Date(begin),
        datetimeComplete: new Date(end),
      },
    });
  }
  return study.studyId;
}

/** The part of playwright-core this script drives (bench does not depend on it: see below). */
interface Playwright {
  readonly chromium: {
    launch(options: { executablePath: string; args: string[] }): Promise<{
      newPage(options: { viewport: { width: number; height: number } }): Promise<{
        on(event: string, listener: (value: never) => void): void;
        goto(url: string): Promise<unknown>;
        waitForSelector(selector: string, options: { timeout: number }): Promise<unknown>;
        evaluate(expression: string): Promise<unknown>;
        close(): Promise<void>;
      }>;
      close(): Promise<void>;
    }>;
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tunekit-report-timing-'));
  const url = `sqlite:${join(dir, 'bench.db')}`;
  const out = join(dir, 'report.html');
  console.log(`report-timing: ${N_TRIALS} trials × ${Object.keys(SPACE).length} params × up to ${N_STEPS} steps, SQLite at ${dir}`);

  let t = performance.now();
  {
    const { storage } = await resolveStorage(url);
    await seedStudy(storage);
    await storage.close();
  }
  console.log(`  seeded the study in ${seconds(performance.now() - t)}`);

  // 1. The report, in-process, phase by phase, from a freshly opened storage (cold caches).
  const t0 = performance.now();
  const { storage } = await resolveStorage(url);
  const record = await storage.getStudyByName(STUDY);
  const trials = await storage.getAllTrials(record.studyId);
  const t1 = performance.now();
  const payload = await buildStudyPayload(record, trials);
  const t2 = performance.now();
  const html = renderReport(payload);
  writeFileSync(out, html);
  const t3 = performance.now();
  await storage.close();
  const counts = payload.plots.summary.states;
  console.log(`  trials: ${counts.complete} complete, ${counts.pruned} pruned, ${counts.fail} fail`);
  console.log('\nHTML report (target < 5 s)');
  console.log(`  read ${trials.length} trials         ${seconds(t1 - t0)}`);
  console.log(`  plot data + table          ${seconds(t2 - t1)}`);
  console.log(`  render + write HTML        ${seconds(t3 - t2)}   (${(statSync(out).size / 1024 / 1024).toFixed(1)} MB)`);
  console.log(`  total (in-process)         ${seconds(t3 - t0)}`);

  const bin = fileURLToPath(new URL('../../packages/cli/bin/tunekit.js', import.meta.url));
  if (existsSync(bin)) {
    t = performance.now();
    const cli = spawnSync(process.execPath, [bin, 'report', '--storage', url, '--study', STUDY, '--out', join(dir, 'cli-report.html')], { encoding: 'utf8' });
    const wall = performance.now() - t;
    if (cli.status !== 0) throw new Error(`tunekit report failed: ${cli.stderr}`);
    console.log(`  \`tunekit report\` end to end ${seconds(wall)}   (a new node process, TypeScript sources loaded through tsx)`);
  }

  // 2. and 3. In headless Chromium.
  if (!existsSync(args.chromium)) {
    console.log(`\nNo Chromium at ${args.chromium}: browser timings skipped (apt-get install chromium).`);
  } else {
    // playwright-core is @tunekit/dashboard's dev dependency (its browser tests); borrow it from there.
    const fromDashboard = createRequire(fileURLToPath(import.meta.resolve('@tunekit/dashboard')));
    const playwright = (await import(pathToFileURL(fromDashboard.resolve('playwright-core')).href)) as Playwright & { default?: Playwright };
    const chromium = (playwright.chromium ?? playwright.default?.chromium) as Playwright['chromium'];
    const browser = await chromium.launch({ executablePath: args.chromium, args: CHROMIUM_ARGS });
    try {
      const timeRender = async (target: string): Promise<{ ms: number; errors: string[] }> => {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        const errors: string[] = [];
        page.on('console', (message: { type(): string; text(): string }) => {
          if (message.type() === 'error') errors.push(message.text());
        });
        page.on('pageerror', (error: Error) => errors.push(error.message));
        const start = performance.now();
        await page.goto(target);
        await page.waitForSelector('html[data-rendered="true"]', { timeout: 60_000 });
        const ms = performance.now() - start;
        const charts = (await page.evaluate("document.querySelectorAll('[data-plot] canvas').length")) as number;
        if (charts < 6) errors.push(`only ${charts} charts drawn`);
        await page.close();
        return { ms, errors };
      };
      const report = await timeRender(`file://${out}`);
      console.log(`\nReport opened in headless Chromium: ${seconds(report.ms)} until every plot is drawn${report.errors.length ? ` (errors: ${report.errors.join('; ')})` : ''}`);

      const show = (label: string, result: { ms: number; errors: string[] }) => console.log(`  ${label.padEnd(58)} ${seconds(result.ms)}${result.errors.length ? ` (errors: ${result.errors.join('; ')})` : ''}`);
      console.log('\nDashboard first render in headless Chromium (target < 2 s)');
      {
        // The page opened the very moment the server starts: the study is read and its page data
        // built during that first request (the worst case).
        const { storage: live } = await resolveStorage(url);
        const server = await startDashboard({ storage: live, port: 0, warmUp: false });
        try {
          show('server just started, nothing read yet (worst case)', await timeRender(`${server.url}#/studies/${record.studyId}`));
        } finally {
          await server.close();
          await live.close();
        }
      }
      {
        // The usual case: the dashboard has been started, then someone opens it.
        const { storage: live } = await resolveStorage(url);
        const started = performance.now();
        const server = await startDashboard({ storage: live, port: 0 });
        try {
          await server.warmedUp;
          console.log(`  (start-up warm-up read the study and prepared its page in ${seconds(performance.now() - started)})`);
          const studyUrl = `${server.url}#/studies/${record.studyId}`;
          show('first page load after start-up', await timeRender(studyUrl));
          show('second page load', await timeRender(studyUrl));
        } finally {
          await server.close();
          await live.close();
        }
      }
    } finally {
      await browser.close();
    }
  }
  if (args.keep) console.log(`\nKept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

await main();
