"""Python Optuna 3.1 on a PostgreSQL database, for tunekit's interoperability tests.

    python3 optuna_postgres.py create  <url>            create Optuna's schema (and one study 'probe')
    python3 optuna_postgres.py check   <url>            open without migrating; print revisions and study names
    python3 optuna_postgres.py write   <url> <study>    write a study with every kind of data; print what Optuna sees
    python3 optuna_postgres.py read    <url> <study>    print a study as Optuna sees it
    python3 optuna_postgres.py extend  <url> <study>    run 2 more trials with study.optimize (claims enqueued trials first)
    python3 optuna_postgres.py failstale <url> <study>  Optuna's fail_stale_trials (heartbeat_interval 60 s, grace 120 s)
    python3 optuna_postgres.py heartbeat <url> <study>  ask a trial, record its heartbeat; print its number and id

Output is one JSON document on stdout; floats that JSON cannot hold are written as the strings
"NaN", "Infinity", "-Infinity", and datetimes as "YYYY-MM-DD HH:MM:SS.ffffff" (naive, as stored).
"""

import json
import math
import sys
import warnings

import optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.trial import TrialState, create_trial

optuna.logging.set_verbosity(optuna.logging.WARNING)
# Deprecation (system_attrs) and experimental (heartbeat) warnings would only clutter test output.
warnings.simplefilter("ignore")


def number(value):
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
    return value


def datetime_text(value):
    return None if value is None else value.strftime("%Y-%m-%d %H:%M:%S.%f")


def describe(study):
    trials = []
    for trial in study.get_trials(deepcopy=False):
        trials.append(
            {
                "number": trial.number,
                "trial_id": trial._trial_id,
                "state": trial.state.name,
                "params": {name: number(value) for name, value in trial.params.items()},
                "distributions": {name: optuna.distributions.distribution_to_json(dist) for name, dist in trial.distributions.items()},
                "values": None if trial.values is None else [number(v) for v in trial.values],
                "intermediate_values": {str(step): number(v) for step, v in sorted(trial.intermediate_values.items())},
                "user_attrs": trial.user_attrs,
                "system_attrs": trial.system_attrs,
                "datetime_start": datetime_text(trial.datetime_start),
                "datetime_complete": datetime_text(trial.datetime_complete),
            }
        )
    return {
        "study_name": study.study_name,
        "directions": [d.name for d in study.directions],
        "user_attrs": study.user_attrs,
        "system_attrs": study.system_attrs,
        "trials": trials,
    }


def write(url, name):
    study = optuna.create_study(storage=url, study_name=name, direction="maximize")
    study.set_user_attr("dataset", {"name": "iris", "rows": 150})
    # A complete trial through ask/tell, with every distribution kind and intermediate values.
    trial = study.ask()
    trial.suggest_float("x", -1.0, 1.0)
    trial.suggest_float("lr", 1e-5, 1e-1, log=True)
    trial.suggest_float("q", 0.0, 1.0, step=0.25)
    trial.suggest_int("depth", 2, 32, log=True)
    trial.suggest_int("units", 16, 256, step=16)
    trial.suggest_categorical("act", ["relu", "tanh", None, 1.5, True])
    trial.report(0.5, 0)
    trial.report(float("nan"), 1)
    trial.report(float("inf"), 2)
    trial.set_user_attr("note", "from python ✓")
    study.tell(trial, 0.75)
    # A pruned trial, a failed one, and an infinite objective value.
    pruned = study.ask()
    pruned.suggest_float("x", -1.0, 1.0)
    pruned.report(0.1, 0)
    study.tell(pruned, state=TrialState.PRUNED)
    failed = study.ask()
    study.tell(failed, state=TrialState.FAIL)
    infinite = study.ask()
    infinite.suggest_float("x", -1.0, 1.0)
    study.tell(infinite, float("-inf"))
    # add_trial with explicit datetimes, an enqueued (waiting) trial, and one left running.
    study.add_trial(
        create_trial(
            params={"x": 0.125, "act": "tanh"},
            distributions={"x": FloatDistribution(-1.0, 1.0), "act": CategoricalDistribution(["relu", "tanh", None, 1.5, True])},
            value=0.5,
            intermediate_values={3: 0.25, 7: -0.5},
            user_attrs={"source": "add_trial"},
            system_attrs={"custom": [1, 2]},
        )
    )
    running = study.ask()
    running.suggest_int("units", 16, 256, step=16)
    study.enqueue_trial({"x": 0.5, "units": 32})
    return describe(study)


def extend(url, name):
    study = optuna.load_study(study_name=name, storage=url)

    def objective(trial):
        x = trial.suggest_float("x", 0.0, 1.0)
        trial.report(x, 0)
        return x * 2

    study.optimize(objective, n_trials=2)
    return describe(study)


def main():
    command, url = sys.argv[1], sys.argv[2]
    if command == "create":
        optuna.create_study(storage=url, study_name="probe")
        result = {"created": True}
    elif command == "check":
        storage = optuna.storages.RDBStorage(url)  # raises when the schema is not the head revision
        result = {
            "current": storage.get_current_version(),
            "head": storage.get_head_version(),
            "studies": [s.study_name for s in optuna.get_all_study_summaries(storage)],
        }
    elif command == "write":
        result = write(url, sys.argv[3])
    elif command == "read":
        result = describe(optuna.load_study(study_name=sys.argv[3], storage=url))
    elif command == "extend":
        result = extend(url, sys.argv[3])
    elif command == "failstale":
        storage = optuna.storages.RDBStorage(url, heartbeat_interval=60, grace_period=120)
        study = optuna.load_study(study_name=sys.argv[3], storage=storage)
        optuna.storages.fail_stale_trials(study)
        result = describe(study)
    elif command == "heartbeat":
        storage = optuna.storages.RDBStorage(url, heartbeat_interval=60, grace_period=120)
        study = optuna.load_study(study_name=sys.argv[3], storage=storage)
        trial = study.ask()
        storage.record_heartbeat(trial._trial_id)
        result = {"number": trial.number, "trial_id": trial._trial_id}
    else:
        raise SystemExit(f"unknown command {command}")
    json.dump(result, sys.stdout, allow_nan=False)


if __name__ == "__main__":
    main()
