/**
 * The SQLite schema of Optuna 3.0–3.1 (alembic revision `v3.0.0.d`), statement for statement as
 * SQLAlchemy 1.4 emits it for `optuna.create_study(storage='sqlite:///...')` (taken from a database
 * made by Debian's python3-optuna 3.1). Keeping the text identical means `sqlite_master` of a
 * tunekit database equals Optuna's, so Python Optuna, its alembic migrations and optuna-dashboard
 * open it as their own. No extra tables or indexes: the lack of an index on `trials.study_id` is
 * Optuna's; the queries here are planned around it (see `sqlite-storage.ts`).
 */
export interface SchemaObject {
  readonly type: 'table' | 'index';
  readonly name: string;
  readonly table: string;
  readonly sql: string;
}

/** In creation order (the order of `sqlite_master` in Optuna's databases). */
export const OPTUNA_SQLITE_SCHEMA: readonly SchemaObject[] = Object.freeze([
  {
    type: 'table',
    name: 'studies',
    table: 'studies',
    sql:
    'CREATE TABLE studies (\n' +
    '\tstudy_id INTEGER NOT NULL, \n' +
    '\tstudy_name VARCHAR(512) NOT NULL, \n' +
    '\tPRIMARY KEY (study_id)\n' +
    ')',
  },
  {
    type: 'index',
    name: 'ix_studies_study_name',
    table: 'studies',
    sql:
    'CREATE UNIQUE INDEX ix_studies_study_name ON studies (study_name)',
  },
  {
    type: 'table',
    name: 'version_info',
    table: 'version_info',
    sql:
    'CREATE TABLE version_info (\n' +
    '\tversion_info_id INTEGER NOT NULL, \n' +
    '\tschema_version INTEGER, \n' +
    '\tlibrary_version VARCHAR(256), \n' +
    '\tPRIMARY KEY (version_info_id), \n' +
    '\tCHECK (version_info_id=1)\n' +
    ')',
  },
  {
    type: 'table',
    name: 'study_directions',
    table: 'study_directions',
    sql:
    'CREATE TABLE study_directions (\n' +
    '\tstudy_direction_id INTEGER NOT NULL, \n' +
    '\tdirection VARCHAR(8) NOT NULL, \n' +
    '\tstudy_id INTEGER NOT NULL, \n' +
    '\tobjective INTEGER NOT NULL, \n' +
    '\tPRIMARY KEY (study_direction_id), \n' +
    '\tUNIQUE (study_id, objective), \n' +
    '\tFOREIGN KEY(study_id) REFERENCES studies (study_id)\n' +
    ')',
  },
  {
    type: 'table',
    name: 'study_user_attributes',
    table: 'study_user_attributes',
    sql:
    'CREATE TABLE study_user_attributes (\n' +
    '\tstudy_user_attribute_id INTEGER NOT NULL, \n' +
    '\tstudy_id INTEGER, \n' +
    '\t"key" VARCHAR(512), \n' +
    '\tvalue_json TEXT, \n' +
    '\tPRIMARY KEY (study_user_attribute_id), \n' +
    '\tUNIQUE (study_id, "key"), \n' +
    '\tFOREIGN KEY(study_id) REFERENCES studies (study_id)\n' +
    ')',
  },
  {
    type: 'table',
    name: 'study_system_attributes',
    table: 'study_system_attributes',
    sql:
    'CREATE TABLE study_system_attributes (\n' +
    '\tstudy_system_attribute_id INTEGER NOT NULL, \n' +
    '\tstudy_id INTEGER, \n' +
    '\t"key" VARCHAR(512), \n' +
    '\tvalue_json TEXT, \n' +
    '\tPRIMARY KEY (study_system_attribute_id), \n' +
    '\tUNIQUE (study_id, "key"), \n' +
    '\tFOREIGN KEY(study_id) REFERENCES studies (study_id)\n' +
    ')',
  },
  {
    type: 'table',
    name: 'trials',
    table: 'trials',
    sql:
    'CREATE TABLE trials (\n' +
    '\ttrial_id INTEGER NOT NULL, \n' +
    '\tnumber INTEGER, \n' +
    '\tstudy_id INTEGER, \n' +
    '\tstate VARCHAR(8) NOT NULL, \n' +
    '\tdatetime_start DATETIME, \n' +
    '\tdatetime_complete DATETIME, \n' +
    '\tPRIMARY KEY (trial_id), \n' +
    '\tFOREIGN KEY(study_id) REFERENCES studies (study_id)\n' +
    ')',
  },
  {
    type: 'table',
    name: 'trial_user_attributes',
    table: 'trial_user_attributes',
    sql:
    'CREATE TABLE trial_user_attributes (\n' +
    '\ttrial_user_attribute_id INTEGER NOT NULL, \n' +
    '\ttrial_id INTEGER, \n' +
    '\t"key" VARCHAR(512), \n' +
    '\tvalue_json TEXT, \n' +
    '\tPRIMARY KEY (trial_user_attribute_id), \n' +
    '\tUNIQUE (trial_id, "key"), \n' +
    '\tFOREIGN KEY(trial_id) REFERENCES trials (trial_id)\n' +
    ')',
  },
  {
    type: 'table',
    name: 'trial_system_attributes',
    table: 'trial_system_attributes',
    sql:
    'CREATE TABLE trial_system_attributes (\n' +
    '\ttrial_system_attribute_id INTEGER NOT NULL, \n' +
    '\ttrial_id INTEGER, \n' +
    '\t"key" VARCHAR(512), \n' +
    '\tvalue_json TEXT, \n' +
    '\tPRIMARY KEY (trial_system_attribute_id), \n' +
    '\tUNIQUE (trial_id, "key"), \n' +
    '\tFOREIGN KEY(trial_id) REFERENCES trials (trial_id)\n' +
    ')',
  },
  {
    type: 'table',
    name: 'trial_params',
    table: 'trial_params',
    sql:
    'CREATE TABLE trial_params (\n' +
    '\tparam_id INTEGER NOT NULL, \n' +
    '\ttrial_id INTEGER, \n' +
    '\tparam_name VARCHAR(512), \n' +
    '\tparam_value FLOAT, \n' +
    '\tdistribution_json TEXT, \n' +
    '\tPRIMARY KEY (param_id), \n' +
    '\tUNIQUE (trial_id, param_name), \n' +
    '\tFOREIGN KEY(trial_id) REFERENCES trials (trial_id)\n' +
    ')',
  },
  {
    type: 'table',
    name: 'trial_values',
    table: 'trial_values',
    sql:
    'CREATE TABLE trial_values (\n' +
    '\ttrial_value_id INTEGER NOT NULL, \n' +
    '\ttrial_id INTEGER NOT NULL, \n' +
    '\tobjective INTEGER NOT NULL, \n' +
    '\tvalue FLOAT, \n' +
    '\tvalue_type VARCHAR(7) NOT NULL, \n' +
    '\tPRIMARY KEY (trial_value_id), \n' +
    '\tUNIQUE (trial_id, objective), \n' +
    '\tFOREIGN KEY(trial_id) REFERENCES trials (trial_id)\n' +
    ')',
  },
  {
    type: 'table',
    name: 'trial_intermediate_values',
    table: 'trial_intermediate_values',
    sql:
    'CREATE TABLE trial_intermediate_values (\n' +
    '\ttrial_intermediate_value_id INTEGER NOT NULL, \n' +
    '\ttrial_id INTEGER NOT NULL, \n' +
    '\tstep INTEGER NOT NULL, \n' +
    '\tintermediate_value FLOAT, \n' +
    '\tintermediate_value_type VARCHAR(7) NOT NULL, \n' +
    '\tPRIMARY KEY (trial_intermediate_value_id), \n' +
    '\tUNIQUE (trial_id, step), \n' +
    '\tFOREIGN KEY(trial_id) REFERENCES trials (trial_id)\n' +
    ')',
  },
  {
    type: 'table',
    name: 'trial_heartbeats',
    table: 'trial_heartbeats',
    sql:
    'CREATE TABLE trial_heartbeats (\n' +
    '\ttrial_heartbeat_id INTEGER NOT NULL, \n' +
    '\ttrial_id INTEGER NOT NULL, \n' +
    '\theartbeat DATETIME NOT NULL, \n' +
    '\tPRIMARY KEY (trial_heartbeat_id), \n' +
    '\tUNIQUE (trial_id), \n' +
    '\tFOREIGN KEY(trial_id) REFERENCES trials (trial_id)\n' +
    ')',
  },
  {
    type: 'table',
    name: 'alembic_version',
    table: 'alembic_version',
    sql:
    'CREATE TABLE alembic_version (\n' +
    '\tversion_num VARCHAR(32) NOT NULL, \n' +
    '\tCONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n' +
    ')',
  },
]);

