const MARKER = Symbol.for('tunekit.error');

/**
 * Base class of every error tunekit throws on purpose. Subclasses carry structured, readonly
 * fields (`paramName`, `trialNumber`, `studyName`, ...) so that callers branch on data, not on
 * message text. `TunekitError.isInstance` works across duplicated copies of the package (two
 * versions in one `node_modules`), where `instanceof` would not.
 */
export class TunekitError extends Error {
  /** A stable machine-readable code, e.g. `'INVALID_DISTRIBUTION'`. */
  readonly code: string;
  private readonly [MARKER] = true;

  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? 'TUNEKIT_ERROR';
  }

  static isInstance(error: unknown): error is TunekitError {
    return typeof error === 'object' && error !== null && MARKER in error && (error as Record<symbol, unknown>)[MARKER] === true;
  }
}

/** Render a value for an error message: short, unambiguous (strings quoted, NaN shown). */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}
