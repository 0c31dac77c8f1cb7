import { createInterface } from 'node:readline/promises';
import { main } from './main.js';

/**
 * The process entry behind `bin/tunekit.js`: real stdio, Ctrl-C as a graceful stop (twice:
 * exit at once), a quiet exit when stdout is closed early (`tunekit trials | head`), and the
 * exit code of `main`.
 */
export async function runCli(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143);
    process.stderr.write(`\n${signal}: starting no new trial; waiting for the running ones (${signal === 'SIGINT' ? 'Ctrl-C' : signal} again to quit now)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const prompt = process.stdin.isTTY && process.stderr.isTTY ? askOnTerminal : undefined;
  const code = await main(argv, { signal: controller.signal, ...(prompt === undefined ? {} : { prompt }) });
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  process.exitCode = code;
  // Storages are closed by now; a handle left open by a study file (a timer, a socket) must not
  // keep the finished command alive.
  setTimeout(() => process.exit(code), 1000).unref();
}

async function askOnTerminal(question: string): Promise<string> {
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await terminal.question(question);
  } finally {
    terminal.close();
  }
}
