"""record identity (uid, origin unit), who made each audited change, ledger sort indexes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30

Every record that can travel to another PC or unit gets a uid (UUID) and the uid of the unit
it was made in. Audit entries get the acting user and workstation; the entries already there
keep their hash (scheme 1), new ones hash the actor too (scheme 2).
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRAVELLING_TABLES = (
    "unit",
    "office",
    "person",
    "task",
    "task_progress",
    "study_session",
    "quota_rule",
    "sentiment_case",
    "finding",
    "generated_document",
)

SENTIMENT_SORT_COLUMNS = (
    "case_no",
    "title",
    "severity",
    "office_id",
    "deadline",
    "satisfaction",
    "status",
)


def upgrade() -> None:
    connection = op.get_bind()
    for table in TRAVELLING_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("uid", sa.String(length=36), nullable=True))
            batch.add_column(sa.Column("origin", sa.String(length=36), nullable=True))
        ids = [row[0] for row in connection.execute(sa.text(f"SELECT id FROM {table}"))]
        if ids:
            connection.execute(
                sa.text(f"UPDATE {table} SET uid = :uid WHERE id = :id"),
                [{"uid": str(uuid.uuid4()), "id": row_id} for row_id in ids],
            )
    unit_uid = connection.execute(sa.text("SELECT uid FROM unit ORDER BY id LIMIT 1")).scalar()
    for table in TRAVELLING_TABLES:
        connection.execute(sa.text(f"UPDATE {table} SET origin = :origin"), {"origin": unit_uid or ""})
        with op.batch_alter_table(table) as batch:
            batch.alter_column("uid", existing_type=sa.String(length=36), nullable=False)
            batch.alter_column("origin", existing_type=sa.String(length=36), nullable=False)
            batch.create_unique_constraint(batch.f(f"uq_{table}_uid"), ["uid"])

    # The sentiment ledger sorts 100 000 cases by any of its columns: by index.
    with op.batch_alter_table("sentiment_case") as batch:
        for column in SENTIMENT_SORT_COLUMNS:
            batch.create_index(batch.f(f"ix_sentiment_case_{column}"), [column], unique=False)

    with op.batch_alter_table("audit_entry") as batch:
        batch.add_column(sa.Column("actor", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("workstation", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("scheme", sa.Integer(), nullable=True))
    connection.execute(sa.text("UPDATE audit_entry SET actor = '', workstation = '', scheme = 1"))
    with op.batch_alter_table("audit_entry") as batch:
        batch.alter_column("actor", existing_type=sa.String(length=100), nullable=False)
        batch.alter_column("workstation", existing_type=sa.String(length=100), nullable=False)
        batch.alter_column("scheme", existing_type=sa.Integer(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("sentiment_case") as batch:
        for column in SENTIMENT_SORT_COLUMNS:
            batch.drop_index(batch.f(f"ix_sentiment_case_{column}"))
    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_column("scheme")
        batch.drop_column("workstation")
        batch.drop_column("actor")
    for table in TRAVELLING_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"uq_{table}_uid", type_="unique")
            batch.drop_column("origin")
            batch.drop_column("uid")
