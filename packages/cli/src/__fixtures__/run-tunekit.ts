import { afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../cli-context.js';
import { main } from '../main.js';

/** What one in-process `tunekit` invocation printed and returned. */
export interface TunekitResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run `main(argv)` with captured output; `cwd` resolves relative paths (default storage, study files). */
export async function runTunekit(argv: readonly string[], options: { readonly cwd: string; readonly io?: Partial<CliIo>; readonly tty?: boolean }): Promise<TunekitResult> {
  let stdout = '';
  let stderr = '';
  const tty = options.tty === true ? { isTTY: true, columns: 100 } : {};
  const code = await main(argv, {
    cwd: options.cwd,
    stdout: { write: (chunk: string) => (stdout += chunk), ...tty },
    stderr: { write: (chunk: string) => (stderr += chunk), ...tty },
    ...options.io,
  });
  return { code, stdout, stderr };
}

/** A temporary working directory; `url(name)` is a `sqlite:` URL of a file in it. */
export function tempWorkspace(): { readonly dir: string; path(name: string): string; url(name?: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'tunekit-cli-'));
  return {
    dir,
    path: (name) => join(dir, name),
    url: (name = 'studies.db') => `sqlite:${join(dir, name)}`,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Absolute path of a file in this folder. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(name, import.meta.url));
}

/** A `tempWorkspace()` factory for a test file: every workspace it made is removed after each test. */
export function useTempWorkspaces(): () => ReturnType<typeof tempWorkspace> {
  const workspaces: ReturnType<typeof tempWorkspace>[] = [];
  afterEach(() => {
    for (const workspace of workspaces.splice(0)) workspace.remove();
  });
  return () => {
    const created = tempWorkspace();
    workspaces.push(created);
    return created;
  };
}
