"""Python Optuna 3.1 doing the workload of measure-per-trial-cost.ts on the same PostgreSQL, for reference:
ask + 10 suggest_* (each a storage write) + tell + get_trials, N trials in one study.

    python3 optuna_per_trial_cost.py postgresql://postgres@127.0.0.1:5432/<db> [N]
"""

import sys
import time
import warnings

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)
warnings.simplefilter("ignore")

url = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
study = optuna.create_study(storage=url, study_name=f"per-trial-cost-{time.time()}", sampler=optuna.samplers.RandomSampler(seed=0))
windows = []
start = window = time.perf_counter()
for i in range(n):
    trial = study.ask()
    for p in range(10):
        kind = p % 5
        if kind == 0:
            trial.suggest_float(f"p{p}", 0, 1)
        elif kind == 1:
            trial.suggest_float(f"p{p}", 1e-5, 1, log=True)
        elif kind == 2:
            trial.suggest_int(f"p{p}", 1, 100)
        elif kind == 3:
            trial.suggest_categorical(f"p{p}", ["a", "b", "c"])
        else:
            trial.suggest_float(f"p{p}", -10, 10, step=0.5)
    study.tell(trial, i * 0.001)
    trials = study.get_trials(deepcopy=False)
    assert len(trials) == i + 1
    if (i + 1) % 100 == 0:
        windows.append((time.perf_counter() - window) * 1000 / 100)
        window = time.perf_counter()
elapsed = (time.perf_counter() - start) * 1000
print(f"Python Optuna 3.1: {n} trials in {elapsed / 1000:.2f} s = {elapsed / n:.3f} ms per trial")
print(f"  ms per trial by 100-trial window: {' '.join(f'{w:.2f}' for w in windows)} (fastest window {min(windows):.2f} ms)")
