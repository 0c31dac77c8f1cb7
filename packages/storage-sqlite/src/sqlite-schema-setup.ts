import {
  OPTUNA_LIBRARY_VERSION_TAG,
  OPTUNA_SCHEMA_HEAD,
  OPTUNA_VERSION_INFO_SCHEMA_VERSION,
  StorageError,
  classifyOptunaRevision,
  describeOptunaRevision,
  upgradeDistributionJson,
  upgradeLegacyIntermediateValue,
  upgradeLegacyTrialValue,
} from '@tunekit/core';
import type Database from 'better-sqlite3';
import { OPTUNA_SQLITE_COLUMNS, OPTUNA_SQLITE_SCHEMA } from './sqlite-schema.js';

type Db = Database.Database;

/** What `inspectSchema` found in a database file. */
export type SchemaState =
  | { readonly kind: 'empty' }
  | { readonly kind: 'versioned'; readonly revision: string }
  | { readonly kind: 'unversioned' };

function tableNames(db: Db): Set<string> {
  return new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
}

/** Read the schema revision without writing anything. */
export function inspectSchema(db: Db, label: string): SchemaState {
  const tables = tableNames(db);
  if (tables.has('alembic_version')) {
    const revisions = db.prepare('SELECT version_num FROM alembic_version').pluck().all() as string[];
    if (revisions.length > 1) {
      throw new StorageError(label, `alembic_version holds several schema revisions (${revisions.join(', ')}); refusing to open a database with branched migrations`, { code: 'STORAGE_SCHEMA_VERSION' });
    }
    const [revision] = revisions;
    if (revision !== undefined) return { kind: 'versioned', revision };
  }
  return tables.has('studies') || tables.has('trials') ? { kind: 'unversioned' } : { kind: 'empty' };
}

/**
 * Refuse databases tunekit must not touch: a revision newer than it knows (written by a newer
 * Optuna), one too old to migrate here, or Optuna-looking tables without a revision.
 */
export function checkOpenable(state: SchemaState, label: string): void {
  if (state.kind === 'unversioned') {
    throw new StorageError(label, 'the file has Optuna-like tables (studies, trials) but no alembic_version revision: it was made by Optuna < 0.9 or another tool. Upgrade it with Python Optuna (`optuna storage upgrade --storage sqlite:///...`) or use another file', {
      code: 'STORAGE_SCHEMA_VERSION',
    });
  }
  if (state.kind !== 'versioned') return;
  const status = classifyOptunaRevision(state.revision);
  if (status === 'newer') {
    throw new StorageError(
      label,
      `the database's schema revision is '${state.revision}' (alembic_version), written by ${describeOptunaRevision(state.revision)}; tunekit supports Optuna's schema up to '${OPTUNA_SCHEMA_HEAD}' (Optuna 3.0–3.1) and leaves this database untouched. Use a tunekit version that supports it, or a new file`,
      { code: 'STORAGE_SCHEMA_VERSION' },
    );
  }
  if (status === 'too-old') {
    throw new StorageError(
      label,
      `the database's schema revision is '${state.revision}' (${describeOptunaRevision(state.revision)}), too old for tunekit to migrate. Upgrade it first with Python Optuna 3.x: optuna storage upgrade --storage sqlite:///<path>`,
      { code: 'STORAGE_SCHEMA_VERSION' },
    );
  }
}

function insertVersionRows(db: Db): void {
  db.prepare('INSERT OR REPLACE INTO version_info (version_info_id, schema_version, library_version) VALUES (1, ?, ?)').run(OPTUNA_VERSION_INFO_SCHEMA_VERSION, OPTUNA_LIBRARY_VERSION_TAG);
  db.prepare('DELETE FROM alembic_version').run();
  db.prepare('INSERT INTO alembic_version (version_num) VALUES (?)').run(OPTUNA_SCHEMA_HEAD);
}

/** Create Optuna 3.1's schema in an empty database. Call inside a write transaction. */
export function createSchema(db: Db): void {
  for (const object of OPTUNA_SQLITE_SCHEMA) db.exec(object.sql);
  insertVersionRows(db);
}

