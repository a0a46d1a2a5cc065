"""The audit key of a server database: one key in `server_audit_key`, shared by every PC;
carried over by `copy` (key files → table, and back)."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from sqlalchemy import delete, select
from sqlalchemy.engine import URL

from ideowork.db.engine import Database, resolve_db_url
from ideowork.db.models import AuditEntry, ServerAuditKey
from ideowork.services.context import Services
from ideowork.services.runtime import Actor, FixedClock
from ideowork.services.system import audit_key
from ideowork.services.system.health import run_checks
from ideowork.services.system.server import copy_data, init_server
from ideowork.services.unit import OfficeInfo
from tests.conftest import TEST_NOW

PC_A = Actor("张三", "办公室电脑")
PC_B = Actor("李四", "信访室电脑")


def _address(url: URL) -> str:
    return url.render_as_string(hide_password=False)


def _on_pc(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str) -> Path:
    """From here on, this process is the PC `name`: its own config folder (keys, anchors)."""
    folder = tmp_path / f"config-{name}"
    monkeypatch.setenv(audit_key.CONFIG_DIR_ENV_VAR, str(folder))
    return folder


def _key_files(folder: Path) -> list[str]:
    audit = folder / "audit"
    return sorted(p.stem for p in audit.glob("*.key")) if audit.is_dir() else []


def _check(target: str) -> dict[str, tuple[bool, str]]:
    db = Database(resolve_db_url(target))
    try:
        return {item.name: (item.ok, item.detail) for item in run_checks(db).items}
    finally:
        db.dispose()


def _server_keys(target: str) -> list[str]:
    db = Database(resolve_db_url(target))
    try:
        with db.session() as session:
            return list(session.scalars(select(ServerAuditKey.key_id)))
    finally:
        db.dispose()


def _key_ids(target: str) -> set[str]:
    db = Database(resolve_db_url(target))
    try:
        with db.session() as session:
            return set(session.scalars(select(AuditEntry.key_id).where(AuditEntry.key_id != "")))
    finally:
        db.dispose()


def _write(target: str, actor: Actor, name: str) -> None:
    services = Services.open(target, clock=FixedClock(TEST_NOW), actor=actor)
    try:
        services.unit.save_office(OfficeInfo(None, name))
    finally:
        services.close()


def test_two_pcs_seal_and_check_with_the_one_key_of_the_server(
    tmp_path: Path, pg_url: URL, monkeypatch: pytest.MonkeyPatch
) -> None:
    address = _address(pg_url)
    init_server(address)
    folder_a = _on_pc(monkeypatch, tmp_path, "a")
    _write(address, PC_A, "办公室")
    folder_b = _on_pc(monkeypatch, tmp_path, "b")
    _write(address, PC_B, "信访室")

    keys = _server_keys(address)
    assert len(keys) == 1
    assert _key_ids(address) == set(keys)  # B sealed with A's key: no second key, no rekey
    assert _key_files(folder_a) == [] and _key_files(folder_b) == []  # the key is not on a PC
    for pc in ("a", "b", "c"):  # and every PC, even a new one, proves the whole trail
        _on_pc(monkeypatch, tmp_path, pc)
        items = _check(address)
        assert all(ok for ok, _ in items.values()), items
        assert "已用本机的审计密钥核验" in items["audit"][1]


def test_a_changed_entry_on_the_server_is_still_found(
    tmp_path: Path, pg_url: URL, monkeypatch: pytest.MonkeyPatch
) -> None:
    address = _address(pg_url)
    init_server(address)
    _on_pc(monkeypatch, tmp_path, "a")
    _write(address, PC_A, "办公室")
    _write(address, PC_A, "宣传办")
    db = Database(resolve_db_url(address))
    try:
        with db.session(write=True) as session:
            entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).first()
            assert entry is not None
            entry.summary = "改过的摘要"
    finally:
        db.dispose()
    _on_pc(monkeypatch, tmp_path, "b")
    ok, detail = _check(address)["audit"]
    assert not ok and "内容与校验值不符" in detail


def test_copy_carries_the_key_to_the_server_and_back_to_another_pc(
    tmp_path: Path, pg_url: URL, monkeypatch: pytest.MonkeyPatch
) -> None:
    address = _address(pg_url)
    folder_a = _on_pc(monkeypatch, tmp_path, "a")
    original = tmp_path / "unit.sqlite3"
    services = Services.open(str(original), clock=FixedClock(TEST_NOW), actor=PC_A)
    services.demo.load()
    services.close()
    (key_id,) = _key_files(folder_a)

    result = copy_data(str(original), address)
    assert result.keys == 1 and not result.missing_keys
    assert _server_keys(address) == [key_id]

    _on_pc(monkeypatch, tmp_path, "b")  # another PC, which never had the key file
    items = _check(address)
    assert all(ok for ok, _ in items.values()), items
    _write(address, PC_B, "新股室")
    assert _key_ids(address) == {key_id}  # B went on with the copied key

    folder_c = _on_pc(monkeypatch, tmp_path, "c")  # a PC that leaves the network
    back = tmp_path / "back.sqlite3"
    result = copy_data(address, str(back))
    assert result.keys == 1
    assert result.resealed > 100  # B's write on the server noted no row states
    assert _key_files(folder_c) == [key_id]
    assert _server_keys(str(back)) == []  # a SQLite file never holds its own key
    items = _check(str(back))
    assert all(ok for ok, _ in items.values()), items
    assert "已用本机的审计密钥核验" in items["audit"][1]


def test_a_source_without_its_key_is_copied_and_says_so(
    tmp_path: Path, pg_url: URL, monkeypatch: pytest.MonkeyPatch
) -> None:
    _on_pc(monkeypatch, tmp_path, "a")
    original = tmp_path / "unit.sqlite3"
    _write(str(original), PC_A, "办公室")
    _on_pc(monkeypatch, tmp_path, "b")  # the file was carried here without its key
    result = copy_data(str(original), _address(pg_url))
    assert result.keys == 0 and len(result.missing_keys) == 1
    assert "audit-key export" in result.note
    assert _server_keys(_address(pg_url)) == []


def test_a_key_an_older_version_kept_on_one_pc_is_published_to_the_server(
    tmp_path: Path, pg_url: URL, monkeypatch: pytest.MonkeyPatch
) -> None:
    address = _address(pg_url)
    init_server(address)
    _on_pc(monkeypatch, tmp_path, "a")
    _write(address, PC_A, "办公室")
    # As an older version left it: the key in A's config folder, not in the table.
    db = Database(resolve_db_url(address))
    try:
        with db.session(write=True) as session:
            row = session.scalars(select(ServerAuditKey)).one()
            key = audit_key.AuditKey(row.key_id, base64.b64decode(row.secret), row.created_at)
            session.execute(delete(ServerAuditKey))
    finally:
        db.dispose()
    assert audit_key.store_key_here(key)
    _on_pc(monkeypatch, tmp_path, "b")
    assert not _check(address)["audit"][0]  # B cannot prove A's entries yet

    _on_pc(monkeypatch, tmp_path, "a")
    _write(address, PC_A, "宣传办")  # A's next write publishes its key
    assert _server_keys(address) == [key.key_id]
    _on_pc(monkeypatch, tmp_path, "b")
    items = _check(address)
    assert all(ok for ok, _ in items.values()), items
    assert _key_ids(address) == {key.key_id}
