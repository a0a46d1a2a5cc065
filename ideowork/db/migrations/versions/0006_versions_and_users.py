"""record versions for concurrent editing, user accounts, the audit key of a server database

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30

Every record that travels (and can be edited) gets a version counted up at each change, so a
save made from an older version is refused (several PCs on one server). `user_account` holds
the users and roles; `server_audit_key` the audit trail's key where a server database is shared
by several PCs. Existing rows start at version 1.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERSIONED_TABLES = (
    "unit",
    "office",
    "person",
    "task",
    "task_progress",
    "study_session",
    "quota_rule",
    "sentiment_case",
    "case_event",
    "choice",
    "finding",
    "generated_document",
)


def upgrade() -> None:
    for table in VERSIONED_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("version", sa.Integer(), nullable=False, server_default="1")
            )
    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=50), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("modules", sa.String(length=200), nullable=False),
        sa.Column("password", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("failed_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_account")),
        sa.UniqueConstraint("login", name=op.f("uq_user_account_login")),
    )
    op.create_table(
        "server_audit_key",
        sa.Column("key_id", sa.String(length=36), nullable=False),
        sa.Column("secret", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("key_id", name=op.f("pk_server_audit_key")),
    )


def downgrade() -> None:
    op.drop_table("server_audit_key")
    op.drop_table("user_account")
    for table in VERSIONED_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
