"""佐证材料: files attached to records, kept once by checksum, checked when read; refused when
they are not what we accept, too big or not readable; removed only when asked."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from ideowork.db.models import Finding, StoredFile, StoredFileChunk
from ideowork.db.stored_files import stored_path
from ideowork.domain.errors import UserError
from ideowork.domain.periods import Period
from ideowork.services.attachments import kinds
from ideowork.services.attachments.store import DamagedFile
from ideowork.services.context import Services
from ideowork.services.findings import FindingInfo


def jpeg(path: Path, color: str = "red", size: tuple[int, int] = (64, 48)) -> Path:
    Image.new("RGB", size, color).save(path, "JPEG")
    return path


def pdf(path: Path, password: str | None = None) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password, algorithm="RC4-128")
    with path.open("wb") as handle:
        writer.write(handle)
    return path


@pytest.fixture
def finding_uid(services: Services) -> str:
    saved = services.findings.save(FindingInfo(id=None, period="2020Q3", problem="学习不深入"))
    with services.runtime.read() as session:
        row = session.get(Finding, saved.id)
        assert row is not None
        return row.uid


def in_database(services: Services) -> bool:
    return services.attachments.store.folder is None


def test_added_files_are_listed_and_read_back_checked(
    services: Services, finding_uid: str, tmp_path: Path
) -> None:
    photo = jpeg(tmp_path / "现场照片.jpg")
    sheet = jpeg(tmp_path / "签到表.jpg", "blue")
    added = services.attachments.add("finding", finding_uid, [photo, sheet])
    assert [a.file_name for a in added] == ["现场照片.jpg", "签到表.jpg"]
    assert [a.kind for a in added] == ["photo", "sign_in"]  # guessed from name and type
    listed = services.attachments.list_for("finding", finding_uid)
    assert [a.id for a in listed] == [a.id for a in added]
    assert services.attachments.store.read_all(listed[0].sha256) == photo.read_bytes()
    assert services.attachments.check(listed[0].id) is None
    thumb = services.attachments.thumbnail(listed[0])
    assert thumb is not None and thumb.startswith(b"\x89PNG")
    assert services.attachments.of_records("finding", [finding_uid, "nobody"]) == {
        finding_uid: listed
    }


def test_the_same_content_is_kept_once(
    services: Services, finding_uid: str, tmp_path: Path
) -> None:
    first = jpeg(tmp_path / "a.jpg")
    second = tmp_path / "copy-of-a.jpg"
    second.write_bytes(first.read_bytes())
    services.attachments.add("finding", finding_uid, [first])
    services.attachments.add("finding", finding_uid, [second])
    with services.runtime.read() as session:
        assert len(session.scalars(select(StoredFile)).all()) == 1
    listed = services.attachments.list_for("finding", finding_uid)
    assert len(listed) == 2 and listed[0].sha256 == listed[1].sha256
    # Removing one keeps the content the other still refers to.
    services.attachments.remove(listed[0].id, listed[0].version)
    assert services.attachments.store.read_all(listed[1].sha256) == first.read_bytes()
    services.attachments.remove(listed[1].id, listed[1].version)
    with services.runtime.read() as session:
        assert session.scalars(select(StoredFile)).all() == []
        assert session.scalars(select(StoredFileChunk)).all() == []
    folder = services.attachments.store.folder
    if folder is not None:
        assert not stored_path(folder, listed[0].sha256).exists()
        assert [p for p in folder.rglob("*") if p.is_file()] == []


def test_on_a_server_the_bytes_are_in_chunks_else_in_the_folder(
    services: Services, finding_uid: str, tmp_path: Path
) -> None:
    big = tmp_path / "扫描件.pdf"
    pdf(big)
    with big.open("ab") as handle:  # past one chunk: read back across chunk borders
        handle.write(b"\n%" + b"x" * (1024 * 1024 + 100) + b"\n")
    (info,) = services.attachments.add("finding", finding_uid, [big])
    with services.runtime.read() as session:
        chunks = session.scalars(select(StoredFileChunk.seq).order_by(StoredFileChunk.seq)).all()
        stored = session.get(StoredFile, info.sha256)
    assert stored is not None and stored.size == big.stat().st_size
    if in_database(services):
        assert chunks == [0, 1] and stored.in_database
    else:
        assert chunks == [] and not stored.in_database
    assert services.attachments.store.read_all(info.sha256) == big.read_bytes()


def test_files_of_other_types_are_refused_naming_what_is_accepted(
    services: Services, finding_uid: str, tmp_path: Path
) -> None:
    script = tmp_path / "tool.exe"
    script.write_bytes(b"MZ...")
    with pytest.raises(UserError, match="JPG、PNG"):
        services.attachments.add("finding", finding_uid, [script])
    assert services.attachments.list_for("finding", finding_uid) == []


def test_an_unreadable_image_is_refused_when_added(
    services: Services, finding_uid: str, tmp_path: Path
) -> None:
    fake = tmp_path / "照片.jpg"
    fake.write_bytes(b"this is not a picture at all")
    with pytest.raises(UserError, match=r"照片\.jpg"):
        services.attachments.add("finding", finding_uid, [fake])
    broken = tmp_path / "半张.jpg"
    broken.write_bytes(jpeg(tmp_path / "whole.jpg", size=(400, 300)).read_bytes()[:200])
    with pytest.raises(UserError, match=r"半张\.jpg"):
        services.attachments.add("finding", finding_uid, [broken])
    assert services.attachments.list_for("finding", finding_uid) == []


def test_a_pdf_with_a_password_is_kept_and_said_to_be_unusable_for_the_binder(
    services: Services, finding_uid: str, tmp_path: Path
) -> None:
    locked = pdf(tmp_path / "会议纪要.pdf", password="secret")
    (info,) = services.attachments.add("finding", finding_uid, [locked])
    assert info.kind == "record"
    problem = services.attachments.examine(info)
    assert problem is not None and "密码" in problem
    plain = pdf(tmp_path / "plain.pdf")
    (other,) = services.attachments.add("finding", finding_uid, [plain])
    assert services.attachments.examine(other) is None


def test_a_file_over_the_limit_is_refused_and_nothing_is_left(
    services: Services, finding_uid: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as handle:  # sparse: 500 MB on disk costs nothing
        handle.write(b"%PDF-1.4\n")
        handle.truncate(500 * 1024 * 1024)
    with pytest.raises(UserError, match="200 MB"):
        services.attachments.add("finding", finding_uid, [huge])
    # A stream growing past the limit while it is copied: refused, no temporary left.
    monkeypatch.setattr("ideowork.services.attachments.store.MAX_FILE_BYTES", 1000)
    with pytest.raises(UserError, match="超过"):
        services.attachments.store.spool(io.BytesIO(b"%PDF-" + b"x" * 2000), "stream.pdf")
    folder = services.attachments.store.folder
    if folder is not None and folder.exists():
        assert [p for p in folder.rglob("*") if p.is_file()] == []
    assert services.attachments.list_for("finding", finding_uid) == []


def test_a_changed_or_missing_file_is_found_on_reading(
    services: Services, finding_uid: str, tmp_path: Path
) -> None:
    if in_database(services):
        pytest.skip("the folder store only: on a server the bytes are in the database")
    (info,) = services.attachments.add("finding", finding_uid, [jpeg(tmp_path / "p.jpg")])
    folder = services.attachments.store.folder
    assert folder is not None
    kept = stored_path(folder, info.sha256)
    data = bytearray(kept.read_bytes())
    data[-10] ^= 0xFF
    kept.write_bytes(bytes(data))
    with pytest.raises(DamagedFile, match=r"p\.jpg.*校验值不符"):
        services.attachments.store.read_all(info.sha256, info.file_name)
    assert "校验值不符" in (services.attachments.check(info.id) or "")
    kept.unlink()
    with pytest.raises(DamagedFile, match="不见了"):
        services.attachments.local_copy(info)
    # Adding the same content again heals the store.
    services.attachments.add("finding", finding_uid, [tmp_path / "p.jpg"])
    assert services.attachments.check(info.id) is None


def test_a_deleted_records_files_are_kept_unattached_or_deleted_as_asked(
    services: Services, finding_uid: str, tmp_path: Path
) -> None:
    services.attachments.add("finding", finding_uid, [jpeg(tmp_path / "a.jpg")])
    finding = services.findings.in_period(Period.parse("2020Q3"))[0]
    assert finding.id is not None
    services.findings.delete(finding.id, finding.version)
    assert services.attachments.detach_all("finding", finding_uid, keep_files=True) == 1
    (kept,) = services.attachments.unattached()
    assert kept.owner_label == "研判问题" and kept.attachment.file_name == "a.jpg"
    assert services.attachments.detach_all("finding", finding_uid, keep_files=False) == 1
    assert services.attachments.unattached() == []
    with services.runtime.read() as session:
        assert session.scalars(select(StoredFile)).all() == []


def test_caption_kind_and_order_are_edited_with_the_version_seen(
    services: Services, finding_uid: str, tmp_path: Path
) -> None:
    a, b = services.attachments.add(
        "finding", finding_uid, [jpeg(tmp_path / "a.jpg"), jpeg(tmp_path / "b.jpg", "green")]
    )
    changed = services.attachments.set_caption(a.id, "  会场  全景 ", a.version)
    assert changed.caption == "会场 全景"
    services.attachments.set_kind(b.id, "sign_in", b.version)
    services.attachments.move(b.id, -1)
    listed = services.attachments.list_for("finding", finding_uid)
    assert [x.file_name for x in listed] == ["b.jpg", "a.jpg"]
    assert listed[0].kind_label == "签到表"
    with pytest.raises(UserError):
        services.attachments.set_caption(a.id, "again", a.version)  # an older version


def test_accepted_types_cover_office_files() -> None:
    for name in ("a.doc", "a.docx", "a.xls", "a.xlsx", "a.wps", "a.et", "A.JPG", "b.PNG"):
        assert kinds.file_type(name).media_type
