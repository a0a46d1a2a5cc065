"""Alembic environment: run in-process with a connection from ideowork.db.migrate."""

from __future__ import annotations

from alembic import context

from ideowork.db.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
