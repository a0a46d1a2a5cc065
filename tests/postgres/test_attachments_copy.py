"""`copy` carries the attached files: a SQLite file's folder into the server's chunks (checked
as read and again as the server holds them), and back into a SQLite file; a file missing or
changed in the folder refuses the copy, naming it, the server left empty."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import URL

from ideowork.cli import main
from ideowork.db.models import Attachment, StoredFile, StoredFileChunk
from ideowork.db.stored_files import files_dir_for, stored_path
from ideowork.domain.errors import UserError
from ideowork.services.context import Services
from ideowork.services.runtime import FixedClock
from ideowork.services.system.server import copy_data
from tests.conftest import TEST_NOW


def _address(url: URL) -> str:
    return url.render_as_string(hide_password=False)


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    """The demo unit in a SQLite file, its pictures and PDFs in the folder beside it."""
    path = tmp_path / "demo.sqlite3"
    services = Services.open(str(path), clock=FixedClock(TEST_NOW))
    services.demo.load()
    services.close()
    return path


def every_file_sound(address: str) -> tuple[int, list[str]]:
    """How many attachments the database has, and what is wrong with any of them."""
    services = Services.open(address, clock=FixedClock(TEST_NOW))
    try:
        with services.runtime.read() as session:
            ids = list(session.scalars(select(Attachment.id).order_by(Attachment.id)))
        problems = [p for i in ids if (p := services.attachments.check(i)) is not None]
        return len(ids), problems
    finally:
        services.close()


def stored(address: str) -> tuple[int, int, int]:
    """(files, files kept in the database, chunks)."""
    services = Services.open(address)
    try:
        with services.runtime.read() as session:
            return (
                session.scalar(select(func.count()).select_from(StoredFile)) or 0,
                session.scalar(
                    select(func.count()).select_from(StoredFile).where(StoredFile.in_database)
                )
                or 0,
                session.scalar(select(func.count()).select_from(StoredFileChunk)) or 0,
            )
    finally:
        services.close()


def test_the_files_go_to_the_server_checked_and_come_back(
    demo_file: Path, pg_url: URL, tmp_path: Path
) -> None:
    files, in_database, chunks = stored(str(demo_file))
    assert files >= 5 and in_database == 0 and chunks == 0  # the demo's: in the folder
    attachments, problems = every_file_sound(str(demo_file))
    assert attachments >= 5 and not problems

    result = copy_data(str(demo_file), _address(pg_url))
    assert result.files.files == files and result.files.into_database
    assert result.files.size == sum(
        p.stat().st_size for p in files_dir_for(demo_file).rglob("*") if p.is_file()
    )
    assert f"佐证材料文件{files}个" in result.note and "校验值逐一核对无误" in result.note
    assert stored(_address(pg_url))[:2] == (files, files)  # all in the server's chunks
    assert every_file_sound(_address(pg_url)) == (attachments, [])
    on_server = Services.open(_address(pg_url), clock=FixedClock(TEST_NOW))
    try:
        report = on_server.maintenance.check()
        files_item = next(item for item in report.items if item.name == "files")
        assert report.ok and "均存放在数据库中" in files_item.detail
        with on_server.runtime.read() as session:
            photo_id = session.scalars(
                select(Attachment.id).where(Attachment.media_type == "image/jpeg")
            ).first()
        assert photo_id is not None
        thumbnail = on_server.attachments.thumbnail(on_server.attachments.get(photo_id))
        assert thumbnail is not None and thumbnail.startswith(b"\x89PNG")
    finally:
        on_server.close()

    back = tmp_path / "back.sqlite3"
    copy_data(_address(pg_url), str(back))
    assert stored(str(back))[:2] == (files, files)  # a server's copy: its files inside it
    assert every_file_sound(str(back)) == (attachments, [])
    services = Services.open(str(back), clock=FixedClock(TEST_NOW))
    try:
        assert services.maintenance.check().ok
    finally:
        services.close()


def test_a_missing_file_refuses_the_copy_naming_it(demo_file: Path, pg_url: URL) -> None:
    services = Services.open(str(demo_file))
    try:
        with services.runtime.read() as session:
            sheet = session.scalars(
                select(Attachment).where(Attachment.file_name.like("%签到表%"))
            ).first()
            assert sheet is not None
            name, sha256 = sheet.file_name, sheet.sha256
    finally:
        services.close()
    kept = stored_path(files_dir_for(demo_file), sha256)
    aside = kept.with_name("aside")
    kept.rename(aside)
    with pytest.raises(UserError, match=f"“{re.escape(name)}”.*不见了.*已撤销本次复制") as refused:
        copy_data(str(demo_file), _address(pg_url))
    assert "运行检查" in str(refused.value)
    assert stored(_address(pg_url)) == (0, 0, 0)
    assert every_file_sound(_address(pg_url))[0] == 0  # no rows were kept

    # Changed (the same size, one byte different): found as it is read.
    aside.rename(kept)
    data = bytearray(kept.read_bytes())
    data[len(data) // 2] ^= 0xFF
    kept.write_bytes(bytes(data))
    with pytest.raises(UserError, match=f"“{re.escape(name)}”.*校验值不符"):
        copy_data(str(demo_file), _address(pg_url))
    assert stored(_address(pg_url)) == (0, 0, 0)


def test_the_copy_command_says_the_files_went_along(
    demo_file: Path, pg_url: URL, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["copy", "--from", str(demo_file), "--to", _address(pg_url)]) == 0
    assert "校验值逐一核对无误" in capsys.readouterr().out
