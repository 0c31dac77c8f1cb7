"""Shared by the interop scripts: a study as JSON, with numbers JSON cannot hold spelled out.

Non-finite floats and -0.0 become {"$float": "nan" | "inf" | "-inf" | "-0"}; datetimes become
exact integer microseconds since the epoch (naive datetimes are local time, as Optuna writes them).
"""
import datetime
import json
import math

import optuna


def num(value):
    if isinstance(value, float):
        if math.isnan(value):
            return {"$float": "nan"}
        if math.isinf(value):
            return {"$float": "inf" if value > 0 else "-inf"}
        if value == 0.0 and math.copysign(1.0, value) < 0:
            return {"$float": "-0"}
    return value


def micros(moment):
    if moment is None:
        return None
    epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
    return (moment.astimezone(datetime.timezone.utc) - epoch) // datetime.timedelta(microseconds=1)


def dump_study(storage_url, study_name):
    storage = optuna.storages.RDBStorage(storage_url)
    study = optuna.load_study(study_name=study_name, storage=storage)
    trials = []
    for trial in study.get_trials(deepcopy=False):
        trials.append(
            {
                "number": trial.number,
                "state": trial.state.name,
                "values": None if trial.values is None else [num(v) for v in trial.values],
                "params": {k: num(v) for k, v in trial.params.items()},
                "distributions": {k: json.loads(optuna.distributions.distribution_to_json(d)) for k, d in trial.distributions.items()},
                "intermediate_values": [[step, num(v)] for step, v in sorted(trial.intermediate_values.items())],
                "user_attrs": trial.user_attrs,
                "system_attrs": storage.get_trial_system_attrs(trial._trial_id),
                "datetime_start": micros(trial.datetime_start),
                "datetime_complete": micros(trial.datetime_complete),
            }
        )
    return {
        "study_name": study.study_name,
        "directions": [d.name for d in study.directions],
        "user_attrs": study.user_attrs,
        "system_attrs": storage.get_study_system_attrs(study._study_id),
        "schema_version": storage.get_current_version(),
        "trials": trials,
    }
