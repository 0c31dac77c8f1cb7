"""Optuna's heartbeat logic on a shared database.

  /usr/bin/python3 optuna-heartbeat.py DB STUDY record NUMBER   -> Optuna records a heartbeat for trial NUMBER
  /usr/bin/python3 optuna-heartbeat.py DB STUDY fail-stale      -> Optuna fails stale trials (grace period 60 s)
                                                                   and prints the trials' states as JSON
"""
import json
import sys
import warnings

import optuna

warnings.simplefilter("ignore")
optuna.logging.set_verbosity(optuna.logging.WARNING)
path, study_name, mode = sys.argv[1:4]
storage = optuna.storages.RDBStorage("sqlite:///" + path, heartbeat_interval=1, grace_period=60)
study = optuna.load_study(study_name=study_name, storage=storage)
if mode == "record":
    number = int(sys.argv[4])
    trial = next(t for t in study.get_trials(deepcopy=False) if t.number == number)
    storage.record_heartbeat(trial._trial_id)
else:
    optuna.storages.fail_stale_trials(study)
    print(json.dumps([t.state.name for t in study.get_trials(deepcopy=False)]))
