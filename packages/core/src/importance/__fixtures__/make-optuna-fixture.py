"""Regenerates optuna-fanova.json: 200 random trials of hartmann6 and gbm_like, with Optuna's
fANOVA importances of them (the cross-check of fanova-importance-evaluator.ts).

    /usr/bin/python3 packages/core/src/importance/__fixtures__/make-optuna-fixture.py

Optuna 3.1's FanovaImportanceEvaluator fits sklearn's forest on the raw scale (log params not
logged, categoricals one-hot); `optuna_log_space` refits Optuna's own _Fanova on log-scaled
columns, which is what tunekit models, to separate the two differences.
"""
import json
import math
import os
import sys

import numpy as np
import optuna
from optuna.importance import FanovaImportanceEvaluator, get_param_importances
from optuna.importance._fanova._fanova import _Fanova

sys.path.insert(0, "/work/shared/bench")
from functions import gbm_like, hartmann6  # noqa: E402

optuna.logging.set_verbosity(optuna.logging.WARNING)
SEEDS = [0, 1, 2, 3, 4]


def hartmann_objective(trial):
    return hartmann6({f"x{i}": trial.suggest_float(f"x{i}", 0.0, 1.0) for i in range(6)})


def gbm_objective(trial):
    return gbm_like({
        "learning_rate": trial.suggest_float("learning_rate", 1e-4, 1.0, log=True),
        "n_estimators": trial.suggest_int("n_estimators", 10, 1000, log=True),
        "max_depth": trial.suggest_int("max_depth", 1, 12),
        "subsample": trial.suggest_float("subsample", 0.3, 1.0),
        "booster": trial.suggest_categorical("booster", ["gbtree", "dart", "gblinear"]),
    })


def log_space_importances(study, seed):
    """Optuna's _Fanova on columns in tunekit's encoding (log scale, +-step/2 bounds, one-hot)."""
    trials = study.get_trials(states=(optuna.trial.TrialState.COMPLETE,))
    names = sorted(trials[0].distributions)
    columns, bounds, groups = [], [], []
    for name in names:
        dist = trials[0].distributions[name]
        if isinstance(dist, optuna.distributions.CategoricalDistribution):
            start = len(columns)
            for choice in dist.choices:
                columns.append([1.0 if t.params[name] == choice else 0.0 for t in trials])
                bounds.append([0.0, 1.0])
            groups.append(np.arange(start, len(columns)))
            continue
        half = 0.5 * dist.step if getattr(dist, "step", None) is not None else 0.0
        low, high = dist.low - half, dist.high + half
        values = [t.params[name] for t in trials]
        if dist.log:
            low, high, values = math.log(max(low, dist.low / 2)), math.log(high), [math.log(v) for v in values]
        groups.append(np.array([len(columns)]))
        columns.append(values)
        bounds.append([low, high])
    fanova = _Fanova(n_trees=64, max_depth=64, min_samples_split=2, min_samples_leaf=1, seed=seed)
    fanova.fit(np.array(columns).T, np.array([t.value for t in trials]), np.array(bounds), groups)
    raw = {name: fanova.get_importance(i)[0] for i, name in enumerate(names)}
    total = sum(raw.values())
    return {name: value / total for name, value in raw.items()}


out = {}
for problem, objective in [("hartmann6", hartmann_objective), ("gbm_like", gbm_objective)]:
    study = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=0))
    study.optimize(objective, n_trials=200)
    out[problem] = {
        "trials": [{"params": t.params, "value": t.value} for t in study.trials],
        "optuna": [dict(get_param_importances(study, evaluator=FanovaImportanceEvaluator(seed=s))) for s in SEEDS],
        "optuna_log_space": [log_space_importances(study, s) for s in SEEDS],
    }

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "optuna-fanova.json")
with open(path, "w") as f:
    json.dump({"optuna_version": optuna.__version__, **out}, f, indent=1)
for problem in ["hartmann6", "gbm_like"]:
    for key in ["optuna", "optuna_log_space"]:
        print(problem, key)
        for r in out[problem][key]:
            print("  ", {k: round(v, 3) for k, v in sorted(r.items(), key=lambda kv: -kv[1])})
