"""The content of attached files, kept once by SHA-256, checked whenever it is read.

Where the bytes live (ideowork.db.stored_files): on one PC, a folder beside the database
(`<db stem>.files/ab/abcdef…`); on a server shared by several PCs (or in a database without a
file, or a server's SQLite copy), in `stored_file_chunk`, 1 MiB a row, so every PC sees them.
`stored_file.in_database` says which for each file.

Adding a file is two steps, so a write transaction never waits for a slow USB stick:
`spool` copies the source to a private temporary file while hashing it (refusing one over the
size limit as soon as it passes it, leaving nothing behind), then `place`, inside the write,
renames it into the folder or streams it into chunks. A file renamed into the folder by a write
that then rolls back stays there unreferenced: content-addressed, it is never wrong, and the
next add of the same content uses it.
"""

from __future__ import annotations

import atexit
import hashlib
import io
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from ideowork.db.engine import sqlite_file
from ideowork.db.models import StoredFile, StoredFileChunk
from ideowork.db.stored_files import (
    CHUNK_SIZE,
    files_dir_for,
    is_sound,
    remove_quietly,
    stored_path,
)
from ideowork.domain.errors import UserError
from ideowork.files import atomic_write, commit_file, fsync_folder
from ideowork.paths import make_private
from ideowork.services.attachments.kinds import MAX_FILE_BYTES, MAX_FILE_TEXT
from ideowork.services.runtime import Runtime, write_context


class DamagedFile(UserError):
    """A stored file that is missing or whose bytes no longer match their checksum."""


class TooLarge(UserError):
    """A file over the size limit (nothing of it was kept)."""


def _damaged(name: str, why: str) -> DamagedFile:
    return DamagedFile(
        f"佐证材料“{name}”{why}，不能使用。请在“系统”页运行检查查看所有受损的文件，"
        "用最近的备份恢复，或删除这份材料后从原件重新添加。"
    )


def _label(name: str, sha256: str) -> str:
    return name or f"（校验值 {sha256[:12]}…）"


@dataclass(frozen=True)
class Spooled:
    """A source copied to a private temporary file, with its checksum and size."""

    path: Path
    sha256: str
    size: int

    def discard(self) -> None:
        remove_quietly(self.path)


class _Verifying(io.RawIOBase):
    """Reads through to an inner stream, hashing; at the end the bytes must be the ones named
    by the checksum, else DamagedFile. Not seekable: a reader that seeks gets its own copy
    (`local_copy`) instead of bytes nobody checked."""

    def __init__(self, inner: BinaryIO, sha256: str, size: int, name: str) -> None:
        super().__init__()
        self._inner = inner
        self._sha256 = sha256
        self._size = size
        self._name = name
        self._digest = hashlib.sha256()
        self._read = 0
        self._checked = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._inner.read(len(buffer))
        if not data:
            self._finish()
            return 0
        buffer[: len(data)] = data
        self._digest.update(data)
        self._read += len(data)
        if self._read > self._size:
            raise _damaged(self._name, "的内容比登记的更长（文件已被改动）")
        return len(data)

    def _finish(self) -> None:
        if self._checked:
            return
        self._checked = True
        if self._read != self._size or self._digest.hexdigest() != self._sha256:
            raise _damaged(self._name, "的内容与登记的校验值不符（文件已被改动或损坏）")


class _ChunkStream(io.RawIOBase):
    """A stored file's chunks read one row at a time within one read transaction."""

    def __init__(self, session: Session, sha256: str) -> None:
        super().__init__()
        self._session = session
        self._sha256 = sha256
        self._seq = 0
        self._pending = b""
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._pending and not self._done:
            data = self._session.scalar(
                select(StoredFileChunk.data).where(
                    StoredFileChunk.sha256 == self._sha256, StoredFileChunk.seq == self._seq
                )
            )
            if data is None:
                self._done = True
            else:
                self._pending = bytes(data)
                self._seq += 1
        count = min(len(buffer), len(self._pending))
        buffer[:count] = self._pending[:count]
        self._pending = self._pending[count:]
        return count


