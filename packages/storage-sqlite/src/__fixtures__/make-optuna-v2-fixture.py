"""Build optuna-v2.6.0.a.db: a database in the schema of Optuna 2.6-2.10 (alembic revision v2.6.0.a).

The tables are made by Optuna's own alembic migrations (v0.9.0.a -> v2.6.0.a, shipped with
Optuna 3.1 under optuna/storages/_rdb/alembic/versions), so their SQL is exactly what an Optuna
2.x database that was created before 2.6 and upgraded looks like. The rows are written by hand
the way Optuna 2.x wrote them: the old distribution classes in distribution_json, infinities
clipped to float32's range, a NULL objective value on a pruned trial, naive local datetimes.
There is no trial_heartbeats table (Optuna adds it outside alembic).

Usage: /usr/bin/python3 make-optuna-v2-fixture.py OUT.db
"""
import json
import logging
import os
import sqlite3
import sys

from alembic import command, config
import optuna.storages._rdb as rdb

out = sys.argv[1]
if os.path.exists(out):
    os.remove(out)

logging.disable(logging.INFO)
directory = os.path.dirname(rdb.__file__)
cfg = config.Config(os.path.join(directory, "alembic.ini"))
cfg.set_main_option("script_location", os.path.join(directory, "alembic"))
cfg.set_main_option("sqlalchemy.url", "sqlite:///" + os.path.abspath(out))
command.upgrade(cfg, "v2.6.0.a")

F32_MAX = 3.4028234663852886e38  # np.finfo(np.float32).max: how Optuna 2.x stored +inf


def dist(name, **attributes):
    return json.dumps({"name": name, "attributes": attributes})


db = sqlite3.connect(out)
db.execute("INSERT INTO version_info VALUES (1, 12, '2.10.1')")
db.execute("INSERT INTO studies (study_id, study_name) VALUES (1, 'v2-single'), (2, 'v2-multi')")
db.execute(
    "INSERT INTO study_directions (study_id, objective, direction) VALUES (1, 0, 'MINIMIZE'), (2, 0, 'MINIMIZE'), (2, 1, 'MAXIMIZE')"
)
db.execute("INSERT INTO study_user_attributes (study_id, key, value_json) VALUES (1, 'owner', ?)", (json.dumps("alice"),))
db.execute("INSERT INTO study_system_attributes (study_id, key, value_json) VALUES (1, 'legacy', ?)", (json.dumps({"v": 2}),))

trials = [
    # trial_id, study_id, number, state, start, complete
    (1, 1, 0, "COMPLETE", "2021-06-01 12:00:00.123456", "2021-06-01 12:00:05.000000"),
    (2, 1, 1, "PRUNED", "2021-06-01 12:01:00.000000", "2021-06-01 12:01:02.500000"),
    (3, 1, 2, "FAIL", "2021-06-01 12:02:00.000000", "2021-06-01 12:02:01.000000"),
    (4, 1, 3, "RUNNING", "2021-06-01 12:03:00.000000", None),
    (5, 1, 4, "WAITING", None, None),
    (6, 1, 5, "COMPLETE", "2021-06-01 12:05:00.000000", "2021-06-01 12:05:01.000000"),
    (7, 2, 0, "COMPLETE", "2021-06-02 08:00:00.000000", "2021-06-02 08:00:03.000000"),
]
db.executemany(
    "INSERT INTO trials (trial_id, study_id, number, state, datetime_start, datetime_complete) VALUES (?, ?, ?, ?, ?, ?)",
    trials,
)
params = [
    (1, "x", 1.5, dist("UniformDistribution", low=-10.0, high=10.0)),
    (1, "lr", 0.001, dist("LogUniformDistribution", low=1e-05, high=0.1)),
    (1, "q", 0.75, dist("DiscreteUniformDistribution", low=0.0, high=1.0, q=0.25)),
    (1, "n", 5.0, dist("IntUniformDistribution", low=1, high=9, step=2)),
    (1, "m", 64.0, dist("IntLogUniformDistribution", low=1, high=1024, step=1)),
    (1, "c", 1.0, dist("CategoricalDistribution", choices=["adam", "sgd", None])),
    (2, "x", -2.0, dist("UniformDistribution", low=-10.0, high=10.0)),
    (7, "a", 0.5, dist("UniformDistribution", low=0.0, high=1.0)),
]
db.executemany("INSERT INTO trial_params (trial_id, param_name, param_value, distribution_json) VALUES (?, ?, ?, ?)", params)
values = [
    (1, 0, 0.25),
    (2, 0, None),  # a pruned trial without value: removed by migration v3.0.0.b
    (6, 0, F32_MAX),  # +inf, clipped
    (7, 0, 1.0),
    (7, 1, 2.0),
]
db.executemany("INSERT INTO trial_values (trial_id, objective, value) VALUES (?, ?, ?)", values)
intermediate = [
    (1, 0, 1.0),
    (1, 1, F32_MAX),  # +inf
    (1, 2, -F32_MAX),  # -inf
    (1, 3, 1e17),  # large but finite: stays finite
    (2, 0, 0.5),
]
db.executemany("INSERT INTO trial_intermediate_values (trial_id, step, intermediate_value) VALUES (?, ?, ?)", intermediate)
db.execute("INSERT INTO trial_user_attributes (trial_id, key, value_json) VALUES (1, 'note', ?)", (json.dumps({"best": True, "tags": ["a", "b"]}),))
db.execute("INSERT INTO trial_system_attributes (trial_id, key, value_json) VALUES (3, 'fail_reason', ?)", (json.dumps("ValueError: boom"),))
db.commit()
db.execute("PRAGMA page_size = 1024")
db.execute("VACUUM")
db.close()
