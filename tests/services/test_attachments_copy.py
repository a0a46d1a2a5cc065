"""`copy` from one SQLite file to another carries the attached files into the target's own
folder (checked as copied; the rows as they were, so the target's trail accounts for them)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from ideowork.db.models import Attachment
from ideowork.db.stored_files import files_dir_for, folder_files
from ideowork.domain.errors import UserError
from ideowork.services.context import Services
from ideowork.services.runtime import FixedClock
from ideowork.services.system.server import copy_data
from tests.conftest import TEST_NOW


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.sqlite3"
    services = Services.open(str(path), clock=FixedClock(TEST_NOW))
    services.demo.load()
    services.close()
    return path


def test_a_sqlite_copy_gets_the_files_in_its_own_folder(demo_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy" / "unit.sqlite3"
    target.parent.mkdir()
    result = copy_data(str(demo_file), str(target))
    source_files = sorted(p.name for p in folder_files(files_dir_for(demo_file)))
    assert sorted(p.name for p in folder_files(files_dir_for(target))) == source_files
    assert result.files.files == len(source_files) and not result.files.into_database
    assert "复制到目标数据库的附件文件夹" in result.note
    services = Services.open(str(target), clock=FixedClock(TEST_NOW))
    try:
        with services.runtime.read() as session:
            ids = list(session.scalars(select(Attachment.id)))
        assert ids and all(services.attachments.check(i) is None for i in ids)
        report = services.maintenance.check()
        assert report.ok, [item.detail for item in report.items if not item.ok]
    finally:
        services.close()


def test_a_changed_file_refuses_the_copy_and_leaves_no_file(
    demo_file: Path, tmp_path: Path
) -> None:
    kept = next(iter(folder_files(files_dir_for(demo_file))))
    data = bytearray(kept.read_bytes())
    data[100] ^= 0xFF
    kept.write_bytes(bytes(data))
    target = tmp_path / "unit.sqlite3"
    with pytest.raises(UserError, match=r"校验值不符.*已撤销本次复制"):
        copy_data(str(demo_file), str(target))
    assert kept.name not in {p.name for p in folder_files(files_dir_for(target))}
