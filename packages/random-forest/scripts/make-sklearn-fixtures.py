#!/usr/bin/python3
"""Reference numbers from scikit-learn for @tunekit/random-forest's tests.

Writes src/__fixtures__/sklearn-metrics.json (metric values), sklearn-folds.json (fold
sizes and class counts of StratifiedKFold / KFold on the fixture CSVs) and
src/__fixtures__/sklearn-trees.json (single decision trees, grown without bootstrap
and with every feature examined, so that scikit-learn's tree is fully determined by
its semantics except for exact ties between features, which these data sets avoid).

Run with Debian's scikit-learn 1.2.1:  /usr/bin/python3 scripts/make-sklearn-fixtures.py
"""
import json
import os

import numpy as np
import sklearn
from sklearn.metrics import (accuracy_score, balanced_accuracy_score, f1_score, log_loss,
                             mean_absolute_error, mean_squared_error, r2_score, roc_auc_score)
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "src", "__fixtures__")


def floats(a):
    return [float(v) for v in np.asarray(a).ravel()]


def metric_cases():
    rng = np.random.RandomState(7)
    cases = []
    # Binary, 0/1 labels, probabilities rounded to one decimal (many ties for ROC AUC).
    n = 40
    y = rng.randint(0, 2, n)
    p1 = np.round(np.clip(0.35 * y + rng.uniform(0, 0.65, n), 0, 1), 1)
    proba = np.stack([1 - p1, p1], axis=1)
    pred = (p1 >= 0.5).astype(int)
    cases.append({
        "name": "binary-01", "yTrue": y.tolist(), "yPred": pred.tolist(), "probabilities": proba.tolist(),
        "labels": [0, 1],
        "accuracy": accuracy_score(y, pred), "balancedAccuracy": balanced_accuracy_score(y, pred),
        "f1": f1_score(y, pred), "f1Macro": f1_score(y, pred, average="macro"),
        "logLoss": log_loss(y, proba), "rocAuc": roc_auc_score(y, p1),
    })
    # Multiclass with string labels; probabilities include exact zeros and ones (log loss clipping).
    labels = ["ant", "bee", "cat", "dog"]
    n = 60
    yi = rng.randint(0, 4, n)
    raw = rng.dirichlet(np.ones(4) * 0.7, n)
    raw[np.arange(n), yi] += 0.4
    raw = raw / raw.sum(axis=1, keepdims=True)
    raw[0] = [1.0, 0.0, 0.0, 0.0]  # confident; row 0's true class decides the cost
    raw[1] = [0.25, 0.25, 0.25, 0.25]
    predi = raw.argmax(axis=1)
    yt = [labels[i] for i in yi]
    yp = [labels[i] for i in predi]
    cases.append({
        "name": "multiclass-strings", "yTrue": yt, "yPred": yp, "probabilities": raw.tolist(), "labels": labels,
        "accuracy": accuracy_score(yt, yp), "balancedAccuracy": balanced_accuracy_score(yt, yp),
        "f1Macro": f1_score(yt, yp, average="macro"),
        "logLoss": log_loss(yt, raw, labels=labels),
        "rocAuc": roc_auc_score(yt, raw, multi_class="ovr", average="macro", labels=labels),
    })
    # Predictions containing a class absent from yTrue (balanced accuracy ignores it; macro F1 counts it).
    yt = [0, 0, 1, 1, 1, 2, 2, 2]
    yp = [0, 3, 1, 1, 0, 2, 3, 2]
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cases.append({"name": "unseen-predicted-class", "yTrue": yt, "yPred": yp,
                      "accuracy": accuracy_score(yt, yp), "balancedAccuracy": balanced_accuracy_score(yt, yp),
                      "f1Macro": f1_score(yt, yp, average="macro")})
    # Regression.
    yr = rng.normal(3, 2, 50)
    pr = yr + rng.normal(0, 0.8, 50)
    cases.append({"name": "regression", "yTrue": floats(yr), "yPred": floats(pr),
                  "rmse": float(np.sqrt(mean_squared_error(yr, pr))), "mae": mean_absolute_error(yr, pr),
                  "r2": r2_score(yr, pr)})
    return cases


def tree_json(tree, classifier):
    t = tree.tree_
    value = t.value[:, 0, :]
    if classifier:
        value = value / value.sum(axis=1, keepdims=True)
    else:
        value = value[:, 0]
    return {
        "nodeCount": int(t.node_count),
        "left": [int(v) for v in t.children_left], "right": [int(v) for v in t.children_right],
        "feature": [int(v) if v >= 0 else -1 for v in t.feature],
        "threshold": floats(t.threshold), "impurity": floats(t.impurity),
        "nNodeSamples": [int(v) for v in t.n_node_samples], "value": floats(value),
        "featureImportances": floats(tree.feature_importances_),
    }


