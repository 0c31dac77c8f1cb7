"""Write studies with Python Optuna, then print what Optuna reads back (the reference tunekit must match).

Usage: /usr/bin/python3 optuna-write-studies.py DB_PATH
"""
import json
import sys
import warnings

import optuna
from optuna.trial import TrialState

from optuna_dump import dump_study

warnings.simplefilter("ignore")
optuna.logging.set_verbosity(optuna.logging.WARNING)
url = "sqlite:///" + sys.argv[1]

study = optuna.create_study(study_name="py-single", storage=url, direction="minimize", sampler=optuna.samplers.RandomSampler(seed=1))
study.set_user_attr("dataset", {"name": "iris", "rows": 150, "split": [0.8, 0.2]})
study.set_system_attr("python", True)


def suggest_all(trial):
    trial.suggest_float("uniform", -5.0, 5.0)
    trial.suggest_float("log", 1e-5, 1e-1, log=True)
    trial.suggest_float("stepped", 0.0, 1.0, step=0.125)
    trial.suggest_int("int", -3, 7)
    trial.suggest_int("int_step", 0, 100, step=5)
    trial.suggest_int("int_log", 1, 1024, log=True)
    trial.suggest_categorical("cat", [None, True, 1, 2.5, "relu"])


# complete, with intermediate values (inf, -inf, nan included) and attrs
t = study.ask()
suggest_all(t)
for step, value in enumerate([0.5, float("inf"), float("-inf"), float("nan"), -0.0, 1e300]):
    t.report(value, step)
t.set_user_attr("nested", {"a": [1, 2.5, None, {"b": "ü✓"}], "empty": {}})
t.set_user_attr("unicode", "日本語 🎉")
t.set_system_attr("sys_key", [1, "two"])
study.tell(t, 0.125)

# pruned with a last value
t = study.ask()
suggest_all(t)
t.report(3.0, 0)
study.tell(t, state=TrialState.PRUNED)

# failed
t = study.ask()
suggest_all(t)
study.tell(t, state=TrialState.FAIL)

# complete with an infinite objective
t = study.ask()
t.suggest_float("uniform", -5.0, 5.0)
study.tell(t, float("inf"))

# running (never told)
t = study.ask()
suggest_all(t)
t.report(1.0, 0)

# waiting (enqueued)
study.enqueue_trial({"uniform": 1.0, "int": 2, "cat": "relu"})

multi = optuna.create_study(study_name="py-multi", storage=url, directions=["minimize", "maximize"], sampler=optuna.samplers.RandomSampler(seed=2))
for i in range(3):
    t = multi.ask()
    x = t.suggest_float("x", 0.0, 1.0, step=0.25)
    k = t.suggest_int("k", 1, 64, log=True)
    c = t.suggest_categorical("c", ["a", "b"])
    multi.tell(t, [x + i, -float(k)])
t = multi.ask()
multi.tell(t, [float("-inf"), float("inf")])

print(json.dumps({"single": dump_study(url, "py-single"), "multi": dump_study(url, "py-multi")}))