class FileStore:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self._copies: Path | None = None

    def _copies_folder(self) -> Path:
        if self._copies is None or not self._copies.is_dir():
            # Evidence is personal data: a folder of this run's own, the user's alone, gone
            # when the program ends (a viewer still holding a file keeps it: ignored).
            self._copies = Path(tempfile.mkdtemp(prefix="ideowork-files-"))
            atexit.register(shutil.rmtree, self._copies, True)
        return self._copies

    @property
    def folder(self) -> Path | None:
        """The folder of the files of a SQLite database file; None where files are kept in
        the database itself (a server, an in-memory database)."""
        db_file = self.runtime.db.file
        return None if db_file is None else files_dir_for(db_file)

    # --- adding ------------------------------------------------------------------------------
    def spool(self, source: Path | BinaryIO, file_name: str) -> Spooled:
        """Copy `source` to a private temporary file, hashing it; TooLarge (nothing kept)
        when it passes the size limit."""
        folder = self.folder
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            make_private(folder)
            target = folder / f".incoming-{secrets.token_hex(8)}.tmp"
        else:
            handle, name = tempfile.mkstemp(prefix="ideowork-incoming-", suffix=".tmp")
            os.close(handle)
            target = Path(name)
        digest = hashlib.sha256()
        size = 0
        try:
            with _opened(source) as reader, target.open("wb") as writer:
                while chunk := reader.read(CHUNK_SIZE):
                    size += len(chunk)
                    if size > MAX_FILE_BYTES:
                        raise TooLarge(
                            f"“{file_name}”超过 {MAX_FILE_TEXT}，不能作为佐证材料添加，"
                            "什么也没有保存。请压缩图片、分成几个文件，或扫描为较低的分辨率后再添加。"
                        )
                    digest.update(chunk)
                    writer.write(chunk)
        except OSError as error:
            remove_quietly(target)
            raise UserError(
                f"无法读取“{file_name}”（{error.strerror or error}），没有添加。"
                "请检查 U 盘或文件夹是否还在、文件能否打开后重试。"
            ) from error
        except BaseException:
            remove_quietly(target)
            raise
        return Spooled(target, digest.hexdigest(), size)

    def place(self, session: Session, spooled: Spooled, media_type: str) -> StoredFile:
        """Inside a write: the spooled file kept (or the same content found already kept)."""
        return place(session, spooled, media_type)

    def put(self, session: Session, source: Path | BinaryIO, file_name: str) -> StoredFile:
        """Spool and place in one go (inside a write)."""
        from ideowork.services.attachments.kinds import file_type

        spooled = self.spool(source, file_name)
        try:
            return self.place(session, spooled, file_type(file_name).media_type)
        finally:
            spooled.discard()

    # --- removing ----------------------------------------------------------------------------
    def drop(self, session: Session, sha256: str) -> Path | None:
        """Inside a write: the stored file's row (and chunks) deleted. On a folder store the
        file is moved aside and its new name returned: remove it after the commit
        (`forget`), or put it back with `restore_aside` when the write failed."""
        row = session.get(StoredFile, sha256)
        if row is None:
            return None
        in_database = row.in_database
        session.execute(delete(StoredFileChunk).where(StoredFileChunk.sha256 == sha256))
        session.delete(row)
        session.flush()
        folder = folder_of(session)
        if in_database or folder is None:
            return None
        path = stored_path(folder, sha256)
        if not path.exists():
            return None
        aside = path.with_name(f".{sha256}.{secrets.token_hex(4)}.removed")
        os.replace(path, aside)
        return aside

    @staticmethod
    def forget(aside: Path | None) -> None:
        if aside is not None:
            remove_quietly(aside)

    @staticmethod
    def restore_aside(aside: Path | None) -> None:
        if aside is not None and aside.exists():
            sha256 = aside.name[1:].split(".", 1)[0]
            with suppress(OSError):
                os.replace(aside, aside.with_name(sha256))

    # --- reading -----------------------------------------------------------------------------
    @contextmanager
    def open(self, sha256: str, name: str = "") -> Iterator[BinaryIO]:
        """The file's bytes, checked as they are read: reading to the end raises DamagedFile
        when they are not the ones stored; a missing file raises it at once."""
        label = _label(name, sha256)
        with self.runtime.read() as session:
            row = session.get(StoredFile, sha256)
            if row is None:
                raise _damaged(label, "在数据库中没有登记（可能已被删除）")
            if row.in_database:
                raw: BinaryIO = io.BufferedReader(_ChunkStream(session, sha256), CHUNK_SIZE)
                with raw:
                    yield io.BufferedReader(_Verifying(raw, sha256, row.size, label), CHUNK_SIZE)
                return
            size = row.size
        folder = self.folder
        path = None if folder is None else stored_path(folder, sha256)
        if path is None or not path.is_file():
            raise _damaged(label, "的文件不见了（数据文件夹中找不到它）")
        try:
            handle = path.open("rb")
        except OSError as error:
            raise _damaged(label, f"无法读取（{error.strerror or error}）") from error
        with handle:
            yield io.BufferedReader(_Verifying(handle, sha256, size, label), CHUNK_SIZE)

    def read_all(self, sha256: str, name: str = "") -> bytes:
        """The whole file, checked (for small files: thumbnails, the binder's images)."""
        with self.open(sha256, name) as stream:
            return stream.read()

    def local_copy(self, sha256: str, name: str = "") -> Path:
        """A checked private copy on disk, for tools that need a path (a PDF reader, the
        system's viewer). Named `name` (so the viewer knows its type) in a folder of its own,
        in a private temporary folder removed when the program ends; reused while sound."""
        base = self._copies_folder()
        folder = base / sha256[:16]
        folder.mkdir(mode=0o700, exist_ok=True)
        target = folder / (_safe_name(name) or sha256)
        if is_sound(target, sha256):
            return target
        temporary = folder / f".{secrets.token_hex(4)}.tmp"
        try:
            with self.open(sha256, name) as stream, temporary.open("wb") as writer:
                shutil.copyfileobj(stream, writer, CHUNK_SIZE)
            os.replace(temporary, target)
            fsync_folder(folder)
        finally:
            remove_quietly(temporary)
        return target

    def problem(self, sha256: str, name: str = "") -> str | None:
        """Why the stored file is not usable (missing, changed), or None: read to the end."""
        try:
            with self.open(sha256, name) as stream:
                while stream.read(CHUNK_SIZE):
                    pass
        except DamagedFile as error:
            return str(error)
        return None


