"""`ideowork binder --period 2020Q3 --out FILE.pdf`: the 台账汇编 from the command line, with
its progress on stderr (stdout says what was written, and what could not be bound)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ideowork.domain.periods import Period

if TYPE_CHECKING:  # the services are imported when a command runs, not at start-up
    from ideowork.services.context import Services

EXIT_OK = 0


def add_binder_arguments(commands: Any) -> None:
    binder = commands.add_parser(
        "binder", help="台账汇编：把一个期间的台账和佐证材料编成一个可直接打印的 PDF"
    )
    binder.add_argument("--period", required=True, help="如 2020Q3、2020H1、2020")
    binder.add_argument("--out", type=Path, required=True, help="要写入的 PDF 文件")
    binder.add_argument("--quiet", action="store_true", help="不显示进度")


class StderrProgress:
    """Progress as lines on stderr: each step's first line, then every tenth of the way."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._step = ""
        self._tenth = -1

    def report(self, done: int, total: int | None = None, text: str | None = None) -> None:
        if text is None:
            return
        step = text.split(" ", 1)[0].split("：", 1)[0]
        tenth = done * 10 // total if total else -1
        if step != self._step or tenth > self._tenth:
            self._step, self._tenth = step, tenth
            print(text, file=self.stream, flush=True)

    def check_cancelled(self) -> None:
        pass  # Ctrl+C interrupts; the half-written file is removed


class _Silent:
    def report(self, done: int, total: int | None = None, text: str | None = None) -> None:
        pass

    def check_cancelled(self) -> None:
        pass


def cmd_binder(args: argparse.Namespace, services: Services) -> int:
    period = Period.parse(args.period)
    progress = _Silent() if args.quiet else StderrProgress(sys.stderr)
    result = services.binder.make(period, args.out, progress)
    print(
        f"已生成台账汇编：{result.path}（{result.pages}页，图片{result.images}张，"
        f"附入PDF {result.appended}份）"
    )
    if result.omitted:
        print(f"以下{len(result.omitted)}份材料未收入（汇编末尾列有清单）：")
        for omitted in result.omitted:
            print(f"  {omitted.record}：{omitted.file_name}——{omitted.reason}")
    return EXIT_OK
