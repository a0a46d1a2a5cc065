"""When a save meets someone else's change (EditConflict): who changed the record and when,
and three ways on — 重新载入 (drop my edits, load the saved record into the form), 对比 (my
edits beside the saved record, field by field, differing rows marked) and 继续编辑 (close, my
edits stay in the form to copy from).

An edit dialog hands `resolve_conflict` a `ConflictForm`: how to read its entry, how to read
the saved record again, how to load a record into the form, and how to describe a record as
(field, shown text) rows. A delete of a record changed since it was seen asks again
(`delete_checked`)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ideowork.domain.errors import UserError
from ideowork.domain.vocab import LabelledEnum
from ideowork.gui.messages import confirm, show_error
from ideowork.services.concurrency import EditConflict

Field = tuple[str, str]  # what the field is called, and its value as shown
Record = TypeVar("Record")
Result = TypeVar("Result")

DIFFERENT_BACKGROUND = "#fff1c2"
EMPTY = "（空）"


def shown(value: Any) -> str:
    """A value as a user reads it in the comparison."""
    if value is None or value == "" or value == ():
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, LabelledEnum):
        return value.label
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    if isinstance(value, tuple | list):
        return "、".join(shown(item) for item in value)
    return str(value)


def describe(
    record: Any,
    fields: Sequence[tuple[str, str]],
    show: Mapping[str, Callable[[Any], str]] | None = None,
) -> list[Field]:
    """(label, shown value) of `record`'s attributes named in `fields` ((attribute, label));
    `show` gives the attributes that need their own wording (an office id as its name)."""
    show = show or {}
    rows: list[Field] = []
    for attribute, label in fields:
        value = getattr(record, attribute)
        rows.append((label, show[attribute](value) if attribute in show else shown(value)))
    return rows


class Outcome(enum.Enum):
    RELOADED = "reloaded"  # the saved record is in the form; the user edits from it
    KEPT = "kept"  # the form keeps the user's entry (to copy from, or to save after a reload)
    DISCARDED = "discarded"  # the record is gone and the user closed the form


class ConflictDialog(QDialog):
    """Who changed the record and when; 重新载入, 对比, 继续编辑."""

    def __init__(
        self,
        conflict: EditConflict,
        mine: Sequence[Field],
        saved: Sequence[Field] | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("记录已被他人删除" if conflict.deleted else "记录已被他人修改")
        self.outcome = Outcome.KEPT
        self.conflict = conflict
        message = QLabel(str(conflict))
        message.setWordWrap(True)
        message.setMinimumWidth(460)
        font = QFont(message.font())
        font.setPointSizeF(font.pointSizeF() * 1.1)
        message.setFont(font)
        hint = QLabel(
            "重新载入：放弃您的修改，载入已保存的内容；"
            "对比：逐项查看您的修改与已保存的内容；"
            "继续编辑：回到表单，您填写的内容仍在，可复制后再重新载入。"
            if saved is not None
            else "关闭表单：放弃这条记录；继续编辑：回到表单，复制您填写的内容后再关闭。"
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555")

        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["字段", "我的修改", "已保存的内容"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.differing: list[str] = []
        self._fill(mine, saved or [])
        self.table.setVisible(False)
        self.same_note = QLabel("两边内容相同：对方保存的与您填写的一致，重新载入即可。")
        self.same_note.setVisible(False)

        self.reload_button = QPushButton("重新载入" if saved is not None else "关闭表单")
        self.compare_button = QPushButton("对比")
        self.keep_button = QPushButton("继续编辑")
        self.reload_button.clicked.connect(self._reload)
        self.compare_button.clicked.connect(self.show_comparison)
        self.keep_button.clicked.connect(self.reject)
        self.compare_button.setVisible(saved is not None)
        self.keep_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.reload_button, self.compare_button, self.keep_button):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.same_note)
        layout.addLayout(buttons)

    def _fill(self, mine: Sequence[Field], saved: Sequence[Field]) -> None:
        theirs, mine_by_label = dict(saved), dict(mine)
        labels = [label for label, _ in mine]
        labels += [label for label, _ in saved if label not in mine_by_label]
        self.table.setRowCount(len(labels))
        highlight = QBrush(QColor(DIFFERENT_BACKGROUND))
        for row, label in enumerate(labels):
            values = (label, mine_by_label.get(label, EMPTY), theirs.get(label, EMPTY))
            different = values[1] != values[2]
            if different:
                self.differing.append(label)
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if different:
                    item.setBackground(highlight)
                    if column == 0:
                        bold = QFont(item.font())
                        bold.setBold(True)
                        item.setFont(bold)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()

    def show_comparison(self) -> None:
        self.table.setVisible(True)
        self.same_note.setVisible(not self.differing)
        self.compare_button.setEnabled(False)
        self.resize(max(self.width(), 760), max(self.height(), 460))

    def _reload(self) -> None:
        self.outcome = Outcome.DISCARDED if self.conflict.deleted else Outcome.RELOADED
        self.accept()


@dataclass(frozen=True)
class ConflictForm(Generic[Record]):
    """What `resolve_conflict` needs of an edit dialog."""

    entered: Callable[[], Record]  # the user's entry, as the form holds it now
    reload: Callable[[], Record]  # the saved record, read again (raises if it is gone)
    load: Callable[[Record], None]  # put a record into the form (and edit from its version)
    describe: Callable[[Record], list[Field]]


def resolve_conflict(
    parent: QWidget, conflict: EditConflict, form: ConflictForm[Record]
) -> Outcome:
    """Show the conflict and do what the user chose; the caller closes its dialog on
    DISCARDED and otherwise stays open."""
    saved: Record | None = None
    if not conflict.deleted:
        try:
            saved = form.reload()
        except UserError:  # deleted in the meantime too
            saved = None
    try:
        mine = form.describe(form.entered())
    except (UserError, ValueError):  # an entry the form cannot even read: compare saved only
        mine = []
    dialog = ConflictDialog(
        conflict, mine, form.describe(saved) if saved is not None else None, parent
    )
    dialog.exec()
    if dialog.outcome is Outcome.RELOADED and saved is not None:
        form.load(saved)
    return dialog.outcome


def save_or_resolve(
    dialog: QDialog,
    save: Callable[[], None],
    form: Callable[[], ConflictForm[Any]],
    message: QLabel,
) -> None:
    """An edit dialog's 保存: run `save` (it keeps what was saved) and close the dialog; a save
    from an older version goes to the user (the dialog closes when they drop their edit, and
    stays open to reload or keep editing); any other refusal is shown in `message`."""
    try:
        save()
    except EditConflict as conflict:
        if resolve_conflict(dialog, conflict, form()) is Outcome.DISCARDED:
            dialog.reject()
        return
    except UserError as error:
        message.setText(str(error))
        return
    dialog.accept()


def delete_checked(
    parent: QWidget, delete: Callable[[int | None], Result], version: int | None
) -> Result | None:
    """Delete from the version the user saw. Changed since: say who and when and ask again
    (then delete from the version now stored); gone already: say so. None when not deleted."""
    while True:
        try:
            return delete(version)
        except EditConflict as conflict:
            if conflict.deleted:
                show_error(parent, str(conflict), "记录已被他人删除")
                return None
            if not confirm(parent, f"{conflict}\n\n仍要删除吗？", "记录已被他人修改"):
                return None
            version = conflict.version
