import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { OPTUNA_SCHEMA_HEAD, StorageError, floatDistribution, intDistribution, categoricalDistribution } from '@tunekit/core';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDirectory } from './__fixtures__/temp-database.js';
import { OPTUNA_SQLITE_SCHEMA } from './sqlite-schema.js';
import { SQLiteStorage } from './sqlite-storage.js';

/**
 * Upgrades from the saved Optuna 2.6–2.10 database (`__fixtures__/optuna-v2.6.0.a.db`, made by
 * `make-optuna-v2-fixture.py` with Optuna's own alembic migrations). The interop tests also check
 * the result against Python Optuna's own upgrade of the same file.
 */
const FIXTURE = 'optuna-v2.6.0.a.db';
let dir: ReturnType<typeof tempDirectory>;

beforeEach(() => {
  dir = tempDirectory();
});
afterEach(() => dir.remove());

function schemaOf(path: string): { type: string; name: string; sql: string }[] {
  const db = new Database(path, { readonly: true });
  const rows = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { type: string; name: string; sql: string }[];
  db.close();
  return rows;
}

const HEAD = OPTUNA_SQLITE_SCHEMA.map(({ type, name, sql }) => ({ type, name, sql })).sort((a, b) => (a.name < b.name ? -1 : 1));

describe('migrating an Optuna 2.x database (schema v2.6.0.a)', () => {
  it("upgrades it in place to exactly Optuna 3.1's schema", async () => {
    const path = dir.copyFixture(FIXTURE, 'v2.db');
    expect(schemaOf(path)).not.toEqual(HEAD);
    const storage = new SQLiteStorage({ path });
    await storage.close();
    expect(schemaOf(path)).toEqual(HEAD);
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT version_num FROM alembic_version').pluck().all()).toEqual([OPTUNA_SCHEMA_HEAD]);
    expect(db.prepare('SELECT schema_version, library_version FROM version_info').get()).toEqual({ schema_version: 12, library_version: '3.1.0+tunekit' });
    // Row ids are kept: Optuna's trial ids and numbers do not move.
    expect(db.prepare('SELECT trial_id, number FROM trials ORDER BY trial_id').raw().all()).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
      [4, 3],
      [5, 4],
      [6, 5],
      [7, 0],
    ]);
    expect(db.prepare('SELECT trial_id, value, value_type FROM trial_values ORDER BY trial_value_id').raw().all()).toEqual([
      [1, 0.25, 'FINITE'],
      [6, null, 'INF_POS'],
      [7, 1, 'FINITE'],
      [7, 2, 'FINITE'],
    ]);
    db.close();
  });

  it('reads the migrated data: converted distributions, decoded infinities, states, attrs and datetimes', async () => {
    const storage = new SQLiteStorage({ path: dir.copyFixture(FIXTURE, 'v2.db') });
    const studies = await storage.getAllStudies();
    expect(studies.map((s) => [s.studyName, s.directions, s.nTrials])).toEqual([
      ['v2-single', ['minimize'], 6],
      ['v2-multi', ['minimize', 'maximize'], 1],
    ]);
    expect(studies[0]).toMatchObject({ userAttrs: { owner: 'alice' }, systemAttrs: { legacy: { v: 2 } } });
    const trials = await storage.getAllTrials(studies[0]!.studyId);
    expect(trials.map((t) => t.state)).toEqual(['complete', 'pruned', 'fail', 'running', 'waiting', 'complete']);
    const [best, pruned, failed, , waiting, infinite] = trials;
    expect(best?.params).toEqual({ x: 1.5, lr: 0.001, q: 0.75, n: 5, m: 64, c: 'sgd' });
    expect(best?.distributions).toEqual({
      x: floatDistribution(-10, 10),
      lr: floatDistribution(1e-5, 0.1, { log: true }),
      q: floatDistribution(0, 1, { step: 0.25 }),
      n: intDistribution(1, 9, { step: 2 }),
      m: intDistribution(1, 1024, { log: true }),
      c: categoricalDistribution(['adam', 'sgd', null]),
    });
    expect(best?.values).toEqual([0.25]);
    expect([...best!.intermediateValues]).toEqual([
      [0, 1],
      [1, Number.POSITIVE_INFINITY],
      [2, Number.NEGATIVE_INFINITY],
      [3, 1e17],
    ]);
    expect(best?.userAttrs).toEqual({ note: { best: true, tags: ['a', 'b'] } });
    expect(best?.datetimeStart?.getTime()).toBe(new Date(2021, 5, 1, 12, 0, 0, 123).getTime());
    expect(pruned?.values).toBeUndefined();
    expect(failed?.systemAttrs).toEqual({ fail_reason: 'ValueError: boom' });
    expect(waiting?.datetimeStart).toBeUndefined();
    expect(infinite?.values).toEqual([Number.POSITIVE_INFINITY]);
    const [multi] = await storage.getAllTrials(studies[1]!.studyId);
    expect(multi?.values).toEqual([1, 2]);
    // The migrated database is fully usable, heartbeats included (their table was created).
    const next = await storage.createTrial(studies[0]!.studyId);
    expect(next?.number).toBe(6);
    await storage.recordHeartbeat(next!.trialId);
    await storage.close();
  });

  it('changes nothing when a migration step fails (a COMPLETE trial with a NULL value)', () => {
    const path = dir.copyFixture(FIXTURE, 'broken.db');
    const db = new Database(path);
    db.prepare('UPDATE trial_values SET value = NULL WHERE trial_id = 1').run();
    db.close();
    const before = createHash('sha256').update(readFileSync(path)).digest('hex');
    let error: unknown;
    try {
      new SQLiteStorage({ path });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toMatch(/v3\.0\.0\.b.*NULL/);
    expect(createHash('sha256').update(readFileSync(path)).digest('hex')).toBe(before);
    const check = new Database(path, { readonly: true });
    expect(check.prepare('SELECT version_num FROM alembic_version').pluck().get()).toBe('v2.6.0.a');
    check.close();
  });

  it('migrates from the intermediate 3.0 pre-release revisions too (here: a v3.0.0.c-like database)', async () => {
    // v3.0.0.c = v2.6.0.a + distribution JSON converted + intermediate_value_type; only trial_values lacks value_type.
    const path = dir.copyFixture(FIXTURE, 'c.db');
    const first = new SQLiteStorage({ path, wal: false });
    await first.close();
    const db = new Database(path);
    db.exec(`
      ALTER TABLE trial_values RENAME TO tv_old;
      CREATE TABLE trial_values (trial_value_id INTEGER NOT NULL, trial_id INTEGER NOT NULL, objective INTEGER NOT NULL, value FLOAT NOT NULL, PRIMARY KEY (trial_value_id), UNIQUE (trial_id, objective), FOREIGN KEY(trial_id) REFERENCES trials (trial_id));
      INSERT INTO trial_values SELECT trial_value_id, trial_id, objective, coalesce(value, 3.4028234663852886e38) FROM tv_old;
      DROP TABLE tv_old;
      UPDATE alembic_version SET version_num = 'v3.0.0.c';
    `);
    db.close();
    const storage = new SQLiteStorage({ path });
    const [study] = await storage.getAllStudies();
    expect((await storage.getAllTrials(study!.studyId)).map((t) => t.values)).toEqual([[0.25], undefined, undefined, undefined, undefined, [Number.POSITIVE_INFINITY]]);
    await storage.close();
    expect(schemaOf(path)).toEqual(HEAD);
  });
});
