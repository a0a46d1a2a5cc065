"""Task tables: Word tables and tables copied out of Word as text, turned into plan lines.

A 责任清单 is often a table (序号 / 工作任务 / 责任领导 / 责任单位 / 完成时限, in any order,
recognised by the header's words). Each row becomes one numbered line the outline parser
reads like any other: "1.坚持中心组学习（责任领导：张三；责任单位：办公室；完成时限：全年）",
as a :class:`TableLine` that remembers which column each field came from (for the preview).

Three shapes are read:

* a real Word table (document_text hands its rows here through :func:`header_columns` and
  :func:`row_line`);
* text with one row per line and tab-separated cells (what pasting a Word table into Notepad
  gives);
* text with one cell per line (what copying a table out of a web page or PDF often gives): the
  header's cells one under the other, then the rows' cells. Empty cells are lost in that
  shape, so each row is synchronised on its 序号 and its cells are put in the columns they fit
  (a date in 完成时限, office names in 责任单位 …).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ideowork.domain.numerals import is_chinese_numeral
from ideowork.domain.roles import leader_role_label, unit_role_label
from ideowork.importers.plan_markers import is_plain_heading, match_marker
from ideowork.importers.plan_responsibility import (
    DEADLINE,
    leader_role,
    names_in,
    unit_role,
)

SEQ, TASK, LEADERS, OFFICES, DEADLINE_KIND, SCORE, OTHER = (
    "seq", "task", "leaders", "offices", "deadline", "score", "other",
)  # fmt: skip
_TASK_WORDS = ("任务", "内容", "措施", "事项", "要点", "工作要求", "具体工作", "重点工作", "项目")
_DEADLINE_WORDS = ("时限", "完成时间", "时间要求", "时间节点", "完成期限", "进度安排", "办结时间")


class TableLine(str):
    """A plan line made from a table row; ``columns`` maps each field to its column's header."""

    columns: dict[str, str]

    def __new__(cls, text: str, columns: Mapping[str, str]) -> TableLine:
        line = super().__new__(cls, text)
        line.columns = dict(columns)
        return line


def column_kind(header: str) -> str:
    """What a header cell names: 序号, the task, leaders, units, the deadline, a score …"""
    h = re.sub(r"\s+", "", header)
    if h in ("序号", "编号", "序", "No", "No.") or h.startswith("序号"):
        return SEQ
    if any(word in h for word in _DEADLINE_WORDS):
        return DEADLINE_KIND
    if h in ("分值", "分数", "标准分", "满分") or h.startswith("分值"):
        return SCORE
    if "领导" in h or "责任人" in h:
        return LEADERS
    if any(word in h for word in ("单位", "股室", "科室", "部门", "处室", "站所", "牵头")):
        return OFFICES
    if any(word in h for word in _TASK_WORDS):
        return TASK
    return OTHER


@dataclass(frozen=True)
class Column:
    kind: str
    header: str

    @property
    def label(self) -> str:
        """The field this column fills, as a responsibility marking names it."""
        if self.kind == LEADERS:
            return leader_role_label(leader_role(self.header))
        if self.kind == OFFICES:
            return unit_role_label(unit_role(self.header))
        if self.kind == DEADLINE_KIND:
            return DEADLINE
        if self.kind == SCORE:
            return "分值"
        return self.header or "备注"


def header_columns(cells: Sequence[str]) -> list[Column] | None:
    """The columns of a task table's header row; None when the row is no such header."""
    headers = [re.sub(r"\s+", "", cell) for cell in cells]
    kinds = [column_kind(header) if header else OTHER for header in headers]
    has_fields = any(kind in kinds for kind in (LEADERS, OFFICES, DEADLINE_KIND, SCORE))
    if TASK not in kinds or not has_fields:
        return None
    return [Column(kind, header) for kind, header in zip(kinds, headers, strict=True)]


def row_marker(seq: str, counter: int) -> str:
    seq = seq.strip().rstrip("、.．")
    if not seq:
        return f"{counter}."
    if re.fullmatch(r"[0-9０-９]+", seq):
        return f"{seq}."
    if is_chinese_numeral(seq):
        return f"{seq}、"
    return seq


