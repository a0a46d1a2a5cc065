"""任务指标: the unit's quota rules — at least N sessions of some kinds per year, half or
quarter, "其中" rules nested under their parent — edited in the app, with the defaults from
the rules the reference documents cite."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ideowork.db.models import QuotaRule
from ideowork.domain.errors import NotFoundError, ValidationError
from ideowork.domain.validation import optional_text, required_label
from ideowork.domain.vocab import QuotaPeriod
from ideowork.services.choices import STUDY_KINDS, ChoiceService
from ideowork.services.concurrency import get_for_edit
from ideowork.services.ledgers.studies import add_default_rules
from ideowork.services.runtime import Runtime
from ideowork.services.snapshot import snapshot
from ideowork.services.system import audit

MAX_REQUIRED = 366


@dataclass(frozen=True)
class RuleDraft:
    name: str
    kinds: tuple[str, ...]
    required: int
    period: QuotaPeriod = QuotaPeriod.YEAR
    ideology_only: bool = False
    parent_id: int | None = None
    basis: str = ""
    active: bool = True
    id: int | None = None
    # The version the rule was loaded at: a save from an older one is an EditConflict
    # (None: a new rule, or a caller that does not edit a loaded copy).
    version: int | None = None


@dataclass(frozen=True)
class RuleInfo:
    draft: RuleDraft
    kind_labels: tuple[str, ...]
    sort_order: int
    depth: int  # 0 for a rule, 1 for a "其中" rule under it

    @property
    def id(self) -> int:
        assert self.draft.id is not None
        return self.draft.id


def _draft(row: QuotaRule) -> RuleDraft:
    return RuleDraft(
        id=row.id,
        name=row.name,
        kinds=tuple(code for code in row.kinds.split(",") if code),
        required=row.required,
        period=row.period,
        ideology_only=row.ideology_only,
        parent_id=row.parent_id,
        basis=row.basis,
        active=row.active,
        version=row.version,
    )


class QuotaRuleService:
    def __init__(self, runtime: Runtime, choices: ChoiceService) -> None:
        self.runtime = runtime
        self.choices = choices

    def rules(self) -> list[RuleInfo]:
        """Every rule, each followed by its "其中" rules, in the unit's order."""
        labels = self.choices.labels(STUDY_KINDS)
        with self.runtime.read() as session:
            rows = list(
                session.scalars(select(QuotaRule).order_by(QuotaRule.sort_order, QuotaRule.id))
            )
        ids = {row.id for row in rows}
        ordered: list[RuleInfo] = []

        def add(parent: int | None, depth: int) -> None:
            for row in rows:
                is_top = row.parent_id is None or row.parent_id not in ids
                if (parent is None and is_top) or (parent is not None and row.parent_id == parent):
                    draft = _draft(row)
                    kinds = tuple(labels.get(code, code) for code in draft.kinds)
                    ordered.append(RuleInfo(draft, kinds, row.sort_order, depth))
                    add(row.id, depth + 1)

        add(None, 0)
        return ordered

    def save(self, draft: RuleDraft) -> RuleInfo:
        cleaned = self._clean(draft)
        with self.runtime.write() as session:
            if cleaned.parent_id is not None:
                parent = session.get(QuotaRule, cleaned.parent_id)
                if parent is None:
                    raise ValidationError("所选的上级指标已不存在，请重新选择。", field="parent")
                if parent.parent_id is not None:
                    raise ValidationError("“其中”指标只能放在一级指标之下。", field="parent")
                if parent.id == cleaned.id:
                    raise ValidationError("指标不能放在它自己之下。", field="parent")
                if cleaned.required > parent.required:
                    raise ValidationError(
                        f"“其中”指标的次数（{cleaned.required}）不能多于上级指标"
                        f"“{parent.name}”（{parent.required}次）。",
                        field="required",
                    )
            if cleaned.id is None:
                order = session.scalar(select(func.coalesce(func.max(QuotaRule.sort_order), 0)))
                row = QuotaRule(sort_order=int(order or 0) + 1, name="", kinds="", required=0)
                session.add(row)
                before = None
            else:
                row = self._get(session, cleaned.id, cleaned.version)
                before = snapshot(row)
            row.name, row.kinds = cleaned.name, ",".join(cleaned.kinds)
            row.required, row.period = cleaned.required, cleaned.period
            row.ideology_only, row.parent_id = cleaned.ideology_only, cleaned.parent_id
            row.basis, row.active = cleaned.basis, cleaned.active
            session.flush()
            audit.record(
                session,
                "update" if before else "create",
                "quota_rule",
                row.id,
                f"{'修改' if before else '新增'}任务指标：{row.name}"
                f"（{row.period.label}不少于{row.required}次）",
                before,
                snapshot(row),
            )
            rule_id = row.id
        return next(info for info in self.rules() if info.id == rule_id)

    def delete(self, rule_id: int, version: int | None = None) -> None:
        """Delete a rule and its "其中" rules (the sessions stay, of course). `version`: the
        one the user saw; changed since, the delete asks again (EditConflict)."""
        with self.runtime.write() as session:
            row = self._get(session, rule_id, version, deleting=True)
            before = snapshot(row)
            session.execute(delete(QuotaRule).where(QuotaRule.parent_id == rule_id))
            session.delete(row)
            audit.record(
                session, "delete", "quota_rule", rule_id, f"删除任务指标：{row.name}", before
            )

    def restore_defaults(self) -> None:
        """Replace every rule with the defaults (≥24 集中学习 of which ≥6 on 意识形态 …)."""
        with self.runtime.write() as session:
            count = int(session.scalar(select(func.count()).select_from(QuotaRule)) or 0)
            session.execute(delete(QuotaRule))
            add_default_rules(session)
            audit.record(
                session,
                "update",
                "quota_rule",
                None,
                f"任务指标恢复为默认（原有{count}条）",
            )

    def _clean(self, draft: RuleDraft) -> RuleDraft:
        labels = self.choices.labels(STUDY_KINDS)
        kinds = tuple(dict.fromkeys(draft.kinds))
        if not kinds:
            raise ValidationError("请至少选择一个计入该指标的类别。", field="kinds")
        unknown = [k for k in kinds if k not in labels]
        if unknown:
            raise ValidationError("所选的类别已不存在，请重新选择。", field="kinds")
        if not 1 <= draft.required <= MAX_REQUIRED:
            raise ValidationError(
                f"次数应在1到{MAX_REQUIRED}之间，现为{draft.required}。", field="required"
            )
        return replace(
            draft,
            name=required_label(draft.name, "指标名称", 100, "name"),
            basis=optional_text(draft.basis, "依据", 500, "basis"),
            kinds=kinds,
            period=QuotaPeriod(draft.period),
        )

    @staticmethod
    def _get(
        session: Session, rule_id: int, version: int | None = None, *, deleting: bool = False
    ) -> QuotaRule:
        row: QuotaRule = get_for_edit(
            session,
            QuotaRule,
            rule_id,
            version,
            lambda: NotFoundError("找不到该任务指标，可能已被删除，请刷新后重试。"),
            deleting=deleting,
        )
        return row
