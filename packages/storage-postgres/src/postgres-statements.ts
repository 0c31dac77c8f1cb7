import type { SchemaNames } from './postgres-schema.js';
import { TIMESTAMP_FORMAT } from './postgres-values.js';

/**
 * Every SQL statement `PostgresStorage` runs, built once per schema. Conventions:
 * - Writes to one trial that may race with `setTrialState` lock the trial row `FOR SHARE` in a
 *   CTE and write only if the locked (latest) state is not finished: one round trip, and a trial
 *   that finished is never written again.
 * - Statements that must see rows committed while they waited for a lock run *after* the locking
 *   statement, in the same transaction (READ COMMITTED takes a new snapshot per statement).
 * - Trial reads return one row set in the layout `[kind, id, i, s, v, a, b, o]` (see `TrialRow`).
 */
export type Statements = ReturnType<typeof buildStatements>;

const UNFINISHED = "('RUNNING', 'WAITING')";
const CAPPED = "('RUNNING', 'COMPLETE', 'PRUNED')";

export function buildStatements(n: SchemaNames) {
  const ts = (column: string): string => `to_char(${column}, ${TIMESTAMP_FORMAT})`;

  /** Child rows of the trials selected by `filter` (a condition on `trial_id`). */
  const children = (filter: string): string => `
UNION ALL SELECT 1, trial_id, NULL::int, param_name::text, param_value, distribution_json, NULL::text, param_id FROM ${n.trialParams} WHERE ${filter}
UNION ALL SELECT 2, trial_id, objective, value_type::text, value, NULL::text, NULL::text, trial_value_id FROM ${n.trialValues} WHERE ${filter}
UNION ALL SELECT 3, trial_id, step, intermediate_value_type::text, intermediate_value, NULL::text, NULL::text, trial_intermediate_value_id FROM ${n.trialIntermediateValues} WHERE ${filter}
UNION ALL SELECT 4, trial_id, NULL::int, key::text, NULL::float8, value_json, NULL::text, trial_user_attribute_id FROM ${n.trialUserAttributes} WHERE ${filter}
UNION ALL SELECT 5, trial_id, NULL::int, key::text, NULL::float8, value_json, NULL::text, trial_system_attribute_id FROM ${n.trialSystemAttributes} WHERE ${filter}`;

  /** A study with its directions and attributes as JSON; `where` filters `studies s`. */
  const study = (where: string, summary: boolean): string => `
SELECT s.study_id, s.study_name,
  (SELECT json_agg(d.direction::text ORDER BY d.objective) FROM ${n.studyDirections} d WHERE d.study_id = s.study_id) AS directions,
  (SELECT json_agg(json_build_array(a.key, a.value_json) ORDER BY a.study_user_attribute_id) FROM ${n.studyUserAttributes} a WHERE a.study_id = s.study_id) AS user_attrs,
  (SELECT json_agg(json_build_array(a.key, a.value_json) ORDER BY a.study_system_attribute_id) FROM ${n.studySystemAttributes} a WHERE a.study_id = s.study_id) AS system_attrs${
    summary
      ? `,
  (SELECT count(*) FROM ${n.trials} t WHERE t.study_id = s.study_id) AS n_trials,
  (SELECT ${ts('min(t.datetime_start)')} FROM ${n.trials} t WHERE t.study_id = s.study_id) AS datetime_start`
      : ''
  }
FROM ${n.studies} s ${where} ORDER BY s.study_id`;

  /** Upsert one attribute of a running/waiting trial, under a share lock on the trial. */
  const trialAttr = (table: string): string => `
WITH t AS (SELECT trial_id, number, state FROM ${n.trials} WHERE trial_id = $1 FOR SHARE),
w AS (
  INSERT INTO ${table} (trial_id, key, value_json) SELECT t.trial_id, $2, $3 FROM t WHERE t.state IN ${UNFINISHED}
  ON CONFLICT (trial_id, key) DO UPDATE SET value_json = EXCLUDED.value_json RETURNING 1)
SELECT t.number, t.state::text AS state FROM t`;

  /** Upsert one attribute of an existing study. */
  const studyAttr = (table: string): string => `
WITH s AS (SELECT study_id FROM ${n.studies} WHERE study_id = $1 FOR KEY SHARE),
w AS (
  INSERT INTO ${table} (study_id, key, value_json) SELECT s.study_id, $2, $3 FROM s
  ON CONFLICT (study_id, key) DO UPDATE SET value_json = EXCLUDED.value_json RETURNING 1)
SELECT count(*) AS found FROM s`;

  return {
    createStudy: `
WITH s AS (INSERT INTO ${n.studies} (study_name) VALUES ($1) RETURNING study_id),
d AS (
  INSERT INTO ${n.studyDirections} (direction, study_id, objective)
  SELECT x.direction::${n.studyDirectionType}, s.study_id, (x.objective - 1)::int FROM s, unnest($2::text[]) WITH ORDINALITY AS x(direction, objective))
SELECT study_id FROM s`,
    studyById: study('WHERE s.study_id = $1', false),
    studyByName: study('WHERE s.study_name = $1', false),
    allStudies: study('', true),
    lockStudyForDelete: `SELECT study_id FROM ${n.studies} WHERE study_id = $1 FOR UPDATE`,
    lockTrialsForDelete: `SELECT trial_id FROM ${n.trials} WHERE study_id = $1 FOR UPDATE`,
    deleteStudy: `
WITH tr AS (SELECT trial_id FROM ${n.trials} WHERE study_id = $1),
a AS (DELETE FROM ${n.trialHeartbeats} WHERE trial_id IN (SELECT trial_id FROM tr)),
b AS (DELETE FROM ${n.trialParams} WHERE trial_id IN (SELECT trial_id FROM tr)),
c AS (DELETE FROM ${n.trialValues} WHERE trial_id IN (SELECT trial_id FROM tr)),
d AS (DELETE FROM ${n.trialIntermediateValues} WHERE trial_id IN (SELECT trial_id FROM tr)),
e AS (DELETE FROM ${n.trialUserAttributes} WHERE trial_id IN (SELECT trial_id FROM tr)),
f AS (DELETE FROM ${n.trialSystemAttributes} WHERE trial_id IN (SELECT trial_id FROM tr)),
g AS (DELETE FROM ${n.trials} WHERE study_id = $1),
h AS (DELETE FROM ${n.studyDirections} WHERE study_id = $1),
i AS (DELETE FROM ${n.studyUserAttributes} WHERE study_id = $1),
j AS (DELETE FROM ${n.studySystemAttributes} WHERE study_id = $1)
DELETE FROM ${n.studies} WHERE study_id = $1`,
    setStudyUserAttr: studyAttr(n.studyUserAttributes),
    setStudySystemAttr: studyAttr(n.studySystemAttributes),

    /** Serialises trial creation (and capped claims) per study; also counts its objectives. */
    lockStudy: `SELECT (SELECT count(*) FROM ${n.studyDirections} d WHERE d.study_id = s.study_id) AS n_objectives FROM ${n.studies} s WHERE s.study_id = $1 FOR NO KEY UPDATE`,
    /** Run after `lockStudy`: numbers the trial and inserts it with its template, unless the cap is reached. */
    insertTrial: `
WITH c AS (SELECT count(*) AS total, count(*) FILTER (WHERE state IN ${CAPPED}) AS capped FROM ${n.trials} WHERE study_id = $1),
tr AS (
  INSERT INTO ${n.trials} (number, study_id, state, datetime_start, datetime_complete)
  SELECT c.total, $1, $2::${n.trialStateType}, $3::timestamp, $4::timestamp FROM c WHERE $5::float8 IS NULL OR c.capped < $5::float8
  RETURNING trial_id, number),
p AS (
  INSERT INTO ${n.trialParams} (trial_id, param_name, param_value, distribution_json)
  SELECT tr.trial_id, x.name, x.value, x.json FROM tr, unnest($6::text[], $7::float8[], $8::text[]) AS x(name, value, json)),
v AS (
  INSERT INTO ${n.trialValues} (trial_id, objective, value, value_type)
  SELECT tr.trial_id, x.objective, x.value, x.type::${n.trialValueType} FROM tr, unnest($9::int[], $10::float8[], $11::text[]) AS x(objective, value, type)),
iv AS (
  INSERT INTO ${n.trialIntermediateValues} (trial_id, step, intermediate_value, intermediate_value_type)
  SELECT tr.trial_id, x.step, x.value, x.type::${n.trialIntermediateValueType} FROM tr, unnest($12::int[], $13::float8[], $14::text[]) AS x(step, value, type)),
ua AS (
  INSERT INTO ${n.trialUserAttributes} (trial_id, key, value_json) SELECT tr.trial_id, x.key, x.json FROM tr, unnest($15::text[], $16::text[]) AS x(key, json)),
sa AS (
  INSERT INTO ${n.trialSystemAttributes} (trial_id, key, value_json) SELECT tr.trial_id, x.key, x.json FROM tr, unnest($17::text[], $18::text[]) AS x(key, json))
SELECT trial_id, number FROM tr`,
    /** A waiting trial may exist (cheap pre-check before locking anything). */
    hasWaiting: `SELECT EXISTS (SELECT 1 FROM ${n.studies} WHERE study_id = $1) AS study, EXISTS (SELECT 1 FROM ${n.trials} WHERE study_id = $1 AND state = 'WAITING') AS waiting`,
    countCapped: `SELECT count(*) AS capped FROM ${n.trials} WHERE study_id = $1 AND state IN ${CAPPED}`,
    /** The queue pop: the oldest waiting trial no other transaction holds, moved to RUNNING. */
    claimWaiting: `
UPDATE ${n.trials} SET state = 'RUNNING', datetime_start = $2::timestamp
WHERE state = 'WAITING' AND trial_id = (
  SELECT trial_id FROM ${n.trials} WHERE study_id = $1 AND state = 'WAITING' ORDER BY number, trial_id LIMIT 1 FOR UPDATE SKIP LOCKED)
RETURNING trial_id`,

    setTrialParam: `
WITH t AS (SELECT trial_id, number, state FROM ${n.trials} WHERE trial_id = $1 FOR SHARE),
e AS (SELECT distribution_json FROM ${n.trialParams} WHERE trial_id = $1 AND param_name = $2),
w AS (
  INSERT INTO ${n.trialParams} AS p (trial_id, param_name, param_value, distribution_json)
  SELECT t.trial_id, $2, $3::float8, $4 FROM t
  WHERE t.state IN ${UNFINISHED} AND NOT EXISTS (SELECT 1 FROM e WHERE e.distribution_json IS DISTINCT FROM $4)
  ON CONFLICT (trial_id, param_name) DO UPDATE SET param_value = EXCLUDED.param_value
  WHERE p.distribution_json = EXCLUDED.distribution_json
  RETURNING 1)
SELECT t.number, t.state::text AS state, (SELECT distribution_json FROM e) AS existing, (SELECT count(*) FROM w) AS written FROM t`,
    setTrialIntermediateValue: `
WITH t AS (SELECT trial_id, number, state FROM ${n.trials} WHERE trial_id = $1 FOR SHARE),
w AS (
  INSERT INTO ${n.trialIntermediateValues} (trial_id, step, intermediate_value, intermediate_value_type)
  SELECT t.trial_id, $2, $3::float8, $4::${n.trialIntermediateValueType} FROM t WHERE t.state IN ${UNFINISHED}
  ON CONFLICT (trial_id, step) DO NOTHING
  RETURNING trial_id),
x AS (
  INSERT INTO ${n.trialSystemAttributes} (trial_id, key, value_json) SELECT w.trial_id, $5::text, $6::text FROM w WHERE $5::text IS NOT NULL
  ON CONFLICT (trial_id, key) DO UPDATE SET value_json = EXCLUDED.value_json RETURNING 1)
SELECT t.number, t.state::text AS state FROM t`,
    setTrialUserAttr: trialAttr(n.trialUserAttributes),
    setTrialSystemAttr: trialAttr(n.trialSystemAttributes),

    /** Locks the trial for `setTrialState`; also counts its study's objectives. */
    lockTrial: `SELECT t.number, t.state::text AS state, (SELECT count(*) FROM ${n.studyDirections} d WHERE d.study_id = t.study_id) AS n_objectives FROM ${n.trials} t WHERE t.trial_id = $1 FOR UPDATE`,
    finishTrial: `
WITH u AS (UPDATE ${n.trials} SET state = $2::${n.trialStateType}, datetime_complete = $3::timestamp WHERE trial_id = $1 RETURNING trial_id),
v AS (
  INSERT INTO ${n.trialValues} (trial_id, objective, value, value_type)
  SELECT u.trial_id, x.objective, x.value, x.type::${n.trialValueType} FROM u, unnest($4::int[], $5::float8[], $6::text[]) AS x(objective, value, type)
  ON CONFLICT (trial_id, objective) DO UPDATE SET value = EXCLUDED.value, value_type = EXCLUDED.value_type),
a AS (
  INSERT INTO ${n.trialSystemAttributes} (trial_id, key, value_json) SELECT u.trial_id, $7::text, $8::text FROM u WHERE $7::text IS NOT NULL
  ON CONFLICT (trial_id, key) DO UPDATE SET value_json = EXCLUDED.value_json)
SELECT trial_id FROM u`,

    /** Heartbeats use the server's clock, so that workers on machines with skewed clocks agree. */
    recordHeartbeat: `
WITH t AS (SELECT trial_id, state FROM ${n.trials} WHERE trial_id = $1 FOR SHARE),
h AS (
  INSERT INTO ${n.trialHeartbeats} (trial_id, heartbeat) SELECT t.trial_id, LOCALTIMESTAMP FROM t WHERE t.state = 'RUNNING'
  ON CONFLICT (trial_id) DO UPDATE SET heartbeat = EXCLUDED.heartbeat RETURNING 1)
SELECT t.state::text AS state FROM t`,
    studyExists: `SELECT study_id FROM ${n.studies} WHERE study_id = $1`,
    /** Locks the stale trials (skipping any another caller is failing right now). */
    lockStaleTrials: `
SELECT t.trial_id, (extract(epoch FROM (LOCALTIMESTAMP - h.heartbeat)) * 1000)::float8 AS age_ms
FROM ${n.trials} t JOIN ${n.trialHeartbeats} h ON h.trial_id = t.trial_id
WHERE t.study_id = $1 AND t.state = 'RUNNING' AND LOCALTIMESTAMP - h.heartbeat > $2::float8 * interval '1 millisecond'
ORDER BY t.number
FOR UPDATE OF t, h SKIP LOCKED`,
    failTrials: `
WITH u AS (UPDATE ${n.trials} SET state = 'FAIL', datetime_complete = $3::timestamp WHERE trial_id = ANY($1::int[]) RETURNING trial_id)
INSERT INTO ${n.trialSystemAttributes} (trial_id, key, value_json)
SELECT x.trial_id, 'fail_reason', x.json FROM unnest($1::int[], $2::text[]) AS x(trial_id, json) JOIN u ON u.trial_id = x.trial_id
ON CONFLICT (trial_id, key) DO UPDATE SET value_json = EXCLUDED.value_json`,

    countTrials: `
SELECT (SELECT count(*) FROM ${n.trials} WHERE study_id = $1 AND ($2::text[] IS NULL OR state::text = ANY($2::text[]))) AS n,
  EXISTS (SELECT 1 FROM ${n.studies} WHERE study_id = $1) AS study`,

    /** Trials by id, with all their rows. */
    trialsById: `
SELECT 0 AS k, trial_id AS id, number AS i, state::text AS s, NULL::float8 AS v, ${ts('datetime_start')} AS a, ${ts('datetime_complete')} AS b, 0 AS o
FROM ${n.trials} WHERE trial_id = ANY($1::int[])${children('trial_id = ANY($1::int[])')}`,
    /**
     * A study's changed trials: full rows of the trials the caller has no final record of (created
     * after `$2`, unfinished now, or unfinished at the last read `$3`). Kind 6 is the study itself
     * (so that a deleted study is told from an empty one) with its trial count.
     */
    studyTrialsChanged: `
WITH t AS (
  SELECT trial_id, number, state, datetime_start, datetime_complete FROM ${n.trials}
  WHERE study_id = $1 AND (trial_id > $2 OR state IN ${UNFINISHED} OR trial_id = ANY($3::int[])))
SELECT 0 AS k, trial_id AS id, number AS i, state::text AS s, 1::float8 AS v, ${ts('datetime_start')} AS a, ${ts('datetime_complete')} AS b, 0 AS o
FROM t${children('trial_id IN (SELECT trial_id FROM t)')}
UNION ALL SELECT 6, study_id, (SELECT count(*) FROM ${n.trials} WHERE study_id = $1)::int, NULL::text, NULL::float8, NULL::text, NULL::text, 0 FROM ${n.studies} WHERE study_id = $1`,
    /**
     * Like `studyTrialsChanged`, plus every other trial's head row (`v` = 0: not selected), for when
     * the count shows that the caller's cache misses a trial.
     */
    studyTrials: `
WITH t AS (
  SELECT trial_id, number, state, datetime_start, datetime_complete,
    (trial_id > $2 OR state IN ${UNFINISHED} OR trial_id = ANY($3::int[])) AS sel
  FROM ${n.trials} WHERE study_id = $1),
s AS (SELECT trial_id FROM t WHERE sel)
SELECT 0 AS k, trial_id AS id, number AS i, state::text AS s, (CASE WHEN sel THEN 1 ELSE 0 END)::float8 AS v,
  CASE WHEN sel THEN ${ts('datetime_start')} END AS a, CASE WHEN sel THEN ${ts('datetime_complete')} END AS b, 0 AS o
FROM t${children('trial_id IN (SELECT trial_id FROM s)')}
UNION ALL SELECT 6, study_id, NULL::int, NULL::text, NULL::float8, NULL::text, NULL::text, 0 FROM ${n.studies} WHERE study_id = $1`,
  };
}
