import type pg from 'pg';

/** One statement as the storage sent it, and what came back. */
export interface LoggedQuery {
  readonly text: string;
  readonly values: readonly unknown[];
  readonly rows: readonly unknown[];
}

export interface InstrumentedPool {
  /** Pass this to `new PostgresStorage({ pool })`. */
  readonly pool: pg.Pool;
  readonly log: LoggedQuery[];
  /** Throw `error` instead of running the next statement whose text contains `fragment`. */
  failNext(fragment: string, error: Error): void;
  /** How many `failNext` failures have not fired yet. */
  pendingFailures(): number;
}

type QueryArgs = [config: string | pg.QueryConfig, values?: unknown[]];

/**
 * A real pool seen through a proxy: every statement (through `pool.query` or a checked-out
 * client) is logged, and a test can make one fail with an error of its choosing, as the driver
 * would report it.
 */
export function instrumentPool(pool: pg.Pool): InstrumentedPool {
  const log: LoggedQuery[] = [];
  const failures: { fragment: string; error: Error }[] = [];
  const wrap = (query: (...args: QueryArgs) => Promise<pg.QueryResult>) =>
    async (...args: QueryArgs): Promise<pg.QueryResult> => {
      const [config, values] = args;
      const text = typeof config === 'string' ? config : config.text;
      const index = failures.findIndex((failure) => text.includes(failure.fragment));
      if (index >= 0) {
        const [failure] = failures.splice(index, 1);
        throw failure?.error;
      }
      const result = await query(...args);
      const rows = Array.isArray(result) ? (result as pg.QueryResult[]).flatMap((r) => r.rows) : result.rows;
      log.push({ text, values: (typeof config === 'string' ? values : config.values) ?? [], rows });
      return result;
    };
  const proxy = new Proxy(pool, {
    get(target, property, receiver) {
      if (property === 'query') return wrap(target.query.bind(target) as (...args: QueryArgs) => Promise<pg.QueryResult>);
      if (property === 'connect') {
        return async () => {
          const client = await target.connect();
          return new Proxy(client, {
            get(inner, key) {
              if (key === 'query') return wrap(inner.query.bind(inner) as (...args: QueryArgs) => Promise<pg.QueryResult>);
              const value = Reflect.get(inner, key, inner);
              return typeof value === 'function' ? value.bind(inner) : value;
            },
          });
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { pool: proxy, log, failNext: (fragment, error) => failures.push({ fragment, error }), pendingFailures: () => failures.length };
}

/** An error shaped like node-postgres's `DatabaseError` for SQLSTATE `code`. */
export function databaseError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, severity: 'ERROR' });
}
