"""The audit trail's secret keys: one per database, kept outside the database file.

Since scheme 3 every audit entry is sealed with HMAC-SHA256 under a random 256-bit key that
lives in the user's config folder (`<config>/audit/<key id>.key`, file 0600, folder 0700), not
in the database. Someone who edits the database file and recomputes the hashes cannot produce
the seals without that file. The key id is the database's audit identity: every sealed entry
names it, so the database (and each of its backups) says which key it needs.

- A new database creates its key on its first write, on the PC where it is written.
- Restoring a backup on the same PC: the backup names the same key id, so the same key file
  verifies it.
- Moving to another PC: copy the data folder, and export the key here (`export_key`) and import
  it there (`import_key`). Until then `check` says that the entries can only be checked without
  their key (links and order intact, but not proven unedited) instead of calling them forged.
  The first write on a PC without the key starts a new key there, and the entry that does so
  names the key it follows, so both parts verify once both keys are on one PC.
- A key file that is lost cannot be recovered: it is random. Keep the exported file with the
  backups (it proves the trail; it holds no ledger data).

On a database server (PostgreSQL, shared by several PCs) every PC must seal and check with the
same key, so there the key lives in the database itself, in `server_audit_key`: created in the
same transaction as the chain's first sealed entry (under the chain's advisory lock, so two PCs
never start two keys), read by every PC that opens the database. What the seal then proves is
narrower, and `check` should be read so: it proves that no entry was changed or recomputed by
someone who could reach the entries but not the key — someone without the app's database
account (a copy of a table export, a report tool with read access to `audit_entry` alone, a
person editing a dump). Whoever holds the app's account (the password the PCs use) can read the
key and recompute seals; against them the server's accounts and its logs (`log_statement`,
pg_audit, the server's backups) are the guard, as they are for the ledgers themselves. A key
that an older version kept on one PC only is published to the table the first time that PC
writes, so the others can check it too. `copy` carries the keys along: the key files of a
SQLite database into the table of the server, and the table back into this PC's key files.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import secrets
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from platformdirs import user_config_path
from sqlalchemy import Connection, delete, insert, select

from ideowork import APP_NAME
from ideowork.db.models import AuditEntry, ServerAuditKey
from ideowork.domain.errors import UserError
from ideowork.files import atomic_write

if TYPE_CHECKING:
    from ideowork.services.runtime import Runtime

CONFIG_DIR_ENV_VAR = "IDEOWORK_CONFIG_DIR"
KEY_FORMAT = "ideowork-audit-key"
BUNDLE_FORMAT = "ideowork-audit-keys"
KEY_BYTES = 32
# A key file or an exported bundle is a few hundred bytes; anything much larger is not one.
MAX_KEY_FILE_BYTES = 1_000_000
_KEY_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class KeyUnreadable(Exception):
    """A key file that exists but cannot be used (damaged, or not a key file)."""


def config_dir() -> Path:
    """The user's config folder (IDEOWORK_CONFIG_DIR overrides it, for tests)."""
    override = os.environ.get(CONFIG_DIR_ENV_VAR)
    return Path(override) if override else user_config_path(APP_NAME, appauthor=False)


def audit_dir() -> Path:
    """Where the keys and the anchored heads live: the user's alone (0700 on Linux)."""
    folder = config_dir() / "audit"
    if not folder.is_dir():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if os.name == "posix":
            os.chmod(folder, 0o700)
    return folder


def is_key_id(text: str) -> bool:
    return bool(_KEY_ID.match(text))


def key_file(key_id: str) -> Path:
    if not is_key_id(key_id):  # it names a file: nothing but a uuid may reach the path
        raise KeyUnreadable(f"审计密钥标识“{key_id[:40]}”格式不对")
    return audit_dir() / f"{key_id}.key"


@dataclass(frozen=True)
class AuditKey:
    key_id: str
    secret: bytes = field(repr=False)
    created: str = ""

    def to_json(self) -> dict[str, str]:
        return {"key_id": self.key_id, "secret": self.secret.hex(), "created": self.created}

    @classmethod
    def from_json(cls, data: Any) -> AuditKey:
        if not isinstance(data, dict):
            raise KeyUnreadable("不是审计密钥")
        key_id, secret = data.get("key_id"), data.get("secret")
        if not isinstance(key_id, str) or not is_key_id(key_id):
            raise KeyUnreadable("审计密钥标识缺失或格式不对")
        if not isinstance(secret, str) or len(secret) != 2 * KEY_BYTES:
            raise KeyUnreadable(f"审计密钥 {key_id} 的内容不完整")
        try:
            raw = bytes.fromhex(secret)
        except ValueError as error:
            raise KeyUnreadable(f"审计密钥 {key_id} 的内容不完整") from error
        created = data.get("created")
        return cls(key_id, raw, created if isinstance(created, str) else "")


