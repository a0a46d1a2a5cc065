"""The unit's editable lists — 舆情渠道, 事项分类, 学习和会议类别, 缺席原因 — in the `choice` table.

Records store an entry's code, which never changes; its label can be renamed, new entries
added, and entries no longer used retired (kept for the records that carry them, no longer
offered). The built-in entries have the codes of ideowork.domain.vocab's Channel and
CaseCategory; entries the unit adds get codes of their own ("u-" and a random suffix).
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ideowork.db.models import Choice
from ideowork.domain.errors import NotFoundError, ValidationError
from ideowork.domain.names import label_form
from ideowork.domain.positions import EVENT_KINDS, LIST_DEFAULTS, POSITION_KINDS
from ideowork.domain.validation import required_label
from ideowork.domain.vocab import CaseCategory, Channel, LabelledEnum, StudyKind
from ideowork.services.concurrency import get_for_edit
from ideowork.services.runtime import EVERYTHING, Runtime
from ideowork.services.snapshot import snapshot
from ideowork.services.system import audit

CASE_CHANNELS = "case_channel"
CASE_CATEGORIES = "case_category"
STUDY_KINDS = "study_kind"
ABSENCE_REASONS = "absence_reason"
LIST_NAMES = {
    CASE_CHANNELS: "舆情渠道",
    CASE_CATEGORIES: "事项分类",
    STUDY_KINDS: "学习和会议类别",
    ABSENCE_REASONS: "缺席原因",
    POSITION_KINDS: "阵地类型",
    EVENT_KINDS: "活动类型",
}
BUILT_INS: dict[str, type[LabelledEnum]] = {
    CASE_CHANNELS: Channel,
    CASE_CATEGORIES: CaseCategory,
    STUDY_KINDS: StudyKind,
}
# Built-in absence reasons (codes of migration 0004); no enum: records store the label.
BUILT_IN_ABSENCE_REASONS = frozenset({"business", "sick", "personal", "training", "other"})
LABEL_MAX = 50


@dataclass(frozen=True)
class ListLabels:
    """The labels of every list's codes, for reports that name kinds, channels, categories."""

    channels: dict[str, str]
    categories: dict[str, str]
    kinds: dict[str, str]


@dataclass(frozen=True)
class ChoiceInfo:
    id: int
    list: str
    code: str
    label: str
    sort_order: int
    active: bool
    version: int | None = None  # as loaded: a rename or retire from an older one is refused

    @property
    def built_in(self) -> bool:
        if self.list == ABSENCE_REASONS:
            return self.code in BUILT_IN_ABSENCE_REASONS
        if self.list in LIST_DEFAULTS:  # 阵地管理's lists, seeded on first use
            return any(code == self.code for code, _label in LIST_DEFAULTS[self.list])
        return self.code in {member.value for member in BUILT_INS[self.list]}


def _info(row: Choice) -> ChoiceInfo:
    return ChoiceInfo(
        row.id, row.list, row.code, row.label, row.sort_order, row.active, row.version
    )


