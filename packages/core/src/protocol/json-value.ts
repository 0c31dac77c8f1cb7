/**
 * A value that survives `JSON.stringify` / `JSON.parse` unchanged. User attributes, system
 * attributes and categorical choices are restricted to it so that every storage backend
 * (in memory, SQLite, PostgreSQL, Python Optuna reading the same database) sees the same data.
 */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };
