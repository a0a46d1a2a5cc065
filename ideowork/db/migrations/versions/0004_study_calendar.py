"""学习日历: session times and lecturer, editable kinds and absence reasons, who belonged
when, days the unit marks on its calendar

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30

The kinds of session become a list the unit can edit (`choice`, list study_kind), seeded with
the built-ins; absence reasons likewise (absence_reason). People get the day they joined and
left, so a session's attendance lists only those who belonged then. `day_mark` holds the days
the unit marks over the statutory holiday calendar.
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The built-in entries as they were when this migration was written (codes never change).
STUDY_KINDS = (
    ("center_group", "中心组学习"),
    ("branch_meeting", "支部党员大会"),
    ("branch_committee", "支委会"),
    ("group_meeting", "党小组会"),
    ("party_lecture", "党课"),
    ("theme_day", "主题党日"),
    ("collective", "集中学习"),
    ("special_meeting", "专题研究会议"),
    ("analysis", "分析研判会"),
    ("special_report", "专题汇报"),
    ("party_briefing", "党内通报"),
    ("education", "警示教育"),
    ("three_meetings", "三会一课"),
    ("other", "其他"),
)
ABSENCE_REASONS = (
    ("business", "公出"),
    ("sick", "病假"),
    ("personal", "事假"),
    ("training", "培训"),
    ("other", "其他"),
)


def upgrade() -> None:
    connection = op.get_bind()
    unit_uid = connection.execute(sa.text("SELECT uid FROM unit ORDER BY id LIMIT 1")).scalar()
    choice = sa.table(
        "choice",
        sa.column("list", sa.String),
        sa.column("code", sa.String),
        sa.column("label", sa.String),
        sa.column("sort_order", sa.Integer),
        sa.column("active", sa.Boolean),
        sa.column("uid", sa.String),
        sa.column("origin", sa.String),
    )
    op.bulk_insert(
        choice,
        [
            {
                "list": name,
                "code": code,
                "label": label,
                "sort_order": order,
                "active": True,
                "uid": str(uuid.uuid4()),
                "origin": unit_uid or "",
            }
            for name, entries in (("study_kind", STUDY_KINDS), ("absence_reason", ABSENCE_REASONS))
            for order, (code, label) in enumerate(entries, start=1)
        ],
    )
    with op.batch_alter_table("study_session") as batch:
        batch.add_column(sa.Column("start_time", sa.Time(), nullable=True))
        batch.add_column(sa.Column("end_time", sa.Time(), nullable=True))
        batch.add_column(
            sa.Column("lecturer", sa.String(length=100), nullable=False, server_default="")
        )
        batch.create_index(batch.f("ix_study_session_kind"), ["kind"], unique=False)
    with op.batch_alter_table("study_session") as batch:
        batch.alter_column("lecturer", existing_type=sa.String(length=100), server_default=None)
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("joined_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("left_on", sa.Date(), nullable=True))
    op.create_table(
        "day_mark",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=30), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_day_mark")),
    )


def downgrade() -> None:
    op.drop_table("day_mark")
    with op.batch_alter_table("person") as batch:
        batch.drop_column("left_on")
        batch.drop_column("joined_on")
    with op.batch_alter_table("study_session") as batch:
        batch.drop_index(batch.f("ix_study_session_kind"))
        batch.drop_column("lecturer")
        batch.drop_column("end_time")
        batch.drop_column("start_time")
    op.execute("DELETE FROM choice WHERE list IN ('study_kind', 'absence_reason')")
