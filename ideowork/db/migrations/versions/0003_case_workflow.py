"""舆情台账 workflow: case history, editable channel and category lists, more case fields

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30

Cases get a time of receipt, a category, the complainant's phone, a link, a first-reply
deadline, the 回访 result and the date reported upward. Every action on a case is recorded in
`case_event`; cases already in the ledger get their history derived from their dates. The
channels and categories become lists the unit can edit (`choice`), seeded with the built-ins.
Per-record documents (a case's 处置单) are archived by the record's uid (`subject`).
"""

import datetime as dt
import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The built-in entries as they were when this migration was written (codes never change).
CHANNELS = (
    ("network", "网络舆情"),
    ("hotline_12345", "12345"),
    ("mayor_mailbox", "区长信箱"),
    ("secretary_mailbox", "书记信箱"),
    ("online_petition", "网上信访"),
    ("letter", "来信"),
    ("visit", "来访"),
    ("petition", "信访"),
    ("media", "媒体"),
    ("chat_group", "微信群/QQ群"),
    ("other", "其他"),
)
CATEGORIES = (
    ("consultation", "政策咨询"),
    ("complaint", "投诉"),
    ("suggestion", "建议"),
    ("help", "求助"),
    ("negative", "负面舆情"),
    ("other", "其他"),
)
SATISFACTION = {"satisfied": "满意", "basically": "基本满意", "unsatisfied": "不满意"}
DERIVED = "据原台账记录"


def _travelling(*columns: sa.Column) -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        *columns,
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("origin", sa.String(length=36), nullable=False),
    ]


def upgrade() -> None:
    connection = op.get_bind()
    unit_uid = connection.execute(sa.text("SELECT uid FROM unit ORDER BY id LIMIT 1")).scalar()
    origin = unit_uid or ""

    choice = op.create_table(
        "choice",
        *_travelling(
            sa.Column("list", sa.String(length=30), nullable=False),
            sa.Column("code", sa.String(length=32), nullable=False),
            sa.Column("label", sa.String(length=50), nullable=False),
            sa.Column("sort_order", sa.Integer(), nullable=False),
            sa.Column("active", sa.Boolean(), nullable=False),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_choice")),
        sa.UniqueConstraint("list", "code", name="uq_choice_list_code"),
        sa.UniqueConstraint("uid", name=op.f("uq_choice_uid")),
    )
    with op.batch_alter_table("choice") as batch:
        batch.create_index(batch.f("ix_choice_list"), ["list"], unique=False)
    seeds = [
        {"list": name, "code": code, "label": label, "sort_order": order}
        for name, entries in (("case_channel", CHANNELS), ("case_category", CATEGORIES))
        for order, (code, label) in enumerate(entries, start=1)
    ]
    op.bulk_insert(
        choice,
        [{**s, "active": True, "uid": str(uuid.uuid4()), "origin": origin} for s in seeds],
    )

    event = op.create_table(
        "case_event",
        *_travelling(
            sa.Column("case_id", sa.Integer(), nullable=False),
            sa.Column("at", sa.DateTime(), nullable=False),
            sa.Column("action", sa.String(length=32), nullable=False),
            sa.Column("actor", sa.String(length=100), nullable=False),
            sa.Column("workstation", sa.String(length=100), nullable=False),
            sa.Column("note", sa.Text(), nullable=False),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["sentiment_case.id"],
            name=op.f("fk_case_event_case_id_sentiment_case"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_event")),
        sa.UniqueConstraint("uid", name=op.f("uq_case_event_uid")),
    )
    with op.batch_alter_table("case_event") as batch:
        batch.create_index(batch.f("ix_case_event_case_id"), ["case_id"], unique=False)

    with op.batch_alter_table("sentiment_case") as batch:
        batch.add_column(sa.Column("received_time", sa.Time(), nullable=True))
        batch.add_column(sa.Column("link", sa.String(length=500), nullable=False, server_default=""))
        batch.add_column(sa.Column("phone", sa.String(length=30), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("category", sa.String(length=32), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("reply_deadline", sa.Date(), nullable=True))
        batch.add_column(
            sa.Column("revisit_result", sa.Text(), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("reported_on", sa.Date(), nullable=True))
        batch.create_index(batch.f("ix_sentiment_case_category"), ["category"], unique=False)
    # The server defaults only filled the existing rows; the models give the values from now.
    with op.batch_alter_table("sentiment_case") as batch:
        for column, kind in (
            ("link", sa.String(length=500)),
            ("phone", sa.String(length=30)),
            ("category", sa.String(length=32)),
            ("revisit_result", sa.Text()),
        ):
            batch.alter_column(column, existing_type=kind, server_default=None)

    with op.batch_alter_table("generated_document") as batch:
        batch.add_column(sa.Column("subject", sa.String(length=36), nullable=False, server_default=""))
    with op.batch_alter_table("generated_document") as batch:
        batch.alter_column("subject", existing_type=sa.String(length=36), server_default=None)

    op.bulk_insert(event, list(_derived_history(connection, origin)))


def _derived_history(connection: sa.Connection, origin: str) -> list[dict[str, object]]:
    """The steps a case already went through, from the dates the ledger kept."""
    rows = connection.execute(
        sa.text(
            "SELECT c.id, c.received_on, c.assigned_on, o.name, c.closed_on, c.handled_on,"
            " c.result, c.revisited_on, c.satisfaction, c.reported_upward, c.reported_to"
            " FROM sentiment_case c LEFT JOIN office o ON o.id = c.office_id ORDER BY c.id"
        )
    )
    events: list[dict[str, object]] = []

    def add(case_id: int, day: object, action: str, note: str) -> None:
        if day is None:
            return
        at = dt.datetime.combine(dt.date.fromisoformat(str(day)[:10]), dt.time())
        events.append(
            {
                "case_id": case_id,
                "at": at,
                "action": action,
                "actor": "",
                "workstation": "",
                "note": note,
                "uid": str(uuid.uuid4()),
                "origin": origin,
            }
        )

    for (
        case_id,
        received,
        assigned,
        office,
        closed,
        handled,
        result,
        revisited,
        satisfaction,
        reported,
        reported_to,
    ) in rows:
        add(case_id, received, "register", DERIVED)
        add(case_id, assigned, "assign", f"交办{office}（{DERIVED}）" if office else DERIVED)
        add(case_id, closed or handled, "close", result or DERIVED)
        if satisfaction:
            add(case_id, revisited or closed, "revisit", SATISFACTION.get(satisfaction, ""))
        if reported:
            add(case_id, received, "report", f"已向{reported_to}报告（{DERIVED}）" if reported_to else DERIVED)
    return events


def downgrade() -> None:
    with op.batch_alter_table("generated_document") as batch:
        batch.drop_column("subject")
    with op.batch_alter_table("sentiment_case") as batch:
        batch.drop_index(batch.f("ix_sentiment_case_category"))
        for column in (
            "reported_on",
            "revisit_result",
            "reply_deadline",
            "category",
            "phone",
            "link",
            "received_time",
        ):
            batch.drop_column(column)
    op.drop_table("case_event")
    op.drop_table("choice")
