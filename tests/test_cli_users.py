"""`ideowork user …` and `--user`: passwords asked with getpass, never taken from the command
line; once accounts exist every command needs an account and its role applies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ideowork import cli_users
from ideowork.cli import main

ADMIN_PASSWORD = "管理员密码123"
CLERK_PASSWORD = "经办人密码456"


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the user types at each password prompt, in order; the prompts are recorded."""
    typed: list[str] = []
    prompts: list[str] = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        if not typed:
            raise AssertionError(f"unexpected password prompt: {prompt}")
        return typed.pop(0)

    monkeypatch.setattr(cli_users, "ask_password", ask)
    return typed


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_single_pc_needs_no_user(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    code, out, _ = run(capsys, "--db", str(db_path), "user", "list")
    assert code == 0 and "没有用户账号" in out
    code, _, err = run(capsys, "--db", str(db_path), "--user", "wang", "check")
    assert code == 2 and "不需要 --user" in err


def test_users_added_then_every_command_asks_who(
    capsys: pytest.CaptureFixture[str], db_path: Path, answers: list[str]
) -> None:
    db = str(db_path)
    assert run(capsys, "--db", db, "demo")[0] == 0
    answers += [ADMIN_PASSWORD, ADMIN_PASSWORD]
    add_admin = ("user", "add", "wang", "--name", "王五", "--role", "admin")
    code, out, _ = run(capsys, "--db", db, *add_admin)
    assert code == 0 and "王五（wang）" in out
    code, _, err = run(capsys, "--db", db, "check")
    assert code == 2 and "--user" in err
    answers += [ADMIN_PASSWORD, CLERK_PASSWORD, CLERK_PASSWORD]
    code, out, err = run(
        capsys,
        *("--db", db, "--user", "wang", "user", "add", "li", "--name", "李四"),
        *("--role", "clerk", "--modules", "studies,sentiment"),
    )
    assert code == 0, err
    assert "学习日历、舆情台账" in out
    answers += [ADMIN_PASSWORD]
    code, out, _ = run(capsys, "--db", db, "--user", "wang", "user", "list", "--json")
    listed = {u["login"]: u for u in json.loads(out)}
    assert listed["li"]["modules"] == ["sentiment", "studies"]
    assert "password" not in json.dumps(listed)
    # A wrong password: refused, nothing done.
    answers += ["猜的密码"]
    code, _, err = run(capsys, "--db", db, "--user", "li", "check")
    assert code == 2 and "登录名或密码不正确" in err
    # The clerk may not manage accounts, nor load the demo over the data.
    answers += [CLERK_PASSWORD]
    code, _, err = run(capsys, "--db", db, "--user", "li", "user", "disable", "wang")
    assert code == 2 and "只有管理员能修改" in err
    answers += [CLERK_PASSWORD]
    code, _, err = run(capsys, "--db", db, "--user", "li", "demo", "--force")
    assert code == 2 and "经办人" in err
    # The clerk reads, and changes their own password.
    answers += [CLERK_PASSWORD]
    code, out, _ = run(capsys, "--db", db, "--user", "li", "check", "--json")
    assert json.loads(out)["checked_by"]["user"] == "李四（li）"
    answers += [CLERK_PASSWORD, CLERK_PASSWORD, "新密码789", "新密码789"]
    assert run(capsys, "--db", db, "--user", "li", "user", "passwd")[0] == 0
    # The admin disables the clerk: their login is refused from then on.
    answers += [ADMIN_PASSWORD]
    code, out, _ = run(capsys, "--db", db, "--user", "wang", "user", "disable", "li")
    assert code == 0 and "已停用" in out
    answers += ["新密码789"]
    code, _, err = run(capsys, "--db", db, "--user", "li", "check")
    assert code == 2 and "已停用" in err
    assert not answers  # every prompt asked, none skipped


def test_the_two_new_passwords_must_match(
    capsys: pytest.CaptureFixture[str], db_path: Path, answers: list[str]
) -> None:
    answers += [ADMIN_PASSWORD, "另一个密码"]
    code, _, err = run(
        capsys, "--db", str(db_path), "user", "add", "wang", "--name", "王五", "--role", "admin"
    )
    assert code == 2 and "两次输入的密码不一样" in err
    assert "没有用户账号" in run(capsys, "--db", str(db_path), "user", "list")[1]