def _read_json(path: Path) -> Any:
    try:
        if path.stat().st_size > MAX_KEY_FILE_BYTES:
            raise KeyUnreadable(f"“{path.name}”太大，不是审计密钥文件")
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise KeyUnreadable(f"无法读取“{path.name}”（{error}）") from error


def load_key(key_id: str) -> AuditKey | None:
    """The key with this id on this PC; None if it is not here."""
    path = key_file(key_id)
    if not path.exists():
        return None
    data = _read_json(path)
    if not isinstance(data, dict) or data.get("format") != KEY_FORMAT:
        raise KeyUnreadable(f"“{path}”不是审计密钥文件")
    key = AuditKey.from_json(data)
    if key.key_id != key_id:
        raise KeyUnreadable(f"“{path}”中的密钥标识与文件名不符")
    return key


def _write_private(target: Path, data: dict[str, Any]) -> None:
    """Write a file only its user can read (0600), whole or not at all."""
    payload = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    with atomic_write(target) as temporary:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(payload)


def _store(key: AuditKey) -> None:
    target = key_file(key.key_id)
    if target.exists():  # never replace a key: entries sealed with it would be lost
        raise UserError(f"审计密钥文件“{target}”已存在，未覆盖。")
    try:
        _write_private(target, {"format": KEY_FORMAT, "version": 1, **key.to_json()})
    except OSError as error:
        raise UserError(
            f"无法保存审计密钥到“{audit_dir()}”（{error.strerror or error}）。"
            "请检查该文件夹是否可写，或磁盘是否已满，然后重试。"
        ) from error


def create_key(created: str) -> AuditKey:
    """A new random key with a new id, written to this PC's config folder."""
    key = AuditKey(str(uuid.uuid4()), secrets.token_bytes(KEY_BYTES), created)
    _store(key)
    return key


# --- the key of a server database -------------------------------------------------------------
def keeps_key_in_database(connection: Connection) -> bool:
    """A server database (several PCs) keeps its key in `server_audit_key`; a SQLite file's
    key stays in this PC's config folder, apart from the data."""
    return connection.dialect.name != "sqlite"


def load_server_key(connection: Connection, key_id: str) -> AuditKey | None:
    """The key with this id from the database's `server_audit_key`; None if it is not there."""
    row = connection.execute(
        select(ServerAuditKey.secret, ServerAuditKey.created_at).where(
            ServerAuditKey.key_id == key_id
        )
    ).first()
    if row is None:
        return None
    try:
        secret = base64.b64decode(row.secret, validate=True)
    except (binascii.Error, ValueError) as error:
        raise KeyUnreadable(f"数据库中的审计密钥 {key_id} 已损坏") from error
    if len(secret) != KEY_BYTES:
        raise KeyUnreadable(f"数据库中的审计密钥 {key_id} 的内容不完整")
    return AuditKey(key_id, secret, row.created_at or "")


def store_server_key(connection: Connection, key: AuditKey) -> bool:
    """Put `key` into the database's `server_audit_key` (in the caller's transaction); False if
    it was there already. A different key under the same id is refused: seals would break."""
    try:
        here = load_server_key(connection, key.key_id)
    except KeyUnreadable:
        here = None
    if here is not None:
        if here.secret != key.secret:
            raise UserError(
                f"数据库中已有标识为 {key.key_id} 但内容不同的审计密钥，未作改动。"
                "请确认数据来自同一个数据库。"
            )
        return False
    connection.execute(delete(ServerAuditKey).where(ServerAuditKey.key_id == key.key_id))
    connection.execute(
        insert(ServerAuditKey).values(
            key_id=key.key_id,
            secret=base64.b64encode(key.secret).decode("ascii"),
            created_at=key.created[:32],
        )
    )
    return True


def create_server_key(connection: Connection, created: str) -> AuditKey:
    """A new random key kept in the database (in the caller's transaction: it exists exactly
    when the first entry sealed with it does)."""
    key = AuditKey(str(uuid.uuid4()), secrets.token_bytes(KEY_BYTES), created)
    store_server_key(connection, key)
    return key


def store_key_here(key: AuditKey) -> bool:
    """Keep `key` in this PC's config folder; False if it is here already (the same key)."""
    try:
        here = load_key(key.key_id)
    except KeyUnreadable:
        here = None  # a damaged file of the same key: replaced
    if here is not None:
        if here.secret != key.secret:
            raise UserError(
                f"本机已有标识为 {key.key_id} 但内容不同的审计密钥，未作改动。"
                "请确认数据来自使用这个数据库的电脑。"
            )
        return False
    key_file(key.key_id).unlink(missing_ok=True)
    _store(key)
    return True