/** Columns of each table at the head revision, in order. */
export const OPTUNA_SQLITE_COLUMNS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  studies: ['study_id', 'study_name'],
  version_info: ['version_info_id', 'schema_version', 'library_version'],
  study_directions: ['study_direction_id', 'direction', 'study_id', 'objective'],
  study_user_attributes: ['study_user_attribute_id', 'study_id', 'key', 'value_json'],
  study_system_attributes: ['study_system_attribute_id', 'study_id', 'key', 'value_json'],
  trials: ['trial_id', 'number', 'study_id', 'state', 'datetime_start', 'datetime_complete'],
  trial_user_attributes: ['trial_user_attribute_id', 'trial_id', 'key', 'value_json'],
  trial_system_attributes: ['trial_system_attribute_id', 'trial_id', 'key', 'value_json'],
  trial_params: ['param_id', 'trial_id', 'param_name', 'param_value', 'distribution_json'],
  trial_values: ['trial_value_id', 'trial_id', 'objective', 'value', 'value_type'],
  trial_intermediate_values: ['trial_intermediate_value_id', 'trial_id', 'step', 'intermediate_value', 'intermediate_value_type'],
  trial_heartbeats: ['trial_heartbeat_id', 'trial_id', 'heartbeat'],
  alembic_version: ['version_num'],
});
