"""Migrations on a real PostgreSQL server: empty to head, exactly the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import URL

from ideowork.db.migrate import current_revision, head_revision
from ideowork.db.models import Base
from ideowork.services.database import open_database


def test_empty_postgres_database_upgrades_to_head_matching_the_models(pg_url: URL) -> None:
    db = open_database(pg_url.render_as_string(hide_password=False))
    try:
        assert db.engine.dialect.name == "postgresql"
        assert current_revision(db) == head_revision()
        with db.engine.connect() as connection:
            assert set(Base.metadata.tables) <= set(inspect(connection).get_table_names())
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert differences == []
    finally:
        db.dispose()
