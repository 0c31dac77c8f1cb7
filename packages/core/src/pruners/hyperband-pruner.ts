import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { Pruner } from '../protocol/pruner.js';
import type { StudyView } from '../protocol/study-view.js';
import type { TrialState } from '../protocol/trial-state.js';
import { firstCompletedWithReports, lastStep, singleDirection } from './intermediate-values.js';
import { integerAtLeast, optionsObject } from './pruner-options.js';
import { SuccessiveHalvingPruner } from './successive-halving-pruner.js';

/** Options of `HyperbandPruner` (the paper's symbols in brackets). */
export interface HyperbandPrunerOptions {
  /** Steps every trial gets before its first judgement [r]. Integer >= 1. Default 1. */
  readonly minResource?: number;
  /**
   * The most steps a trial reports, e.g. the number of epochs [R is `maxResource / minResource`].
   * An integer >= `minResource`, or `'auto'` (default): the last reported step + 1 of the first
   * trial to complete with intermediate values. Until then, `'auto'` prunes nothing and puts every
   * trial in bracket 0. When trials report different numbers of steps, set the largest one here.
   */
  readonly maxResource?: number | 'auto';
  /** Only the best `1 / reductionFactor` of a rung is promoted [η]. Integer >= 2. Default 3. */
  readonly reductionFactor?: number;
  /**
   * The first `bootstrapCount` trials to reach a rung of their bracket are pruned there (see
   * `SuccessiveHalvingPruner`). Integer >= 0; requires a numeric `maxResource`. Default 0.
   */
  readonly bootstrapCount?: number;
}

/** The brackets of a study, once `maxResource` is known. */
interface BracketLayout {
  /** Trial allocation budget of each bracket (Hyperband's `n_i`, as a ratio). */
  readonly budgets: readonly number[];
  readonly totalBudget: number;
  /** One `SuccessiveHalvingPruner` per bracket; bracket `s` has `minEarlyStoppingRate: s`. */
  readonly pruners: readonly SuccessiveHalvingPruner[];
}

/**
 * Hyperband (Li et al., "Hyperband: A Novel Bandit-Based Approach to Hyperparameter
 * Optimization", JMLR 18, 2018) over asynchronous successive halving, after Optuna's
 * `HyperbandPruner`.
 *
 * Successive halving must choose how early to judge: aggressive brackets stop many trials after
 * `minResource` steps, conservative ones give every trial more steps first. Hyperband runs several
 * brackets side by side. Bracket `s` (0 ≤ s < `nBrackets`) is a `SuccessiveHalvingPruner` with
 * `minEarlyStoppingRate: s` (its first rung at `minResource * reductionFactor ** s`), and
 * `nBrackets = floor(log(maxResource / minResource) / log(reductionFactor)) + 1`.
 *
 * Every trial belongs to one bracket, chosen deterministically from the study name and the trial
 * number, as Optuna does: `crc32(utf8("<studyName>_<number>")) mod B`, walked through the brackets'
 * trial allocation budgets `ceil(nBrackets * reductionFactor ** (nBrackets - 1 - s) / (nBrackets - s))`
 * (whose sum is `B`), so aggressive brackets get more trials. A trial is judged against the
 * trials of its own bracket only. The same study name gives the same brackets in Optuna and here:
 * name your studies to make pruning reproducible.
 *
 * **Samplers see the bracket too.** As in Optuna, `TPESampler` models only the trials of the
 * current trial's bracket when the study's pruner is a `HyperbandPruner` (through `samplerView`,
 * the `Pruner` hook; `bracketOf`, `bracketView` and `hyperbandBracketOf` are the same rule for
 * other uses). Each bracket therefore has its own `nStartupTrials` random trials: with few trials
 * and many brackets, TPE stays random for longer.
 *
 * **How this differs from Optuna.** Optuna's pruner caches its brackets on the first call that
 * finds a completed trial, and `'auto'` takes the largest last step among the trials complete at
 * that moment. tunekit pruners are stateless decisions over a snapshot (`Pruner` contract), so
 * `'auto'` is re-derived each time from the trial that completed first (earliest
 * `datetimeComplete`, lowest number on ties); run one trial at a time and the two agree. The
 * bracket count uses correctly rounded logarithms as Optuna gets from the C library, so exact
 * powers come out as in Optuna (`maxResource: 243, reductionFactor: 3` gives 5 brackets, not 6).
 * Successive halving inside a bracket is tunekit's stateless ASHA (see `SuccessiveHalvingPruner`).
 *
 * Single-objective only.
 *
 * @example new HyperbandPruner({ minResource: 1, maxResource: 27, reductionFactor: 3 }) // 4 brackets
 */
