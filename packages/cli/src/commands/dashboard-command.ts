import { startDashboard, type DashboardServer } from '@tunekit/dashboard';
import { parseInteger, parseSeconds } from '../args/flag-values.js';
import { parseCommandFlags } from '../args/parse-command-flags.js';
import { CommandError } from '../errors/command-error.js';
import { UsageError } from '../errors/usage-error.js';
import { withCliStorage } from '../storage/open-cli-storage.js';
import { printHelp, type Command } from './command.js';

/** Where `--token` may come from instead, so that it stays out of the process list. */
export const DASHBOARD_TOKEN_ENV = 'TUNEKIT_DASHBOARD_TOKEN';

/** `tunekit dashboard`: a live, read-only web UI over a storage. */
export const dashboardCommand: Command = {
  name: 'dashboard',
  summary: 'Serve a live, read-only web dashboard of the studies in a storage',
  help: `Usage: tunekit dashboard --storage URL [--port 8080] [--host 127.0.0.1] [--token T] [--poll S]

Serves a web UI on http://127.0.0.1:8080/: the list of studies, and for each study its plots
(optimisation history, importance, parallel coordinates, slice, contour, intermediate values,
EDF, timeline, Pareto front), a summary and a sortable trials table, refreshed every few
seconds while workers run; click a trial for its params, intermediate values, attributes and
the error of a failed trial. The dashboard only reads the storage; it never changes a study.
It runs until Ctrl-C.

Options:
  --storage URL    where the studies live (default sqlite:./tunekit.db)
  --port N         port to listen on (default 8080; 0 picks a free one)
  --host H         interface to bind (default 127.0.0.1: this machine only). Anything else
                   exposes your studies to the network: use --token with it
  --token T        require this access token: open the printed URL (it carries ?token=T).
                   Also read from $${DASHBOARD_TOKEN_ENV}, which keeps it out of \`ps\`
  --poll S         how often the page checks for new trials, seconds (default 2)
  --debug          print stack traces on errors
  -h, --help       show this help

Examples:
  tunekit dashboard --storage sqlite:./runs.db
  ${DASHBOARD_TOKEN_ENV}=$(openssl rand -hex 16) tunekit dashboard --storage postgres://tunekit@db:5432/tunekit --host 0.0.0.0
  ssh -L 8080:127.0.0.1:8080 gpu-box   # then open http://127.0.0.1:8080/ here
`,
  async run(args, io) {
    const flags = parseCommandFlags('dashboard', args, { storage: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, token: { type: 'string' }, poll: { type: 'string' } });
    if (flags.boolean('help')) return printHelp(io, dashboardCommand.help);
    const port = parseInteger('--port', flags.string('port'), 0) ?? 8080;
    if (port > 65535) throw UsageError.invalidValue('--port', String(flags.string('port')), 'a port number in [0, 65535]');
    const host = flags.string('host') ?? '127.0.0.1';
    if (host.trim().length === 0) throw UsageError.invalidValue('--host', host, 'an interface address such as 127.0.0.1 or 0.0.0.0');
    const token = flags.string('token') ?? process.env[DASHBOARD_TOKEN_ENV];
    if (token !== undefined && token.length < 8) throw UsageError.invalidValue('--token', '***', 'an access token of at least 8 characters');
    const pollIntervalMs = parseSeconds('--poll', flags.string('poll')) ?? 2000;
    return withCliStorage(io, flags.string('storage'), { mustExist: true }, async (storage) => {
      let server: DashboardServer;
      try {
        server = await startDashboard({ storage: storage.storage, host, port, pollIntervalMs, ...(token === undefined ? {} : { token }) });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const reason = code === 'EADDRINUSE' ? `port ${port} is in use (pass another --port, or 0 for a free one)` : code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' ? `${host} is not an address of this machine` : error instanceof Error ? error.message : String(error);
        throw new CommandError(`Cannot start the dashboard on ${host}:${port}: ${reason}`, { cause: error, code: 'CLI_DASHBOARD_LISTEN' });
      }
      const local = host === 'localhost' || host === '::1' || host.startsWith('127.');
      if (!local && token === undefined) io.stderr.write(`tunekit dashboard: warning: listening on ${host} without --token: anyone who can reach this machine can read your studies\n`);
      const url = token === undefined ? server.url : `${server.url}?token=${encodeURIComponent(token)}`;
      io.stdout.write(`tunekit dashboard: serving ${storage.label} (read-only) at ${url}\nPress Ctrl-C to stop.\n`);
      try {
        await new Promise<void>((resolve) => {
          if (io.signal === undefined) return; // Nothing can stop it but the process ending.
          if (io.signal.aborted) resolve();
          else io.signal.addEventListener('abort', () => resolve(), { once: true });
        });
      } finally {
        await server.close();
      }
      io.stdout.write('tunekit dashboard: stopped\n');
      return 0;
    });
  },
};
