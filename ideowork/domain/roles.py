"""The roles a task gives its leaders and units, as the plans write them.

People: 牵头领导 (lead), 责任领导 (responsible), 分管领导 (in_charge). Units: 牵头单位 (lead),
责任单位 (responsible), 配合单位 (cooperating). A link without a stated role is 责任领导 /
责任单位 (what every link was before roles existed). The codes are stored in task_leader.role,
task_office.role and task_outside_unit.role.
"""

from __future__ import annotations

from dataclasses import dataclass

LEAD, RESPONSIBLE, IN_CHARGE, COOPERATING = "lead", "responsible", "in_charge", "cooperating"

LEADER_ROLES: dict[str, str] = {LEAD: "牵头领导", RESPONSIBLE: "责任领导", IN_CHARGE: "分管领导"}
UNIT_ROLES: dict[str, str] = {LEAD: "牵头单位", RESPONSIBLE: "责任单位", COOPERATING: "配合单位"}

# The order roles are written in: （牵头领导：…；责任领导：…；分管领导：…；牵头单位：…；…）
LEADER_ORDER = (LEAD, RESPONSIBLE, IN_CHARGE)
UNIT_ORDER = (LEAD, RESPONSIBLE, COOPERATING)


@dataclass(frozen=True)
class NamedRole:
    """A name as the plan writes it with the role the plan gives it."""

    name: str
    role: str = RESPONSIBLE


def leader_role_label(role: str) -> str:
    return LEADER_ROLES.get(role, LEADER_ROLES[RESPONSIBLE])


def unit_role_label(role: str) -> str:
    return UNIT_ROLES.get(role, UNIT_ROLES[RESPONSIBLE])