export class HyperbandPruner implements Pruner {
  readonly name = 'HyperbandPruner';
  readonly minResource: number;
  readonly maxResource: number | 'auto';
  readonly reductionFactor: number;
  readonly bootstrapCount: number;
  /** Layout for a fixed `maxResource` (built once), or per derived value for `'auto'`. */
  readonly #layouts = new Map<number, BracketLayout>();
  /** crc32 of `<studyName>_<number>`, memoised per study name. */
  readonly #hashes = new Map<string, Map<number, number>>();

  constructor(options?: HyperbandPrunerOptions) {
    const given = optionsObject('HyperbandPruner options', options);
    this.minResource = integerAtLeast('HyperbandPruner.minResource', given.minResource ?? 1, 1);
    const maxResource = given.maxResource ?? 'auto';
    this.maxResource =
      maxResource === 'auto' ? 'auto' : integerAtLeast('HyperbandPruner.maxResource', maxResource, this.minResource);
    this.reductionFactor = integerAtLeast('HyperbandPruner.reductionFactor', given.reductionFactor ?? 3, 2);
    this.bootstrapCount = integerAtLeast('HyperbandPruner.bootstrapCount', given.bootstrapCount ?? 0, 0);
    if (this.bootstrapCount > 0 && this.maxResource === 'auto') {
      throw new InvalidArgumentError(
        'HyperbandPruner.bootstrapCount',
        this.bootstrapCount,
        "0 when maxResource is 'auto' (set maxResource to use bootstrapping)",
      );
    }
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    singleDirection(study, this.name);
    const layout = this.#layout(study);
    if (layout === undefined || layout.pruners.length === 0) return false;
    const bracket = this.#bracketIn(layout, study.studyName, trial.number);
    return (layout.pruners[bracket] as SuccessiveHalvingPruner).prune(this.#view(study, layout, bracket), trial);
  }

  /**
   * Number of brackets in `study`, or `undefined` while `maxResource: 'auto'` is not known yet.
   * (0 when an `'auto'` maximum came out below `minResource`: then nothing is pruned, as in Optuna.)
   */
  bracketCount(study?: StudyView): number | undefined {
    return this.#layout(study)?.budgets.length;
  }

  /**
   * The bracket (0 = most aggressive) of trial `trialNumber` in `study`: 0 while the brackets are
   * not known yet (`'auto'` before the first trial completes), as in Optuna.
   */
  bracketOf(study: StudyView, trialNumber: number): number {
    const layout = this.#layout(study);
    return layout === undefined ? 0 : this.#bracketIn(layout, study.studyName, trialNumber);
  }

  /**
   * `study` restricted to the trials of trial `trialNumber`'s bracket: what a model-based sampler
   * (TPE) should learn from for that trial when this is the study's pruner. Before the brackets are
   * known every trial is in bracket 0, so the view holds every trial. Writes go to `study`.
   */
  bracketView(study: StudyView, trialNumber: number): StudyView {
    const layout = this.#layout(study);
    if (layout === undefined) return study;
    return this.#view(study, layout, this.#bracketIn(layout, study.studyName, trialNumber));
  }

  /** `Pruner` hook: model-based samplers (TPE) learn from `trial`'s bracket only. */
  samplerView(study: StudyView, trial: FrozenTrial): StudyView {
    return this.bracketView(study, trial.number);
  }

  /** @internal Layout for `study` (or for the fixed `maxResource` when no study is given). */
  #layout(study: StudyView | undefined): BracketLayout | undefined {
    const maxResource = this.maxResource === 'auto' ? (study && estimateMaxResource(study)) : this.maxResource;
    if (maxResource === undefined) return undefined;
    let layout = this.#layouts.get(maxResource);
    if (layout === undefined) {
      layout = this.#buildLayout(maxResource);
      this.#layouts.set(maxResource, layout);
    }
    return layout;
  }