class ChoiceService:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self._labels: dict[str, dict[str, str]] = {}
        self._lock = threading.Lock()
        runtime.subscribe(self._changed)

    def _changed(self, changed: frozenset[str]) -> None:
        if "choice" in changed or EVERYTHING in changed:
            with self._lock:
                self._labels.clear()

    # --- reading ----------------------------------------------------------------------------
    def entries(self, list_name: str, active_only: bool = False) -> list[ChoiceInfo]:
        with self.runtime.read() as session:
            query = select(Choice).where(Choice.list == list_name)
            if active_only:
                query = query.where(Choice.active.is_(True))
            return [_info(r) for r in session.scalars(query.order_by(Choice.sort_order, Choice.id))]

    def labels(self, list_name: str) -> dict[str, str]:
        """code → label of every entry (retired ones too: old records still carry them).

        Cached until the list changes: the ledger labels thousands of rows with it."""
        with self._lock:
            cached = self._labels.get(list_name)
        if cached is not None:
            return cached
        with self.runtime.read() as session:
            rows = session.execute(
                select(Choice.code, Choice.label)
                .where(Choice.list == list_name)
                .order_by(Choice.sort_order, Choice.id)
            )
            labels = {code: label for code, label in rows}
        with self._lock:
            self._labels[list_name] = labels
        return labels

    def all_labels(self) -> ListLabels:
        return ListLabels(
            self.labels(CASE_CHANNELS), self.labels(CASE_CATEGORIES), self.labels(STUDY_KINDS)
        )

    def label(self, list_name: str, code: str) -> str:
        """The label of a code; an unknown code (an import from elsewhere) shows as itself."""
        if not code:
            return ""
        return self.labels(list_name).get(code, code)

    def code_for(self, list_name: str, text: str) -> str | None:
        """The code whose label (or code) is `text`, for imports; None when there is none."""
        wanted = text.strip()
        for code, label in self.labels(list_name).items():
            if wanted in (label, code):
                return code
        return None

    # --- editing ----------------------------------------------------------------------------
    def add(self, list_name: str, label: str) -> ChoiceInfo:
        name = LIST_NAMES.get(list_name)
        if name is None:
            raise ValidationError(f"没有名为“{list_name}”的列表。")
        text = required_label(label, "名称", LABEL_MAX, "label")
        with self.runtime.write() as session:
            self._check_unique(session, list_name, text, None)
            order = session.scalar(
                select(func.max(Choice.sort_order)).where(Choice.list == list_name)
            )
            row = Choice(
                list=list_name,
                code=f"u-{uuid.uuid4().hex[:10]}",
                label=text,
                sort_order=int(order or 0) + 1,
            )
            session.add(row)
            session.flush()
            audit.record(
                session, "create", "choice", row.id, f"{name}新增：{text}", None, snapshot(row)
            )
            return _info(row)

    def rename(self, choice_id: int, label: str, version: int | None = None) -> ChoiceInfo:
        """`version` (here and in set_active): the one the user saw; an entry changed since
        is an EditConflict."""
        text = required_label(label, "名称", LABEL_MAX, "label")
        with self.runtime.write() as session:
            row = self._get(session, choice_id, version)
            self._check_unique(session, row.list, text, row.id)
            before = snapshot(row)
            row.label = text
            session.flush()  # the entry records the version this change made (concurrency)
            audit.record(
                session,
                "update",
                "choice",
                row.id,
                f"{LIST_NAMES[row.list]}“{before['label']}”改名为“{text}”",
                before,
                snapshot(row),
            )
            return _info(row)

    def set_active(self, choice_id: int, active: bool, version: int | None = None) -> ChoiceInfo:
        """Retire an entry (no longer offered; records keep it) or bring it back."""
        with self.runtime.write() as session:
            row = self._get(session, choice_id, version)
            before = snapshot(row)
            row.active = active
            session.flush()  # the entry records the version this change made (concurrency)
            action = "恢复使用" if active else "停用"
            audit.record(
                session,
                "update",
                "choice",
                row.id,
                f"{LIST_NAMES[row.list]}{action}：{row.label}",
                before,
                snapshot(row),
            )
            return _info(row)

    def move(self, choice_id: int, offset: int) -> None:
        """Move an entry up (-1) or down (+1) in its list."""
        with self.runtime.write() as session:
            row = self._get(session, choice_id)
            rows = list(
                session.scalars(
                    select(Choice)
                    .where(Choice.list == row.list)
                    .order_by(Choice.sort_order, Choice.id)
                )
            )
            index = rows.index(row)
            target = index + offset
            if not 0 <= target < len(rows):
                return
            rows[index], rows[target] = rows[target], rows[index]
            for order, item in enumerate(rows, start=1):
                item.sort_order = order
            audit.record(
                session,
                "move",
                "choice",
                row.id,
                f"{LIST_NAMES[row.list]}调整顺序：{row.label}",
                {"position": index + 1},
                {"position": target + 1},
            )

    @staticmethod
    def _get(session: Session, choice_id: int, version: int | None = None) -> Choice:
        row: Choice = get_for_edit(
            session,
            Choice,
            choice_id,
            version,
            lambda: NotFoundError("找不到该选项，可能已被删除，请刷新后重试。"),
        )
        return row

    @staticmethod
    def _check_unique(session: Session, list_name: str, label: str, own_id: int | None) -> None:
        # Compared in one spelling: 网络舆情 and ｗ网络舆情\u200b are the same label.
        key = label_form(label).casefold()
        labels = session.scalars(
            select(Choice.label).where(Choice.list == list_name, Choice.id != (own_id or -1))
        )
        if any(label_form(other).casefold() == key for other in labels):
            raise ValidationError(
                f"{LIST_NAMES[list_name]}中已有“{label}”，请换一个名称。", field="label"
            )
