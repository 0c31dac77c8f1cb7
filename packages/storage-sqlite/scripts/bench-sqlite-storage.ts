/**
 * Cost of the storage calls of one trial: createTrial + 10 × setTrialParam + setTrialState, on a
 * SQLite file (WAL, synchronous=NORMAL), with and without a getAllTrials per trial (what a
 * sampler's view of the study costs), and the cost of getAllTrials at the end. Then the same
 * through the Study API (`study.optimize` with RandomSampler, 10 suggestFloat per trial) on
 * SQLite and, for reference, in memory.
 *
 *   cd packages/storage-sqlite && node --conditions=source --import tsx scripts/bench-sqlite-storage.ts [nTrials]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryStorage, NopPruner, RandomSampler, categoricalDistribution, createStudy, floatDistribution, intDistribution } from '@tunekit/core';
import type { Storage } from '@tunekit/core/protocol';
import type { Distribution } from '@tunekit/core/protocol';
import { SQLiteStorage } from '../src/sqlite-storage.js';

const nTrials = Number(process.argv[2] ?? 1000);
const space: [string, Distribution][] = [
  ...Array.from({ length: 4 }, (_, i): [string, Distribution] => [`f${i}`, floatDistribution(0, 1)]),
  ['lr', floatDistribution(1e-5, 1e-1, { log: true })],
  ['units', intDistribution(16, 256, { step: 16 })],
  ['depth', intDistribution(1, 32, { log: true })],
  ['n', intDistribution(0, 100)],
  ['act', categoricalDistribution(['relu', 'tanh', 'gelu'])],
  ['opt', categoricalDistribution(['adam', 'sgd'])],
];

async function run(label: string, path: string, options: { readAll: boolean; synchronous?: 'normal' | 'full' }): Promise<void> {
  const storage = new SQLiteStorage({ path, synchronous: options.synchronous ?? 'normal' });
  const study = await storage.createStudy({ studyName: 'bench', directions: ['minimize'] });
  const split = { create: 0, params: 0, state: 0, read: 0 };
  const start = performance.now();
  for (let i = 0; i < nTrials; i++) {
    let t = performance.now();
    const trial = (await storage.createTrial(study.studyId))!;
    split.create += performance.now() - t;
    t = performance.now();
    for (const [name, dist] of space) {
      const internal = dist.type === 'categorical' ? i % dist.choices.length : dist.type === 'int' ? dist.low + (i % 5) * dist.step : dist.low + ((i % 97) / 97) * (dist.high - dist.low);
      await storage.setTrialParam(trial.trialId, name, internal, dist);
    }
    split.params += performance.now() - t;
    if (options.readAll) {
      t = performance.now();
      await storage.getAllTrials(study.studyId);
      split.read += performance.now() - t;
    }
    t = performance.now();
    await storage.setTrialState(trial.trialId, 'complete', [Math.sin(i)]);
    split.state += performance.now() - t;
  }
  const total = performance.now() - start;
  let t = performance.now();
  const all = await storage.getAllTrials(study.studyId);
  const firstRead = performance.now() - t;
  t = performance.now();
  await storage.getAllTrials(study.studyId);
  const cachedRead = performance.now() - t;
  await storage.close();
  // A fresh connection reads everything once, then serves finished trials from its cache.
  let coldRead = Number.NaN;
  if (path !== ':memory:') {
    const reopened = new SQLiteStorage({ path });
    t = performance.now();
    await reopened.getAllTrials(study.studyId);
    coldRead = performance.now() - t;
    await reopened.close();
  }
  const per = (ms: number) => `${((ms / nTrials) * 1000).toFixed(0)} µs`;
  console.log(
    `${label.padEnd(44)} ${per(total).padStart(8)}/trial  (createTrial ${per(split.create)}, 10×setTrialParam ${per(split.params)}, setTrialState ${per(split.state)}${options.readAll ? `, getAllTrials ${per(split.read)}` : ''})`,
  );
  console.log(`${''.padEnd(44)} getAllTrials of ${all.length}: ${firstRead.toFixed(2)} ms after the run, ${cachedRead.toFixed(3)} ms unchanged, ${coldRead.toFixed(1)} ms from a new connection`);
}

async function runStudy(label: string, storage: Storage): Promise<void> {
  const study = await createStudy({ storage, sampler: new RandomSampler({ seed: 0 }), pruner: new NopPruner(), direction: 'minimize' });
  const start = performance.now();
  const cpu = process.cpuUsage();
  await study.optimize(
    (trial) => {
      let sum = 0;
      for (let k = 0; k < 10; k++) sum += trial.suggestFloat(`x${k}`, -1, 1);
      return sum;
    },
    { nTrials },
  );
  const used = process.cpuUsage(cpu);
  const total = performance.now() - start;
  console.log(`${label.padEnd(44)} ${`${((total / nTrials) * 1000).toFixed(0)} µs`.padStart(8)}/trial wall, ${(((used.user + used.system) / nTrials)).toFixed(0)} µs/trial CPU`);
  await storage.close();
}

const dir = mkdtempSync(join(tmpdir(), 'tunekit-bench-'));
try {
  console.log(`${nTrials} trials, 10 params each (node ${process.version})`);
  await run('file, WAL, synchronous=NORMAL', join(dir, 'a.db'), { readAll: false });
  await run('file, WAL, NORMAL, + getAllTrials per trial', join(dir, 'b.db'), { readAll: true });
  await run('file, WAL, synchronous=FULL', join(dir, 'c.db'), { readAll: false, synchronous: 'full' });
  await run(':memory:', ':memory:', { readAll: false });
  await runStudy('study.optimize, SQLite file (WAL, NORMAL)', new SQLiteStorage({ path: join(dir, 'd.db') }));
  await runStudy('study.optimize, InMemoryStorage', new InMemoryStorage());
} finally {
  rmSync(dir, { recursive: true, force: true });
}
