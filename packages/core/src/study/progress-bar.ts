import type { FrozenTrial } from '../protocol/frozen-trial.js';

/** Where progress goes: any writable stream; only a TTY gets the live line. */
export interface ProgressStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface ProgressOptions {
  /** Default `process.stderr`. */
  readonly stream?: ProgressStream;
  /** Redraw period for the elapsed time, ms. Default 1000. */
  readonly intervalMs?: number;
}

/**
 * One self-rewriting line on a TTY: `▕████░░░░▏ 37/100 trials · best 0.0123 (#12) · 2 pruned · 0:12 elapsed · ETA 0:20`.
 * Silent when the stream is not a TTY, so logs and CI output stay clean.
 */
export class ProgressBar {
  readonly #stream: ProgressStream;
  readonly #total: number | undefined;
  readonly #timeoutMs: number | undefined;
  readonly #start = Date.now();
  readonly #timer: ReturnType<typeof setInterval> | undefined;
  readonly #direction: 'minimize' | 'maximize' | undefined;
  #done = 0;
  #pruned = 0;
  #failed = 0;
  #best: { value: number; number: number } | undefined;
  #active: boolean;

  constructor(options: { total?: number | undefined; timeoutMs?: number | undefined; direction?: 'minimize' | 'maximize' | undefined; progress: ProgressOptions }) {
    this.#stream = options.progress.stream ?? process.stderr;
    this.#active = this.#stream.isTTY === true;
    this.#total = options.total;
    this.#timeoutMs = options.timeoutMs;
    this.#direction = options.direction;
    if (this.#active) {
      this.#timer = setInterval(() => this.#draw(), options.progress.intervalMs ?? 1000);
      this.#timer.unref?.();
      this.#draw();
    }
  }

  update(trial: FrozenTrial): void {
    this.#done++;
    if (trial.state === 'pruned') this.#pruned++;
    if (trial.state === 'fail') this.#failed++;
    const value = trial.values?.[0];
    if (trial.state === 'complete' && value !== undefined && this.#direction !== undefined) {
      const better = this.#best === undefined || (this.#direction === 'minimize' ? value < this.#best.value : value > this.#best.value);
      if (better) this.#best = { value, number: trial.number };
    }
    if (this.#active) this.#draw();
  }

  finish(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    if (this.#active) {
      this.#draw();
      this.#stream.write('\n');
      this.#active = false;
    }
  }

  /** The current line (also used by tests). */
  render(): string {
    const elapsed = Date.now() - this.#start;
    const parts: string[] = [];
    if (this.#total !== undefined) {
      const width = 20;
      const filled = Math.min(width, Math.round((this.#done / this.#total) * width));
      parts.push(`${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${this.#done}/${this.#total} trials`);
    } else {
      parts.push(`${this.#done} trials`);
    }
    if (this.#best !== undefined) parts.push(`best ${formatNumber(this.#best.value)} (#${this.#best.number})`);
    if (this.#pruned > 0) parts.push(`${this.#pruned} pruned`);
    if (this.#failed > 0) parts.push(`${this.#failed} failed`);
    parts.push(`${formatDuration(elapsed)} elapsed`);
    if (this.#total !== undefined && this.#done > 0 && this.#done < this.#total) {
      parts.push(`ETA ${formatDuration((elapsed / this.#done) * (this.#total - this.#done))}`);
    } else if (this.#timeoutMs !== undefined && this.#total === undefined) {
      parts.push(`${formatDuration(Math.max(0, this.#timeoutMs - elapsed))} left`);
    }
    return parts.join(' · ');
  }

  #draw(): void {
    const line = this.render();
    const columns = this.#stream.columns ?? 120;
    this.#stream.write(`\r\x1b[2K${line.length > columns - 1 ? line.slice(0, columns - 1) : line}`);
  }
}

export function formatNumber(value: number): string {
  if (value === 0 || (Math.abs(value) >= 1e-3 && Math.abs(value) < 1e6)) return String(Number(value.toPrecision(6)));
  return value.toExponential(4);
}

export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const mm = hours > 0 ? String(minutes).padStart(2, '0') : String(minutes);
  return `${hours > 0 ? `${hours}:` : ''}${mm}:${String(seconds).padStart(2, '0')}`;
}
