import { categoricalDistribution, createStudy, floatDistribution, intDistribution, RandomSampler, SeededRandom, type Storage, type Study } from '@tunekit/core';

/** A parameter name that would run script if anything put it into the page as HTML. */
export const XSS = '<img src=x onerror=window.__xss=1>';

export const SPACE = {
  lr: floatDistribution(1e-5, 1e-1, { log: true }),
  depth: intDistribution(1, 8),
  [XSS]: categoricalDistribution(['plain', '<b onmouseover=window.__xss=2>bold</b>']),
};

export interface SeedOptions {
  readonly studyName?: string;
  readonly trials?: number;
  readonly seed?: number;
  /** Leave the last trial running (a worker still at it). */
  readonly running?: boolean;
}

/**
 * A single-objective study of `trials` trials built through ask/tell: learning curves of 8 steps,
 * about a quarter pruned (trial 3 after its first step), a few failed (their reason carries markup), a worker attr per trial.
 */
export async function seedStudy(storage: Storage, options: SeedOptions = {}): Promise<Study> {
  const study = await createStudy({ storage, studyName: options.studyName ?? `study ${XSS}`, direction: 'minimize', sampler: new RandomSampler({ seed: options.seed ?? 1 }) });
  await study.setUserAttr('dataset', '<script>window.__xss=3</script>');
  const random = new SeededRandom(options.seed ?? 1);
  const n = options.trials ?? 80;
  for (let i = 0; i < n; i++) await addTrial(study, random, i === n - 1 && options.running === true);
  return study;
}

/** One more trial, finished unless `leaveRunning`. */
export async function addTrial(study: Study, random: SeededRandom, leaveRunning = false): Promise<void> {
  const trial = await study.ask(SPACE);
  const lr = trial.params.lr as number;
  const value = (Math.log10(lr) + 3) ** 2 + ((trial.params.depth as number) - 4) ** 2 / 10 + random.float() * 0.3;
  trial.setUserAttr('worker', `worker-${trial.number % 3}`);
  trial.setUserAttr('note', `<i>${trial.number}</i>`);
  // Trial 3 reports a single step (a curve of one point); about a quarter stop early.
  const stopAt = trial.number === 3 ? 1 : random.float() < 0.25 ? 2 + random.int(0, 3) : 8;
  for (let step = 0; step < stopAt; step++) trial.report(value + 4 / (step + 1), step);
  if (leaveRunning) {
    await trial.flush();
    return;
  }
  if (stopAt < 8) await study.tell(trial, undefined, { state: 'pruned' });
  else if (random.float() < 0.06) await study.tell(trial, undefined, { state: 'fail', failReason: `RangeError: <script>window.__xss=4</script> at trial ${trial.number}` });
  else await study.tell(trial, value);
}
