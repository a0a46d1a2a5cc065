"""The audit trail proves more: keyed seals, an anchored head, records checked against the trail.

Each tampering named in issue 13 is made the way an attacker would, with sqlite3 on the file,
and `check` must name it; a database the app alone has written must check clean.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ideowork.db.models import AuditEntry
from ideowork.domain.errors import UserError
from ideowork.services.context import Services
from ideowork.services.runtime import FixedClock
from ideowork.services.system import audit_anchor, audit_key, audit_seal
from ideowork.services.system.health import CheckItem
from ideowork.services.system.record_state import row_digest
from ideowork.services.unit import OfficeInfo, PersonInfo, UnitInfo
from tests.conftest import TEST_ACTOR


def items(services: Services) -> dict[str, CheckItem]:
    report = services.maintenance.check()
    return {item.name: item for item in report.items}


def failed(services: Services) -> dict[str, str]:
    return {name: item.detail for name, item in items(services).items() if not item.ok}


# On PostgreSQL (--backend postgresql) these are skipped: they are about a SQLite file.
TAMPERS_WITH_THE_FILE = "tampers with the database file itself through sqlite3"
KEY_IS_A_FILE = (
    "the audit key of a SQLite database is a file in the user's config folder"
    " (a server database keeps it in server_audit_key)"
)
ANCHORED_TO_THE_FILE = "the chain's head is anchored per SQLite file (restored, replaced)"
DIGESTS_OF_A_FILE = "record digests are sealed and checked for a SQLite database only"


@pytest.fixture
def outside(db_path: Path) -> Iterator[sqlite3.Connection]:
    """The database file opened the way an attacker would: sqlite3, no app, no key."""
    connection = sqlite3.connect(db_path, isolation_level=None)
    yield connection
    connection.close()


def sql(connection: sqlite3.Connection, statement: str, *params: Any) -> list[Any]:
    return connection.execute(statement, params).fetchall()


def copy_row(connection: sqlite3.Connection, table: str, row_id: int, **changes: Any) -> None:
    """A new row like `row_id`, inserted behind the app's back (a fresh id)."""
    columns = [row[1] for row in sql(connection, f"PRAGMA table_info({table})") if row[1] != "id"]
    values = dict(
        zip(
            columns,
            sql(connection, f"SELECT {','.join(columns)} FROM {table} WHERE id = ?", row_id)[0],
            strict=True,
        )
    )
    values.update(changes)
    marks = ",".join("?" * len(values))
    sql(connection, f"INSERT INTO {table} ({','.join(values)}) VALUES ({marks})", *values.values())


def key_files() -> list[Path]:
    return sorted(audit_key.audit_dir().glob("*.key"))


# --- a clean database -------------------------------------------------------------------------
def test_a_demo_database_checks_clean_with_every_record_verified(
    demo_services: Services,
) -> None:
    found = items(demo_services)
    assert all(item.ok for item in found.values()), failed(demo_services)
    assert "已用本机的审计密钥核验" in found["audit"].detail
    assert "与本机记下的一致" in found["audit_head"].detail
    # The demo is one bulk load: its single entry covers every row it wrote.
    assert "核对" in found["records"].detail and "另有" not in found["records"].detail


def test_changes_the_app_makes_by_cascades_and_bulk_statements_check_clean(
    demo_services: Services,
) -> None:
    services = demo_services
    office = services.unit.list_offices()[0]
    services.unit.save_person(PersonInfo(None, "新同志", office_id=office.id))
    services.unit.delete_office(services.unit.save_office(OfficeInfo(None, "临时股室")).id)
    services.quota_rules.restore_defaults()  # DELETE of the whole table, then inserts
    services.demo.load(force=True)  # every table cleared by bulk DELETEs
    assert failed(services) == {}


def test_records_made_before_the_unit_still_check_clean(services: Services) -> None:
    # Saving the unit claims the earlier records with a Core UPDATE the ORM never sees.
    services.unit.save_office(OfficeInfo(None, "党政办公室"))
    services.unit.save_unit(UnitInfo(full_name="中共甲镇委员会", doc_prefix="甲党字"))
    assert failed(services) == {}


