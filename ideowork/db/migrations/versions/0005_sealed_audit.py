"""audit entries sealed with a key kept outside the database, carrying the record states

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30

Entries from scheme 3 on are sealed with HMAC-SHA256 under a per-database key in the user's
config folder: each names the key it is sealed with (`key_id`), and the last entry of a
transaction carries the digests of the rows it changed (`state`). Entries already there keep
their scheme (1 or 2) and hash, and stay verifiable as they are.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("audit_entry") as batch:
        batch.add_column(
            sa.Column("key_id", sa.String(length=36), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("state", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("audit_entry") as batch:
        batch.alter_column("key_id", existing_type=sa.String(length=36), server_default=None)
        batch.alter_column("state", existing_type=sa.Text(), server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_column("state")
        batch.drop_column("key_id")
