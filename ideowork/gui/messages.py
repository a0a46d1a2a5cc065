"""Dialogs for errors the user can act on, and confirmations."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def show_error(
    parent: QWidget | None, error: BaseException | str, title: str = "无法完成操作"
) -> None:
    """A message the page wrote, or a caught exception told as show_failure tells it (a
    database error's own text, which names its SQL, is never shown)."""
    if isinstance(error, BaseException):
        from ideowork.gui.failures import show_failure  # failures shows its messages here

        show_failure(parent, error, title)
        return
    QMessageBox.warning(parent, title, error)


def confirm(parent: QWidget | None, question: str, title: str = "请确认") -> bool:
    answer = QMessageBox.question(
        parent,
        title,
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
