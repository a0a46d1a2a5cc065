"""The demo's reporting calendar (报送日历): the default obligations of the reference rules,
their recipients named after the demo unit's superior bodies."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ideowork.services.demo import DemoBase
from ideowork.services.workbench.report_calendar import add_default_calendar


def load_demo_part(session: Session, base: DemoBase) -> dict[str, int]:
    # The load is audited as a whole (load_demo): no entry of its own.
    return {"report_due": add_default_calendar(session)}
