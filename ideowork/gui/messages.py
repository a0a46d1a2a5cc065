"""Dialogs for errors the user can act on, and confirmations."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def show_error(parent: QWidget | None, error: Exception | str, title: str = "无法完成操作") -> None:
    QMessageBox.warning(parent, title, str(error))


def confirm(parent: QWidget | None, question: str, title: str = "请确认") -> bool:
    answer = QMessageBox.question(
        parent,
        title,
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
