import pg from 'pg';

/**
 * Optuna 3.1's tables, exactly as Python Optuna (SQLAlchemy `create_all` + alembic stamp) creates
 * them on PostgreSQL: the same enum types, column types, nullability, constraint and index names
 * (checked against `pg_dump --schema-only` of a database Python Optuna 3.1 made, in
 * `postgres-schema.test.ts`). One addition: the index `tunekit_trials_study_id_number`, because
 * Optuna 3.1 has no index on `trials.study_id` and every tunekit read starts from a study. Its
 * name differs from the one Optuna 3.2's migration creates (`trials_study_id_key`), so a later
 * `optuna storage upgrade` still works.
 */

/** Table and type names, qualified with the configured schema (or left to `search_path`). */
export interface SchemaNames {
  /** The schema as configured, or undefined for the connection's `search_path`. */
  readonly schema: string | undefined;
  readonly studies: string;
  readonly studyDirections: string;
  readonly studyUserAttributes: string;
  readonly studySystemAttributes: string;
  readonly trials: string;
  readonly trialUserAttributes: string;
  readonly trialSystemAttributes: string;
  readonly trialParams: string;
  readonly trialValues: string;
  readonly trialIntermediateValues: string;
  readonly trialHeartbeats: string;
  readonly versionInfo: string;
  readonly alembicVersion: string;
  readonly studyDirectionType: string;
  readonly trialStateType: string;
  readonly trialValueType: string;
  readonly trialIntermediateValueType: string;
}

export function schemaNames(schema: string | undefined): SchemaNames {
  const q = (name: string): string => (schema === undefined ? name : `${pg.escapeIdentifier(schema)}.${name}`);
  return {
    schema,
    studies: q('studies'),
    studyDirections: q('study_directions'),
    studyUserAttributes: q('study_user_attributes'),
    studySystemAttributes: q('study_system_attributes'),
    trials: q('trials'),
    trialUserAttributes: q('trial_user_attributes'),
    trialSystemAttributes: q('trial_system_attributes'),
    trialParams: q('trial_params'),
    trialValues: q('trial_values'),
    trialIntermediateValues: q('trial_intermediate_values'),
    trialHeartbeats: q('trial_heartbeats'),
    versionInfo: q('version_info'),
    alembicVersion: q('alembic_version'),
    studyDirectionType: q('studydirection'),
    trialStateType: q('trialstate'),
    trialValueType: q('trialvaluetype'),
    trialIntermediateValueType: q('trialintermediatevaluetype'),
  };
}

/** The name of tunekit's extra index (see the module comment). */
export const TUNEKIT_TRIALS_INDEX = 'tunekit_trials_study_id_number';

