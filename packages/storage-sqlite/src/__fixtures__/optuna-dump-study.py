"""Print what Python Optuna reads from a study: /usr/bin/python3 optuna-dump-study.py DB_PATH STUDY_NAME

Opening the storage runs Optuna's schema check: a database that needs migrating fails here.
"""
import json
import sys
import warnings

import optuna

from optuna_dump import dump_study

warnings.simplefilter("ignore")
optuna.logging.set_verbosity(optuna.logging.WARNING)
print(json.dumps(dump_study("sqlite:///" + sys.argv[1], sys.argv[2])))
