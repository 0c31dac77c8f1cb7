/**
 * `@tunekit/cli`: the `tunekit` command. Use it from the shell (see the README); import `main`
 * to run it in-process, and the `StudyFile` types to type a study file for `tunekit run`.
 */
export { main } from './main.js';
export { runCli } from './run-cli.js';
export type { CliIo, CliStream } from './cli-context.js';
export type { StudyFile, StudyFileOptimizeOptions, StudyFileStudyOptions } from './study-file/study-file.js';