# --- a keyed chain ----------------------------------------------------------------------------
@pytest.mark.sqlite_only(KEY_IS_A_FILE)
def test_the_key_lives_outside_the_database_readable_by_its_user_only(
    services: Services, db_path: Path
) -> None:
    services.unit.save_office(OfficeInfo(None, "党政办公室"))
    [key] = key_files()
    assert key.parent.parent == Path(os.environ["IDEOWORK_CONFIG_DIR"])
    secret = json.loads(key.read_text(encoding="utf-8"))["secret"]
    assert secret.encode() not in db_path.read_bytes()
    if os.name == "posix":
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
        assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700
    services.unit.save_office(OfficeInfo(None, "财政所"))
    assert key_files() == [key]  # one key per database, made on its first write


@pytest.mark.sqlite_only(TAMPERS_WITH_THE_FILE)
def test_an_edit_with_the_chain_recomputed_in_plain_sha256_is_caught(
    services: Services, outside: sqlite3.Connection
) -> None:
    for name in ("党政办公室", "财政所", "宣传办"):
        services.unit.save_office(OfficeInfo(None, name))
    # The forger changes entry 2's summary and recomputes every hash from there on, as the
    # code of scheme 2 did (plain SHA-256 over the same fields), keeping scheme 3.
    rows = sql(outside, "SELECT id FROM audit_entry ORDER BY id")
    prev = sql(outside, "SELECT hash FROM audit_entry WHERE id = 1")[0][0]
    sql(outside, "UPDATE audit_entry SET summary = '保存股室：伪造' WHERE id = 2")
    for (entry_id,) in rows[1:]:
        with services.runtime.read() as session:
            entry = session.get(AuditEntry, entry_id)
            assert entry is not None
            entry.prev_hash = prev
            forged = audit_seal.plain_digest(entry)
            session.rollback()
        sql(
            outside,
            "UPDATE audit_entry SET prev_hash = ?, hash = ? WHERE id = ?",
            prev,
            forged,
            entry_id,
        )
        prev = forged
    problems = failed(services)
    assert "审计记录 #2 的内容与校验值不符" in problems["audit"]
    assert "审计记录 #3 的内容与校验值不符" in problems["audit"]
    assert "链接断开" not in problems["audit"]  # the links were recomputed: only the seal shows
    assert "被改写" in problems["audit_head"]


@pytest.mark.sqlite_only(TAMPERS_WITH_THE_FILE)
def test_the_whole_chain_relabelled_as_scheme_2_and_recomputed_is_caught(
    services: Services, outside: sqlite3.Connection
) -> None:
    for name in ("党政办公室", "财政所"):
        services.unit.save_office(OfficeInfo(None, name))
    prev = ""
    for (entry_id,) in sql(outside, "SELECT id FROM audit_entry ORDER BY id"):
        with services.runtime.read() as session:
            entry = session.get(AuditEntry, entry_id)
            assert entry is not None
            entry.scheme, entry.prev_hash = audit_seal.ACTOR_SCHEME, prev
            forged = audit_seal.plain_digest(entry)
            session.rollback()
        sql(
            outside,
            "UPDATE audit_entry SET scheme = 2, key_id = '', state = '', prev_hash = ?, hash = ? "
            "WHERE id = ?",
            prev,
            forged,
            entry_id,
        )
        prev = forged
    # A chain of plain hashes is consistent in itself; the anchor kept outside is not fooled.
    problems = failed(services)
    assert "audit" not in problems
    assert "审计记录 #2 与本机记下的不同" in problems["audit_head"]


@pytest.mark.sqlite_only(TAMPERS_WITH_THE_FILE)
def test_relabelling_one_entry_to_an_older_scheme_is_caught(
    services: Services, outside: sqlite3.Connection
) -> None:
    for name in ("党政办公室", "财政所", "宣传办"):
        services.unit.save_office(OfficeInfo(None, name))
    sql(outside, "UPDATE audit_entry SET scheme = 2 WHERE id = 3")
    assert "审计记录 #3 的内容与校验值不符" in failed(services)["audit"]
    sql(outside, "UPDATE audit_entry SET scheme = 1 WHERE id = 3")
    assert "审计记录 #3 的内容与校验值不符" in failed(services)["audit"]