def tree_cases():
    rng = np.random.RandomState(3)
    cases = []
    # One feature: no ties between features can exist, so full-depth trees are determined.
    x1 = np.round(rng.normal(size=(70, 1)), 3)
    y1 = ((x1[:, 0] > 0.3).astype(int) + (x1[:, 0] > -0.8).astype(int) + (rng.uniform(size=70) < 0.2)) % 3
    yr1 = np.sin(2 * x1[:, 0]) + rng.normal(0, 0.2, 70)
    # Four features, stopping rules that keep nodes large (ties between features improbable).
    x4 = np.round(rng.normal(size=(120, 4)), 3)
    y4 = ((x4[:, 0] + 0.6 * x4[:, 1] > 0).astype(int) + (x4[:, 2] > 0.7).astype(int) + (rng.uniform(size=120) < 0.15)) % 3
    yr4 = x4[:, 0] * 2 - x4[:, 3] ** 2 + rng.normal(0, 0.3, 120)
    specs = [
        ("gini-1d-full", x1, y1, True, dict(criterion="gini")),
        ("entropy-1d-full", x1, y1, True, dict(criterion="entropy")),
        ("gini-1d-leaf3", x1, y1, True, dict(criterion="gini", min_samples_leaf=3)),
        ("mse-1d-full", x1, yr1, False, dict()),
        ("gini-4d-limited", x4, y4, True, dict(criterion="gini", max_depth=4, min_samples_split=12)),
        ("entropy-4d-limited", x4, y4, True, dict(criterion="entropy", max_depth=4, min_samples_split=20)),
        ("mse-4d-limited", x4, yr4, False, dict(max_depth=4, min_samples_split=15, min_samples_leaf=4)),
    ]
    for name, x, y, classifier, params in specs:
        model = (DecisionTreeClassifier if classifier else DecisionTreeRegressor)(random_state=0, **params)
        model.fit(x, y)
        # The fixture is only meaningful if no two features tie for a split: then every
        # random_state (feature visiting order) grows the same tree.
        for state in range(1, 20):
            other = (DecisionTreeClassifier if classifier else DecisionTreeRegressor)(random_state=state, **params).fit(x, y)
            if not (np.array_equal(other.tree_.feature, model.tree_.feature) and np.array_equal(other.tree_.threshold, model.tree_.threshold)):
                raise SystemExit(f"{name}: features tie (random_state {state} grows another tree); change the case")
        ours = {"nEstimators": 1, "bootstrap": False, "maxFeatures": 1,
                "maxDepth": params.get("max_depth"), "minSamplesLeaf": params.get("min_samples_leaf", 1),
                "minSamplesSplit": params.get("min_samples_split", 2),
                "criterion": {"gini": "gini", "entropy": "entropy"}.get(params.get("criterion"), "gini") if classifier else "mse"}
        cases.append({"name": name, "task": "classification" if classifier else "regression",
                      "x": x.tolist(), "y": [int(v) for v in y] if classifier else floats(y),
                      "params": ours, "tree": tree_json(model, classifier)})
    return cases


def fold_cases():
    """StratifiedKFold / KFold: per fold, the validation size and class counts (independent of the
    shuffle), for the fixture CSVs and a few fold counts."""
    from sklearn.model_selection import KFold, StratifiedKFold
    cases = []
    for name in ["breast_cancer.csv", "digits-500.csv"]:
        y = np.loadtxt(os.path.join(OUT, name), delimiter=",", skiprows=1)[:, -1].astype(int)
        for k in [2, 5, 7]:
            folds = []
            for _, test in StratifiedKFold(n_splits=k, shuffle=True, random_state=0).split(np.zeros(len(y)), y):
                folds.append({str(c): int((y[test] == c).sum()) for c in np.unique(y)})
            sizes = [int(len(test)) for _, test in KFold(n_splits=k, shuffle=True, random_state=0).split(np.zeros(len(y)))]
            cases.append({"file": name, "folds": k, "stratifiedClassCounts": folds, "kFoldSizes": sizes})
    return cases


def main():
    os.makedirs(OUT, exist_ok=True)
    meta = {"script": "scripts/make-sklearn-fixtures.py", "sklearn": sklearn.__version__, "numpy": np.__version__}
    with open(os.path.join(OUT, "sklearn-metrics.json"), "w") as f:
        json.dump({"meta": meta, "cases": metric_cases()}, f, indent=1)
    with open(os.path.join(OUT, "sklearn-folds.json"), "w") as f:
        json.dump({"meta": meta, "cases": fold_cases()}, f)
    with open(os.path.join(OUT, "sklearn-trees.json"), "w") as f:
        json.dump({"meta": meta, "cases": tree_cases()}, f)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
