"""The start-up password: salted scrypt, a growing wait after wrong tries that survives a
restart and follows the injected clock, the idle-lock setting, and nothing secret audited."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from ideowork.db.engine import Database
from ideowork.db.models import AuditEntry, Setting
from ideowork.domain.errors import UserError, ValidationError
from ideowork.services.context import Services
from ideowork.services.runtime import FixedClock, Runtime
from ideowork.services.system import access, passwords
from ideowork.services.system.access import (
    DAMAGED_MESSAGE,
    FAILURES_KEY,
    PASSWORD_KEY,
    StoredPassword,
    hash_password,
    wait_after,
)
from tests.conftest import TEST_ACTOR

GOOD = "正确密码abc"
OTHER = "另一个密码xyz"


def settings_rows(services: Services) -> dict[str, str]:
    with services.runtime.read() as session:
        return {row.key: row.value for row in session.scalars(select(Setting))}


def audit_count(services: Services) -> int:
    with services.runtime.read() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def audit_text(services: Services) -> str:
    with services.runtime.read() as session:
        return "\n".join(
            f"{e.summary} {e.before_json} {e.after_json}"
            for e in session.scalars(select(AuditEntry))
        )


def later(clock: FixedClock, seconds: int) -> None:
    clock.set(clock.now() + dt.timedelta(seconds=seconds))


def test_hashes_are_salted_and_verified_in_constant_time() -> None:
    first, second = hash_password(GOOD), hash_password(GOOD)
    assert first["salt"] != second["salt"] and first["hash"] != second["hash"]
    assert first["scheme"] == "scrypt" and (first["n"], first["r"], first["p"]) == (2**14, 8, 1)
    stored = StoredPassword.parse(json.dumps(first))
    assert stored.matches(GOOD)
    assert not stored.matches(OTHER)
    assert not stored.matches(GOOD + " ")
    assert not stored.outdated


def test_full_width_input_counts_as_the_plain_password(services: Services) -> None:
    services.access.set_password("ａｂｃ１２３")  # typed with a Chinese input method's full width
    assert services.access.unlock("abc123").ok


def test_setting_a_password_stores_no_secret_in_the_audit_trail(services: Services) -> None:
    assert services.access.settings() == access.AccessSettings(False, 10)
    assert services.access.unlock("anything").ok  # no password: nothing to check
    services.access.set_password(GOOD)
    stored = settings_rows(services)[PASSWORD_KEY]
    assert GOOD not in stored
    assert services.access.settings().has_password
    assert services.access.unlock(GOOD).ok
    result = services.access.unlock(OTHER)
    assert not result.ok and result.message == "密码不正确。"
    trail = audit_text(services)
    assert "设置了启动密码" in trail and "启动密码输入错误（连续第1次）" in trail
    assert GOOD not in trail and OTHER not in trail
    assert json.loads(stored)["hash"] not in trail and json.loads(stored)["salt"] not in trail


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("", "至少要有6个字符"),
        ("12345", "至少要有6个字符"),
        ("x" * 129, "最多128个字符"),
    ],
)
def test_a_bad_new_password_is_refused_and_nothing_written(
    services: Services, password: str, message: str
) -> None:
    before = audit_count(services)
    with pytest.raises(ValidationError, match=message):
        services.access.set_password(password)
    assert settings_rows(services) == {}
    assert audit_count(services) == before


def test_changing_and_removing_need_the_current_password(services: Services) -> None:
    services.access.set_password(GOOD)
    stored = settings_rows(services)[PASSWORD_KEY]
    with pytest.raises(ValidationError, match="当前密码不正确") as wrong:
        services.access.set_password(OTHER, current="猜一个密码")
    assert wrong.value.field == "current"
    with pytest.raises(ValidationError, match="当前密码不正确"):
        services.access.set_password(OTHER)  # no current password given at all
    with pytest.raises(ValidationError, match="当前密码不正确"):
        services.access.remove_password("猜一个密码")
    assert settings_rows(services)[PASSWORD_KEY] == stored  # unchanged
    # The third wrong try started a wait: even the right password waits for it.
    with pytest.raises(ValidationError, match="请在2秒后再试"):
        services.access.set_password(OTHER, current=GOOD)
    later(services.runtime.clock, 2)  # type: ignore[arg-type]
    services.access.set_password(OTHER, current=GOOD)
    assert services.access.unlock(OTHER).ok
    assert not services.access.unlock(GOOD).ok
    with pytest.raises(ValidationError, match="至少要有6个字符"):
        services.access.set_password("short", current=OTHER)
    services.access.remove_password(OTHER)
    assert not services.access.has_password()
    assert FAILURES_KEY not in settings_rows(services)
    with pytest.raises(ValidationError, match="没有设置启动密码"):
        services.access.remove_password(OTHER)
    assert "修改了启动密码" in audit_text(services) and "清除了启动密码" in audit_text(services)


def test_the_wait_doubles_after_the_second_wrong_try_up_to_five_minutes() -> None:
    assert [wait_after(n) for n in range(12)] == [0, 0, 0, 2, 4, 8, 16, 32, 64, 128, 256, 300]
    assert wait_after(10**9) == 300  # a planted huge count costs nothing to compute


def test_the_wait_grows_follows_the_clock_and_resets_on_success(
    services: Services, clock: FixedClock
) -> None:
    service = services.access
    service.set_password(GOOD)
    waits = []
    for _ in range(5):
        result = service.unlock(OTHER)
        assert not result.ok
        waits.append(result.wait_seconds)
        later(clock, result.wait_seconds)
    assert waits == [0, 0, 2, 4, 8]
    result = service.unlock(OTHER)  # the clock has moved past the 8 s: checked, and wrong
    assert result.message == "密码不正确。请在16秒后再试。"
    # Within the wait nothing is checked, not even the right password, and nothing counted.
    later(clock, 10)
    assert service.wait_seconds() == 6
    refused = service.unlock(GOOD)
    assert not refused.ok and refused.message == "密码错误次数过多。请在6秒后再试。"
    assert service.failures().count == 6
    later(clock, 6)
    assert service.wait_seconds() == 0
    assert service.unlock(GOOD).ok
    assert service.failures().count == 0 and FAILURES_KEY not in settings_rows(services)
    assert service.unlock(OTHER).wait_seconds == 0  # a fresh start after a success
    assert "清除此前连续6次的错误记录" in audit_text(services)


def test_the_wait_survives_a_restart_and_a_clock_set_back(
    services: Services, db: Database, clock: FixedClock
) -> None:
    services.access.set_password(GOOD)
    for _ in range(4):
        later(clock, services.access.unlock(OTHER).wait_seconds)
    later(clock, -4)  # back to the moment of the fourth wrong try
    assert services.access.wait_seconds() == 4
    later(clock, 1)
    restarted = Services(Runtime(db, clock, TEST_ACTOR))
    assert restarted.access.wait_seconds() == 3
    assert not restarted.access.unlock(GOOD).ok
    later(clock, -3600)  # the PC's clock set back an hour: the wait is not stretched
    assert restarted.access.wait_seconds() == 4
    later(clock, 3600 + 3)
    assert restarted.access.unlock(GOOD).ok


def test_a_read_only_window_still_counts_wrong_tries(
    services: Services, db: Database, clock: FixedClock
) -> None:
    services.access.set_password(GOOD)
    viewer = Services(Runtime(db, clock, TEST_ACTOR, read_only=True))
    before = audit_count(services)
    results = [viewer.access.unlock(OTHER) for _ in range(3)]
    assert [r.wait_seconds for r in results] == [0, 0, 2]
    assert viewer.access.wait_seconds() == 2
    assert audit_count(services) == before and FAILURES_KEY not in settings_rows(services)
    later(clock, 2)
    assert viewer.access.unlock(GOOD).ok
    assert viewer.access.failures().count == 0


def test_a_password_stored_with_weaker_parameters_is_rehashed_at_unlock(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(passwords, "CURRENT_PARAMS", {"n": 2**10, "r": 8, "p": 1})
    services.access.set_password(GOOD)
    monkeypatch.undo()
    assert json.loads(settings_rows(services)[PASSWORD_KEY])["n"] == 2**10
    assert not services.access.unlock(OTHER).ok  # a wrong one changes nothing
    assert json.loads(settings_rows(services)[PASSWORD_KEY])["n"] == 2**10
    assert services.access.unlock(GOOD).ok
    assert json.loads(settings_rows(services)[PASSWORD_KEY])["n"] == 2**14
    assert services.access.unlock(GOOD).ok
    assert "更强的加密参数" in audit_text(services)


@pytest.mark.parametrize(
    "damage",
    [
        "not json",
        json.dumps({"scheme": "md5", "n": 16384, "r": 8, "p": 1, "salt": "00" * 16, "hash": "0"}),
        # A record planted to make each try take gigabytes (or hang the program).
        json.dumps({"scheme": "scrypt", "n": 2**30, "r": 8, "p": 1, "salt": "00" * 16,
                    "hash": "00" * 32}),
    ],
)  # fmt: skip
def test_a_damaged_password_record_says_how_to_recover(services: Services, damage: str) -> None:
    services.access.set_password(GOOD)
    with services.runtime.write() as session:
        row = session.get(Setting, PASSWORD_KEY)
        assert row is not None
        row.value = damage
    with pytest.raises(UserError, match="ideowork password --clear") as error:
        services.access.unlock(GOOD)
    assert str(error.value) == DAMAGED_MESSAGE
    assert services.access.forget_password()
    assert not services.access.has_password() and services.access.unlock("").ok
    assert not services.access.forget_password()
    assert "在命令行清除了启动密码" in audit_text(services)


def test_idle_minutes_default_change_and_refuse(services: Services) -> None:
    assert services.access.settings().idle_minutes == 10
    services.access.set_idle_minutes(0)
    assert services.access.settings().idle_minutes == 0
    services.access.set_idle_minutes(30)
    before = audit_count(services)
    for bad in (-1, 1441):
        with pytest.raises(ValidationError, match="0到1440分钟"):
            services.access.set_idle_minutes(bad)
    assert services.access.settings().idle_minutes == 30
    assert audit_count(services) == before
    assert "无操作30分钟后自动锁定" in audit_text(services)
