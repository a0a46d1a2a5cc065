"""User accounts and roles: who may log in, the waits after wrong tries, and the one check of
every write (a 只读 user changes nothing, a 经办人 only their modules)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ideowork.db.models import AuditEntry, DayMark, Finding, GeneratedDocument, UserAccount
from ideowork.domain.errors import UserError, ValidationError
from ideowork.domain.periods import Period
from ideowork.services.context import Services
from ideowork.services.findings import FindingInfo
from ideowork.services.runtime import FixedClock, Runtime
from ideowork.services.system.permissions import LOGIN_FIRST, PermissionDenied
from ideowork.services.unit import OfficeInfo
from tests.conftest import TEST_ACTOR

PASSWORD = "正确密码abc"
Q3 = Period.parse("2020Q3")


def count(services: Services, model: type) -> int:
    with services.runtime.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def entries(services: Services) -> list[AuditEntry]:
    with services.runtime.read() as session:
        rows = list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
        session.expunge_all()
    return rows


def with_accounts(services: Services) -> Services:
    """An admin, a 经办人 of 学习日历 and 舆情台账, a 只读 user; logged in as the admin."""
    users = services.users
    users.add("admin", "王管理", "admin", password=PASSWORD)
    assert users.login("admin", PASSWORD).ok
    users.add("clerk", "李经办", "clerk", ["studies", "sentiment"], PASSWORD)
    users.add("viewer", "赵只读", "viewer", password=PASSWORD)
    return services


def log_in(services: Services, login: str) -> None:
    result = services.users.login(login, PASSWORD)
    assert result.ok, result.message


@pytest.fixture
def accounts(demo_services: Services) -> Services:
    return with_accounts(demo_services)


# --- single PC: users off by default ----------------------------------------------------------
def test_a_single_pc_has_no_users_and_the_os_login_acts_as_before(services: Services) -> None:
    assert not services.users.enabled()
    # A SQLite file: nobody is asked to log in; a server asks for its first 管理员.
    assert services.users.needs_first_admin() == services.users.on_server()
    assert services.users.current() is None
    assert services.users.is_admin()
    services.findings.save(FindingInfo(id=None, period="2021Q1", problem_title="甲"))
    last = entries(services)[-1]
    assert (last.actor, last.workstation) == (TEST_ACTOR.user, TEST_ACTOR.workstation)


def test_the_first_account_must_be_an_admin(services: Services) -> None:
    with pytest.raises(ValidationError, match="第一个账号必须是管理员"):
        services.users.add("li", "李四", "clerk", ["studies"], PASSWORD)
    assert not services.users.enabled()
    services.users.add("wang", "王五", "admin", password=PASSWORD)
    assert services.users.enabled()


@pytest.mark.parametrize(
    ("login", "name", "role", "modules", "password", "problem"),
    [
        ("1abc", "甲", "admin", [], PASSWORD, "以字母开头"),
        ("a", "甲", "admin", [], PASSWORD, "2到32个"),
        ("张三", "甲", "admin", [], PASSWORD, "英文字母"),
        ("abc", " ", "admin", [], PASSWORD, "请填写姓名"),
        ("abc", "甲", "boss", [], PASSWORD, "请选择角色"),
        ("abc", "甲", "admin", [], "12345", "至少要有6个字符"),
    ],
)
def test_new_accounts_are_checked(
    services: Services,
    login: str,
    name: str,
    role: str,
    modules: list[str],
    password: str,
    problem: str,
) -> None:
    with pytest.raises(ValidationError, match=problem):
        services.users.add(login, name, role, modules, password)
    assert count(services, UserAccount) == 0


def test_clerks_need_modules_and_logins_are_unique(accounts: Services) -> None:
    users = accounts.users
    with pytest.raises(ValidationError, match="至少一个"):
        users.add("zhou", "周", "clerk", [], PASSWORD)
    with pytest.raises(ValidationError, match="可分配的模块"):
        users.add("zhou", "周", "clerk", ["system"], PASSWORD)
    # Full-width letters of a Chinese input method and capitals are the same login.
    with pytest.raises(ValidationError, match="已被李经办使用"):
        users.add("ＣＬＥＲＫ", "另一个", "viewer", password=PASSWORD)
    clerk = next(u for u in users.list() if u.login == "clerk")
    assert clerk.modules == frozenset({"studies", "sentiment"})
    assert clerk.modules_label == "学习日历、舆情台账"


# --- logging in -------------------------------------------------------------------------------
def test_once_an_account_exists_nobody_writes_without_logging_in(demo_services: Services) -> None:
    demo_services.users.add("admin", "王管理", "admin", password=PASSWORD)
    before = count(demo_services, Finding), len(entries(demo_services))
    with pytest.raises(PermissionDenied, match=LOGIN_FIRST):
        demo_services.findings.save(FindingInfo(id=None, period="2021Q1", problem_title="甲"))
    with pytest.raises(PermissionDenied):
        demo_services.users.add("li", "李四", "admin", password=PASSWORD)
    assert (count(demo_services, Finding), len(entries(demo_services))) == before


def test_a_login_acts_as_the_account_and_the_trail_names_it(accounts: Services) -> None:
    log_in(accounts, "clerk")
    assert accounts.actor.user == "李经办（clerk）"
    assert accounts.actor.workstation == TEST_ACTOR.workstation  # the PC stays this PC
    assert accounts.actor.role == "clerk"
    accounts.sessions.mark_day(dt.date(2020, 10, 9), "holiday", "镇庆")
    last = entries(accounts)[-1]
    assert (last.actor, last.workstation) == ("李经办（clerk）", TEST_ACTOR.workstation)
    login_entry = next(e for e in entries(accounts) if e.summary == "用户 李经办（clerk） 登录")
    assert login_entry.actor == "李经办（clerk）"
    current = accounts.users.current()
    assert current is not None and current.last_login_at == accounts.now()


def test_wrong_passwords_wait_longer_each_time_and_a_restart_does_not_cut_it(
    accounts: Services, clock: FixedClock
) -> None:
    users = accounts.users
    assert users.login("viewer", "错1").wait_seconds == 0
    assert users.login("viewer", "错2").wait_seconds == 0
    third = users.login("viewer", "错3")
    assert (third.ok, third.wait_seconds) == (False, 2)
    assert third.message == "登录名或密码不正确。请在2秒后再试。"
    # Even the right password waits; a new window on the same database waits as well.
    again = Services(Runtime(accounts.runtime.db, clock, TEST_ACTOR))
    for service in (users, again.users):
        waiting = service.login("viewer", PASSWORD)
        assert (waiting.ok, waiting.wait_seconds) == (False, 2)
        assert waiting.problem == "密码错误次数过多。"
    clock.set(clock.now() + dt.timedelta(seconds=2))
    assert users.login("viewer", "错4").wait_seconds == 4  # doubling
    clock.set(clock.now() + dt.timedelta(seconds=4))
    assert users.login("viewer", PASSWORD).ok
    with accounts.runtime.read() as session:
        row = session.scalars(select(UserAccount).where(UserAccount.login == "viewer")).one()
        assert (row.failures, row.failed_at) == (0, None)
    assert any("连续第3次" in e.summary for e in entries(accounts))


def test_unknown_logins_and_deactivated_accounts_cannot_log_in(accounts: Services) -> None:
    users = accounts.users
    unknown = users.login("nobody", PASSWORD)
    assert (unknown.ok, unknown.problem) == (False, "登录名或密码不正确。")  # no hint it is unknown
    viewer = next(u for u in users.list() if u.login == "viewer")
    users.set_active(viewer.id, False)
    refused = users.login("viewer", PASSWORD)
    assert not refused.ok and "已停用" in refused.problem
    log_in(accounts, "admin")
    users.set_active(viewer.id, True)
    assert users.login("viewer", PASSWORD).ok


def test_passwords_never_reach_the_trail(accounts: Services) -> None:
    viewer = next(u for u in accounts.users.list() if u.login == "viewer")
    accounts.users.reset_password(viewer.id, "新的密码123")
    log_in_with = accounts.users.login("viewer", "新的密码123")
    assert log_in_with.ok
    accounts.users.change_own_password("新的密码123", "又一个密码456")
    with accounts.runtime.read() as session:
        stored = [json.loads(text) for text in session.scalars(select(UserAccount.password))]
    secrets = [record[part] for record in stored for part in ("salt", "hash")]
    trail = " ".join(f"{e.summary} {e.before_json} {e.after_json}" for e in entries(accounts))
    for secret in [*secrets, PASSWORD, "新的密码123", "又一个密码456"]:
        assert secret not in trail
    assert "重设用户 赵只读（viewer） 的密码" in trail


def test_changing_ones_own_password_needs_the_current_one(accounts: Services) -> None:
    log_in(accounts, "viewer")  # any role changes its own password
    with pytest.raises(ValidationError, match="当前密码不正确"):
        accounts.users.change_own_password("猜一个", "新的密码123")
    with pytest.raises(ValidationError, match="至少要有6个字符"):
        accounts.users.change_own_password(PASSWORD, "短")
    accounts.users.change_own_password(PASSWORD, "新的密码123")
    assert not accounts.users.login("viewer", PASSWORD).ok
    assert accounts.users.login("viewer", "新的密码123").ok


# --- roles --------------------------------------------------------------------------------------
def test_a_viewer_changes_nothing_and_nothing_is_written(accounts: Services) -> None:
    log_in(accounts, "viewer")
    before = (count(accounts, Finding), count(accounts, DayMark), len(entries(accounts)))
    refusals = [
        lambda: accounts.findings.save(FindingInfo(id=None, period="2021Q1", problem_title="甲")),
        lambda: accounts.sessions.mark_day(dt.date(2020, 10, 9), "holiday", "镇庆"),
        lambda: accounts.unit.save_office(OfficeInfo(id=None, name="新股室")),
        lambda: accounts.choices.add("study_kind", "读书会"),
        lambda: accounts.users.add("zhou", "周", "viewer", password=PASSWORD),
        lambda: accounts.demo.load(force=True),
    ]
    for refused in refusals:
        with pytest.raises(PermissionDenied, match="只读"):
            refused()
    assert (count(accounts, Finding), count(accounts, DayMark), len(entries(accounts))) == before


def test_a_viewer_reads_prints_and_exports_but_does_not_archive(
    accounts: Services, tmp_path: Path
) -> None:
    made = accounts.reports.make("quarterly-analysis", Q3, tmp_path / "admin", frozenset({"docx"}))
    log_in(accounts, "viewer")
    assert "第三季度" in accounts.reports.draft("quarterly-analysis", Q3).markup
    assert accounts.ledger_excel.export_studies(Q3, tmp_path / "studies.xlsx") > 0
    documents = accounts.archive.documents()
    accounts.archive.mark_printed(documents[0].id)  # recording a print is not a change
    with accounts.runtime.read() as session:
        assert session.scalar(select(GeneratedDocument.printed_at)) == accounts.now()
    with pytest.raises(PermissionDenied, match="不能修改“公文”"):
        accounts.reports.make("quarterly-analysis", Q3, tmp_path / "viewer", frozenset({"docx"}))
    assert count(accounts, GeneratedDocument) == 1
    assert not (tmp_path / "viewer").exists() or not any((tmp_path / "viewer").iterdir())
    assert made.files


def test_a_clerk_changes_only_their_modules(accounts: Services) -> None:
    log_in(accounts, "clerk")
    accounts.sessions.mark_day(dt.date(2020, 10, 9), "holiday", "镇庆")  # 学习日历
    accounts.choices.add("study_kind", "读书会")  # its own list of 学习日历
    accounts.choices.add("case_channel", "热线电话")  # 舆情台账's list
    before = count(accounts, Finding), len(entries(accounts))
    with pytest.raises(PermissionDenied) as refused:
        accounts.findings.save(FindingInfo(id=None, period="2021Q1", problem_title="甲"))
    message = str(refused.value)
    assert "经办人" in message and "学习日历、舆情台账" in message and "“研判整改”" in message
    assert "管理员" in message  # says whom to ask
    with pytest.raises(PermissionDenied, match="单位信息"):
        accounts.unit.save_office(OfficeInfo(id=None, name="新股室"))
    with pytest.raises(PermissionDenied, match="只有管理员能修改"):
        accounts.users.add("zhou", "周", "viewer", password=PASSWORD)
    clerk = accounts.users.current()
    assert clerk is not None
    with pytest.raises(PermissionDenied):  # not even their own modules
        accounts.users.edit(clerk.id, clerk.name, "clerk", ["studies", "findings"])
    assert (count(accounts, Finding), len(entries(accounts))) == before
    assert accounts.runtime.may_change("studies") and not accounts.runtime.may_change("matrix")


def test_an_admin_changes_everything(accounts: Services, tmp_path: Path) -> None:
    accounts.findings.save(FindingInfo(id=None, period="2021Q1", problem_title="甲"))
    accounts.unit.save_office(OfficeInfo(id=None, name="新股室"))
    accounts.reports.make("quarterly-analysis", Q3, tmp_path, frozenset({"docx"}))
    clerk = next(u for u in accounts.users.list() if u.login == "clerk")
    edited = accounts.users.edit(clerk.id, "李经办", "clerk", ["findings"])
    assert edited.modules == frozenset({"findings"})
    log_in(accounts, "clerk")
    accounts.findings.save(FindingInfo(id=None, period="2021Q1", problem_title="乙"))
    with pytest.raises(PermissionDenied):
        accounts.sessions.mark_day(dt.date(2020, 10, 9), "holiday", "镇庆")


# --- the last admin ---------------------------------------------------------------------------
def test_the_last_active_admin_can_be_neither_demoted_nor_deactivated(accounts: Services) -> None:
    users = accounts.users
    admin = next(u for u in users.list() if u.login == "admin")
    with pytest.raises(UserError, match="唯一的管理员"):
        users.edit(admin.id, admin.name, "viewer")
    with pytest.raises(UserError, match="不能停用自己"):
        users.set_active(admin.id, False)
    assert users.get(admin.id).role == "admin"
    second = users.add("zhang", "张副", "admin", password=PASSWORD)
    log_in(accounts, "zhang")
    with pytest.raises(UserError, match="不能停用自己"):
        users.set_active(second.id, False)
    users.set_active(admin.id, False)  # another admin remains: zhang
    with pytest.raises(UserError, match="唯一的管理员"):
        users.edit(second.id, second.name, "clerk", ["studies"])
    users.set_active(admin.id, True)
    users.edit(second.id, second.name, "clerk", ["studies"])  # demotes itself: admin remains
    assert accounts.actor.role == "clerk"  # and acts with its new role at once
    with pytest.raises(PermissionDenied):
        users.set_active(admin.id, False)
    active_admins = [u for u in users.list() if u.role == "admin" and u.active]
    assert [u.login for u in active_admins] == ["admin"]
    assert len({e.summary for e in entries(accounts) if "停用用户" in e.summary}) == 1


def test_a_change_of_role_on_another_pc_applies_at_the_next_write(
    accounts: Services, clock: FixedClock
) -> None:
    other_pc = Services(Runtime(accounts.runtime.db, clock, TEST_ACTOR))
    log_in(other_pc, "admin")
    log_in(accounts, "clerk")  # this window: the clerk of 学习日历 and 舆情台账
    accounts.sessions.mark_day(dt.date(2020, 10, 9), "holiday", "镇庆")
    clerk = accounts.users.current()
    assert clerk is not None
    other_pc.users.edit(clerk.id, clerk.name, "viewer")
    with pytest.raises(PermissionDenied, match="只读"):
        accounts.sessions.mark_day(dt.date(2020, 10, 10), "holiday", "镇庆")
    other_pc.users.edit(clerk.id, clerk.name, "clerk", ["studies"])
    accounts.sessions.mark_day(dt.date(2020, 10, 10), "holiday", "镇庆")
    other_pc.users.set_active(clerk.id, False)
    with pytest.raises(PermissionDenied, match="已被管理员停用"):
        accounts.sessions.unmark_day(dt.date(2020, 10, 10))
    assert count(accounts, DayMark) == 2
