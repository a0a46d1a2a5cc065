"""The command line: `ideowork [--db PATH_OR_URL] [COMMAND]`; no command starts the GUI."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ideowork import APP_TITLE, __version__
from ideowork.cli_args import (
    date_argument,
    parse_date,
    read_markup_file,
    translate_usage_error,
    year_argument,
)
from ideowork.cli_binder import add_binder_arguments
from ideowork.cli_binder import cmd_binder as run_binder_command
from ideowork.cli_due import add_due_arguments
from ideowork.cli_due import cmd_due as run_due_command
from ideowork.cli_users import add_user_arguments, log_in
from ideowork.cli_users import cmd_user as run_user_command
from ideowork.domain.errors import UserError
from ideowork.domain.periods import Period
from ideowork.domain.quota import RuleResult
from ideowork.paths import keep_files_private
from ideowork.services.crash_log import write_crash_log
from ideowork.services.error_messages import known_error_message

if TYPE_CHECKING:
    from ideowork.services.context import Services

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse, with its usage errors in Chinese and exit code 2."""

    def error(self, message: str) -> Any:
        self.print_usage(sys.stderr)
        self.exit(
            EXIT_USAGE,
            f"参数错误：{translate_usage_error(message)}\n可用 `ideowork --help` 查看用法。\n",
        )


