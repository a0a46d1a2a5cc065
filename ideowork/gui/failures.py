"""What the user sees when something fails: a plain message for a known failure (disk full,
database locked, bad input …), a crash dialog and a dated log entry for a bug.

The message comes from known_error_message and the log from crash_log, the same two the
command line uses, so a failure reads the same in a dialog and on the terminal.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from ideowork.gui.messages import show_error
from ideowork.services.crash_log import write_crash_log
from ideowork.services.error_messages import known_error_message

__all__ = ["crash_hook", "show_failure", "write_crash_log"]


def show_failure(
    parent: QWidget | None,
    error: BaseException,
    title: str = "无法完成操作",
    tb: TracebackType | None = None,
) -> None:
    """A known failure says what happened and what to do; a bug is logged and says where."""
    message = known_error_message(error)
    if message is not None:
        show_error(parent, message, title)
        return
    try:
        log_file: Path | None = write_crash_log(type(error), error, tb or error.__traceback__)
    except OSError:  # a full disk must not turn one error dialog into two
        log_file = None
    where = (
        f"详细信息已记录在：{log_file}，请把该文件交给维护人员。"
        if log_file
        else "详细信息未能写入日志文件。"
    )
    # The error's own text stays in the log: a database error's names the SQL it ran.
    QMessageBox.critical(
        parent,
        "程序出错",
        "程序遇到意外错误，刚才的操作可能没有完成，已保存的数据不受影响。"
        f"\n\n错误类型：{type(error).__name__}\n\n{where}",
    )


def crash_hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """sys.excepthook of the GUI: an error no page caught."""
    show_failure(None, error, tb=tb)
