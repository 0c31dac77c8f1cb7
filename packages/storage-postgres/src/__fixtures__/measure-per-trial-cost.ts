/**
 * Per-trial cost of PostgresStorage on the hot path of `optimize`: createTrial + 10 setTrialParam +
 * setTrialState + getAllTrials, for N trials in one study, one after another (one worker).
 *
 *   node --import tsx --conditions=source packages/storage-postgres/src/__fixtures__/measure-per-trial-cost.ts [N]
 *
 * Uses TUNEKIT_POSTGRES_URL (default postgres@127.0.0.1:5432/test), in a scratch schema it drops
 * (do not cut its output short with `| head`: a broken pipe kills it before the drop). For a
 * reference on the same server: `python3 optuna_per_trial_cost.py postgresql://... N`.
 */
import { floatDistribution, intDistribution, categoricalDistribution, InMemoryStorage } from '@tunekit/core';
import type { Storage } from '@tunekit/core/protocol';
import { PostgresStorage } from '../postgres-storage.js';
import { testSchema } from './postgres-test-database.js';

const N = Number(process.argv[2] ?? 1000);
const DISTRIBUTIONS = [
  floatDistribution(0, 1),
  floatDistribution(1e-5, 1, { log: true }),
  intDistribution(1, 100),
  categoricalDistribution(['a', 'b', 'c']),
  floatDistribution(-10, 10, { step: 0.5 }),
];

async function run(storage: Storage, label: string): Promise<void> {
  const study = await storage.createStudy({ studyName: `per-trial-cost-${label}-${Date.now()}`, directions: ['minimize'] });
  const phases = { createTrial: 0, setTrialParam: 0, setTrialState: 0, getAllTrials: 0 };
  const windows: number[] = [];
  let windowStart = performance.now();
  const total = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < N; i++) {
    let t = performance.now();
    const trial = await storage.createTrial(study.studyId);
    phases.createTrial += performance.now() - t;
    if (trial === undefined) throw new Error('no trial');
    t = performance.now();
    for (let p = 0; p < 10; p++) {
      const dist = DISTRIBUTIONS[p % DISTRIBUTIONS.length]!;
      const internal = dist.type === 'categorical' ? i % 3 : dist.type === 'int' ? 1 + (i % 100) : dist.type === 'float' && dist.log ? 0.001 : dist.type === 'float' && dist.step !== undefined ? -10 + (i % 40) * 0.5 : (i % 97) / 97;
      await storage.setTrialParam(trial.trialId, `p${p}`, internal, dist);
    }
    phases.setTrialParam += performance.now() - t;
    t = performance.now();
    await storage.setTrialState(trial.trialId, 'complete', [i * 0.001]);
    phases.setTrialState += performance.now() - t;
    t = performance.now();
    const all = await storage.getAllTrials(study.studyId);
    phases.getAllTrials += performance.now() - t;
    if (all.length !== i + 1) throw new Error(`expected ${i + 1} trials, got ${all.length}`);
    if ((i + 1) % 100 === 0) {
      windows.push((performance.now() - windowStart) / 100);
      windowStart = performance.now();
    }
  }
  const elapsed = performance.now() - total;
  const used = process.cpuUsage(cpu);
  const per = (ms: number) => `${(ms / N).toFixed(3)} ms`;
  console.log(`${label}: ${N} trials in ${(elapsed / 1000).toFixed(2)} s = ${per(elapsed)} per trial`);
  console.log(`  createTrial ${per(phases.createTrial)}, 10 x setTrialParam ${per(phases.setTrialParam)}, setTrialState ${per(phases.setTrialState)}, getAllTrials ${per(phases.getAllTrials)}`);
  if (windows.length > 0) console.log(`  ms per trial by 100-trial window: ${windows.map((w) => w.toFixed(2)).join(' ')} (fastest window ${Math.min(...windows).toFixed(2)} ms)`);
  console.log(`  CPU time of this process (all threads): ${((used.user + used.system) / 1000 / N).toFixed(3)} ms per trial`);
}

const schema = testSchema('bench');
const storage = new PostgresStorage({ connectionString: schema.connectionString }, { schema: schema.schema });
try {
  await storage.open();
  await run(storage, 'PostgresStorage');
  await run(new InMemoryStorage(), 'InMemoryStorage (reference)');
} finally {
  await storage.close();
  await schema.drop();
}
