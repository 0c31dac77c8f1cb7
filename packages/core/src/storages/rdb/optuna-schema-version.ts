/**
 * Optuna's RDB schema versions, as recorded in the `alembic_version.version_num` column.
 *
 * tunekit's relational backends write exactly the schema Optuna 3.0–3.1 creates (alembic revision
 * `v3.0.0.d`), so that Python Optuna, optuna-dashboard and tunekit can share one database. A backend
 * opening a database checks its revision with `classifyOptunaRevision`:
 * - `'current'`: use it as is;
 * - `'upgradable'`: run the backend's migration (inside one transaction) to `OPTUNA_SCHEMA_HEAD`;
 * - `'too-old'`: refuse, naming the revision and how to upgrade it with Python Optuna;
 * - `'newer'` (any revision tunekit does not know): refuse without modifying anything.
 */

/** The revision tunekit creates and reads: Optuna 3.0 and 3.1. */
export const OPTUNA_SCHEMA_HEAD = 'v3.0.0.d';

/** Every revision Optuna released up to the head, oldest first (Optuna's alembic/versions). */
export const OPTUNA_SCHEMA_REVISIONS: readonly string[] = Object.freeze([
  'v0.9.0.a',
  'v1.2.0.a',
  'v1.3.0.a',
  'v2.4.0.a',
  'v2.6.0.a',
  'v3.0.0.a',
  'v3.0.0.b',
  'v3.0.0.c',
  'v3.0.0.d',
]);

/**
 * Revisions tunekit migrates itself. From `v2.4.0.a` on, Optuna's tables are the current ones
 * up to column types and three data changes (distribution JSON classes, `value_type` of
 * objective values, `intermediate_value_type` of intermediate values).
 */
export const OPTUNA_UPGRADABLE_REVISIONS: readonly string[] = Object.freeze(['v2.4.0.a', 'v2.6.0.a', 'v3.0.0.a', 'v3.0.0.b', 'v3.0.0.c']);

/** `version_info.schema_version`: frozen by Optuna at 12 when it moved to alembic. */
export const OPTUNA_VERSION_INFO_SCHEMA_VERSION = 12;

/**
 * `version_info.library_version` in databases tunekit creates or upgrades. Optuna only shows it
 * in messages; the `+tunekit` local-version suffix says which library wrote the schema.
 */
export const OPTUNA_LIBRARY_VERSION_TAG = '3.1.0+tunekit';

export type OptunaRevisionStatus = 'current' | 'upgradable' | 'too-old' | 'newer';

/** What a backend should do with a database at `revision` (see the module comment). */
export function classifyOptunaRevision(revision: string): OptunaRevisionStatus {
  if (revision === OPTUNA_SCHEMA_HEAD) return 'current';
  if (OPTUNA_UPGRADABLE_REVISIONS.includes(revision)) return 'upgradable';
  if (OPTUNA_SCHEMA_REVISIONS.includes(revision)) return 'too-old';
  return 'newer';
}

/** The revisions a migration from `revision` passes through, in order (empty for the head). */
export function optunaRevisionsAfter(revision: string): readonly string[] {
  const index = OPTUNA_SCHEMA_REVISIONS.indexOf(revision);
  return index < 0 ? [] : OPTUNA_SCHEMA_REVISIONS.slice(index + 1);
}

const RELEASES: Readonly<Record<string, string>> = {
  'v0.9.0.a': 'Optuna 0.9–1.1',
  'v1.2.0.a': 'Optuna 1.2',
  'v1.3.0.a': 'Optuna 1.3–2.3',
  'v2.4.0.a': 'Optuna 2.4–2.5',
  'v2.6.0.a': 'Optuna 2.6–2.10',
  'v3.0.0.a': 'an Optuna 3.0 pre-release',
  'v3.0.0.b': 'an Optuna 3.0 pre-release',
  'v3.0.0.c': 'an Optuna 3.0 pre-release',
  'v3.0.0.d': 'Optuna 3.0–3.1',
};

/** Which Optuna releases wrote `revision`, for error messages ("Optuna 2.6–2.10", "a newer Optuna"). */
export function describeOptunaRevision(revision: string): string {
  return RELEASES[revision] ?? 'a newer Optuna (or another tool)';
}
