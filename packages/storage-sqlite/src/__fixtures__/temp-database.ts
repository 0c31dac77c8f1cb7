import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of a file in this folder. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(name, import.meta.url));
}

/** A fresh temporary directory for database files; `remove()` deletes it. */
export function tempDirectory(): { path: (name: string) => string; copyFixture: (fixture: string, name: string) => string; remove: () => void } {
  const directory = mkdtempSync(join(tmpdir(), 'tunekit-sqlite-'));
  return {
    path: (name) => join(directory, name),
    copyFixture: (fixture, name) => {
      const target = join(directory, name);
      copyFileSync(fixturePath(fixture), target);
      return target;
    },
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}