def build_parser() -> ChineseArgumentParser:
    parser = ChineseArgumentParser(
        prog="ideowork", description=f"{APP_TITLE}（不带命令时启动图形界面）"
    )
    parser.add_argument("--version", action="version", version=f"ideowork {__version__}")
    parser.add_argument("--db", help="数据库文件路径或 SQLAlchemy URL（默认：用户数据目录）")
    commands = parser.add_subparsers(dest="command", parser_class=ChineseArgumentParser)

    commands.add_parser("gui", help="启动图形界面（默认）")
    demo = commands.add_parser("demo", help="载入示例单位")
    demo.add_argument("--force", action="store_true", help="替换数据库中已有的全部数据")
    check = commands.add_parser("check", help="检查数据库完整性、结构版本和审计记录")
    check.add_argument("--json", action="store_true")
    quota = commands.add_parser("quota", help="任务指标完成情况")
    quota.add_argument("--year", type=year_argument, required=True)
    quota.add_argument("--at", type=date_argument, help="按哪一天评估进度（默认今天）")
    quota.add_argument("--json", action="store_true")

    add_due_arguments(commands)
    studies = commands.add_parser("studies", help="学习日历")
    studies_commands = studies.add_subparsers(dest="studies_command", required=True)
    plan_year = studies_commands.add_parser("plan", help="按任务指标建议年度学习计划（不写入）")
    plan_year.add_argument("--year", type=year_argument, required=True)
    plan_year.add_argument(
        "--as-of",
        type=date_argument,
        help="按哪一天编制（默认今天；该年已过时默认为上年12月31日，即年初编制的计划）",
    )
    plan_year.add_argument("--json", action="store_true")

    sentiment = commands.add_parser("sentiment", help="舆情台账")
    sentiment_commands = sentiment.add_subparsers(dest="sentiment_command", required=True)
    stats = sentiment_commands.add_parser("stats", help="按期间统计")
    stats.add_argument("--period", required=True, help="如 2020Q3、2020H1、2020、2020-09")
    stats.add_argument("--json", action="store_true")

    importer = commands.add_parser("import", help="导入实施方案或 Excel 台账")
    import_commands = importer.add_subparsers(dest="import_kind", required=True)
    plan = import_commands.add_parser("plan", help="导入已有的实施方案（.docx 或 .txt）")
    plan.add_argument("file", type=Path)
    plan.add_argument("--dry-run", action="store_true", help="只解析、显示结果，不写入")
    plan.add_argument("--json", action="store_true")
    plan.add_argument("--year", type=year_argument, help="导入为哪一年的责任清单（默认今年）")
    plan.add_argument("--replace", action="store_true", help="替换该年度已有的责任清单")
    plan.add_argument(
        "--no-create", action="store_true", help="不新建未知的人员和股室，留作“待填写”"
    )
    matrix = import_commands.add_parser("matrix", help="从 Excel 导入责任清单（有错行则不写入）")
    matrix.add_argument("file", type=Path)
    matrix.add_argument("--year", type=year_argument, help="导入为哪一年（默认取工作表名中的年份）")
    matrix.add_argument("--replace", action="store_true", help="替换该年度已有的责任清单")
    matrix.add_argument("--no-create", action="store_true", help="不新建未知的人员和股室")
    studies = import_commands.add_parser("studies", help="从 Excel 导入学习台账")
    studies.add_argument("file", type=Path)
    cases = import_commands.add_parser(
        "sentiment", help="导入舆情台账：本程序导出的台账，或12345、信访、信箱平台的导出表"
    )
    cases.add_argument("file", type=Path, help="Excel（.xlsx）或 CSV 文件")
    cases.add_argument("--channel", help="文件中没有渠道列时这些事项的渠道，如 12345、网上信访")
    cases.add_argument("--dry-run", action="store_true", help="只显示将导入什么，不写入")
    exporter = commands.add_parser("export", help="导出为 Excel 台账")
    exporter.add_argument("kind", choices=["matrix", "studies", "sentiment"])
    exporter.add_argument("--out", type=Path, required=True, help="文件（.xlsx）或文件夹")
    exporter.add_argument("--year", type=year_argument, help="责任清单的年度（默认最近一年）")
    exporter.add_argument("--period", help="学习、舆情台账的期间（默认有记录的最近一年）")
    exporter.add_argument(
        "--with-personal", action="store_true", help="舆情台账包含反映人姓名和联系电话"
    )

    report = commands.add_parser("report", help="公文")
    report_commands = report.add_subparsers(dest="report_command", required=True)
    listing = report_commands.add_parser("list", help="列出内置模板")
    listing.add_argument("--json", action="store_true")
    make = report_commands.add_parser("make", help="按模板生成公文")
    make.add_argument("template")
    make.add_argument("--period", required=True)
    make.add_argument("--out", type=Path, default=Path("."))
    make.add_argument("--format", default="docx,pdf", help="docx、pdf 或 docx,pdf")
    make.add_argument("--date", type=date_argument, help="成文日期，如 2020-09-09")
    make.add_argument("--doc-number", help="指定文号，如 完党字〔2020〕105号")
    make.add_argument("--markup", type=Path, help="用编辑过的公文文本代替模板生成的草稿")
    make.add_argument("--case", help="舆情事项处置单：事项的编号（如 12345-2020-0712）")
    make.add_argument("--with-personal", action="store_true", help="处置单显示反映人姓名和联系电话")
    make.add_argument(
        "--session",
        help="签到表、会议记录：学习活动的日期（如 2020-09-15；同一天有多次时写 2020-09-15/2）",
    )
    make.add_argument("--json", action="store_true")

    add_binder_arguments(commands)
    backup = commands.add_parser("backup", help="备份数据库")
    backup.add_argument(
        "--out", type=Path, help="备份文件（.sqlite3）或文件夹（在其中写入带日期的备份文件）"
    )
    restore = commands.add_parser("restore", help="从备份恢复数据库（先校验备份）")
    restore.add_argument("file", type=Path)
    shots = commands.add_parser("screenshot", help="离屏渲染各主页面为 PNG")
    shots.add_argument("--out", type=Path, required=True)
    audit_key = commands.add_parser("audit-key", help="审计密钥：换电脑时导出、导入")
    key_commands = audit_key.add_subparsers(dest="key_command", required=True)
    key_export = key_commands.add_parser("export", help="导出本数据库的审计密钥（与备份一起保管）")
    key_export.add_argument("--out", type=Path, required=True, help="导出的密钥文件")
    key_import = key_commands.add_parser("import", help="在新电脑上导入审计密钥")
    key_import.add_argument("file", type=Path)
    password = commands.add_parser("password", help="启动密码（在图形界面“系统”页设置）")
    password.add_argument(
        "--clear", action="store_true", required=True, help="清除启动密码（忘记密码时）"
    )
    commands.add_parser("self-test", help="快速启动自检（供打包后的程序使用）")
    init_server = commands.add_parser(
        "init-server", help="在服务器上的空数据库中建立本程序的数据结构"
    )
    init_server.add_argument("url", help="如 postgresql+psycopg://用户@服务器/库名")
    copy = commands.add_parser(
        "copy", help="把一个单位的数据复制到另一个空数据库（单机文件与服务器之间）"
    )
    copy.add_argument("--from", dest="source", required=True, help="源：数据库文件路径或 URL")
    copy.add_argument("--to", dest="target", required=True, help="目标：空数据库的文件路径或 URL")
    add_user_arguments(parser, commands)
    return parser


