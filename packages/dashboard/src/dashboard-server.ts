import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StudyNotFoundError, type FrozenTrial, type IntermediateValue, type Storage, type StudyRecord } from '@tunekit/core';
import { readClientAsset, readEcharts, type ClientAssetName } from './client-assets.js';
import { jsonForScript } from './html-escape.js';
import { computeParamImportances, type ImportanceResult } from './param-importances.js';
import { buildStudyPayload, studyVersion, studyVersionOf } from './study-payload.js';

export interface DashboardOptions {
  /** Where the studies live. The dashboard only reads; it never closes the storage. */
  readonly storage: Storage;
  /** Interface to bind. Default `'127.0.0.1'` (this machine only). */
  readonly host?: string;
  /** Default 8080; 0 picks a free port. */
  readonly port?: number;
  /**
   * Access token. When set, every API request must carry it (`?token=`, `Authorization: Bearer`,
   * or `X-Tunekit-Token`); the page passes on the `?token=` it was opened with.
   */
  readonly token?: string;
  /** How often the page polls for changes, ms. Default 2000. */
  readonly pollIntervalMs?: number;
  /** The clock ("now" of running trials' timeline bars). Default `Date.now`. */
  readonly now?: () => number;
  /**
   * Read the most recent studies and prepare their pages right after starting, so that the first
   * page a user opens is served from memory. Default true.
   */
  readonly warmUp?: boolean;
}

/** A running dashboard. */
export interface DashboardServer {
  /** `http://host:port/` (without the token). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Settles when the start-up warm-up (see `DashboardOptions.warmUp`) is over; never rejects. */
  readonly warmedUp: Promise<void>;
  /** Stop accepting requests and close open connections. */
  close(): Promise<void>;
}

const STATIC: Readonly<Record<string, { readonly asset: ClientAssetName | 'echarts'; readonly type: string }>> = {
  '/': { asset: 'dashboard.html', type: 'text/html; charset=utf-8' },
  '/index.html': { asset: 'dashboard.html', type: 'text/html; charset=utf-8' },
  '/assets/echarts.min.js': { asset: 'echarts', type: 'text/javascript; charset=utf-8' },
  '/assets/tunekit-ui.js': { asset: 'tunekit-ui.js', type: 'text/javascript; charset=utf-8' },
  '/assets/dashboard-app.js': { asset: 'dashboard-app.js', type: 'text/javascript; charset=utf-8' },
  '/assets/tunekit.css': { asset: 'tunekit.css', type: 'text/css; charset=utf-8' },
};

// No inline script anywhere: the page's config is JSON in a non-executed script element.
const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/** How many of the newest studies `warmUp` prepares. */
const WARM_UP_STUDIES = 5;
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** An HTTP error with a status and a message safe to show. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Start the live dashboard: a read-only web UI (list of studies, per-study plots and trials
 * table that refresh while workers run, trial detail) and its JSON API, on `node:http`.
 *
 * API (GET only; `/api/*` needs the token when one is set):
 * - `/api/studies`: `[{ studyId, studyName, directions, nTrials, datetimeStart, userAttrs }]`
 * - `/api/studies/:id[?since=VERSION]`: a `StudyPayload` (summary, plot data, trials table,
 *   `version`); `{ version, unchanged: true }` when nothing changed since `VERSION`.
 * - `/api/studies/:id/trials/:number`: one trial (params, values, intermediate values, attrs,
 *   fail reason).
 *
 * Safety: binds to 127.0.0.1 unless told otherwise; when bound to a loopback address, requests
 * naming another host are refused (DNS rebinding); tokens are compared in constant time; pages
 * carry a CSP without inline scripts, and the browser code sets every user string as text.
 */
