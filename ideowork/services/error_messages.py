"""Known failures told plainly: what happened and what to do, instead of a traceback."""

from __future__ import annotations

import errno
import sqlite3

from sqlalchemy.exc import OperationalError

from ideowork.domain.errors import UserError


def known_error_message(error: BaseException) -> str | None:
    """The user-facing message for an error we recognise, or None for a bug."""
    if isinstance(error, UserError):
        return str(error)
    text = str(getattr(error, "orig", error)).lower()
    if isinstance(error, OperationalError | sqlite3.OperationalError):
        if "locked" in text or "busy" in text:
            return (
                "数据库正被另一个程序或另一台电脑上的本程序使用，刚才的修改没有保存。"
                "请关闭其他正在使用该数据库的程序后重试。"
            )
        if "full" in text:
            return "磁盘已满，刚才的修改没有保存，已有数据不受影响。请清理磁盘空间后重试。"
        if "readonly" in text or "read-only" in text:
            return (
                "数据库文件是只读的，不能保存修改。请检查文件权限，或把数据文件夹复制到本机硬盘。"
            )
    if isinstance(error, sqlite3.DatabaseError) and "malformed" in text:
        return "数据库文件已损坏。请在“系统”页用最近的备份恢复（恢复前会先检查备份是否完好）。"
    if isinstance(error, OSError):
        if error.errno == errno.ENOSPC:
            return "磁盘已满，文件没有写完。请清理磁盘空间后重试。"
        if error.errno in (errno.EACCES, errno.EPERM):
            return f"没有权限写入“{error.filename}”。请换一个文件夹，或关闭正在使用该文件的程序。"
        if error.errno == errno.ENOENT and error.filename:
            return f"找不到“{error.filename}”。请检查文件或文件夹的路径是否正确。"
    return None