def _json_default(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, default=_json_default))


# --- commands ---------------------------------------------------------------------------------


def cmd_gui(args: argparse.Namespace) -> int:
    from ideowork.gui.app import run_gui

    return run_gui(args.db)


def open_services(args: argparse.Namespace) -> Services:
    """The one entry to the use cases, as for the GUI: the clock and this PC's login."""
    from ideowork.services.context import Services

    services = Services.open(args.db)
    log_in(services, getattr(args, "user", None))  # where the database has user accounts
    return services


def cmd_user(args: argparse.Namespace) -> int:
    return run_user_command(args, open_services(args))


def cmd_demo(args: argparse.Namespace) -> int:
    counts = open_services(args).demo.load(force=args.force)
    print(
        "已载入示例单位：股室{offices}个、人员{people}人、责任任务{tasks}项、学习活动{studies}次、"
        "舆情{sentiment_cases}件、研判问题{findings}条。".format(**counts)
    )
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    services = open_services(args)
    report = services.maintenance.check()
    last = services.maintenance.last_change()
    if args.json:
        print_json(
            {
                "ok": report.ok,
                "items": report.items,
                "checked_by": {
                    "user": services.actor.user,
                    "workstation": services.actor.workstation,
                    "at": services.now().isoformat(),
                },
                "last_change": None
                if last is None
                else {
                    "at": last.at.isoformat(),
                    "user": last.actor,
                    "workstation": last.workstation,
                    "summary": last.summary,
                },
            }
        )
    else:
        for item in report.items:
            print(f"{'通过' if item.ok else '失败'}  {item.detail}")
        if last is not None:
            who = f"{last.actor or '（未记录）'}@{last.workstation or '（未记录）'}"
            print(f"最近一次修改：{last.at:%Y-%m-%d %H:%M:%S} {who} {last.summary}")
        print(f"检查人：{services.actor.user}@{services.actor.workstation}")
        print("检查通过。" if report.ok else "检查未通过，请先用 backup 备份，再联系管理员处理。")
    return EXIT_OK if report.ok else EXIT_FAILED


def _rule_json(result: RuleResult) -> dict[str, Any]:
    return {
        "name": result.name,
        "period": result.period.value,
        "required": result.required,
        "done": result.done,
        "planned": result.planned,
        "owed": result.owed,
        "status": result.status.value,
        "reason": result.reason,
        "periods": [dataclasses.asdict(p) for p in result.periods],
        "children": [_rule_json(child) for child in result.children],
    }


def cmd_quota(args: argparse.Namespace) -> int:
    results = open_services(args).studies.quota_status(args.year, args.at)
    if args.json:
        print_json({"year": args.year, "rules": [_rule_json(r) for r in results]})
        return EXIT_OK

    def show(result: RuleResult, indent: str) -> None:
        print(
            f"{indent}{result.name}：应{result.required}次，已完成{result.done}次，"
            f"计划{result.planned}次，尚欠{result.owed}次 — "
            f"{result.status.label}（{result.reason}）"
        )
        for period in result.periods:
            print(
                f"{indent}    {period.label}：{period.done}/{period.required} {period.status.label}"
            )
        for child in result.children:
            show(child, indent + "  ")

    print(f"{args.year}年任务指标完成情况")
    for result in results:
        show(result, "  ")
    return EXIT_OK


def cmd_due(args: argparse.Namespace) -> int:
    return run_due_command(args, open_services(args))


