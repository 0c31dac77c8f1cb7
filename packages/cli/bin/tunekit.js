#!/usr/bin/env node
// The `tunekit` launcher. It registers tsx so that study files written in TypeScript run without a
// build step, then starts the CLI: the compiled `dist/` when the package has been built, otherwise
// `src/` (in the monorepo), resolving workspace packages through their `source` export condition.
import { existsSync } from 'node:fs';
import { register } from 'node:module';
import { register as registerTsxCjs } from 'tsx/cjs/api';
import { register as registerTsxEsm } from 'tsx/esm/api';

// Both: a `.ts` study file outside a `"type": "module"` package is loaded as CommonJS.
registerTsxCjs();
registerTsxEsm();

const built = new URL('../dist/run-cli.js', import.meta.url);
let entry = built;
if (!existsSync(built)) {
  entry = new URL('../src/run-cli.ts', import.meta.url);
  // Registered after tsx, so it runs first: every import (the CLI's and the study file's) may use
  // a package's `source` entry, as `node --conditions=source` would.
  const hook = 'export async function resolve(specifier, context, next) { return next(specifier, context.conditions.includes("source") ? context : { ...context, conditions: [...context.conditions, "source"] }); }';
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
}

const { runCli } = await import(entry.href);
await runCli();
