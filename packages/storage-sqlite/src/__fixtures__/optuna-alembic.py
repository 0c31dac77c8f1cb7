"""Move a database between schema revisions with Optuna's own alembic migrations.

Usage: /usr/bin/python3 optuna-alembic.py DB_PATH upgrade|downgrade REVISION
REVISION is an alembic revision (v3.0.0.b, ...) or "head".
"""
import logging
import os
import sys
import warnings

from alembic import command, config
import optuna.storages._rdb as rdb

warnings.simplefilter("ignore")
logging.disable(logging.WARNING)
directory = os.path.dirname(rdb.__file__)
cfg = config.Config(os.path.join(directory, "alembic.ini"))
cfg.set_main_option("script_location", os.path.join(directory, "alembic"))
cfg.set_main_option("sqlalchemy.url", "sqlite:///" + os.path.abspath(sys.argv[1]))
getattr(command, sys.argv[2])(cfg, sys.argv[3])
