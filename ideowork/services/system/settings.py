"""User settings kept in the database: the fonts documents are printed with, and how they are
printed (sealed, double-sided)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ideowork.db.models import Setting
from ideowork.documents.fonts import (
    DEFAULT_DOCX_NAMES,
    FontError,
    FontFile,
    FontRole,
    is_truetype_outline,
    resolve_font,
)
from ideowork.domain.errors import ValidationError
from ideowork.services.reports.printing import PRINTING_KEY, PrintingOptions
from ideowork.services.runtime import Runtime
from ideowork.services.system import audit

PDF_FONTS_KEY = "fonts.pdf"  # {role: path of a font file the user chose}
DOCX_NAMES_KEY = "fonts.docx"  # {role: font name written into DOCX files}


@dataclass(frozen=True)
class FontChoice:
    role: FontRole
    file: FontFile | None  # what PDFs use now; None when the user's file has gone missing
    problem: str  # why the user's choice cannot be used, if it cannot
    docx_name: str


def _load(session: Session, key: str) -> dict[str, Any]:
    row = session.get(Setting, key)
    return dict(json.loads(row.value)) if row else {}


def _store(session: Session, key: str, value: dict[str, Any], summary: str) -> None:
    row = session.get(Setting, key)
    before = {"value": row.value} if row else None
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if row is None:
        session.add(Setting(key=key, value=text))
    else:
        row.value = text
    audit.record(session, "update", "setting", None, summary, before, {"value": text})


class SettingsService:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def pdf_fonts(self) -> dict[FontRole, Path]:
        with self.runtime.read() as session:
            chosen = _load(session, PDF_FONTS_KEY)
        return {FontRole(role): Path(path) for role, path in chosen.items()}

    def docx_names(self) -> dict[FontRole, str]:
        with self.runtime.read() as session:
            names = _load(session, DOCX_NAMES_KEY)
        return {role: names.get(role.value, default) for role, default in DOCX_NAMES_DEFAULTS}

    def choose_pdf_font(self, role: FontRole, path: Path | None) -> None:
        """Use `path` for `role` in PDFs (None: back to system or built-in fonts)."""
        if path is not None:
            if not path.is_file():
                raise ValidationError(f"找不到字体文件：{path}", field=role.value)
            if not is_truetype_outline(path):
                raise ValidationError(
                    f"“{path.name}”不是 TrueType 轮廓字体（可能是 OpenType/CFF 字体），"
                    "无法嵌入 PDF。请选择 .ttf 或 .ttc 格式的字体，如 Windows 的 simfang.ttf。",
                    field=role.value,
                )
        with self.runtime.write() as session:
            chosen = _load(session, PDF_FONTS_KEY)
            if path is None:
                chosen.pop(role.value, None)
                summary = f"{role.value}字体恢复为默认"
            else:
                chosen[role.value] = str(path)
                summary = f"{role.value}字体改用：{path}"
            _store(session, PDF_FONTS_KEY, chosen, summary)

    def set_docx_name(self, role: FontRole, name: str) -> None:
        cleaned = name.strip() or DEFAULT_DOCX_NAMES[role]
        with self.runtime.write() as session:
            names = _load(session, DOCX_NAMES_KEY)
            names[role.value] = cleaned
            _store(session, DOCX_NAMES_KEY, names, f"DOCX 中{role.value}字体名称改为：{cleaned}")

    def printing(self) -> PrintingOptions:
        with self.runtime.read() as session:
            return PrintingOptions.from_json(_load(session, PRINTING_KEY))

    def set_printing(self, options: PrintingOptions) -> None:
        summary = "公文打印方式改为：" + "，".join(
            (
                "加盖印章（署名处留出盖章位置）" if options.sealed else "不盖章",
                "双面印刷（版记置于偶数页）" if options.double_sided else "单面印刷",
            )
        )
        with self.runtime.write() as session:
            _store(session, PRINTING_KEY, options.to_json(), summary)

    def font_choices(self) -> list[FontChoice]:
        """Per role: the file PDFs will embed and the name DOCX files ask for."""
        chosen = self.pdf_fonts()
        names = self.docx_names()
        choices = []
        for role in FontRole:
            try:
                found: FontFile | None = resolve_font(role, chosen)
                problem = ""
            except FontError as error:
                found, problem = None, str(error)
            choices.append(FontChoice(role, found, problem, names[role]))
        return choices


DOCX_NAMES_DEFAULTS = tuple(DEFAULT_DOCX_NAMES.items())
