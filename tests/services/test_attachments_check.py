"""`check` reads every attached file against its checksum, wherever it is kept (the folder on
SQLite, the database on a server), and names the missing and changed ones by their records."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import delete, select, update

from ideowork.cli import main
from ideowork.db.models import StoredFileChunk
from ideowork.db.stored_files import stored_path
from ideowork.services.context import Services
from ideowork.services.findings import FindingInfo
from ideowork.services.system.health import CheckItem


def jpeg(path: Path, colour: str) -> Path:
    Image.new("RGB", (80, 60), colour).save(path, "JPEG")
    return path


def finding(services: Services, problem: str) -> str:
    saved = services.findings.save(FindingInfo(id=None, period="2020Q3", problem=problem))
    assert saved.id is not None
    uid = services.attachments.uid_of("finding", saved.id)
    assert uid is not None
    return uid


def files_item(services: Services) -> CheckItem:
    return next(item for item in services.maintenance.check().items if item.name == "files")


def damage(services: Services, sha256: str, how: str) -> None:
    """Change a byte of a kept file, or remove it, where this database keeps it."""
    folder = services.attachments.store.folder
    if folder is not None:
        path = stored_path(folder, sha256)
        if how == "missing":
            path.unlink()
        else:
            data = bytearray(path.read_bytes())
            data[len(data) // 2] ^= 0xFF
            path.write_bytes(bytes(data))
        return
    engine = services.runtime.db.engine.execution_options(ideowork_write=True)
    with engine.begin() as connection:
        chunks = StoredFileChunk.__table__
        if how == "missing":
            connection.execute(delete(chunks).where(chunks.c.sha256 == sha256))
        else:
            where = (chunks.c.sha256 == sha256) & (chunks.c.seq == 0)
            data = bytearray(connection.execute(select(chunks.c.data).where(where)).scalar_one())
            data[len(data) // 2] ^= 0xFF
            connection.execute(update(chunks).where(where).values(data=bytes(data)))


def test_sound_files_pass_and_are_counted(services: Services, tmp_path: Path) -> None:
    assert files_item(services).detail == "没有佐证材料文件"
    uid = finding(services, "学习不深入")
    services.attachments.add(
        "finding", uid, [jpeg(tmp_path / "a.jpg", "red"), jpeg(tmp_path / "b.jpg", "blue")]
    )
    item = files_item(services)
    assert item.ok and item.detail.startswith("佐证材料文件2个（") and "完好" in item.detail
    on_server = services.attachments.store.folder is None
    assert ("均存放在数据库中" in item.detail) == on_server


def test_missing_and_changed_files_are_named_by_their_records(
    services: Services, tmp_path: Path
) -> None:
    uid = finding(services, "学习不深入")
    other = finding(services, "阵地管理不到位")
    (changed,) = services.attachments.add("finding", uid, [jpeg(tmp_path / "整改照片.jpg", "red")])
    (missing,) = services.attachments.add("finding", uid, [jpeg(tmp_path / "签到表.jpg", "blue")])
    (kept,) = services.attachments.add("finding", other, [jpeg(tmp_path / "记录.jpg", "green")])
    services.attachments.add("finding", other, [jpeg(tmp_path / "完好.jpg", "gray")])
    # The second finding deleted, its files kept: named as no longer attached.
    with services.runtime.read() as session:
        from ideowork.db.models import Finding

        other_id = session.scalars(select(Finding.id).where(Finding.uid == other)).one()
    services.findings.delete(other_id)
    services.attachments.detach_all("finding", other, keep_files=True)
    damage(services, changed.sha256, "changed")
    damage(services, missing.sha256, "missing")
    damage(services, kept.sha256, "changed")

    item = files_item(services)
    assert not item.ok
    assert item.detail.startswith("佐证材料文件4个中有3个不能使用：")
    assert "研判问题“学习不深入”的“整改照片.jpg”的内容与登记的校验值不符" in item.detail
    assert "研判问题“学习不深入”的“签到表.jpg”不见了" in item.detail
    assert "研判问题（已删除，未关联）的“记录.jpg”的内容与登记的校验值不符" in item.detail
    assert "完好.jpg" not in item.detail and "用最近的备份恢复" in item.detail
    assert not services.maintenance.check().ok


@pytest.mark.sqlite_only("the command line opens the database file of the test")
def test_the_check_command_names_them_and_fails(
    services: Services, tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    uid = finding(services, "学习不深入")
    (info,) = services.attachments.add("finding", uid, [jpeg(tmp_path / "现场.jpg", "red")])
    assert main(["--db", str(db_path), "check"]) == 0
    assert "通过  佐证材料文件1个" in capsys.readouterr().out
    damage(services, info.sha256, "missing")
    assert main(["--db", str(db_path), "check"]) != 0
    out = capsys.readouterr().out
    assert "失败  佐证材料文件1个中有1个不能使用：研判问题“学习不深入”的“现场.jpg”不见了" in out
