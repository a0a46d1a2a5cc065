"""The command line of the user accounts: `ideowork user list|add|passwd|disable|enable`, and
`--user LOGIN` for every command once a database has accounts.

Passwords are read with getpass (never from the command line, where other users of the PC
see them in the process list and the shell keeps them in its history).
"""

from __future__ import annotations

import argparse
import getpass
from typing import TYPE_CHECKING, Any

from ideowork.domain.errors import UserError
from ideowork.services.system.permissions import CLERK_MODULES, MODULES, ROLES

if TYPE_CHECKING:
    from ideowork.services.context import Services
    from ideowork.services.system.users import UserInfo

ROLE_HELP = "、".join(f"{code}（{label}）" for code, label in ROLES.items())
MODULE_HELP = "、".join(f"{code}（{MODULES[code]}）" for code in CLERK_MODULES)


def add_user_arguments(parser: argparse.ArgumentParser, commands: Any) -> None:
    """`--user` on the main parser, and the `user` command with its subcommands."""
    parser.add_argument("--user", help="启用了用户账号时：以哪个账号操作（随后询问密码）")
    user = commands.add_parser("user", help="用户账号：列出、新建、改密码、停用、启用")
    user_commands = user.add_subparsers(dest="user_command", required=True)
    listing = user_commands.add_parser("list", help="列出用户账号")
    listing.add_argument("--json", action="store_true")
    add = user_commands.add_parser("add", help="新建用户账号（随后两次询问初始密码）")
    add.add_argument("login", help="登录名：英文字母开头，如 zhangsan")
    add.add_argument("--name", required=True, help="姓名，如 张三")
    add.add_argument("--role", required=True, choices=list(ROLES), help=ROLE_HELP)
    add.add_argument("--modules", default="", help=f"经办人可修改的模块，逗号分隔：{MODULE_HELP}")
    passwd = user_commands.add_parser(
        "passwd", help="修改自己的密码；管理员写登录名时为该用户重设密码"
    )
    passwd.add_argument("login", nargs="?", help="要重设密码的用户（管理员）")
    disable = user_commands.add_parser("disable", help="停用用户账号（不删除：操作记录中有他）")
    disable.add_argument("login")
    enable = user_commands.add_parser("enable", help="重新启用停用的账号")
    enable.add_argument("login")


def ask_password(prompt: str) -> str:
    return getpass.getpass(prompt)


def ask_new_password(prompt: str) -> str:
    first = ask_password(prompt)
    if ask_password("再输入一次：") != first:
        raise UserError("两次输入的密码不一样，没有保存。请重新运行命令。")
    return first


def log_in(services: Services, login: str | None) -> None:
    """Act as the account `--user` names, after its password, where the database has accounts;
    without accounts (a single PC) the OS login acts, as before."""
    users = services.users
    if not users.enabled():
        if login:
            raise UserError(
                "这个数据库没有用户账号，不需要 --user。"
                "要启用用户账号，请先用 `ideowork user add 登录名 --name 姓名 --role admin` "
                "建立管理员。"
            )
        return
    if not login:
        raise UserError(
            "这个数据库启用了用户账号：请用 --user 登录名 指定您的账号，"
            "如 `ideowork --user zhangsan check`，随后输入密码。"
        )
    result = users.login(login, ask_password(f"{login} 的密码："))
    if not result.ok:
        raise UserError(result.message)


def _find(services: Services, login: str) -> UserInfo:
    from ideowork.services.system.users import clean_login

    wanted = clean_login(login)
    for user in services.users.list():
        if user.login == wanted:
            return user
    raise UserError(f"没有登录名为“{login}”的用户，可用 `ideowork user list` 查看。")


def _modules(text: str) -> list[str]:
    return [part.strip() for part in text.replace("，", ",").split(",") if part.strip()]


def cmd_user(args: argparse.Namespace, services: Services) -> int:
    users = services.users
    command = args.user_command
    if command == "list":
        rows = users.list()
        if args.json:
            from ideowork.cli import print_json

            print_json(
                [
                    {
                        "login": u.login,
                        "name": u.name,
                        "role": u.role,
                        "modules": sorted(u.modules),
                        "active": u.active,
                        "last_login_at": u.last_login_at,
                    }
                    for u in rows
                ]
            )
            return 0
        if not rows:
            print("没有用户账号：本数据库以电脑的登录用户记录操作人。")
        for u in rows:
            state = "" if u.active else "（已停用）"
            last = f"{u.last_login_at:%Y-%m-%d %H:%M}" if u.last_login_at else "从未登录"
            can = f"可修改：{u.modules_label}"
            print(f"{u.login:<16}{u.name}  {u.role_label}  {can}  {last}{state}")
        return 0
    if command == "add":
        password = ask_new_password(f"{args.login} 的初始密码：")
        added = users.add(args.login, args.name, args.role, _modules(args.modules), password)
        print(
            f"已新建用户 {added.shown}，角色：{added.role_label}，可修改：{added.modules_label}。"
        )
        return 0
    if command == "passwd":
        if args.login:
            target = _find(services, args.login)
            users.reset_password(target.id, ask_new_password(f"{target.login} 的新密码："))
            print(f"已为 {target.shown} 重设密码，请当面告诉他并请他登录后修改。")
            return 0
        current = ask_password("当前密码：")
        users.change_own_password(current, ask_new_password("新密码："))
        print("密码已修改。")
        return 0
    target = _find(services, args.login)
    changed = users.set_active(target.id, command == "enable")
    print(f"已{'重新启用' if changed.active else '停用'}用户 {changed.shown}。")
    return 0
