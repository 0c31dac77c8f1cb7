#!/usr/bin/python3
"""Regenerate the fixtures of @tunekit/onnx with the real XGBoost, scikit-learn and onnx.

    /usr/bin/python3 packages/onnx/src/__fixtures__/make-fixtures.py

Debian bookworm packages: python3-xgboost (1.7.4), xgboost (CLI, same version), python3-sklearn
(1.2.1), python3-onnx (1.12). Everything is seeded, so a rerun with the same versions reproduces
the files byte for byte (the versions used are written to versions.json).

Outputs (kept small on purpose: a few hundred KB in total):
  xgboost/<name>.json      XGBoost models as `Booster.save_model('m.json')` writes them
  xgboost/<name>.model     models in XGBoost's legacy binary format, written by the `xgboost` CLI
  xgboost-predictions.json for each model: the test rows and XGBoost's own predictions
  onnx/*.onnx              tree ensembles exported from scikit-learn by the small converter below
  onnx-predictions.json    scikit-learn's own predictions for those ONNX models
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
import sklearn
import xgboost as xgb
from onnx import TensorProto, helper, numpy_helper
from sklearn.ensemble import GradientBoostingRegressor, RandomForestClassifier

HERE = os.path.dirname(os.path.abspath(__file__))
N_FEATURES = 6
N_TRAIN = 300
N_TEST = 40  # the first half complete, the second half with missing values


def f32(a):
    return np.asarray(a, dtype=np.float32)


def make_data(rng, n, missing_rate):
    x = f32(rng.normal(size=(n, N_FEATURES)))
    signal = x[:, 0] + 0.8 * x[:, 1] * x[:, 2] - 0.5 * np.abs(x[:, 3])
    if missing_rate > 0:
        mask = rng.random(size=x.shape) < missing_rate
        x = x.copy()
        x[mask] = np.nan
    return x, signal


def labels(objective, signal, rng):
    if objective == 'reg:squarederror':
        return signal + 0.3 * rng.normal(size=signal.shape) + 2.0
    if objective == 'reg:logistic':
        return 1 / (1 + np.exp(-2 * signal))  # targets in [0, 1]
    if objective in ('binary:logistic', 'binary:logitraw'):
        return (signal + 0.3 * rng.normal(size=signal.shape) > 0).astype(np.float32)
    if objective in ('multi:softprob', 'multi:softmax'):
        return np.digitize(signal + 0.3 * rng.normal(size=signal.shape), [-0.5, 0.5]).astype(np.float32)
    if objective == 'count:poisson':
        return rng.poisson(np.exp(0.5 * signal)).astype(np.float32)
    raise ValueError(objective)


def test_rows(rng):
    complete, _ = make_data(rng, N_TEST // 2, 0.0)
    with_missing, _ = make_data(rng, N_TEST // 2, 0.35)
    return np.vstack([complete, with_missing])


def short(v):
    # The shortest decimal that reads back as the same float32 (half the size of a double's repr).
    return float(str(np.float32(v)))


def rows_json(x):
    return [[None if np.isnan(v) else short(v) for v in row] for row in x]


def preds_json(p):
    p = f32(p)
    return [short(v) for v in p] if p.ndim == 1 else [[short(v) for v in row] for row in p]


CUSTOM_BASE = {
    'reg:squarederror': 3.0,
    'reg:logistic': 0.3,
    'binary:logistic': 0.3,
    'binary:logitraw': 0.7,
    'multi:softprob': 0.2,
    'multi:softmax': 0.2,
    'count:poisson': 2.0,
}


def xgboost_models(out_dir):
    records = {}
    specs = []
    for objective in CUSTOM_BASE:
        slug = objective.replace(':', '_')
        specs.append((f'{slug}-complete', objective, 0.0, {}))
        specs.append((f'{slug}-missing', objective, 0.25, {'base_score': CUSTOM_BASE[objective]}))
    # A random forest inside boosting: 3 parallel trees per round.
    specs.append(('binary_logistic-forest', 'binary:logistic', 0.1, {'num_parallel_tree': 3, 'subsample': 0.8, 'colsample_bynode': 0.8}))
    # Single-leaf trees: rounds 1-4 use a gamma (min_split_loss) no split can meet, from a base_score far
    # from the labels so the leaves carry non-zero values; rounds 5-8 continue normally.
    specs.append(('reg_squarederror-single-leaf', 'reg:squarederror', 0.0, {'base_score': 10.0, 'eta': 0.5}))
    for index, (name, objective, missing_rate, extra) in enumerate(specs):
        rng = np.random.default_rng(1000 + index)
        x, signal = make_data(rng, N_TRAIN, missing_rate)
        y = labels(objective, signal, rng)
        params = {'objective': objective, 'max_depth': 3, 'eta': 0.3, 'seed': index, 'nthread': 1, **extra}
        if objective.startswith('multi:'):
            params['num_class'] = 3
        rounds = 6
        if name.endswith('single-leaf'):
            booster = xgb.train({**params, 'gamma': 1e9}, xgb.DMatrix(x, label=y), rounds // 2)
            booster = xgb.train({**params, 'gamma': 0.0}, xgb.DMatrix(x, label=y), rounds - rounds // 2, xgb_model=booster)
        else:
            booster = xgb.train(params, xgb.DMatrix(x, label=y), rounds)
        booster.save_model(os.path.join(out_dir, f'{name}.json'))
        xt = test_rows(rng)
        dtest = xgb.DMatrix(xt)
        record = {
            'objective': objective,
            'params': params,
            'rounds': rounds,
            'rows': rows_json(xt),
            'predict': preds_json(booster.predict(dtest)),
            'margin': preds_json(booster.predict(dtest, output_margin=True)),
            # The first 3 rounds only (XGBoost's iteration_range, what ntreeLimit maps to).
            'predictFirst3Rounds': preds_json(booster.predict(dtest, iteration_range=(0, 3))),
        }
        if objective == 'multi:softmax':
            # The probabilities behind the labels: the same trees under multi:softprob.
            prob = xgb.Booster(model_file=os.path.join(out_dir, f'{name}.json'))
            prob.set_param({'objective': 'multi:softprob'})
            record['probabilities'] = preds_json(prob.predict(dtest))
        trees = json.load(open(os.path.join(out_dir, f'{name}.json')))['learner']['gradient_booster']['model']['trees']
        # XGBoost keeps pruned nodes in the arrays (tree_param.num_deleted): a single-leaf tree is one
        # whose root is a leaf, whatever num_nodes says.
        record['singleLeafTrees'] = sum(1 for tree in trees if tree['left_children'][0] == -1)
        records[name] = record
    return records


def legacy_binary_models(out_dir):
    """Models written by the `xgboost` CLI (legacy binary format), and XGBoost's predictions for them."""
    records = {}
    for name, objective, extra in (
        ('cli-binary_logistic', 'binary:logistic', ''),
        ('cli-multi_softprob', 'multi:softprob', 'num_class = 3\n'),
    ):
        rng = np.random.default_rng(7)
        x, signal = make_data(rng, N_TRAIN, 0.2)
        y = labels(objective, signal, rng)
        with tempfile.TemporaryDirectory() as tmp:
            train = os.path.join(tmp, 'train.libsvm')
            with open(train, 'w') as handle:
                for row, label in zip(x, y):
                    cells = ' '.join(f'{j}:{float(v)!r}' for j, v in enumerate(row) if not np.isnan(v))
                    handle.write(f'{int(label) if objective != "reg:squarederror" else label} {cells}\n')
            config = os.path.join(tmp, 'train.conf')
            with open(config, 'w') as handle:
                handle.write(f'objective = {objective}\n{extra}max_depth = 3\neta = 0.3\nnum_round = 6\nnthread = 1\n'
                             f'save_period = 0\ndata = "{train}?format=libsvm"\nmodel_out = {tmp}/out.model\nbase_score = 0.4\n')
            subprocess.run(['/usr/bin/xgboost', config], check=True, capture_output=True)
            with open(os.path.join(tmp, 'out.model'), 'rb') as handle:
                binary = handle.read()
        with open(os.path.join(out_dir, f'{name}.model'), 'wb') as handle:
            handle.write(binary)
        booster = xgb.Booster(model_file=os.path.join(out_dir, f'{name}.model'))
        booster.save_model(os.path.join(out_dir, f'{name}.json'))
        xt = test_rows(rng)
        records[name] = {
            'objective': objective,
            'rows': rows_json(xt),
            'predict': preds_json(booster.predict(xgb.DMatrix(xt))),
        }
    return records


