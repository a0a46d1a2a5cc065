"""Opening the database for a session of the app: resolve, migrate (after a backup), hand out."""

from __future__ import annotations

from ideowork.db.engine import Database, resolve_db_url
from ideowork.db.migrate import upgrade_to_head


def open_database(target: str | None = None) -> Database:
    """The database named by --db / IDEOWORK_DB / the default, at the newest schema."""
    db = Database(resolve_db_url(target))
    try:
        upgrade_to_head(db)
    except Exception:
        db.dispose()
        raise
    return db
