import { InvalidArgumentError } from '@tunekit/core';

/** The in-memory database (one connection, gone on `close()`). */
export const MEMORY_PATH = ':memory:';

const FORMS = "'sqlite:./path.db', 'sqlite:///abs/path.db' or 'sqlite::memory:'";

/**
 * The file path of a `sqlite:` storage URL.
 *
 * - `sqlite:./path.db`, `sqlite:path.db`, `sqlite:/abs/path.db` — the path after `sqlite:`,
 *   relative to the working directory;
 * - `sqlite:///abs/path.db` — an absolute path (the part after `sqlite://`). Note that SQLAlchemy
 *   (and so Python Optuna) reads `sqlite:///path.db` as *relative*; its absolute form
 *   `sqlite:////abs/path.db` also works here. `sqlite:///C:/dir/x.db` is a Windows path;
 * - `sqlite::memory:` (also `sqlite://:memory:` and `sqlite:///:memory:`) — an in-memory database.
 *
 * Percent-escapes are decoded in the `sqlite://` forms (`%20` is a space). Query strings are
 * not supported. Throws `InvalidArgumentError`.
 */
export function parseSqliteUrl(url: string): string {
  if (typeof url !== 'string' || !url.startsWith('sqlite:')) throw new InvalidArgumentError('storage', url, `a SQLite URL: ${FORMS}`);
  let path = url.slice('sqlite:'.length);
  if (path.startsWith('//')) {
    path = path.slice(2);
    try {
      path = decodeURIComponent(path);
    } catch {
      throw new InvalidArgumentError('storage', url, `a SQLite URL with valid percent-escapes: ${FORMS}`);
    }
    if (path === '/:memory:' || path === ':memory:') return MEMORY_PATH;
    if (path !== '' && !path.startsWith('/')) {
      // `sqlite://host/...` has no meaning for a file database.
      throw new InvalidArgumentError('storage', url, `a SQLite URL without a host: ${FORMS}`);
    }
    if (/^\/[A-Za-z]:[\\/]/.test(path)) path = path.slice(1);
  }
  if (path === ':memory:') return MEMORY_PATH;
  if (path === '' || path === '/') throw new InvalidArgumentError('storage', url, `a SQLite URL with a file path: ${FORMS}`);
  if (path.includes('\0')) throw new InvalidArgumentError('storage', url, 'a path without NUL characters');
  return path;
}
