"""Where things live: shipped resources (aware of the frozen build) and the user's data, which
is its user's alone (folders 0700, files 0600 on Linux: the ledgers hold names and phones)."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from platformdirs import user_data_path

from ideowork import APP_NAME

DB_ENV_VAR = "IDEOWORK_DB"
DATA_DIR_ENV_VAR = "IDEOWORK_DATA_DIR"

# The data folder's own subfolders, each the app's alone to the last file.
APP_SUBFOLDERS = ("documents", "logs", "backups")

# The files SQLite keeps beside a database, and the one-instance lock beside it.
DATABASE_COMPANIONS = ("-wal", "-shm", "-journal", ".lock")

GROUP_AND_OTHERS = 0o077


def keep_files_private() -> None:
    """Files and folders the app creates are its user's alone, and those an earlier version
    left readable by others are made so. Called once, first thing, by every entry point."""
    if os.name != "posix":
        return
    os.umask(GROUP_AND_OTHERS)
    root = _data_location()
    if not root.is_dir():
        return  # created private when first needed; `--help` creates nothing
    make_private(root)
    for entry in root.iterdir():
        if entry.name in APP_SUBFOLDERS:
            make_tree_private(entry)
        elif not entry.is_symlink() and entry.is_file():
            make_private(entry)


def make_private(path: Path) -> bool:
    """Take group's and others' permissions off one of the user's own files or folders;
    True if it had any.

    Links are left alone (their target may be anybody's); so are files of other users and
    file systems without permissions (a FAT USB stick refuses chmod)."""
    if os.name != "posix":
        return False
    try:
        status = path.lstat()
        if stat.S_ISLNK(status.st_mode) or status.st_uid != os.geteuid():
            return False
        mode = stat.S_IMODE(status.st_mode)
        if not mode & GROUP_AND_OTHERS:
            return False
        os.chmod(path, mode & ~GROUP_AND_OTHERS)
        return True
    except OSError:
        return False


def make_tree_private(root: Path) -> None:
    """`make_private` on a folder and, if it was open to others, everything in it (links
    are not followed). A private folder is not walked: nobody else can reach inside it, and
    every start would otherwise stat each document ever made."""
    if os.name != "posix" or root.is_symlink() or not root.is_dir():
        return
    if not make_private(root):
        return
    for folder, subfolders, files in os.walk(root):
        for name in (*subfolders, *files):
            make_private(Path(folder) / name)


def make_database_private(db_file: Path) -> None:
    """A SQLite database, the files SQLite keeps beside it and its backups: its user's alone.
    (SQLite gives new -wal and -shm files the database file's permissions.)"""
    make_private(db_file)
    for suffix in DATABASE_COMPANIONS:
        make_private(db_file.with_name(db_file.name + suffix))
    make_tree_private(backups_dir_for(db_file))


def private_folder(path: Path) -> Path:
    """An app-owned folder: created 0700, or made so if it was left open to others."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    make_private(path)
    return path


def resources_dir() -> Path:
    """The shipped resources/ folder: beside the package in a checkout, in _MEIPASS when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def _data_location() -> Path:
    override = os.environ.get(DATA_DIR_ENV_VAR)
    return Path(override) if override else user_data_path(APP_NAME, appauthor=False)


def data_dir() -> Path:
    """The user's data folder (database, backups, generated documents, logs)."""
    return private_folder(_data_location())


def default_db_path() -> Path:
    return data_dir() / "ideowork.sqlite3"


def lock_file_for(db_file: Path) -> Path:
    """The lock that keeps a second window from editing the database at the same time."""
    return db_file.with_name(db_file.name + ".lock")


def backups_dir_for(db_file: Path) -> Path:
    """Backups sit beside the database they protect, so a copied data folder stays whole."""
    return db_file.parent / "backups"


def documents_dir() -> Path:
    return private_folder(data_dir() / "documents")


def log_dir() -> Path:
    return private_folder(data_dir() / "logs")