def cmd_studies(args: argparse.Namespace) -> int:
    """`studies plan --year Y`: the proposal of the year's plan, written nowhere."""
    services = open_services(args)
    as_of = args.as_of or services.today()
    if args.year < as_of.year and args.as_of is None:
        as_of = dt.date(args.year - 1, 12, 31)  # a year gone by: the plan drawn up before it
    proposals = services.study_plan.propose(args.year, as_of)
    kinds = services.choices.labels("study_kind")
    if args.json:
        print_json(
            {
                "year": args.year,
                "as_of": as_of,
                "sessions": [
                    {
                        "date": p.held_on,
                        "kind": p.kind,
                        "kind_label": kinds.get(p.kind, p.kind),
                        "topic": p.topic,
                        "ideology": p.ideology_related,
                        "serves": list(p.serves),
                    }
                    for p in proposals
                ],
            }
        )
        return EXIT_OK
    print(f"{args.year}年建议安排{len(proposals)}项学习和会议（按{as_of:%Y-%m-%d}的日历编制）：")
    for p in proposals:
        mark = "（意识形态）" if p.ideology_related else ""
        print(f"  {p.held_on:%Y-%m-%d}  {kinds.get(p.kind, p.kind)}  {p.topic}{mark}")
    return EXIT_OK