def row_line(columns: Sequence[Column], values: Sequence[Sequence[str]], counter: int) -> str:
    """One table row as a plan line ("" for a row without a task).

    ``values`` holds each column's cell as its lines (a cell may hold several paragraphs).
    """
    cells = [[v.strip() for v in (values[i] if i < len(values) else ()) if v.strip()] for i in
             range(len(columns))]  # fmt: skip
    task = "：".join(
        "".join(cell) for column, cell in zip(columns, cells, strict=True)
        if column.kind == TASK and cell
    )  # fmt: skip
    if not task:
        return ""
    seq = "".join("".join(cell) for column, cell in zip(columns, cells, strict=True)
                  if column.kind == SEQ)  # fmt: skip
    fields: list[str] = []
    origins: dict[str, str] = {}
    score = ""
    for column, cell in zip(columns, cells, strict=True):
        joined = "、".join(cell)
        if not joined or column.kind in (SEQ, TASK):
            continue
        if column.kind == SCORE:
            score = joined if joined.endswith("分") else f"{joined}分"
            continue
        fields.append(f"{column.label}：{joined}")
        if column.kind in (LEADERS, OFFICES, DEADLINE_KIND):
            origins[column.label] = (
                f"{origins[column.label]}”“{column.header}"
                if column.label in origins
                else column.header
            )
    paren = f"（{'；'.join(fields)}）" if fields else ""
    points = f"（{score}）" if score else ""
    return TableLine(f"{row_marker(seq, counter)}{task}{paren}{points}", origins)


# --- tables as text -------------------------------------------------------------------------

_BARE_NUMBER_RE = re.compile(r"^[0-9０-９]{1,3}[、.．]?$")
_OFFICE_END_RE = re.compile(
    r"(办|室|股|科|局|部|中心|委|所|站|队|单位|社区|村|街道|部门|组|会|院|校|司|处|馆|团|镇|乡)$"
)
_DEADLINE_RE = re.compile(
    r"[0-9０-９一二三四五六七八九十]+\s*(年|月|日|季度|周)|长期|全年|每(年|季|月|周|半年)|"
    r"年底|年初|年中|月底|上半年|下半年|常态|持续|随时|及时|即时|定期|适时|底前|前完成"
)


def _is_seq(line: str) -> bool:
    return bool(_BARE_NUMBER_RE.match(line)) or (len(line) <= 3 and is_chinese_numeral(line))


def _fit(kind: str, line: str) -> int:
    """How well a cell's text fits a column kind (higher is better, negative is implausible)."""
    compact = line.replace(" ", "")
    long_text = len(compact) > 16 or "。" in compact
    if kind == TASK:
        return 2 if len(compact) >= 6 else 0
    if kind == DEADLINE_KIND:
        return 3 if _DEADLINE_RE.search(compact) and len(compact) <= 20 else -5
    if kind == SCORE:
        return 3 if re.fullmatch(r"[0-9０-９.．]+分?", compact) else -5
    if long_text:
        return -5
    if kind == OFFICES:
        names, placeholder = names_in(line, people=False)
        good = [n for n in names if _OFFICE_END_RE.search(n) or n.startswith("各")]
        return 3 if names and len(good) == len(names) else (1 if placeholder else -2)
    if kind == LEADERS:
        names, placeholder = names_in(line, people=True)
        if names and all(2 <= len(n) <= 4 and not _OFFICE_END_RE.search(n) for n in names):
            return 3
        return 1 if placeholder or any("班子" in n or "成员" in n for n in names) else -2
    return 0


def _align(kinds: Sequence[str], lines: Sequence[str]) -> tuple[list[list[str]], int] | None:
    """Put a row's cells (its non-empty ones, in order) in the columns they fit best."""
    n, m = len(kinds), len(lines)
    if m > n:
        return None
    worst = -(10**6)
    best = [[worst] * (n + 1) for _ in range(m + 1)]
    choice: dict[tuple[int, int], bool] = {}
    best[0][0] = 0
    for j in range(n):
        for i in range(m + 1):
            if best[i][j] == worst:
                continue
            if best[i][j] > best[i][j + 1]:  # column j left empty
                best[i][j + 1], choice[(i, j + 1)] = best[i][j], False
            if i < m:
                value = best[i][j] + _fit(kinds[j], lines[i])
                if value > best[i + 1][j + 1]:
                    best[i + 1][j + 1], choice[(i + 1, j + 1)] = value, True
    if best[m][n] == worst:
        return None
    cells: list[list[str]] = [[] for _ in range(n)]
    i = m
    for j in range(n, 0, -1):
        if choice.get((i, j)):
            i -= 1
            cells[j - 1] = [lines[i]]
    return cells, best[m][n]


@dataclass
class TableText:
    """The text's lines with its tables turned into plan lines, and the cells left over."""

    lines: list[str]
    unplaced: list[str]
    tables: int = 0


def convert_text_tables(lines: Sequence[str]) -> TableText:
    """Turn the task tables in plain-text lines (tab-separated or one cell per line) into rows."""
    out = TableText([], [])
    index = 0
    while index < len(lines):
        line = lines[index]
        if "\t" in line:
            columns = header_columns(line.split("\t"))
            if columns is not None:
                out.tables += 1
                index = _tab_table(lines, index + 1, columns, out)
                continue
        run = _header_run(lines, index)
        if run:
            columns = header_columns([lines[i] for i in range(index, index + run)])
            if columns is not None:
                rows = TableText([], [])
                end = _cell_table(lines, index + run, columns, rows)
                if rows.lines:  # header words in a list that is no table are left alone
                    out.lines += rows.lines
                    out.unplaced += rows.unplaced
                    out.tables += 1
                    index = end
                    continue
        out.lines.append(line)
        index += 1
    return out


