"""roles of a task's leaders and offices, outside units, deadline as written, score

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30

A task's leaders (牵头领导/责任领导/分管领导) and offices (牵头单位/责任单位/配合单位) each carry a
role; units that are not offices of ours (各街道 …) are kept as text; the 完成时限 as the plan
writes it, and the points of a 考核细则 item. Today's links become 责任领导 / 责任单位.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "task_outside_unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["task.id"],
            name=op.f("fk_task_outside_unit_task_id_task"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_outside_unit")),
    )
    with op.batch_alter_table("task_outside_unit") as batch_op:
        batch_op.create_index(batch_op.f("ix_task_outside_unit_task_id"), ["task_id"], unique=False)

    with op.batch_alter_table("task") as batch_op:
        batch_op.add_column(
            sa.Column("deadline_text", sa.String(length=50), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("score", sa.Numeric(precision=5, scale=1), nullable=True))

    with op.batch_alter_table("task_leader") as batch_op:
        batch_op.add_column(
            sa.Column("role", sa.String(length=16), server_default="responsible", nullable=False)
        )

    with op.batch_alter_table("task_office") as batch_op:
        batch_op.add_column(
            sa.Column("role", sa.String(length=16), server_default="responsible", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("task_office") as batch_op:
        batch_op.drop_column("role")
    with op.batch_alter_table("task_leader") as batch_op:
        batch_op.drop_column("role")
    with op.batch_alter_table("task") as batch_op:
        batch_op.drop_column("deadline_text")
        batch_op.drop_column("score")
    op.drop_table("task_outside_unit")