def cmd_sentiment(args: argparse.Namespace) -> int:
    period = Period.parse(args.period)
    stats = open_services(args).sentiment.stats(period)
    if args.json:
        print_json(stats)
        return EXIT_OK
    channels = "，".join(f"{name}{count}件" for name, count in stats.by_channel.items()) or "无"
    rate = "—" if stats.satisfaction_rate is None else f"{stats.satisfaction_rate:.0%}"
    print(
        f"{stats.label}：共受理{stats.total}件（{channels}），已办理{stats.handled}件，"
        f"逾期{stats.overdue}件，回访{stats.revisited}件，满意率{rate}。"
    )
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    written = open_services(args).maintenance.backup(out=args.out)
    print(f"已备份到：{written}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    # Not through open_services: the database being replaced may be the one that cannot open.
    from ideowork.services.system.maintenance import restore_database

    print(restore_database(args.db, args.file).summary)
    return EXIT_OK


def cmd_screenshot(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ideowork.gui.app import screenshot_pages

    for path in screenshot_pages(args.db, args.out):
        print(path)
    return EXIT_OK


def cmd_self_test(args: argparse.Namespace) -> int:
    from ideowork.selftest import run_self_test

    return run_self_test()


def cmd_import(args: argparse.Namespace) -> int:
    if args.import_kind == "matrix":
        print(
            open_services(args).matrix_excel.import_cli(
                args.file, args.year, create_missing=not args.no_create, replace=args.replace
            )
        )
        return EXIT_OK
    if args.import_kind == "studies":
        print(open_services(args).ledger_excel.import_studies(args.file).summary)
        return EXIT_OK
    if args.import_kind == "sentiment":
        return _import_cases(args)
    from ideowork.importers.plan_parser import parse_plan_file, plan_to_json

    plan = parse_plan_file(args.file)
    if args.dry_run:
        if args.json:
            print_json(plan_to_json(plan))
        else:
            _print_plan(plan.sections, "")
            for warning in plan.warnings:
                print(f"提示：{warning}")
        return EXIT_OK
    services = open_services(args)
    year = args.year or services.today().year
    result = services.plan_import.import_plan(
        plan, year, create_missing=not args.no_create, replace=args.replace
    )
    if args.json:
        print_json(result)
        return EXIT_OK
    print(f"已导入为{result.year}年责任清单，共{result.tasks}项。")
    if result.people_created:
        print(f"新建人员：{'、'.join(result.people_created)}（请到“单位信息”补充职务）")
    if result.offices_created:
        print(f"新建股室：{'、'.join(result.offices_created)}")
    return EXIT_OK


def _import_cases(args: argparse.Namespace) -> int:
    from ideowork.services.choices import CASE_CHANNELS

    services = open_services(args)
    channel = None
    if args.channel:
        channel = services.choices.code_for(CASE_CHANNELS, args.channel)
        if channel is None:
            known = "、".join(services.choices.labels(CASE_CHANNELS).values())
            raise UserError(f"没有名为“{args.channel}”的渠道。可选：{known}。")
    if args.dry_run:
        preview = services.case_import.preview(args.file, channel)
        print(preview.summary)
        print("已识别的列：" + "，".join(f"{h}→{f}" for h, f in preview.mapped))
        if preview.unmapped:
            print("未使用的列：" + "、".join(preview.unmapped))
        for problem in preview.problems:
            print(f"  {problem}")
        return EXIT_OK
    print(services.case_import.import_file(args.file, channel).summary)
    return EXIT_OK


def _print_plan(nodes: Sequence[Any], indent: str) -> None:
    for node in nodes:
        print(f"{indent}{node.marker}{node.text}{node.marking()}")  # roles, 完成时限, 分值
        _print_plan(node.children, indent + "  ")


def cmd_report(args: argparse.Namespace) -> int:
    from ideowork.services.reports.templates import TEMPLATES

    if args.report_command == "list":
        rows = [
            {
                "id": t.id,
                "title": t.name,
                "description": t.description,
                "periods": [k.value for k in t.period_kinds],
                "group": t.group,
            }
            for t in TEMPLATES
        ]
        if args.json:
            print_json(rows)
        else:
            for row in rows:
                print(f"{row['id']:<26}{row['title']} — {row['description']}")
        return EXIT_OK
    formats = frozenset(f.strip().lower() for f in args.format.split(",") if f.strip())
    if not formats or not formats <= {"docx", "pdf"}:
        raise UserError(f"不支持的格式“{args.format}”，可选：docx、pdf 或 docx,pdf。")
    markup = read_markup_file(args.markup) if args.markup else None
    services = open_services(args)
    subject = _case_uid(services, args.case) if args.case else ""
    if args.session:
        subject = _session_uid(services, args.session)
    made = services.reports.make(
        args.template,
        Period.parse(args.period),
        args.out,
        formats,
        markup=markup,
        date=args.date,
        doc_number=args.doc_number,
        subject=subject,
        personal=args.with_personal,
    )
    if args.json:
        print_json(
            {
                "title": made.draft.title,
                "doc_number": made.draft.doc_number,
                "files": {k: str(v) for k, v in made.files.items()},
                "issues": [str(i) for i in made.issues],
            }
        )
        return EXIT_OK
    print(
        f"已生成：{made.draft.title}"
        + (f"（{made.draft.doc_number}）" if made.draft.doc_number else "")
    )
    for path in made.files.values():
        print(f"  {path}")
    for issue in made.issues:
        print(f"  {issue}")
    return EXIT_OK


def _case_uid(services: Services, case_no: str) -> str:
    """The uid of the case with this reference number (as the 处置单 names it)."""
    from ideowork.services.ledgers.sentiment import CaseQuery

    for case_id in services.sentiment.case_ids(CaseQuery(text=case_no)):
        case = services.cases.detail(case_id)
        if case.case_no == case_no:
            return case.uid
    raise UserError(f"找不到编号为“{case_no}”的舆情事项，请核对编号。")


def _session_uid(services: Services, given: str) -> str:
    """The uid of the session held on a day ("2020-09-15", or "2020-09-15/2" for the second)."""
    day_text, _, number = given.partition("/")
    try:
        day = dt.date.fromisoformat(day_text.strip())
        index = int(number) if number else 1
    except ValueError:
        raise UserError(
            f"学习活动“{given}”的写法不对，请写日期，如 2020-09-15，同一天第二次写 2020-09-15/2。"
        ) from None
    day = parse_date(day_text)  # and within the app's years
    sessions = services.studies.sessions_between(day, day)
    if not sessions:
        raise UserError(f"{day.isoformat()}没有学习活动，请核对日期。")
    if len(sessions) > 1 and not number:
        listed = "；".join(f"{day.isoformat()}/{i} {s.topic}" for i, s in enumerate(sessions, 1))
        raise UserError(f"{day.isoformat()}有{len(sessions)}次学习活动，请指明哪一次：{listed}")
    if not 1 <= index <= len(sessions):
        raise UserError(f"{day.isoformat()}只有{len(sessions)}次学习活动。")
    return services.sessions.detail(sessions[index - 1].id).uid


def cmd_binder(args: argparse.Namespace) -> int:
    return run_binder_command(args, open_services(args))


def cmd_export(args: argparse.Namespace) -> int:
    services = open_services(args)
    if args.kind == "matrix":
        print(services.matrix_excel.export_cli(args.out, args.year))
        return EXIT_OK
    years = services.studies.years() if args.kind == "studies" else services.sentiment.years()
    period = (
        Period.parse(args.period)
        if args.period
        else Period.year_of(years[-1] if years else services.today().year)
    )
    label = "学习台账" if args.kind == "studies" else "舆情台账"
    target = args.out / f"{period.label}{label}.xlsx" if args.out.is_dir() else args.out
    if target.suffix.lower() != ".xlsx":
        raise UserError(f"导出文件“{target.name}”的扩展名应为 .xlsx，请修改文件名后重试。")
    excel = services.ledger_excel
    if args.kind == "sentiment":
        count = excel.export_sentiment(period, target, with_personal=args.with_personal)
    else:
        count = excel.export_studies(period, target)
    print(f"已导出{period.label}{label}（{count}条）到：{target}")
    return EXIT_OK


def cmd_audit_key(args: argparse.Namespace) -> int:
    from ideowork.services.system.audit_key import export_key, import_key

    if args.key_command == "import":
        print(import_key(args.file).summary)  # needs no database: the keys go to this PC
        return EXIT_OK
    written = export_key(open_services(args).runtime, args.out)
    print(
        f"已导出审计密钥{len(written)}个到：{args.out}。请与备份一起妥善保管；"
        "在新电脑上用 ideowork audit-key import 导入。"
    )
    return EXIT_OK


def cmd_password(args: argparse.Namespace) -> int:
    cleared = open_services(args).access.forget_password()
    print("已清除启动密码，下次启动不再要求输入密码。" if cleared else "没有设置启动密码。")
    return EXIT_OK


def cmd_init_server(args: argparse.Namespace) -> int:
    from ideowork.services.system.server import init_server

    print(f"已在数据库“{init_server(args.url)}”中建立本程序的数据结构，各电脑可用 --db 连接。")
    return EXIT_OK


def cmd_copy(args: argparse.Namespace) -> int:
    from ideowork.services.system.server import copy_data

    result = copy_data(args.source, args.target)
    print(
        f"已把“{result.source}”的数据复制到“{result.target}”："
        f"{len(result.counts)}张表共{result.total}条记录，逐表核对条数一致。{result.note}"
    )
    return EXIT_OK


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "gui": cmd_gui,
    "demo": cmd_demo,
    "check": cmd_check,
    "quota": cmd_quota,
    "due": cmd_due,
    "studies": cmd_studies,
    "sentiment": cmd_sentiment,
    "import": cmd_import,
    "export": cmd_export,
    "report": cmd_report,
    "binder": cmd_binder,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "screenshot": cmd_screenshot,
    "audit-key": cmd_audit_key,
    "password": cmd_password,
    "self-test": cmd_self_test,
    "init-server": cmd_init_server,
    "copy": cmd_copy,
    "user": cmd_user,
}


# Commands that open no database through --db (the GUI asks for a server password itself).
_NO_DB_PASSWORD = frozenset({"gui", "self-test", "restore", "init-server", "copy"})


def _ask_passwords(args: argparse.Namespace) -> None:
    """Server addresses without a password: asked on the terminal (never on the command line)."""
    import getpass

    from ideowork.services.system.connection import fill_password

    ask = getpass.getpass if sys.stdin.isatty() else None
    command = args.command or "gui"
    if command == "init-server":
        args.url = fill_password(args.url, ask)
    elif command == "copy":
        args.source, args.target = fill_password(args.source, ask), fill_password(args.target, ask)
    elif command not in _NO_DB_PASSWORD and not (
        command == "audit-key" and args.key_command == "import"
    ):
        args.db = fill_password(args.db, ask)


def main(argv: Sequence[str] | None = None) -> int:
    keep_files_private()
    args = build_parser().parse_args(argv)
    handler = HANDLERS[args.command or "gui"]
    try:
        _ask_passwords(args)
        return handler(args)
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except Exception as error:  # the one error path: a message, or the crash log
        return report_failure(error)


def report_failure(error: BaseException) -> int:
    """A known failure: its message and exit code 2. A bug: its traceback to the crash log,
    one line naming the log, exit code 1. Never a traceback on the terminal."""
    message = known_error_message(error)
    if message is not None:
        print(f"错误：{message}", file=sys.stderr)
        return EXIT_USAGE
    try:
        log_file = write_crash_log(type(error), error, error.__traceback__)
    except OSError:
        where = "详细信息未能写入日志文件（数据文件夹无法写入）。"
    else:
        where = f"详细信息已记录在：{log_file}，请把该文件交给维护人员。"
    print(f"程序出错，刚才的操作没有完成，已保存的数据不受影响。{where}", file=sys.stderr)
    return EXIT_FAILED
