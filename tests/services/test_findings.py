from __future__ import annotations

import pytest

from ideowork.domain.errors import ValidationError
from ideowork.domain.periods import Period
from ideowork.domain.vocab import FindingStatus
from ideowork.services.context import Services
from ideowork.services.findings import FindingInfo


def test_demo_findings_and_what_reports_draw_from_them(demo_services: Services) -> None:
    findings = demo_services.findings
    q3 = Period.parse("2020Q3")
    assert len(findings.in_period(q3)) == 6
    # The latest: the two problems of the demo's year-end 专题督查.
    assert findings.latest_period() == Period.parse("2020Q4")
    added = findings.save(
        FindingInfo(id=None, period="2020Q3", problem_title="新发现的问题", measure_title="新措施")
    )
    assert added.sort_order == 7
    markup = demo_services.reports.draft("quarterly-implementation", q3).markup
    assert "## 新发现的问题。" in markup and "## 新措施。" in markup


def test_open_findings_are_carried_over_until_closed(services: Services) -> None:
    findings = services.findings
    q2 = findings.save(FindingInfo(id=None, period="2021Q2", problem_title="阵地管理不严"))
    findings.save(FindingInfo(id=None, period="2021H2", problem_title="同期的问题"))
    later = Period.parse("2021H2")
    assert [f.problem_title for f in findings.open_before(later)] == ["阵地管理不严"]
    closed = findings.save(FindingInfo(**{**q2.__dict__, "status": FindingStatus.CLOSED}))
    assert closed.closed_on is not None
    assert findings.open_before(later) == []


def test_findings_are_validated(services: Services) -> None:
    findings = services.findings
    with pytest.raises(ValidationError, match="至少填写"):
        findings.save(FindingInfo(id=None, period="2021Q1"))
    with pytest.raises(ValidationError, match="无法识别的期间"):
        findings.save(FindingInfo(id=None, period="2021Q5", problem_title="甲"))
    saved = findings.save(FindingInfo(id=None, period="2021q1", problem_title="甲"))
    assert saved.period == "2021Q1"
    assert saved.id is not None
    findings.delete(saved.id)
    assert findings.in_period(Period.parse("2021Q1")) == []
