"""Opening the database for a session of the app: resolve, migrate (after a backup), hand out."""

from __future__ import annotations

from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from ideowork.db.engine import Database
from ideowork.db.migrate import upgrade_to_head
from ideowork.domain.errors import UserError
from ideowork.services.error_messages import known_error_message
from ideowork.services.system.connection import resolve_target


def connect_database(target: str | None = None) -> Database:
    """The database named by --db / IDEOWORK_DB / the saved server connection / the default
    file, as it is (not migrated)."""
    try:
        return Database(resolve_target(target))
    except (ArgumentError, NoSuchModuleError) as error:
        raise UserError(
            f"无法识别的数据库地址“{target}”。请写数据库文件的路径，"
            "或 postgresql+psycopg://用户@服务器/库名 这样的地址。"
        ) from error
    except ImportError as error:
        raise UserError(
            f"连接该数据库所需的驱动未安装（{error.name}）。单机使用请写数据库文件的路径。"
        ) from error
    except OSError as error:
        raise UserError(
            known_error_message(error) or "无法创建数据库所在的文件夹：请检查路径和权限。"
        ) from error


def open_database(target: str | None = None) -> Database:
    """The database named by --db / IDEOWORK_DB / the default, at the newest schema."""
    db = connect_database(target)
    try:
        upgrade_to_head(db)
    except OperationalError as error:
        db.dispose()
        # The driver's own words are English and may name SQL: the known message instead.
        raise UserError(
            known_error_message(error)
            or f"无法打开数据库“{db.url.render_as_string()}”。"
            "请检查路径是否正确、文件夹是否有读写权限，服务器数据库请检查网络和账号。"
        ) from error
    except Exception:
        db.dispose()
        raise
    return db