  #buildLayout(maxResource: number): BracketLayout {
    const eta = this.reductionFactor;
    // Optuna: n_brackets = floor(log(max / min) / log(eta)) + 1, with the C library's logarithm.
    // A ratio below 1 (an 'auto' maximum under minResource) gives no bracket: nothing is pruned.
    const ratio = maxResource / this.minResource;
    const nBrackets = ratio < 1 ? 0 : Math.floor(correctlyRoundedLog(ratio) / correctlyRoundedLog(eta)) + 1;
    const budgets: number[] = [];
    const pruners: SuccessiveHalvingPruner[] = [];
    for (let bracket = 0; bracket < nBrackets; bracket++) {
      const s = nBrackets - 1 - bracket;
      // Hyperband's n = ceil(B / R * eta^s / (s + 1)), as a ratio between brackets (Optuna).
      budgets.push(Math.ceil((nBrackets * eta ** s) / (s + 1)));
      pruners.push(
        new SuccessiveHalvingPruner({
          minResource: this.minResource,
          reductionFactor: eta,
          minEarlyStoppingRate: bracket,
          bootstrapCount: this.bootstrapCount,
        }),
      );
    }
    return { budgets, totalBudget: budgets.reduce((sum, budget) => sum + budget, 0), pruners };
  }

  #bracketIn(layout: BracketLayout, studyName: string, trialNumber: number): number {
    if (layout.budgets.length === 0) return 0;
    let byNumber = this.#hashes.get(studyName);
    if (byNumber === undefined) {
      byNumber = new Map();
      this.#hashes.set(studyName, byNumber);
    }
    let hash = byNumber.get(trialNumber);
    if (hash === undefined) {
      hash = crc32(`${studyName}_${trialNumber}`);
      byNumber.set(trialNumber, hash);
    }
    return bracketFromHash(hash, layout.budgets, layout.totalBudget);
  }

  #view(study: StudyView, layout: BracketLayout, bracket: number): StudyView {
    const inBracket = (trial: FrozenTrial) => this.#bracketIn(layout, study.studyName, trial.number) === bracket;
    const cache = new Map<string, readonly FrozenTrial[]>();
    return {
      studyId: study.studyId,
      studyName: study.studyName,
      directions: study.directions,
      systemAttrs: study.systemAttrs,
      ...(study.pruner === undefined ? {} : { pruner: study.pruner }),
      getTrials(options?: { readonly states?: readonly TrialState[] }): readonly FrozenTrial[] {
        const key = options?.states === undefined ? '*' : options.states.join(',');
        let trials = cache.get(key);
        if (trials === undefined) {
          trials = Object.freeze(study.getTrials(options).filter(inBracket));
          cache.set(key, trials);
        }
        return trials;
      },
      setTrialSystemAttr: (trialId, key, value) => study.setTrialSystemAttr(trialId, key, value),
      stop: () => study.stop(),
    };
  }
}

/**
 * The Hyperband bracket of trial `trialNumber` of the study named `studyName` under `pruner`:
 * Optuna's `crc32("<studyName>_<number>") mod B` rule. With `maxResource: 'auto'` the brackets
 * depend on the study's trials: pass `study` (else 0 is returned until they are known, as Optuna
 * does before its pruner is initialised). For samplers that, like Optuna's TPE, model each
 * bracket separately; see `HyperbandPruner.bracketView`.
 */