def _heading_line(line: str) -> bool:
    return match_marker(line.strip()) is not None or is_plain_heading(line.strip())


def _tab_table(lines: Sequence[str], index: int, columns: list[Column], out: TableText) -> int:
    counter = 0
    kinds = [column.kind for column in columns]
    while index < len(lines):
        line = lines[index]
        if "\t" not in line:
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if "\t" in following and _heading_line(line):
                out.lines.append(line.strip())  # a group heading between the rows
                counter = 0
                index += 1
                continue
            return index
        cells = [cell.strip() for cell in line.split("\t")]
        filled = [cell for cell in cells if cell]
        if not filled:
            index += 1
            continue
        if len(filled) == 1 and (TASK not in kinds or not cells[kinds.index(TASK)]):
            out.lines.append(filled[0])  # a spanning row: "（二）强化阵地管理"
            counter = 0
        else:
            counter += 1
            row = row_line(columns, [[cell] for cell in cells], counter)
            if row:
                out.lines.append(row)
            else:
                out.unplaced.append(line.replace("\t", " ").strip())
            extra = [cell for cell in cells[len(columns) :] if cell]
            out.unplaced += extra
        index += 1
    return index


def _header_run(lines: Sequence[str], index: int) -> int:
    """How many lines from ``index`` are header cells written one per line (0 for none)."""
    run = 0
    while index + run < len(lines):
        cell = lines[index + run].strip()
        if len(cell.replace(" ", "")) > 8 or column_kind(cell) == OTHER or match_marker(cell):
            break
        run += 1
    return run if run >= 3 else 0


def _cell_table(lines: Sequence[str], index: int, columns: list[Column], out: TableText) -> int:
    kinds = [column.kind for column in columns]
    if kinds[0] != SEQ:
        return _cell_table_without_seq(lines, index, columns, out)
    rest = kinds[1:]
    counter = 0
    while index < len(lines):
        line = lines[index].strip()
        if not _is_seq(line):
            following = lines[index + 1].strip() if index + 1 < len(lines) else ""
            if _heading_line(line) and _is_seq(following):
                out.lines.append(line)  # a group heading between the rows
                counter = 0
                index += 1
                continue
            return index
        cells: list[str] = []
        end = index + 1
        while end < len(lines) and not _is_seq(lines[end].strip()):
            # A group heading before the next row: numbered, or once this row has its cells.
            heading = match_marker(lines[end].strip()) or (
                len(cells) >= len(rest) and _heading_line(lines[end])
            )
            if heading and end + 1 < len(lines) and _is_seq(lines[end + 1].strip()):
                break
            cells.append(lines[end].strip())
            end += 1
        last = end >= len(lines) or not _is_seq(lines[end].strip())
        taken = _best_cells(rest, cells, last)
        counter += 1
        if taken is None:
            out.unplaced += [line, *cells]
        else:
            aligned, used = taken
            row = row_line(columns, [[line], *aligned], counter)
            if row:
                out.lines.append(row)
            else:
                out.unplaced += [line, *cells[:used]]
            if last:
                return index + 1 + used
            out.unplaced += cells[used:]
        index = end
    return index


def _best_cells(
    kinds: Sequence[str], cells: Sequence[str], last: bool
) -> tuple[list[list[str]], int] | None:
    """The row's cells in their columns and how many lines they took.

    A row takes at most one line per column; the table's last row stops where the lines stop
    fitting (what follows the table is the plan's text again).
    """
    counts = range(min(len(cells), len(kinds)), 0, -1) if last else [min(len(cells), len(kinds))]
    for count in counts:
        aligned = _align(kinds, cells[:count])
        if aligned is None:
            continue
        cells_by_column, _ = aligned
        fits = [
            _fit(kind, cell[0]) for kind, cell in zip(kinds, cells_by_column, strict=True) if cell
        ]
        if not last or all(score >= 0 for score in fits):
            return cells_by_column, count
    return None


def _cell_table_without_seq(
    lines: Sequence[str], index: int, columns: list[Column], out: TableText
) -> int:
    """One cell per line without a 序号 column: rows of exactly one line per column."""
    kinds = [column.kind for column in columns]
    counter = 0
    while index + len(columns) <= len(lines):
        cells = [line.strip() for line in lines[index : index + len(columns)]]
        if any(_fit(kind, cell) < 0 for kind, cell in zip(kinds, cells, strict=True)):
            break
        counter += 1
        row = row_line(columns, [[cell] for cell in cells], counter)
        if not row:
            break
        out.lines.append(row)
        index += len(columns)
    return index
