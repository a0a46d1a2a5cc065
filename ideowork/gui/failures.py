"""What the user sees when something fails: a plain message for a known failure (disk full,
database locked, bad input …), a crash dialog and a dated log entry for a bug."""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from ideowork import APP_NAME
from ideowork.gui.messages import show_error
from ideowork.paths import log_dir
from ideowork.services.error_messages import known_error_message


def write_crash_log(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None
) -> Path:
    log_file = log_dir() / "crash.log"
    text = "".join(traceback.format_exception(kind, error, tb))
    logging.getLogger(APP_NAME).error("未处理的错误\n%s", text)
    with log_file.open("a", encoding="utf-8") as handle:
        handle.write(f"{dt.datetime.now():%Y-%m-%d %H:%M:%S}\n{text}\n")
    return log_file


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
    where = f"详细信息已记录在：{log_file}" if log_file else "详细信息未能写入日志文件。"
    QMessageBox.critical(
        parent,
        "程序出错",
        f"程序遇到意外错误，刚才的操作可能没有完成，已保存的数据不受影响。\n\n{error}\n\n{where}",
    )


def crash_hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """sys.excepthook of the GUI: an error no page caught."""
    show_failure(None, error, tb=tb)