/** The DDL statements that create Optuna 3.1's schema, in order. */
export function createSchemaStatements(n: SchemaNames): readonly string[] {
  const attrTable = (table: string, idColumn: string, owner: 'study_id' | 'trial_id', ownerTable: string, bare: string): string =>
    `CREATE TABLE ${table} (
  ${idColumn} SERIAL NOT NULL,
  ${owner} INTEGER,
  key VARCHAR(512),
  value_json TEXT,
  CONSTRAINT ${bare}_pkey PRIMARY KEY (${idColumn}),
  CONSTRAINT ${bare}_${owner}_key_key UNIQUE (${owner}, key),
  CONSTRAINT ${bare}_${owner}_fkey FOREIGN KEY (${owner}) REFERENCES ${ownerTable} (${owner})
)`;
  return [
    `CREATE TYPE ${n.studyDirectionType} AS ENUM ('NOT_SET', 'MINIMIZE', 'MAXIMIZE')`,
    `CREATE TYPE ${n.trialStateType} AS ENUM ('RUNNING', 'COMPLETE', 'PRUNED', 'FAIL', 'WAITING')`,
    `CREATE TYPE ${n.trialValueType} AS ENUM ('FINITE', 'INF_POS', 'INF_NEG')`,
    `CREATE TYPE ${n.trialIntermediateValueType} AS ENUM ('FINITE', 'INF_POS', 'INF_NEG', 'NAN')`,
    `CREATE TABLE ${n.studies} (
  study_id SERIAL NOT NULL,
  study_name VARCHAR(512) NOT NULL,
  CONSTRAINT studies_pkey PRIMARY KEY (study_id)
)`,
    `CREATE UNIQUE INDEX ix_studies_study_name ON ${n.studies} (study_name)`,
    `CREATE TABLE ${n.versionInfo} (
  version_info_id INTEGER NOT NULL,
  schema_version INTEGER,
  library_version VARCHAR(256),
  CONSTRAINT version_info_pkey PRIMARY KEY (version_info_id),
  CONSTRAINT version_info_version_info_id_check CHECK (version_info_id = 1)
)`,
    `CREATE TABLE ${n.studyDirections} (
  study_direction_id SERIAL NOT NULL,
  direction ${n.studyDirectionType} NOT NULL,
  study_id INTEGER NOT NULL,
  objective INTEGER NOT NULL,
  CONSTRAINT study_directions_pkey PRIMARY KEY (study_direction_id),
  CONSTRAINT study_directions_study_id_objective_key UNIQUE (study_id, objective),
  CONSTRAINT study_directions_study_id_fkey FOREIGN KEY (study_id) REFERENCES ${n.studies} (study_id)
)`,
    attrTable(n.studyUserAttributes, 'study_user_attribute_id', 'study_id', n.studies, 'study_user_attributes'),
    attrTable(n.studySystemAttributes, 'study_system_attribute_id', 'study_id', n.studies, 'study_system_attributes'),
    `CREATE TABLE ${n.trials} (
  trial_id SERIAL NOT NULL,
  number INTEGER,
  study_id INTEGER,
  state ${n.trialStateType} NOT NULL,
  datetime_start TIMESTAMP WITHOUT TIME ZONE,
  datetime_complete TIMESTAMP WITHOUT TIME ZONE,
  CONSTRAINT trials_pkey PRIMARY KEY (trial_id),
  CONSTRAINT trials_study_id_fkey FOREIGN KEY (study_id) REFERENCES ${n.studies} (study_id)
)`,
    `CREATE INDEX ${TUNEKIT_TRIALS_INDEX} ON ${n.trials} (study_id, number)`,
    attrTable(n.trialUserAttributes, 'trial_user_attribute_id', 'trial_id', n.trials, 'trial_user_attributes'),
    attrTable(n.trialSystemAttributes, 'trial_system_attribute_id', 'trial_id', n.trials, 'trial_system_attributes'),
    `CREATE TABLE ${n.trialParams} (
  param_id SERIAL NOT NULL,
  trial_id INTEGER,
  param_name VARCHAR(512),
  param_value DOUBLE PRECISION,
  distribution_json TEXT,
  CONSTRAINT trial_params_pkey PRIMARY KEY (param_id),
  CONSTRAINT trial_params_trial_id_param_name_key UNIQUE (trial_id, param_name),
  CONSTRAINT trial_params_trial_id_fkey FOREIGN KEY (trial_id) REFERENCES ${n.trials} (trial_id)
)`,
    `CREATE TABLE ${n.trialValues} (
  trial_value_id SERIAL NOT NULL,
  trial_id INTEGER NOT NULL,
  objective INTEGER NOT NULL,
  value DOUBLE PRECISION,
  value_type ${n.trialValueType} NOT NULL,
  CONSTRAINT trial_values_pkey PRIMARY KEY (trial_value_id),
  CONSTRAINT trial_values_trial_id_objective_key UNIQUE (trial_id, objective),
  CONSTRAINT trial_values_trial_id_fkey FOREIGN KEY (trial_id) REFERENCES ${n.trials} (trial_id)
)`,
    `CREATE TABLE ${n.trialIntermediateValues} (
  trial_intermediate_value_id SERIAL NOT NULL,
  trial_id INTEGER NOT NULL,
  step INTEGER NOT NULL,
  intermediate_value DOUBLE PRECISION,
  intermediate_value_type ${n.trialIntermediateValueType} NOT NULL,
  CONSTRAINT trial_intermediate_values_pkey PRIMARY KEY (trial_intermediate_value_id),
  CONSTRAINT trial_intermediate_values_trial_id_step_key UNIQUE (trial_id, step),
  CONSTRAINT trial_intermediate_values_trial_id_fkey FOREIGN KEY (trial_id) REFERENCES ${n.trials} (trial_id)
)`,
    `CREATE TABLE ${n.trialHeartbeats} (
  trial_heartbeat_id SERIAL NOT NULL,
  trial_id INTEGER NOT NULL,
  heartbeat TIMESTAMP WITHOUT TIME ZONE NOT NULL,
  CONSTRAINT trial_heartbeats_pkey PRIMARY KEY (trial_heartbeat_id),
  CONSTRAINT trial_heartbeats_trial_id_key UNIQUE (trial_id),
  CONSTRAINT trial_heartbeats_trial_id_fkey FOREIGN KEY (trial_id) REFERENCES ${n.trials} (trial_id)
)`,
    `CREATE TABLE ${n.alembicVersion} (
  version_num VARCHAR(32) NOT NULL,
  CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
)`,
  ];
}
