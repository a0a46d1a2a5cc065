"""Where things live: shipped resources (aware of the frozen build) and the user's data."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_path

from ideowork import APP_NAME

DB_ENV_VAR = "IDEOWORK_DB"
DATA_DIR_ENV_VAR = "IDEOWORK_DATA_DIR"


def keep_files_private() -> None:
    """Files and folders the app creates are its user's alone (0600/0700 on Linux): the
    ledgers hold names and phone numbers. Called once, first thing, by the entry point."""
    if os.name == "posix":
        os.umask(0o077)


def resources_dir() -> Path:
    """The shipped resources/ folder: beside the package in a checkout, in _MEIPASS when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def data_dir() -> Path:
    """The user's data folder (database, backups, generated documents, logs)."""
    override = os.environ.get(DATA_DIR_ENV_VAR)
    path = Path(override) if override else user_data_path(APP_NAME, appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return data_dir() / "ideowork.sqlite3"


def backups_dir_for(db_file: Path) -> Path:
    """Backups sit beside the database they protect, so a copied data folder stays whole."""
    return db_file.parent / "backups"


def documents_dir() -> Path:
    path = data_dir() / "documents"
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path