# ---- scikit-learn → ONNX (a small converter of our own: no skl2onnx in Debian) ----

def tree_arrays(tree, tree_id, weight_of_leaf):
    """ONNX TreeEnsemble* node attributes of one scikit-learn tree (mode BRANCH_LEQ: x <= t goes left)."""
    t = tree.tree_
    nodes = {k: [] for k in ('treeids', 'nodeids', 'featureids', 'values', 'modes', 'true', 'false', 'missing')}
    leaves = []
    for node in range(t.node_count):
        nodes['treeids'].append(tree_id)
        nodes['nodeids'].append(node)
        if t.children_left[node] == -1:
            nodes['featureids'].append(0)
            nodes['values'].append(0.0)
            nodes['modes'].append('LEAF')
            nodes['true'].append(0)
            nodes['false'].append(0)
            leaves.extend((tree_id, node, target, weight) for target, weight in weight_of_leaf(node))
        else:
            nodes['featureids'].append(int(t.feature[node]))
            nodes['values'].append(float(t.threshold[node]))
            nodes['modes'].append('BRANCH_LEQ')
            nodes['true'].append(int(t.children_left[node]))
            nodes['false'].append(int(t.children_right[node]))
        nodes['missing'].append(0)
    return nodes, leaves


def ensemble_attributes(trees, weight_of_leaf, prefix):
    merged = {k: [] for k in ('treeids', 'nodeids', 'featureids', 'values', 'modes', 'true', 'false', 'missing')}
    leaves = []
    for tree_id, tree in enumerate(trees):
        nodes, tree_leaves = tree_arrays(tree, tree_id, lambda node: weight_of_leaf(tree, node))
        for key in merged:
            merged[key].extend(nodes[key])
        leaves.extend(tree_leaves)
    return {
        'nodes_treeids': merged['treeids'], 'nodes_nodeids': merged['nodeids'],
        'nodes_featureids': merged['featureids'], 'nodes_values': merged['values'],
        'nodes_modes': merged['modes'], 'nodes_truenodeids': merged['true'],
        'nodes_falsenodeids': merged['false'], 'nodes_missing_value_tracks_true': merged['missing'],
        f'{prefix}_treeids': [leaf[0] for leaf in leaves], f'{prefix}_nodeids': [leaf[1] for leaf in leaves],
        f'{prefix}_ids': [leaf[2] for leaf in leaves], f'{prefix}_weights': [float(leaf[3]) for leaf in leaves],
    }


