"""Form fields the 阵地管理 dialogs share: a list of ids with a "none" entry, and a count that may
be unknown."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QSpinBox

UNKNOWN = -1
COUNT_MAX = 99_999_999


def id_combo(items: Sequence[tuple[str, object]], current: object, none_text: str) -> QComboBox:
    """A combo of (text, value) with `none_text` for None first; `current` selected."""
    combo = QComboBox()
    combo.addItem(none_text, None)
    for text, value in items:
        combo.addItem(text, value)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


def select(combo: QComboBox, value: object) -> None:
    combo.setCurrentIndex(max(0, combo.findData(value)))


def count_box(value: int | None, unit: str) -> QSpinBox:
    """A count (members, followers, people present); "不详" when not known."""
    box = QSpinBox()
    box.setRange(UNKNOWN, COUNT_MAX)
    box.setSpecialValueText("不详")
    box.setSuffix(unit)
    box.setValue(UNKNOWN if value is None else value)
    return box


def count_of(box: QSpinBox) -> int | None:
    return None if box.value() == UNKNOWN else box.value()