@pytest.mark.sqlite_only(TAMPERS_WITH_THE_FILE)
def test_a_key_change_the_chain_does_not_record_is_caught(
    services: Services, outside: sqlite3.Connection
) -> None:
    services.unit.save_office(OfficeInfo(None, "党政办公室"))
    services.unit.save_office(OfficeInfo(None, "财政所"))
    # Someone with a key of their own on this PC re-seals entry 2 under it, without saying so.
    own = audit_key.create_key("")
    with services.runtime.read() as session:
        entry = session.get(AuditEntry, 2)
        assert entry is not None
        entry.key_id = own.key_id
        forged = audit_seal.keyed_digest(entry, own)
        session.rollback()
    sql(outside, "UPDATE audit_entry SET key_id = ?, hash = ? WHERE id = 2", own.key_id, forged)
    assert "审计记录 #2 换用了另一个审计密钥" in failed(services)["audit"]


# --- the key on another PC --------------------------------------------------------------------
@pytest.mark.sqlite_only(KEY_IS_A_FILE)
def test_without_the_key_the_chain_is_checked_without_it_not_called_forged(
    services: Services, outside: sqlite3.Connection
) -> None:
    services.unit.save_office(OfficeInfo(None, "党政办公室"))
    services.unit.save_office(OfficeInfo(None, "财政所"))
    [key] = key_files()
    key.unlink()
    problems = failed(services)
    assert problems["audit"].startswith("审计密钥不在本机：审计记录 #1–#2（共2条）")
    assert "内容与校验值不符" not in problems["audit"]
    assert "导出审计密钥，再在本机导入" in problems["audit"]
    # The structure is still checked without the key: a cut link shows.
    sql(outside, "UPDATE audit_entry SET prev_hash = 'x' WHERE id = 2")
    assert "审计记录 #2 与上一条记录的链接断开" in failed(services)["audit"]


@pytest.mark.sqlite_only(KEY_IS_A_FILE)
def test_a_damaged_key_file_is_named_and_not_overwritten(services: Services) -> None:
    services.unit.save_office(OfficeInfo(None, "党政办公室"))
    [key] = key_files()
    key.write_text("{", encoding="utf-8")
    assert "审计密钥文件无法读取" in failed(services)["audit"]
    services.unit.save_office(OfficeInfo(None, "财政所"))  # sealed with a new key beside it
    assert key.read_text(encoding="utf-8") == "{" and len(key_files()) == 2


