"""`ideowork due [--days N] [--all] [--json]`: what the reporting calendar (报送日历) says is
overdue or due within N days and not yet archived; with --all, the home page's whole agenda
(任务指标, 责任清单, 舆情办理和回访, 研判整改 as well). The JSON keys are stable."""

from __future__ import annotations

import argparse
import dataclasses
import json
from typing import TYPE_CHECKING, Any

from ideowork.cli_args import date_argument, days_argument

if TYPE_CHECKING:
    from ideowork.services.context import Services
    from ideowork.services.workbench.agenda import Agenda
    from ideowork.services.workbench.report_calendar import OwedReport


def add_due_arguments(commands: Any) -> None:
    due = commands.add_parser("due", help="报送日历：已逾期和近期到期、尚未归档的公文")
    due.add_argument(
        "--days", type=days_argument, default=14, help="列出多少天内到期的（默认14天）"
    )
    due.add_argument(
        "--all", action="store_true", help="同时列出任务指标、责任清单、舆情和整改的待办"
    )
    due.add_argument("--at", type=date_argument, help="按哪一天计算（默认今天），如 2020-10-05")
    due.add_argument("--json", action="store_true")


def _print_json(value: dict[str, Any]) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def cmd_due(args: argparse.Namespace, services: Services) -> int:
    today = args.at or services.today()
    if args.all:
        agenda = services.workbench.agenda(today, args.days)
        if args.json:
            _print_json(agenda_json(agenda))
        else:
            print_agenda(agenda)
        return 0
    owed = services.workbench.calendar.owed(today, args.days)
    if args.json:
        _print_json(
            {
                "today": today.isoformat(),
                "days": args.days,
                "owed": [owed_json(o) for o in owed],
            }
        )
    else:
        print_owed(owed, args.days)
    return 0


def owed_json(owed: OwedReport) -> dict[str, Any]:
    return {
        "template": owed.template,
        "name": owed.name,
        "recipient": owed.recipient,
        "period": owed.period,
        "period_label": owed.period_label,
        "due": owed.due.isoformat(),
        "days_late": owed.days_late,
        "overdue": owed.overdue,
        "draftable": owed.draftable,
    }


def print_owed(owed: list[OwedReport], days: int) -> None:
    if not owed:
        print(f"没有逾期或{days}天内到期、尚未归档的公文。")
        return
    late = sum(1 for o in owed if o.overdue)
    print(f"应报送的公文：已逾期{late}项，{days}天内到期{len(owed) - late}项。")
    for o in owed:
        if o.overdue:
            when = f"逾期{o.days_late}天"
        else:
            when = "今天到期" if o.days_late == 0 else f"还有{-o.days_late}天"
        to = f"，报送{o.recipient}" if o.recipient else ""
        how = (
            f"可用 report make {o.template} --period {o.period} 生成"
            if o.draftable
            else "尚无此模板，请另行起草"
        )
        print(f"  {o.due:%Y-%m-%d}（{when}）{o.period_label}{o.name}{to}；{how}")


def agenda_json(agenda: Agenda) -> dict[str, Any]:
    return {
        "today": agenda.today.isoformat(),
        "days": agenda.horizon_days,
        "items": [
            {
                "kind": item.kind.value,
                "kind_label": item.kind.label,
                "what": item.what,
                "due": item.due.isoformat(),
                "days_late": item.days_late,
                "overdue": item.overdue,
                "note": item.note,
                "target": dataclasses.asdict(item.target),
            }
            for item in agenda.items
        ],
        "counts": {
            kind.value: {"overdue": count.overdue, "due_soon": count.due_soon}
            for kind, count in agenda.counts.items()
        },
    }


def print_agenda(agenda: Agenda) -> None:
    today = agenda.today
    print(
        f"今天是{today.year}年{today.month}月{today.day}日：已逾期{agenda.overdue}项，"
        f"{agenda.horizon_days}天内到期{agenda.due_soon}项。"
    )
    for item in agenda.items:
        note = f"（{item.note}）" if item.note else ""
        print(f"  [{item.kind.label}] {item.when}  {item.what}{note}")
    for kind in agenda.counts:
        if (more := agenda.not_listed(kind)) > 0:
            print(f"  [{kind.label}] 另有{more}项未列出，请在程序的工作台中查看。")