function columnsOf(db: Db, table: string): string[] {
  return (db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((column) => column.name);
}

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Migrate a database at an upgradable revision (`v2.4.0.a` … `v3.0.0.c`) to `v3.0.0.d`, doing what
 * Optuna's alembic revisions do:
 * - `v3.0.0.a`: distribution JSON of Optuna 2.x's classes (`UniformDistribution`, ...) → `FloatDistribution` / `IntDistribution`;
 * - `v3.0.0.b`: objective values that are NULL are deleted (an error if their trial is COMPLETE);
 * - `v3.0.0.c`: `intermediate_value_type`, with float32-clipped infinities and NULL (NaN) decoded;
 * - `v3.0.0.d`: `value_type` for objective values, likewise.
 * Then every table whose definition differs from Optuna 3.1's is rebuilt with the exact 3.1
 * statement (alembic's batch migrations left reordered columns and renamed tables behind), and
 * missing tables (`trial_heartbeats`, added outside alembic) are created. Runs inside the caller's
 * write transaction: on any error nothing is changed. Foreign keys must be off (SQLite's default).
 */
export function migrateSchema(db: Db, fromRevision: string, label: string): void {
  const order = ['v2.4.0.a', 'v2.6.0.a', 'v3.0.0.a', 'v3.0.0.b', 'v3.0.0.c'];
  const from = order.indexOf(fromRevision);
  if (from < 0) throw new StorageError(label, `cannot migrate from schema revision '${fromRevision}'`, { code: 'STORAGE_SCHEMA_VERSION' });

  if (from <= order.indexOf('v2.6.0.a')) {
    const update = db.prepare('UPDATE trial_params SET distribution_json = ? WHERE param_id = ?');
    for (const row of db.prepare('SELECT param_id AS id, param_name AS name, distribution_json AS json FROM trial_params').all() as { id: number; name: string; json: string }[]) {
      let upgraded: string | undefined;
      try {
        upgraded = upgradeDistributionJson(row.json);
      } catch (error) {
        throw new StorageError(label, `migration v3.0.0.a: parameter '${row.name}' (param_id ${row.id}) has an unreadable distribution: ${row.json}`, { cause: error, code: 'STORAGE_MIGRATION' });
      }
      if (upgraded !== undefined) update.run(upgraded, row.id);
    }
  }
  if (from <= order.indexOf('v3.0.0.a')) {
    const broken = db.prepare("SELECT count(*) FROM trial_values v JOIN trials t ON t.trial_id = v.trial_id WHERE v.value IS NULL AND t.state = 'COMPLETE'").pluck().get() as number;
    if (broken > 0) {
      throw new StorageError(label, `migration v3.0.0.b: ${broken} objective value(s) of COMPLETE trials are NULL; Optuna refuses to migrate such a database too ("Found invalid trial_values records")`, { code: 'STORAGE_MIGRATION' });
    }
    db.prepare('DELETE FROM trial_values WHERE value IS NULL').run();
  }

  db.pragma('legacy_alter_table = ON');
  try {
    const tables = tableNames(db);
    for (const object of OPTUNA_SQLITE_SCHEMA) {
      if (object.type !== 'table') continue;
      const current = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(object.name) as string | undefined;
      if (current === object.sql) continue;
      if (!tables.has(object.name)) {
        createTableWithIndexes(db, object.name);
        continue;
      }
      rebuildTable(db, object.name, label);
    }
  } finally {
    db.pragma('legacy_alter_table = OFF');
  }
  insertVersionRows(db);
  verifySchema(db, label);
}

function createTableWithIndexes(db: Db, table: string): void {
  for (const object of OPTUNA_SQLITE_SCHEMA) if (object.table === table) db.exec(object.sql);
}

function rebuildTable(db: Db, table: string, label: string): void {
  const old = `_tunekit_old_${table}`;
  db.exec(`ALTER TABLE ${quote(table)} RENAME TO ${quote(old)}`);
  // Named indexes moved with the renamed table; the new table gets them back under their names.
  for (const index of db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL").pluck().all(old) as string[]) {
    db.exec(`DROP INDEX ${quote(index)}`);
  }
  createTableWithIndexes(db, table);
  const oldColumns = new Set(columnsOf(db, old));
  const headColumns = OPTUNA_SQLITE_COLUMNS[table] ?? [];

  if (table === 'trial_values' && !oldColumns.has('value_type')) {
    const insert = db.prepare('INSERT INTO trial_values (trial_value_id, trial_id, objective, value, value_type) VALUES (?, ?, ?, ?, ?)');
    for (const row of db.prepare(`SELECT trial_value_id AS id, trial_id AS trialId, objective, value FROM ${quote(old)}`).all() as { id: number; trialId: number; objective: number; value: number | null }[]) {
      const stored = upgradeLegacyTrialValue(row.value);
      insert.run(row.id, row.trialId, row.objective, stored.value, stored.valueType);
    }
  } else if (table === 'trial_intermediate_values' && !oldColumns.has('intermediate_value_type')) {
    const insert = db.prepare('INSERT INTO trial_intermediate_values (trial_intermediate_value_id, trial_id, step, intermediate_value, intermediate_value_type) VALUES (?, ?, ?, ?, ?)');
    for (const row of db.prepare(`SELECT trial_intermediate_value_id AS id, trial_id AS trialId, step, intermediate_value AS value FROM ${quote(old)}`).all() as { id: number; trialId: number; step: number; value: number | null }[]) {
      const stored = upgradeLegacyIntermediateValue(row.value);
      insert.run(row.id, row.trialId, row.step, stored.value, stored.valueType);
    }
  } else {
    const missing = headColumns.filter((column) => !oldColumns.has(column));
    if (missing.length > 0) {
      throw new StorageError(label, `migration: table ${table} lacks the column(s) ${missing.join(', ')}; the database does not match its recorded schema revision`, { code: 'STORAGE_MIGRATION' });
    }
    const list = headColumns.map(quote).join(', ');
    db.exec(`INSERT INTO ${quote(table)} (${list}) SELECT ${list} FROM ${quote(old)}`);
  }
  db.exec(`DROP TABLE ${quote(old)}`);
}

/** After a migration: every table and index is exactly Optuna 3.1's. */
function verifySchema(db: Db, label: string): void {
  const read = db.prepare('SELECT sql FROM sqlite_master WHERE type = ? AND name = ?').pluck();
  for (const object of OPTUNA_SQLITE_SCHEMA) {
    if (read.get(object.type, object.name) !== object.sql) {
      throw new StorageError(label, `migration left ${object.type} ${object.name} different from Optuna 3.1's schema; nothing was changed`, { code: 'STORAGE_MIGRATION' });
    }
  }
  const leftovers = db.prepare("SELECT name FROM sqlite_master WHERE name LIKE '\\_tunekit\\_old\\_%' ESCAPE '\\'").pluck().all() as string[];
  if (leftovers.length > 0) throw new StorageError(label, `migration left temporary tables behind: ${leftovers.join(', ')}`, { code: 'STORAGE_MIGRATION' });
}
