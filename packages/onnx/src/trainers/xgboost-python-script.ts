/**
 * The training script the Python runner of `createXGBoostTrainer` runs (`python3 -c`): trains
 * with `xgb.train`, prints one JSON line per round (`{"step": i, "value": v}`: the command-trainer
 * protocol), writes JSON checkpoints every `save_period` rounds and the final model as JSON.
 */
export const XGBOOST_PYTHON_SCRIPT = String.raw`
import json, os, sys
import xgboost as xgb

config = json.load(open(sys.argv[1]))
train = xgb.DMatrix(config['train'] + '?format=libsvm')
valid = xgb.DMatrix(config['valid'] + '?format=libsvm')
metric = config['metric']
period = config['save_period']


class Report(xgb.callback.TrainingCallback):
    def after_iteration(self, model, epoch, evals_log):
        value = float(evals_log['valid'][metric][-1])
        if period > 0 and (epoch + 1) % period == 0:
            model.save_model(os.path.join(config['checkpoint_dir'], '%04d.json' % (epoch + 1)))
        print(json.dumps({'step': epoch, 'value': value, 'metric': 'valid-' + metric}), flush=True)
        return False


booster = xgb.train(config['params'], train, config['num_round'], evals=[(valid, 'valid')], callbacks=[Report()], verbose_eval=False)
booster.save_model(config['model_out'])
`;