def save_model(graph, path, ml_opset):
    model = helper.make_model(graph, producer_name='tunekit-fixtures', opset_imports=[helper.make_opsetid('', 17), helper.make_opsetid('ai.onnx.ml', ml_opset)])
    model.ir_version = 8
    if ml_opset <= 3:
        onnx.checker.check_model(model)
    onnx.save(model, path)


def sklearn_models(out_dir):
    rng = np.random.default_rng(11)
    x, signal = make_data(rng, N_TRAIN, 0.0)
    xt, _ = make_data(rng, N_TEST, 0.0)
    records = {}
    x_input = helper.make_tensor_value_info('X', TensorProto.FLOAT, [None, N_FEATURES])

    # Gradient boosting regressor → TreeEnsembleRegressor (ai.onnx.ml opset 3).
    gbr = GradientBoostingRegressor(n_estimators=10, max_depth=3, learning_rate=0.2, random_state=0).fit(x, signal)
    trees = [estimator[0] for estimator in gbr.estimators_]
    attrs = ensemble_attributes(trees, lambda tree, node: [(0, tree.tree_.value[node][0][0] * gbr.learning_rate)], 'target')
    base = float(gbr.init_.constant_[0][0])
    node = helper.make_node('TreeEnsembleRegressor', ['X'], ['variable'], domain='ai.onnx.ml', n_targets=1, base_values=[base], post_transform='NONE', **attrs)
    graph = helper.make_graph([node], 'sklearn-gbr', [x_input], [helper.make_tensor_value_info('variable', TensorProto.FLOAT, [None, 1])])
    save_model(graph, os.path.join(out_dir, 'sklearn-gbr-regressor.onnx'), 3)
    records['sklearn-gbr-regressor'] = {'rows': rows_json(xt), 'predict': gbr.predict(xt).tolist()}

    # The same regressor as the opset-5 TreeEnsemble operator (leaf nodes separate from branches).
    splits, feature_ids, true_ids, true_leafs, false_ids, false_leafs, leaf_weights, roots = [], [], [], [], [], [], [], []
    for tree in trees:
        t = tree.tree_
        branch_of, leaf_of = {}, {}
        for n in range(t.node_count):
            if t.children_left[n] == -1:
                leaf_of[n] = len(leaf_weights)
                leaf_weights.append(t.value[n][0][0] * gbr.learning_rate)
            else:
                branch_of[n] = len(splits)
                splits.append(t.threshold[n])
                feature_ids.append(int(t.feature[n]))
                true_ids.append(0)
                false_ids.append(0)
                true_leafs.append(0)
                false_leafs.append(0)
        for n, b in branch_of.items():
            for child, ids, leafs in ((t.children_left[n], true_ids, true_leafs), (t.children_right[n], false_ids, false_leafs)):
                if child in leaf_of:
                    ids[b], leafs[b] = leaf_of[child], 1
                else:
                    ids[b], leafs[b] = branch_of[child], 0
        roots.append(branch_of.get(0, leaf_of.get(0)))
    base_node = helper.make_node('Constant', [], ['base'], value=numpy_helper.from_array(f32([base])))
    ensemble = helper.make_node(
        'TreeEnsemble', ['X'], ['raw'], domain='ai.onnx.ml',
        nodes_splits=numpy_helper.from_array(f32(splits)), nodes_featureids=feature_ids,
        nodes_modes=numpy_helper.from_array(np.zeros(len(splits), dtype=np.uint8)),  # 0 = BRANCH_LEQ
        nodes_truenodeids=true_ids, nodes_trueleafs=true_leafs, nodes_falsenodeids=false_ids, nodes_falseleafs=false_leafs,
        leaf_targetids=[0] * len(leaf_weights), leaf_weights=numpy_helper.from_array(f32(leaf_weights)),
        tree_roots=roots, n_targets=1, aggregate_function=1, post_transform=0)
    add = helper.make_node('Add', ['raw', 'base'], ['variable'])
    graph = helper.make_graph([base_node, ensemble, add], 'sklearn-gbr-te5', [x_input], [helper.make_tensor_value_info('variable', TensorProto.FLOAT, [None, 1])])
    save_model(graph, os.path.join(out_dir, 'sklearn-gbr-tree-ensemble-opset5.onnx'), 5)

    # Random forest classifier (3 classes) → TreeEnsembleClassifier with probabilities averaged over trees.
    y = np.digitize(signal, [-0.5, 0.5])
    rf = RandomForestClassifier(n_estimators=5, max_depth=4, random_state=0).fit(x, y)

    def leaf_probabilities(tree, node):
        counts = tree.tree_.value[node][0]
        return [(k, counts[k] / counts.sum() / len(rf.estimators_)) for k in range(len(counts))]

    attrs = ensemble_attributes(rf.estimators_, leaf_probabilities, 'class')
    node = helper.make_node('TreeEnsembleClassifier', ['X'], ['label', 'probabilities'], domain='ai.onnx.ml', classlabels_int64s=[0, 1, 2], post_transform='NONE', **attrs)
    graph = helper.make_graph([node], 'sklearn-rf', [x_input], [
        helper.make_tensor_value_info('label', TensorProto.INT64, [None]),
        helper.make_tensor_value_info('probabilities', TensorProto.FLOAT, [None, 3]),
    ])
    save_model(graph, os.path.join(out_dir, 'sklearn-rf-classifier.onnx'), 3)
    records['sklearn-rf-classifier'] = {'rows': rows_json(xt), 'predict': rf.predict_proba(xt).tolist(), 'labels': rf.predict(xt).tolist()}
    return records


def main():
    xgb_dir = os.path.join(HERE, 'xgboost')
    onnx_dir = os.path.join(HERE, 'onnx')
    os.makedirs(xgb_dir, exist_ok=True)
    os.makedirs(onnx_dir, exist_ok=True)
    records = xgboost_models(xgb_dir)
    records.update(legacy_binary_models(xgb_dir))
    with open(os.path.join(HERE, 'xgboost-predictions.json'), 'w') as handle:
        json.dump(records, handle, separators=(',', ':'))
    with open(os.path.join(HERE, 'onnx-predictions.json'), 'w') as handle:
        json.dump(sklearn_models(onnx_dir), handle, separators=(',', ':'))
    cli = subprocess.run(['/usr/bin/xgboost', '--version'], capture_output=True, text=True)
    versions = {
        'python': sys.version.split()[0], 'xgboost': xgb.__version__, 'xgboostCli': (cli.stdout + cli.stderr).strip(),
        'numpy': np.__version__, 'sklearn': sklearn.__version__, 'onnx': onnx.__version__,
    }
    with open(os.path.join(HERE, 'versions.json'), 'w') as handle:
        json.dump(versions, handle, indent=2)
        handle.write('\n')
    print(json.dumps(versions))


if __name__ == '__main__':
    main()