def place(session: Session, spooled: Spooled, media_type: str) -> StoredFile:
    """Inside a write: the spooled file kept (or the same content found already kept)."""
    row = session.get(StoredFile, spooled.sha256)
    folder = folder_of(session)
    if row is None:
        row = StoredFile(
            sha256=spooled.sha256,
            size=spooled.size,
            media_type=media_type,
            in_database=folder is None,
            added_at=write_context(session).at,
        )
        session.add(row)
        session.flush()
        if folder is None:
            _write_chunks(session, spooled)
        else:
            _move_in(folder, spooled)
    elif row.in_database:
        if _chunk_problem(session, row) is not None:  # damaged: put right
            session.execute(delete(StoredFileChunk).where(StoredFileChunk.sha256 == row.sha256))
            _write_chunks(session, spooled)
    elif folder is not None and not is_sound(stored_path(folder, row.sha256), row.sha256, row.size):
        _move_in(folder, spooled)  # the kept copy was lost or changed: this one heals
    return row


def _write_chunks(session: Session, spooled: Spooled) -> None:
    with spooled.path.open("rb") as reader:
        seq = 0
        while chunk := reader.read(CHUNK_SIZE):
            session.execute(
                insert(StoredFileChunk), [{"sha256": spooled.sha256, "seq": seq, "data": chunk}]
            )
            seq += 1


def _move_in(folder: Path, spooled: Spooled) -> None:
    target = stored_path(folder, spooled.sha256)
    target.parent.mkdir(parents=True, exist_ok=True)
    if spooled.path.parent != folder:  # spooled elsewhere (another disk): copied in
        with atomic_write(target) as temporary:
            shutil.copyfile(spooled.path, temporary)
        return
    commit_file(spooled.path, target)


def _chunk_problem(session: Session, row: StoredFile) -> str | None:
    digest = hashlib.sha256()
    size = 0
    stream = _ChunkStream(session, row.sha256)
    while data := stream.read(CHUNK_SIZE):
        digest.update(data)
        size += len(data)
    if size != row.size or digest.hexdigest() != row.sha256:
        return "damaged"
    return None


def folder_of(session: Session) -> Path | None:
    """The files folder of the database a write session is on (None: in the database)."""
    db_file = sqlite_file(session.get_bind().engine.url)
    return None if db_file is None else files_dir_for(db_file)


def put_bytes(session: Session, data: bytes, media_type: str) -> StoredFile:
    """Inside a write: small generated content (the demo's pictures) kept like an added file."""
    handle, name = tempfile.mkstemp(prefix="ideowork-generated-", suffix=".tmp")
    with os.fdopen(handle, "wb") as writer:
        writer.write(data)
    spooled = Spooled(Path(name), hashlib.sha256(data).hexdigest(), len(data))
    try:
        return place(session, spooled, media_type)
    finally:
        spooled.discard()


@contextmanager
def _opened(source: Path | BinaryIO) -> Iterator[BinaryIO]:
    if isinstance(source, Path):
        with source.open("rb") as handle:
            yield handle
    else:
        yield source


def _safe_name(name: str) -> str:
    """A file name without folders or characters Windows refuses."""
    base = Path(name.replace("\\", "/")).name
    cleaned = "".join("_" if c in '<>:"/\\|?*' or ord(c) < 32 else c for c in base).strip(" .")
    return cleaned[:120]
