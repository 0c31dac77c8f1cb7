"""Optuna 3.1 reference figures for bench/src/multi-objective.ts.

Runs Optuna's NSGAIISampler (defaults: population 50, uniform crossover) and RandomSampler on the
problems of multi-objective.ts (same definitions, same seeds 0..N-1) and writes, per problem,
sampler and seed, the final feasible Pareto front and its hypervolume w.r.t. the fixed reference
point, to bench/data/optuna-multi-objective.json.

    /usr/bin/python3 bench/src/optuna_multi_objective.py --trials 300 --seeds 5

Needs optuna 3.1 (Debian bookworm: apt-get install python3-optuna).
"""

import argparse
import json
import math
import os
import time

import numpy as np
import optuna
from optuna._hypervolume import WFG

optuna.logging.set_verbosity(optuna.logging.WARNING)


def zdt(kind, n):
    def objective(trial):
        x = [trial.suggest_float(f"x{i}", 0.0, 1.0) for i in range(n)]
        f1 = x[0]
        g = 1.0 + 9.0 * sum(x[1:]) / (n - 1)
        if kind == 1:
            f2 = g * (1.0 - math.sqrt(f1 / g))
        else:
            f2 = g * (1.0 - (f1 / g) ** 2)
        return f1, f2

    return objective


def binh_korn(trial):
    x = trial.suggest_float("x", 0.0, 5.0)
    y = trial.suggest_float("y", 0.0, 3.0)
    trial.set_user_attr("constraints", [(x - 5.0) ** 2 + y**2 - 25.0, 7.7 - (x - 8.0) ** 2 - (y + 3.0) ** 2])
    return 4.0 * x**2 + 4.0 * y**2, (x - 5.0) ** 2 + (y - 5.0) ** 2


def c2_dtlz2(n, r):
    def objective(trial):
        x = [trial.suggest_float(f"x{i}", 0.0, 1.0) for i in range(n)]
        g = sum((xi - 0.5) ** 2 for xi in x[1:])
        f = [(1.0 + g) * math.cos(x[0] * math.pi / 2.0), (1.0 + g) * math.sin(x[0] * math.pi / 2.0)]
        m = len(f)
        corner = min((f[i] - 1.0) ** 2 + sum(f[j] ** 2 for j in range(m) if j != i) - r**2 for i in range(m))
        centre = sum((fi - 1.0 / math.sqrt(m)) ** 2 for fi in f) - r**2
        trial.set_user_attr("constraints", [min(corner, centre)])
        return tuple(f)

    return objective


PROBLEMS = {
    "zdt1": {"objective": zdt(1, 10), "reference": [1.1, 11.0], "constrained": False},
    "zdt2": {"objective": zdt(2, 10), "reference": [1.1, 11.0], "constrained": False},
    "binh_korn": {"objective": binh_korn, "reference": [140.0, 50.0], "constrained": True},
    "c2_dtlz2": {"objective": c2_dtlz2(6, 0.2), "reference": [1.5, 1.5], "constrained": True},
}


def constraints_func(trial):
    return trial.user_attrs["constraints"]


def front_and_hypervolume(study, problem):
    points = []
    for trial in study.get_trials(deepcopy=False, states=[optuna.trial.TrialState.COMPLETE]):
        if problem["constrained"] and any(c > 0 for c in trial.user_attrs["constraints"]):
            continue
        points.append(list(trial.values))
    if not points:
        return [], 0.0
    pts = np.array(points)
    mask = np.ones(len(pts), dtype=bool)
    for i in range(len(pts)):
        dominated = np.all(pts <= pts[i], axis=1) & np.any(pts < pts[i], axis=1)
        if dominated.any():
            mask[i] = False
    front = pts[mask]
    reference = np.array(problem["reference"])
    inside = front[np.all(front < reference, axis=1)]
    hv = float(WFG().compute(inside, reference)) if len(inside) else 0.0
    return front.tolist(), hv


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=300)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "data", "optuna-multi-objective.json"))
    args = parser.parse_args()
    results = {}
    for name, problem in PROBLEMS.items():
        results[name] = {"reference": problem["reference"], "samplers": {}}
        for sampler_name in ["nsga2", "random"]:
            runs = []
            for seed in range(args.seeds):
                cf = constraints_func if problem["constrained"] else None
                if sampler_name == "nsga2":
                    sampler = optuna.samplers.NSGAIISampler(seed=seed, constraints_func=cf)
                else:
                    sampler = optuna.samplers.RandomSampler(seed=seed)
                study = optuna.create_study(directions=["minimize", "minimize"], sampler=sampler)
                start = time.perf_counter()
                study.optimize(problem["objective"], n_trials=args.trials)
                seconds = time.perf_counter() - start
                front, hv = front_and_hypervolume(study, problem)
                runs.append({"seed": seed, "hypervolume": hv, "front": front, "seconds": seconds})
                print(f"{name} {sampler_name} seed {seed}: hv {hv:.6g} ({seconds:.1f} s)", flush=True)
            results[name]["samplers"][sampler_name] = runs
    with open(args.out, "w") as f:
        json.dump({"optuna": optuna.__version__, "nTrials": args.trials, "nSeeds": args.seeds, "results": results}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
