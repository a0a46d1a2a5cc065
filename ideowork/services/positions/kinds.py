"""The two editable lists of 阵地管理 — 阵地类型 and 活动类型 — seeded with their built-in
entries on first use (in the same transaction as the first change that needs them)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ideowork.db.models import Choice
from ideowork.domain.errors import ValidationError
from ideowork.domain.positions import LIST_DEFAULTS
from ideowork.services.choices import LIST_NAMES, ChoiceService
from ideowork.services.runtime import Runtime
from ideowork.services.system import audit


def seed_lists(session: Session) -> None:
    """Give each of the two lists its built-in entries if it has none yet."""
    for list_name, defaults in LIST_DEFAULTS.items():
        count = session.scalar(
            select(func.count()).select_from(Choice).where(Choice.list == list_name)
        )
        if count:
            continue
        for order, (code, label) in enumerate(defaults, start=1):
            session.add(Choice(list=list_name, code=code, label=label, sort_order=order))
        session.flush()
        audit.record(
            session,
            "create",
            "choice",
            None,
            f"{LIST_NAMES[list_name]}：设置默认选项（{'、'.join(label for _, label in defaults)}）",
            after={"list": list_name, "codes": [code for code, _ in defaults]},
        )


class KindLists:
    """Labels and entries of the two lists; until they are seeded, their built-in entries."""

    def __init__(self, runtime: Runtime, choices: ChoiceService) -> None:
        self.runtime = runtime
        self.choices = choices

    def labels(self, list_name: str) -> dict[str, str]:
        """code → label of every entry (retired ones too: old records carry them)."""
        return self.choices.labels(list_name) or dict(LIST_DEFAULTS[list_name])

    def offered(self, list_name: str) -> list[tuple[str, str]]:
        """(code, label) of the entries a form offers: the active ones, in the list's order."""
        entries = self.choices.entries(list_name, active_only=True)
        if entries:
            return [(e.code, e.label) for e in entries]
        if self.choices.entries(list_name):
            return []  # every entry retired
        return list(LIST_DEFAULTS[list_name])

    def label(self, list_name: str, code: str) -> str:
        return self.labels(list_name).get(code, code)

    def code_for(self, list_name: str, text: str) -> str | None:
        """The code whose label (or code) is `text`; None when the list has none such."""
        wanted = text.strip()
        for code, label in self.labels(list_name).items():
            if wanted in (label, code):
                return code
        return None

    def ensure(self) -> None:
        """Seed the lists now (before they are edited in the lists dialog)."""
        if all(self.choices.entries(name) for name in LIST_DEFAULTS):
            return
        with self.runtime.write("choice") as session:
            seed_lists(session)

    def check(self, list_name: str, code: str, field: str) -> str:
        """`code` if it is an entry of the list, else a ValidationError naming the choices."""
        labels = self.labels(list_name)
        if code in labels:
            return code
        offered = "、".join(label for _, label in self.offered(list_name))
        raise ValidationError(
            f"“{code}”不是本单位的{LIST_NAMES[list_name]}，请从列表中选择（{offered}），"
            "或先在“类型列表”中新增。",
            field=field,
        )
