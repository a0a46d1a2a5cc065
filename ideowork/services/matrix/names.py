"""Names written in imported plans and sheets → the unit's people and offices.

Shared by the 实施方案 import and the Excel import, so both read names the same way:
collective names (各股室, 班子成员) stand for groups, unknown names are created on request,
and a name that cannot be resolved leaves its field "to be filled" rather than guessed.

Units that are not offices of ours (各街道, 各村（社区）, 各相关单位 …) are recognised by their
form (`is_outside_unit`) when no office of ours has the name, and kept as text on the task
(TaskOutsideUnit), never created as an office.

Names are matched by key (ideowork.domain.names): "张三\u200b", "张\u3000三" and "张三" are one
person, "ＡＢＣ股" and "ABC股" one office, also against records an older version stored with
such characters; a name created here is stored in its one spelling.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideowork.db.models import Office, Person
from ideowork.domain.errors import ValidationError
from ideowork.domain.names import office_key, office_name_form, person_key, person_name_form
from ideowork.domain.roles import NamedRole
from ideowork.domain.validation import office_name, person_name
from ideowork.domain.vocab import PersonRole

# Collective names in plans that stand for a group rather than one office or person.
ALL_OFFICES = frozenset({"各股室", "各科室", "各部门", "各单位", "各股（室）", "各科（室）"})
ALL_LEADERS = frozenset({"班子成员", "全体班子成员", "领导班子", "领导班子成员", "各班子成员"})
LEADER_ROLES = (PersonRole.SECRETARY, PersonRole.DEPUTY, PersonRole.MEMBER)
OFFICE_NAME_MAX = 50
# The forms of units outside the unit: 各街道, 各村（社区）, XX村, XX社区, 各相关单位, 驻镇单位.
_OUTSIDE = re.compile(
    r"^各|街道|社区|村[（(]|村$|村委|村党|村级|[相有]关(单位|部门)|^驻|驻.*单位$|成员单位"
)


def is_outside_unit(name: str) -> bool:
    """Whether a unit's name has the form of a unit outside ours (各街道, 各村（社区）, 相关单位
    …); the collective names of our own offices (各股室) are not. Check our offices first: an
    office of ours named like this (村镇建设办) is ours."""
    name = office_name_form(name)
    return bool(name) and name not in ALL_OFFICES and bool(_OUTSIDE.search(name))


class NameResolver:
    """Looks names up in one session; unknown ones become new people/offices if asked."""

    def __init__(self, session: Session, create_missing: bool) -> None:
        self.session = session
        self.create_missing = create_missing
        self.people: dict[str, list[Person]] = {}  # by person_key
        for person in session.scalars(select(Person).order_by(Person.sort_order, Person.id)):
            self.people.setdefault(person_key(person.name), []).append(person)
        self.offices: dict[str, Office] = {}  # by office_key; the first of look-alikes wins
        for office in session.scalars(select(Office).order_by(Office.id)):
            self.offices.setdefault(office_key(office.name), office)
        self.new_people: list[str] = []  # unknown names seen (created only with create_missing)
        self.new_offices: list[str] = []
        self.created_people: list[str] = []
        self.created_offices: list[str] = []

    def problems(self, leaders: Sequence[str], offices: Sequence[str]) -> list[str]:
        """Why these names cannot be used as they stand (unknown names are noted either way)."""
        reasons: list[str] = []
        for raw in leaders:
            name = person_name_form(raw)
            if name in ALL_LEADERS:
                continue
            found = self.people.get(person_key(name), [])
            if len(found) > 1:
                reasons.append(
                    f"人员名单中有{len(found)}位“{name}”，无法确定是哪一位，"
                    "请在“单位信息”中区分姓名（如加注股室）后再导入。"
                )
            elif not found:
                try:
                    name = person_name(name)
                except ValidationError as error:
                    reasons.append(f"责任领导{error}")
                    continue
                self._note(self.new_people, name)
                if not self.create_missing:
                    reasons.append(
                        f"责任领导“{name}”不在人员名单中。可勾选“新建未知的人员和股室”，"
                        "或先到“单位信息”中添加该人员。"
                    )
        for raw in offices:
            name = office_name_form(raw)
            if name in ALL_OFFICES or office_key(name) in self.offices or is_outside_unit(name):
                continue
            if len(name) > OFFICE_NAME_MAX:
                reasons.append(f"责任股室名称“{name[:10]}…”过长，最多{OFFICE_NAME_MAX}字。")
                continue
            try:
                name = office_name(raw)
            except ValidationError as error:
                reasons.append(f"责任股室：{error}")
                continue
            self._note(self.new_offices, name)
            if not self.create_missing:
                reasons.append(
                    f"责任股室“{name}”不在股室名单中。可勾选“新建未知的人员和股室”，"
                    "或先到“单位信息”中添加该股室。"
                )
        return reasons

    def leaders(self, names: Sequence[str]) -> tuple[list[Person], bool]:
        """The people named, and whether any name stayed unresolved (so: to be filled)."""
        found: list[Person] = []
        unresolved = False
        for raw in names:
            name = person_name_form(raw)
            if name in ALL_LEADERS:
                group = [p for ps in self.people.values() for p in ps if p.role in LEADER_ROLES]
            else:
                group = self.people.get(person_key(name), [])[:1] or self._new_person(name)
            unresolved = unresolved or not group
            found += [p for p in group if p not in found]
        return found, unresolved

    def offices_of(self, names: Sequence[str]) -> tuple[list[Office], bool]:
        """The offices named, and whether any name stayed unresolved (so: to be filled)."""
        found: list[Office] = []
        unresolved = False
        for raw in names:
            name = office_name_form(raw)
            if name in ALL_OFFICES:
                group = list(self.offices.values())
            else:
                office = self.offices.get(office_key(name)) or self._new_office(name)
                group = [office] if office else []
            unresolved = unresolved or not group
            found += [o for o in group if o not in found]
        return found, unresolved

    def leaders_with_roles(
        self, named: Sequence[NamedRole]
    ) -> tuple[list[tuple[Person, str]], bool]:
        """The people named with their roles (each person once, their first role), and
        whether any name stayed unresolved."""
        found: dict[int, tuple[Person, str]] = {}
        unresolved = False
        for one in named:
            people, missing = self.leaders([one.name])
            unresolved = unresolved or missing
            for person in people:
                found.setdefault(id(person), (person, one.role))
        return list(found.values()), unresolved

    def units_with_roles(
        self, named: Sequence[NamedRole]
    ) -> tuple[list[tuple[Office, str]], list[NamedRole], bool]:
        """The offices of ours named with their roles, the units outside (as text), and
        whether any name stayed unresolved."""
        offices: dict[int, tuple[Office, str]] = {}
        outside: dict[str, NamedRole] = {}
        unresolved = False
        for one in named:
            name = office_name_form(one.name)
            if office_key(name) not in self.offices and is_outside_unit(name):
                outside.setdefault(name, NamedRole(name, one.role))
                continue
            found, missing = self.offices_of([one.name])
            unresolved = unresolved or missing
            for office in found:
                offices.setdefault(id(office), (office, one.role))
        return list(offices.values()), list(outside.values()), unresolved

    def _new_person(self, name: str) -> list[Person]:
        if not self.create_missing or not _valid(person_name, name):
            return []
        order = sum(len(ps) for ps in self.people.values()) + 1
        person = Person(name=name, role=PersonRole.MEMBER, sort_order=order)
        self.session.add(person)
        self.people[person_key(name)] = [person]
        self._note(self.created_people, name)
        return [person]

    def _new_office(self, name: str) -> Office | None:
        if not self.create_missing or not _valid(office_name, name):
            return None  # too long or nothing but invisible characters: stays "to be filled"
        office = Office(name=name, sort_order=len(self.offices) + 1)
        self.session.add(office)
        self.offices[office_key(name)] = office
        self._note(self.created_offices, name)
        return office

    @staticmethod
    def _note(names: list[str], name: str) -> None:
        if name not in names:
            names.append(name)


def _valid(check: Callable[[str], str], name: str) -> bool:
    """Whether a name passes its validator (a name that does not stays "to be filled")."""
    try:
        check(name)
    except ValidationError:
        return False
    return True
