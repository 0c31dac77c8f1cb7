import {
  OPTUNA_LIBRARY_VERSION_TAG,
  OPTUNA_SCHEMA_HEAD,
  OPTUNA_VERSION_INFO_SCHEMA_VERSION,
  StorageError,
  classifyOptunaRevision,
  describeOptunaRevision,
} from '@tunekit/core';
import pg from 'pg';
import type { PoolClient } from 'pg';
import { createSchemaStatements, type SchemaNames } from './postgres-schema.js';

/** What `inspectSchema` found. */
export type SchemaState =
  | { readonly kind: 'empty' }
  | { readonly kind: 'versioned'; readonly revision: string }
  | { readonly kind: 'unversioned' };

/** Read the schema revision without writing anything. */
export async function inspectSchema(client: PoolClient, names: SchemaNames, label: string): Promise<SchemaState> {
  const probe = await client.query<{ alembic: boolean; studies: boolean; trials: boolean }>(
    'SELECT to_regclass($1) IS NOT NULL AS alembic, to_regclass($2) IS NOT NULL AS studies, to_regclass($3) IS NOT NULL AS trials',
    [names.alembicVersion, names.studies, names.trials],
  );
  const found = probe.rows[0];
  if (found?.alembic === true) {
    const revisions = (await client.query<{ version_num: string }>(`SELECT version_num FROM ${names.alembicVersion}`)).rows.map((row) => row.version_num);
    if (revisions.length > 1) {
      throw new StorageError(label, `alembic_version holds several schema revisions (${revisions.join(', ')}); refusing to open a database with branched migrations`, { code: 'STORAGE_SCHEMA_VERSION' });
    }
    const [revision] = revisions;
    if (revision !== undefined) return { kind: 'versioned', revision };
  }
  return found?.studies === true || found?.trials === true ? { kind: 'unversioned' } : { kind: 'empty' };
}

/**
 * Refuse databases tunekit must not touch: a revision newer than it knows (written by a newer
 * Optuna), an older one (tunekit does not migrate shared PostgreSQL databases: old Optuna workers
 * may still be using them), or Optuna-looking tables without a revision.
 */
export function checkOpenable(state: SchemaState, label: string): void {
  if (state.kind === 'unversioned') {
    throw new StorageError(
      label,
      'the schema has Optuna-like tables (studies, trials) but no alembic_version revision: it was made by Optuna < 0.9 or another tool. Upgrade it with Python Optuna (`optuna storage upgrade --storage <url>`) or use another database or schema',
      { code: 'STORAGE_SCHEMA_VERSION' },
    );
  }
  if (state.kind !== 'versioned') return;
  const status = classifyOptunaRevision(state.revision);
  if (status === 'newer') {
    throw new StorageError(
      label,
      `the database's schema revision is '${state.revision}' (alembic_version), written by ${describeOptunaRevision(state.revision)}; tunekit supports Optuna's schema up to '${OPTUNA_SCHEMA_HEAD}' (Optuna 3.0–3.1) and leaves this database untouched. Use a tunekit version that supports it, or another database`,
      { code: 'STORAGE_SCHEMA_VERSION' },
    );
  }
  if (status !== 'current') {
    throw new StorageError(
      label,
      `the database's schema revision is '${state.revision}' (${describeOptunaRevision(state.revision)}); tunekit needs '${OPTUNA_SCHEMA_HEAD}' (Optuna 3.0–3.1) and does not migrate PostgreSQL databases itself, since workers of the older Optuna may still be using this one. Stop them, then upgrade it with Python Optuna 3.1: optuna storage upgrade --storage <url>`,
      { code: 'STORAGE_SCHEMA_VERSION' },
    );
  }
}

/** A stable advisory-lock key per schema, so that concurrent first openers create the tables once. */
const LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtext('tunekit:create-optuna-schema:' || coalesce($1::text, current_schema())))";

/**
 * Open the schema: check an existing one (read-only), or create Optuna 3.1's tables in an empty
 * one. Creation runs in one transaction under an advisory lock, so many workers starting at once
 * create the tables exactly once and the others then find them.
 */
export async function ensureSchema(client: PoolClient, names: SchemaNames, label: string): Promise<void> {
  const state = await inspectSchema(client, names, label);
  checkOpenable(state, label);
  if (state.kind !== 'empty') return;
  await client.query('BEGIN');
  try {
    await client.query(LOCK_SQL, [names.schema ?? null]);
    const again = await inspectSchema(client, names, label);
    checkOpenable(again, label);
    if (again.kind === 'empty') {
      if (names.schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(names.schema)}`);
      for (const statement of createSchemaStatements(names)) await client.query(statement);
      await client.query(`INSERT INTO ${names.versionInfo} (version_info_id, schema_version, library_version) VALUES (1, $1, $2)`, [
        OPTUNA_VERSION_INFO_SCHEMA_VERSION,
        OPTUNA_LIBRARY_VERSION_TAG,
      ]);
      await client.query(`INSERT INTO ${names.alembicVersion} (version_num) VALUES ($1)`, [OPTUNA_SCHEMA_HEAD]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