class KeyRing:
    """The keys of a database, read on demand: on a server from its `server_audit_key` (then,
    for a key an older version kept on one PC, this PC's folder); on SQLite from this PC's
    folder. Remembers which ids are missing or unreadable."""

    def __init__(self, connection: Connection | None = None) -> None:
        self._keys: dict[str, AuditKey | None] = {}
        self.unreadable: dict[str, str] = {}
        server = connection is not None and keeps_key_in_database(connection)
        self._connection = connection if server else None

    def get(self, key_id: str) -> AuditKey | None:
        if key_id not in self._keys:
            try:
                key = None
                if self._connection is not None:
                    key = load_server_key(self._connection, key_id)
                self._keys[key_id] = key if key is not None else load_key(key_id)
            except KeyUnreadable as error:
                self._keys[key_id] = None
                self.unreadable[key_id] = str(error)
        return self._keys[key_id]


# --- moving a database to another PC ---------------------------------------------------------
@dataclass(frozen=True)
class ImportedKeys:
    added: tuple[str, ...]
    already_here: tuple[str, ...]

    @property
    def summary(self) -> str:
        parts = []
        if self.added:
            parts.append(f"已导入审计密钥{len(self.added)}个")
        if self.already_here:
            parts.append(f"{len(self.already_here)}个本机已有")
        return "，".join(parts) + "。"


def key_ids_in(connection: Connection) -> list[str]:
    """The keys a database's sealed entries name, in the order they were first used."""
    rows = connection.execute(
        select(AuditEntry.key_id, AuditEntry.id)
        .where(AuditEntry.key_id != "")
        .order_by(AuditEntry.id)
    )
    seen: dict[str, None] = {}
    for key_id, _ in rows:
        seen.setdefault(key_id, None)
    return list(seen)


def used_key_ids(runtime: Runtime) -> list[str]:
    """The keys this database's sealed entries name, in the order they were first used."""
    with runtime.read() as session:
        return key_ids_in(session.connection())


def export_key(runtime: Runtime, out: Path) -> list[str]:
    """Write this database's keys found on this PC to `out` (0600), for `import_key` on
    another PC; returns the key ids written."""
    with runtime.read() as session:
        connection = session.connection()
        ring = KeyRing(connection)
        keys = [key for key_id in key_ids_in(connection) if (key := ring.get(key_id)) is not None]
    if not keys:
        raise UserError(
            "本机没有这个数据库的审计密钥，无法导出。请在原来使用这个数据库的电脑上导出审计密钥。"
        )
    try:
        _write_private(
            out,
            {"format": BUNDLE_FORMAT, "version": 1, "keys": [key.to_json() for key in keys]},
        )
    except OSError as error:
        raise UserError(
            f"无法写入“{out}”（{error.strerror or error}）。请换一个位置，或检查磁盘空间。"
        ) from error
    return [key.key_id for key in keys]


def import_key(source: Path) -> ImportedKeys:
    """Take the keys of an exported file (or a single key file) into this PC's config folder."""
    if not source.is_file():
        raise UserError(f"找不到审计密钥文件：{source}")
    try:
        data = _read_json(source)
        if not isinstance(data, dict) or data.get("format") not in (KEY_FORMAT, BUNDLE_FORMAT):
            raise KeyUnreadable("格式不对")
        items = data.get("keys") if data["format"] == BUNDLE_FORMAT else [data]
        if not isinstance(items, list) or not items:
            raise KeyUnreadable("其中没有密钥")
        keys = [AuditKey.from_json(item) for item in items]
    except KeyUnreadable as error:
        raise UserError(
            f"“{source.name}”不是本程序导出的审计密钥文件（{error}）。"
            "请选择在原来的电脑上用“导出审计密钥”得到的文件。"
        ) from error
    added, already = [], []
    for key in keys:  # every conflict found before anything is written
        try:
            here = load_key(key.key_id)
        except KeyUnreadable:
            here = None  # a damaged file of the same key: replaced below
        if here is None:
            added.append(key)
        elif here.secret != key.secret:
            raise UserError(
                f"本机已有标识为 {key.key_id} 但内容不同的审计密钥，未导入任何密钥。"
                "请确认导入的文件来自使用这个数据库的电脑。"
            )
        else:
            already.append(key.key_id)
    for key in added:
        key_file(key.key_id).unlink(missing_ok=True)
        _store(key)
    return ImportedKeys(tuple(key.key_id for key in added), tuple(already))
