import { InvalidArgumentError, redactUrl } from '@tunekit/core';
import pg from 'pg';
import type { Pool, PoolConfig } from 'pg';

/** Where a `PostgresStorage` connects: a URL (the storage makes and owns a pool) or your own pool. */
export type PostgresConnection =
  | {
      /**
       * `postgres://user:password@host:5432/database` (or `postgresql://`). Extra query parameters:
       * `schema=name` (see `PostgresStorageOptions.schema`) and anything node-postgres understands
       * (`sslmode`, `application_name`, `options=-c search_path=...`, `host=/var/run/postgresql`).
       */
      readonly connectionString: string;
      /** More node-postgres pool settings (`max`, `ssl`, `idleTimeoutMillis`, ...). */
      readonly poolConfig?: Omit<PoolConfig, 'connectionString'>;
    }
  | {
      /** A pool you own: the storage borrows connections from it and never ends it. */
      readonly pool: Pool;
    };

/** How long connecting may take before the storage gives up (node-postgres waits forever by default). */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 10_000;

/** What the storage needs to know about where it connects, resolved once. */
export interface ResolvedConnection {
  readonly pool: Pool;
  /** Whether the storage made the pool (and so ends it on `close`). */
  readonly ownsPool: boolean;
  /** For messages: the URL without its password, or a description of the borrowed pool. */
  readonly label: string;
  /** `host:port` as configured, for "cannot connect" messages. */
  readonly address: string;
  /** The `schema` query parameter of the URL, if any. */
  readonly schemaFromUrl: string | undefined;
}

const URL_PATTERN = /^postgres(ql)?:\/\//i;

/** Remove the `schema` query parameter (ours, not node-postgres's) from a connection URL. */
export function splitSchemaParameter(url: string): { url: string; schema: string | undefined } {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return { url, schema: undefined };
  const base = url.slice(0, queryStart);
  let schema: string | undefined;
  const kept: string[] = [];
  for (const part of url.slice(queryStart + 1).split('&')) {
    const [rawKey = '', ...rest] = part.split('=');
    if (decodeURIComponent(rawKey) === 'schema') schema = decodeURIComponent(rest.join('=').replace(/\+/g, ' '));
    else if (part !== '') kept.push(part);
  }
  return { url: kept.length > 0 ? `${base}?${kept.join('&')}` : base, schema };
}

/** `host:port` of a connection URL, with libpq's defaults (PGHOST/PGPORT, localhost:5432). */
export function addressOfUrl(url: string): string {
  let host = '';
  let port = '';
  try {
    const parsed = new URL(url);
    host = decodeURIComponent(parsed.hostname);
    port = parsed.port;
  } catch {
    // `postgres://user@/db?host=/socket/dir` has no host part, which the WHATWG parser refuses.
  }
  const query = new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');
  host = query.get('host') ?? host;
  port = query.get('port') ?? port;
  return formatAddress(host || process.env.PGHOST || 'localhost', port || process.env.PGPORT || '5432');
}

function formatAddress(host: string, port: string | number): string {
  return `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}

/** Describe a borrowed pool by its settings (never its password). */
function describePool(pool: Pool): { label: string; address: string } {
  const options = (pool as Pool & { options?: PoolConfig }).options ?? {};
  if (typeof options.connectionString === 'string') {
    const { url } = splitSchemaParameter(options.connectionString);
    return { label: redactUrl(url), address: addressOfUrl(url) };
  }
  const host = options.host ?? process.env.PGHOST ?? 'localhost';
  const port = options.port ?? process.env.PGPORT ?? 5432;
  const user = options.user ?? process.env.PGUSER;
  const database = options.database ?? process.env.PGDATABASE ?? '';
  const address = formatAddress(host, port);
  return { label: `postgres://${user === undefined ? '' : `${user}@`}${address}/${database}`, address };
}

/** Validate the first constructor argument and make (or borrow) the pool. */
export function resolveConnection(connection: PostgresConnection): ResolvedConnection {
  if (typeof connection !== 'object' || connection === null) {
    throw new InvalidArgumentError('PostgresStorage connection', connection, '{ connectionString } or { pool }');
  }
  if ('pool' in connection && connection.pool !== undefined) {
    const pool = connection.pool;
    if (typeof pool !== 'object' || pool === null || typeof pool.connect !== 'function' || typeof pool.query !== 'function') {
      throw new InvalidArgumentError('pool', pool, 'a pg.Pool');
    }
    return { pool, ownsPool: false, ...describePool(pool), schemaFromUrl: undefined };
  }
  const connectionString = (connection as { connectionString?: unknown }).connectionString;
  if (typeof connectionString !== 'string' || !URL_PATTERN.test(connectionString)) {
    throw new InvalidArgumentError('connectionString', typeof connectionString === 'string' ? redactUrl(connectionString) : connectionString, "a URL starting with 'postgres://' or 'postgresql://'");
  }
  const { url, schema } = splitSchemaParameter(connectionString);
  const poolConfig = (connection as { poolConfig?: Omit<PoolConfig, 'connectionString'> }).poolConfig ?? {};
  const pool = new pg.Pool({ connectionTimeoutMillis: DEFAULT_CONNECTION_TIMEOUT_MS, ...poolConfig, connectionString: url });
  // An idle connection that breaks (server restart) makes the pool emit 'error'; without a
  // listener Node would crash. The next query gets a fresh connection or a clear error instead.
  pool.on('error', () => undefined);
  return { pool, ownsPool: true, label: redactUrl(url), address: addressOfUrl(url), schemaFromUrl: schema };
}