@pytest.mark.sqlite_only(KEY_IS_A_FILE)
def test_moving_to_another_pc_export_then_import_the_key(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.unit.save_office(OfficeInfo(None, "党政办公室"))
    exported = tmp_path / "audit-key.json"
    assert audit_key.export_key(services.runtime, exported) == [key_files()[0].stem]
    if os.name == "posix":
        assert stat.S_IMODE(exported.stat().st_mode) == 0o600
    # Another PC: a config folder without the key.
    monkeypatch.setenv("IDEOWORK_CONFIG_DIR", str(tmp_path / "other-pc"))
    assert key_files() == []
    assert "审计密钥不在本机" in failed(services)["audit"]
    # Working on before the import starts a key of this PC; the entry that does says so.
    services.unit.save_office(OfficeInfo(None, "财政所"))
    assert len(key_files()) == 1
    assert "审计记录 #1（共1条）" in failed(services)["audit"]
    imported = audit_key.import_key(exported)
    assert len(imported.added) == 1 and imported.already_here == ()
    assert failed(services) == {}
    again = audit_key.import_key(exported)
    assert again.added == () and len(again.already_here) == 1


@pytest.mark.sqlite_only(KEY_IS_A_FILE)
def test_a_key_import_that_conflicts_or_is_not_a_key_writes_nothing(
    services: Services, tmp_path: Path
) -> None:
    services.unit.save_office(OfficeInfo(None, "党政办公室"))
    [key] = key_files()
    before = {path.name: path.read_bytes() for path in key.parent.iterdir()}
    other = json.loads(key.read_text(encoding="utf-8"))
    other["secret"] = "00" * 32
    conflicting = tmp_path / "conflicting.json"
    conflicting.write_text(json.dumps(other), encoding="utf-8")
    with pytest.raises(UserError, match="内容不同的审计密钥，未导入任何密钥"):
        audit_key.import_key(conflicting)
    junk = tmp_path / "junk.json"
    for content in ("not json", '{"format": "x"}', '{"format": "ideowork-audit-keys", "keys": []}'):
        junk.write_text(content, encoding="utf-8")
        with pytest.raises(UserError, match="不是本程序导出的审计密钥文件"):
            audit_key.import_key(junk)
    with pytest.raises(UserError, match="找不到审计密钥文件"):
        audit_key.import_key(tmp_path / "missing.json")
    assert {path.name: path.read_bytes() for path in key.parent.iterdir()} == before


def test_exporting_without_a_key_here_says_where_to_get_it(
    services: Services, tmp_path: Path
) -> None:
    with pytest.raises(UserError, match="本机没有这个数据库的审计密钥"):
        audit_key.export_key(services.runtime, tmp_path / "out.json")
    assert not (tmp_path / "out.json").exists()


# --- the anchored head ------------------------------------------------------------------------
@pytest.mark.sqlite_only(TAMPERS_WITH_THE_FILE)
@pytest.mark.parametrize("cut", [1, 3, "all"])
def test_deleting_the_last_entries_or_all_of_them_is_caught(
    services: Services, outside: sqlite3.Connection, cut: int | str
) -> None:
    for name in ("党政办公室", "财政所", "宣传办", "综治办"):
        services.unit.save_office(OfficeInfo(None, name))
    if cut == "all":
        sql(outside, "DELETE FROM audit_entry")
    else:
        sql(outside, "DELETE FROM audit_entry WHERE id > ?", 4 - int(cut))
    problems = failed(services)
    lost = 4 if cut == "all" else cut
    assert problems["audit_head"].startswith(
        f"审计记录被截断：本机记下这个数据库至少有4条审计记录（最后一条为 #4），"
        f"现在只有{4 - lost}条，最后的{lost}条审计记录被删除了。"
    )
    assert "audit" not in problems  # what is left is a sound chain: only the anchor can tell


@pytest.mark.sqlite_only(TAMPERS_WITH_THE_FILE)
def test_a_write_after_a_cut_keeps_the_evidence(
    services: Services, outside: sqlite3.Connection
) -> None:
    for name in ("党政办公室", "财政所"):
        services.unit.save_office(OfficeInfo(None, name))
    sql(outside, "DELETE FROM audit_entry WHERE id = 2")
    services.unit.save_office(OfficeInfo(None, "宣传办"))  # the new entry reuses id 2
    assert "audit_head" in failed(services)


def test_an_anchor_left_behind_by_a_crash_is_not_a_cut(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.unit.save_office(OfficeInfo(None, "党政办公室"))
    # A kill between the commit and the anchor's update: the anchor stays one behind.
    with monkeypatch.context() as patched:
        patched.setattr(audit_anchor, "write_heads", _fail_to_write)
        services.unit.save_office(OfficeInfo(None, "财政所"))
    found = items(services)
    assert found["audit_head"].ok and "本机记下1条，现有2条" in found["audit_head"].detail
    services.unit.save_office(OfficeInfo(None, "宣传办"))
    assert "本机记下3条，现有3条" in items(services)["audit_head"].detail


def test_a_torn_anchor_write_falls_back_to_the_head_before(services: Services) -> None:
    for name in ("党政办公室", "财政所", "宣传办"):
        services.unit.save_office(OfficeInfo(None, name))
    where = audit_anchor.location(services.runtime.db)
    assert where is not None
    path = audit_anchor.anchor_file(where)
    raw = bytearray(path.read_bytes())
    newest = 0 if b'"seq":3' in raw[: audit_anchor.SLOT_BYTES] else 1
    start = newest * audit_anchor.SLOT_BYTES
    raw[start + 40 : start + 60] = b"\0" * 20  # a kill in the middle of the last update
    path.write_bytes(bytes(raw))
    assert "本机记下2条，现有3条" in items(services)["audit_head"].detail
    other = (1 - newest) * audit_anchor.SLOT_BYTES
    raw[other + 40 : other + 60] = b"\0" * 20  # both slots damaged: not a crash
    path.write_bytes(bytes(raw))
    assert "无法读取" in failed(services)["audit_head"]
    services.unit.save_office(OfficeInfo(None, "综治办"))  # the next write anchors afresh
    assert "本机记下4条，现有4条" in items(services)["audit_head"].detail


def _fail_to_write(where: str, heads: list[audit_anchor.Head]) -> None:
    raise OSError(28, "No space left on device")


def test_each_database_file_has_its_own_anchor(services: Services, tmp_path: Path) -> None:
    services.unit.save_office(OfficeInfo(None, "党政办公室"))
    backup = services.maintenance.backup(tmp_path / "copy.sqlite3")
    services.unit.save_office(OfficeInfo(None, "财政所"))
    # The older copy checks clean where it is: the anchor is of the live file's location.
    other = Services.open(str(backup), clock=FixedClock(services.now()), actor=TEST_ACTOR)
    try:
        assert failed(other) == {}
    finally:
        other.runtime.db.dispose()


@pytest.mark.sqlite_only(ANCHORED_TO_THE_FILE)
def test_a_restore_then_check_is_clean(services: Services, tmp_path: Path) -> None:
    services.unit.save_office(OfficeInfo(None, "党政办公室"))
    backup = services.maintenance.backup(tmp_path / "copy.sqlite3")
    for name in ("财政所", "宣传办", "综治办"):
        services.unit.save_office(OfficeInfo(None, name))
    services.maintenance.restore(backup)  # the head legitimately moves back
    assert failed(services) == {}
    services.unit.save_office(OfficeInfo(None, "财政所"))
    assert failed(services) == {}


@pytest.mark.sqlite_only(ANCHORED_TO_THE_FILE)
def test_a_file_replaced_by_hand_is_reported_until_reanchored(
    services: Services, db_path: Path, tmp_path: Path
) -> None:
    services.unit.save_office(OfficeInfo(None, "党政办公室"))
    backup = services.maintenance.backup(tmp_path / "copy.sqlite3")
    services.unit.save_office(OfficeInfo(None, "财政所"))
    services.runtime.db.dispose()
    with sqlite3.connect(backup) as source, sqlite3.connect(db_path) as target:
        source.backup(target)  # what copying the backup over the file does
    assert "请改用本程序的“恢复”功能" in failed(services)["audit_head"]
    audit_anchor.reanchor(services.runtime)  # the user says: this is the database I want
    assert failed(services) == {}


@pytest.mark.sqlite_only(ANCHORED_TO_THE_FILE)
def test_expecting_a_restore_accepts_either_file(
    services: Services, db_path: Path, tmp_path: Path
) -> None:
    services.unit.save_office(OfficeInfo(None, "党政办公室"))
    backup = services.maintenance.backup(tmp_path / "copy.sqlite3")
    services.unit.save_office(OfficeInfo(None, "财政所"))
    audit_anchor.expect_restore(db_path, backup)
    assert failed(services) == {}  # killed before the swap: the old file is fine
    services.runtime.db.dispose()
    with sqlite3.connect(backup) as source, sqlite3.connect(db_path) as target:
        source.backup(target)
    assert failed(services) == {}  # killed after it: the new one is fine too
    services.unit.save_office(OfficeInfo(None, "宣传办"))
    assert "本机记下2条，现有2条" in items(services)["audit_head"].detail


# --- records against the trail ----------------------------------------------------------------
@pytest.mark.sqlite_only(TAMPERS_WITH_THE_FILE)
def test_a_row_edited_outside_the_app_is_reported(
    demo_services: Services, outside: sqlite3.Connection
) -> None:
    [(case_id,)] = sql(outside, "SELECT id FROM sentiment_case ORDER BY id LIMIT 1")
    # the demo is one transaction: its last entry carries the records' states
    [(demo_entry,)] = sql(outside, "SELECT max(id) FROM audit_entry")
    sql(
        outside, "UPDATE sentiment_case SET title = title || '（已妥善处置）' WHERE id = ?", case_id
    )
    problems = failed(demo_services)
    assert problems.keys() == {"records"}
    assert problems["records"].startswith(
        f"舆情事项 #{case_id} 在程序之外被改动（与审计记录 #{demo_entry} 记下的"
    )
    assert "请从改动之前的备份恢复" in problems["records"]


@pytest.mark.sqlite_only(TAMPERS_WITH_THE_FILE)
def test_rows_deleted_added_or_brought_back_outside_the_app_are_reported(
    demo_services: Services, outside: sqlite3.Connection
) -> None:
    services = demo_services
    [(session_id,)] = sql(outside, "SELECT max(id) FROM study_session")
    copy_row(outside, "study_session", session_id, uid="fake-uid", topic="补记的学习")
    assert f"学习活动 #{session_id + 1} 不是由本程序添加的" in failed(services)["records"]
    sql(outside, "DELETE FROM study_session WHERE id = ?", session_id + 1)
    assert failed(services) == {}

    sql(outside, "DELETE FROM attendance WHERE session_id = ?", session_id)
    sql(outside, "DELETE FROM study_session WHERE id = ?", session_id)
    problems = failed(services)["records"]
    assert f"学习活动 #{session_id} 在程序之外被删除" in problems
    assert f"出勤记录 #{session_id},1、" in problems

    office = services.unit.save_office(OfficeInfo(None, "临时股室"))
    row = sql(outside, "SELECT * FROM office WHERE id = ?", office.id)[0]
    services.unit.delete_office(office.id)
    sql(outside, f"INSERT INTO office VALUES ({','.join('?' * len(row))})", *row)
    assert f"股室 #{office.id} 已在程序中删除，却又出现了" in failed(services)["records"]


@pytest.mark.sqlite_only(TAMPERS_WITH_THE_FILE)
def test_rows_from_before_the_seals_are_counted(
    services: Services, db_path: Path, outside: sqlite3.Connection
) -> None:
    # An older version wrote these rows (no seal, no record state) …
    services.unit.save_office(OfficeInfo(None, "党政办公室"))
    sql(outside, "DELETE FROM audit_entry")
    for name in ("财政所", "宣传办", "综治办"):
        sql(
            outside,
            "INSERT INTO office (name, sort_order, note, uid, origin) VALUES (?, 0, '', ?, '')",
            name,
            name,
        )
    for path in audit_key.audit_dir().iterdir():
        path.unlink()
    # … then this version made its first sealed entry, counting them.
    services.unit.save_person(PersonInfo(None, "张三"))
    found = items(services)
    assert found["records"].ok and "写于开始核对之前" in found["records"].detail
    sql(outside, "DELETE FROM office WHERE name = '宣传办'")
    assert "股室有1条较早的记录（开始核对之前写入）在程序之外被删除" in failed(services)["records"]
    sql(
        outside,
        "INSERT INTO office (name, sort_order, note, uid, origin) VALUES ('伪', 0, '', 'u', '')",
    )
    assert "不是由本程序添加的" in failed(services)["records"]


@pytest.mark.sqlite_only(DIGESTS_OF_A_FILE)
def test_a_database_never_sealed_checks_clean_and_says_when_checking_starts(
    services: Services,
) -> None:
    found = items(services)
    assert all(item.ok for item in found.values())
    assert "记录内容的核对从下一次修改开始" in found["records"].detail
    assert "尚未记下" in found["audit_head"].detail


@pytest.mark.sqlite_only(TAMPERS_WITH_THE_FILE)
def test_record_digests_ride_in_the_seal(services: Services, outside: sqlite3.Connection) -> None:
    office = services.unit.save_office(OfficeInfo(None, "党政办公室"))
    [(state,)] = sql(outside, "SELECT state FROM audit_entry ORDER BY id DESC LIMIT 1")
    rows = json.loads(state)["tables"]["office"]["rows"]
    assert list(rows) == [str(office.id)] and len(rows[str(office.id)]) == 32
    # Rewriting the digest to match an edited row breaks the seal instead.
    sql(outside, "UPDATE office SET name = '别的股室'")
    new_row = sql(outside, "SELECT * FROM office")[0]
    forged = state.replace(rows[str(office.id)], row_digest(new_row))
    sql(outside, "UPDATE audit_entry SET state = ? WHERE id = 1", forged)
    problems = failed(services)
    assert "records" not in problems
    assert "审计记录 #1 的内容与校验值不符" in problems["audit"]