export function hyperbandBracketOf(
  studyName: string,
  trialNumber: number,
  pruner: HyperbandPruner,
  study?: StudyView,
): number {
  if (!Number.isSafeInteger(trialNumber) || trialNumber < 0) {
    throw new InvalidArgumentError('hyperbandBracketOf trialNumber', trialNumber, 'a non-negative integer');
  }
  if (study === undefined && pruner.maxResource === 'auto') return 0;
  // The bracket hashes `studyName`; the study (when given) only supplies the trials for 'auto'.
  const trials = study === undefined ? () => [] : (options?: { readonly states?: readonly TrialState[] }) => study.getTrials(options);
  const view: StudyView = {
    studyId: study?.studyId ?? -1,
    studyName,
    directions: study?.directions ?? ['minimize'],
    systemAttrs: study?.systemAttrs ?? {},
    getTrials: trials,
    setTrialSystemAttr: () => Promise.reject(new Error('hyperbandBracketOf does not write')),
    stop: () => undefined,
  };
  return pruner.bracketOf(view, trialNumber);
}

/** Optuna's `'auto'`: last step + 1 of the first trial to complete with intermediate values. */
function estimateMaxResource(study: StudyView): number | undefined {
  const first = firstCompletedWithReports(study);
  return first === undefined ? undefined : (lastStep(first) as number) + 1;
}

/** @internal Walk the brackets' budgets with `hash mod totalBudget` (Optuna's `_get_bracket_id`). */
export function bracketFromHash(hash: number, budgets: readonly number[], totalBudget: number): number {
  let n = hash % totalBudget;
  for (let bracket = 0; bracket < budgets.length; bracket++) {
    n -= budgets[bracket] as number;
    if (n < 0) return bracket;
  }
  return budgets.length - 1; // unreachable: the budgets sum to totalBudget
}

let crcTable: Uint32Array | undefined;

/** @internal CRC-32 (IEEE 802.3, zlib's and Python's `binascii.crc32`) of `text` encoded as UTF-8. */
export function crc32(text: string): number {
  if (crcTable === undefined) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc = (crcTable[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const LOG_BITS = 160n;
const LOG_ONE = 1n << LOG_BITS;
let logTwo: bigint | undefined;

/**
 * @internal The natural logarithm of `x` (finite, >= 1), correctly rounded to the nearest double.
 * V8's `Math.log` is sometimes one ulp off (e.g. `Math.log(3)`), which changes
 * `floor(log(243) / log(3))`; Optuna runs on the C library's correctly rounded `log`. Computed in
 * 160-bit fixed point: `ln(m * 2^e) = e ln 2 + 2 atanh((m - 1) / (m + 1))`.
 */
export function correctlyRoundedLog(x: number): number {
  if (!Number.isFinite(x) || x < 1) {
    throw new InvalidArgumentError('correctlyRoundedLog x', x, 'a finite number >= 1');
  }
  if (x === 1) return 0;
  let exponent = Math.floor(Math.log2(x));
  // Math.log2 may be off by one near powers of two; fix so that 1 <= x / 2^exponent < 2.
  if (2 ** exponent > x) exponent -= 1;
  if (2 ** (exponent + 1) <= x) exponent += 1;
  // x / 2^exponent is exact; its 53-bit significand as a fixed-point BigInt.
  const mantissa = BigInt(Math.round((x / 2 ** exponent) * 2 ** 52)) << (LOG_BITS - 52n);
  logTwo ??= atanhSeries((1n << LOG_BITS) / 3n) * 2n;
  const value = BigInt(exponent) * logTwo + 2n * atanhSeries(((mantissa - LOG_ONE) << LOG_BITS) / (mantissa + LOG_ONE));
  // Number(bigint) rounds to nearest; dividing by a power of two is exact.
  return Number(value) / 2 ** Number(LOG_BITS);
}

/** atanh(z) = z + z^3/3 + z^5/5 + ..., z in fixed point (|z| <= 1/3 here), to LOG_BITS bits. */
function atanhSeries(z: bigint): bigint {
  const zSquared = (z * z) >> LOG_BITS;
  let power = z;
  let sum = 0n;
  for (let k = 1n; power !== 0n; k += 2n) {
    sum += power / k;
    power = (power * zSquared) >> LOG_BITS;
  }
  return sum;
}