export async function startDashboard(options: DashboardOptions): Promise<DashboardServer> {
  const host = options.host ?? '127.0.0.1';
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  const now = options.now ?? Date.now;
  const tokenDigest = options.token === undefined ? undefined : digest(options.token);
  const loopbackOnly = isLoopback(host);
  const payloads = new Map<number, { version: string; json: Promise<string> }>();
  // Importance depends on the complete trials only, which never change once finished: refit only
  // when their count changes, not on every step a running trial reports.
  const importances = new Map<number, { complete: number; result: Promise<ImportanceResult> }>();
  const storage = options.storage;
  let closed = false;

  /** The page data of a study at `version`, built once per version (concurrent requests share it). */
  const payloadJson = (study: StudyRecord, trials: readonly FrozenTrial[], version: string): Promise<string> => {
    let cached = payloads.get(study.studyId);
    if (cached === undefined || cached.version !== version) {
      const complete = trials.reduce((count, trial) => count + (trial.state === 'complete' ? 1 : 0), 0);
      let importance = importances.get(study.studyId);
      if (importance === undefined || importance.complete !== complete) {
        importance = { complete, result: computeParamImportances(study, trials) };
        importances.set(study.studyId, importance);
      }
      const entry = { version, json: buildStudyPayload(study, trials, { now: now(), importance: importance.result }).then((payload) => JSON.stringify(payload)) };
      entry.json.catch(() => {
        if (payloads.get(study.studyId) === entry) payloads.delete(study.studyId);
      });
      payloads.set(study.studyId, entry);
      cached = entry;
    }
    return cached.json;
  };

  // The newest studies first: the one people open. Failures are left for the request to report.
  const warmUp = async (): Promise<void> => {
    const studies = await storage.getAllStudies();
    for (const study of studies.slice(-WARM_UP_STUDIES).reverse()) {
      if (closed) return;
      await new Promise((resolve) => setImmediate(resolve));
      const trials = await storage.getAllTrials(study.studyId);
      await payloadJson(study, trials, studyVersion(trials));
    }
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') throw new HttpError(405, 'The dashboard is read-only: only GET requests are served.');
    if (loopbackOnly && !LOOPBACK_NAMES.has(hostName(request.headers.host))) throw new HttpError(403, 'Unexpected Host header: this dashboard only answers to localhost.');
    const url = new URL(request.url ?? '/', 'http://dashboard.invalid');
    const path = url.pathname;
    const staticFile = STATIC[path];
    if (staticFile !== undefined) {
      let body = staticFile.asset === 'echarts' ? readEcharts() : readClientAsset(staticFile.asset);
      if (staticFile.asset === 'dashboard.html') body = body.replace('<!--tunekit-config-->', jsonForScript({ pollIntervalMs, tokenRequired: tokenDigest !== undefined }));
      send(response, 200, staticFile.type, body, { 'Cache-Control': 'no-cache', ...(staticFile.type.startsWith('text/html') ? { 'Content-Security-Policy': PAGE_CSP } : {}) });
      return;
    }
    if (!path.startsWith('/api/')) throw new HttpError(404, `Nothing at ${path}`);
    if (tokenDigest !== undefined && !hasToken(request, url, tokenDigest)) throw new HttpError(401, 'Missing or wrong access token: open the dashboard with ?token=<token>.');
    const parts = path.slice('/api/'.length).split('/').filter((part) => part.length > 0);
    if (parts.length === 1 && parts[0] === 'studies') {
      const studies = await storage.getAllStudies();
      sendJson(response, studies.map(studyListEntry));
      return;
    }
    if (parts[0] === 'studies' && parts.length >= 2) {
      const studyId = parseId(parts[1] as string, 'study id');
      const study = await getStudy(storage, studyId);
      if (parts.length === 2) {
        // Polls usually find nothing new: answer them from counts and the unfinished trials alone,
        // without reading every finished trial (which a database backend would do on each poll).
        const since = url.searchParams.get('since');
        if (since !== null) {
          const version = await cheapVersion(storage, studyId);
          if (version === since) {
            sendJson(response, { version, unchanged: true });
            return;
          }
        }
        const trials = await storage.getAllTrials(studyId);
        send(response, 200, 'application/json; charset=utf-8', await payloadJson(study, trials, studyVersion(trials)), { 'Cache-Control': 'no-store' });
        return;
      }
      if (parts.length === 4 && parts[2] === 'trials') {
        const number = parseId(parts[3] as string, 'trial number');
        const trials = await storage.getAllTrials(studyId);
        const trial = trials.find((candidate) => candidate.number === number);
        if (trial === undefined) throw new HttpError(404, `Study '${study.studyName}' has no trial #${number}`);
        sendJson(response, trialDetail(trial));
        return;
      }
    }
    throw new HttpError(404, `No API route ${path}`);
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : StudyNotFoundError.isInstance(error) ? 404 : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (response.headersSent) {
        response.destroy();
        return;
      }
      send(response, status, 'application/json; charset=utf-8', JSON.stringify({ error: message }), { 'Cache-Control': 'no-store', ...(status === 405 ? { Allow: 'GET, HEAD' } : {}) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const warmedUp = options.warmUp === false ? Promise.resolve() : warmUp().catch(() => undefined);
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/`,
    host: address.address,
    port: address.port,
    warmedUp,
    close: () =>
      new Promise<void>((resolve, reject) => {
        closed = true;
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}

/** `studyVersion` of a study from three counts and its unfinished trials. */
async function cheapVersion(storage: Storage, studyId: number): Promise<string> {
  const [unfinished, complete, pruned, fail] = await Promise.all([
    storage.getAllTrials(studyId, { states: ['running', 'waiting'] }),
    storage.countTrials(studyId, ['complete']),
    storage.countTrials(studyId, ['pruned']),
    storage.countTrials(studyId, ['fail']),
  ]);
  return studyVersionOf({ complete, pruned, fail }, unfinished);
}

function send(response: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  const bytes = Buffer.from(body, 'utf8');
  response.writeHead(status, {
    'Content-Type': type,
    'Content-Length': String(bytes.length),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    ...headers,
  });
  response.end(response.req.method === 'HEAD' ? undefined : bytes);
}

function sendJson(response: ServerResponse, value: unknown): void {
  send(response, 200, 'application/json; charset=utf-8', JSON.stringify(value), { 'Cache-Control': 'no-store' });
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Whether the request carries the token; digests make the comparison constant-time whatever the length. */
function hasToken(request: IncomingMessage, url: URL, expected: Buffer): boolean {
  const header = request.headers['x-tunekit-token'];
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
  const given = (typeof header === 'string' ? header : undefined) ?? bearer ?? url.searchParams.get('token') ?? undefined;
  return given !== undefined && timingSafeEqual(digest(given), expected);
}

function hostName(header: string | undefined): string {
  if (header === undefined) return '';
  const match = /^(\[[^\]]*\]|[^:]*)(?::\d+)?$/.exec(header.trim().toLowerCase());
  return match?.[1] ?? '';
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function parseId(text: string, what: string): number {
  if (!/^\d{1,15}$/.test(text)) throw new HttpError(400, `Invalid ${what}: ${JSON.stringify(text.slice(0, 40))}`);
  return Number(text);
}

async function getStudy(storage: Storage, studyId: number): Promise<StudyRecord> {
  try {
    return await storage.getStudy(studyId);
  } catch (error) {
    if (StudyNotFoundError.isInstance(error)) throw new HttpError(404, `No study with id ${studyId}`);
    throw error;
  }
}

function studyListEntry(study: StudyRecord) {
  return { studyId: study.studyId, studyName: study.studyName, directions: study.directions, nTrials: study.nTrials ?? null, datetimeStart: study.datetimeStart?.getTime() ?? null, userAttrs: study.userAttrs };
}

/** Non-finite numbers as strings: JSON has no NaN or Infinity. */
function jsonNumber(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

function intermediateJson(value: IntermediateValue): number | string | (number | string)[] {
  return typeof value === 'number' ? jsonNumber(value) : value.map(jsonNumber);
}

/** One trial for the detail panel. */
export function trialDetail(trial: FrozenTrial) {
  const failReason = trial.systemAttrs.fail_reason;
  return {
    number: trial.number,
    trialId: trial.trialId,
    state: trial.state,
    values: trial.values?.map(jsonNumber) ?? null,
    params: trial.params,
    distributions: trial.distributions,
    intermediateValues: [...trial.intermediateValues].map(([step, value]) => [step, intermediateJson(value)]),
    userAttrs: trial.userAttrs,
    systemAttrs: trial.systemAttrs,
    failReason: typeof failReason === 'string' ? failReason : null,
    datetimeStart: trial.datetimeStart?.getTime() ?? null,
    datetimeComplete: trial.datetimeComplete?.getTime() ?? null,
  };
}
