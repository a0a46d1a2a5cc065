"""Key service flows, as their own tests, run again on a real PostgreSQL server.

The `db` fixture is replaced here by a fresh PostgreSQL database per test; every fixture
built on it (`services`, `demo_services` and the modules' own) and every test imported below
then runs on the server, unchanged. Skipped where PostgreSQL is not installed (never in CI).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import URL

from ideowork.db.engine import Database
from ideowork.services.context import Services
from ideowork.services.database import open_database
from ideowork.services.ledgers.cases import Assignment, Closing

# The tests below and the fixtures they use, collected again in this module.
from tests.services.test_audit import (  # noqa: F401
    test_a_later_entry_cannot_claim_an_older_scheme,
    test_every_entry_names_the_user_the_workstation_and_the_clock_time,
    test_the_hash_covers_user_and_workstation,
    test_two_threads_appending_at_once_leave_an_unbroken_chain,
)
from tests.services.test_cases import (  # noqa: F401
    DAY,
    draft,
    office_id,
    on_day,
    test_a_case_goes_through_the_whole_workflow,
    test_channels_and_categories_are_editable,
    test_statistics_change_as_a_case_moves,
    test_wrong_steps_and_bad_input_are_refused,
)
from tests.services.test_demo import (  # noqa: F401
    test_demo_force_replaces_and_keeps_audit_sound,
    test_matrix_of_reference_3_with_names,
    test_q3_meetings_of_reference_1,
    test_q3_sentiment_figures_of_reference_1,
    test_quota_status_of_the_demo_year,
)
from tests.services.test_findings import (  # noqa: F401
    test_open_findings_are_carried_over_until_closed,
)
from tests.services.test_matrix import (  # noqa: F401
    matrix,
    offices,
    people,
    test_carry_forward_copies_the_tree_and_resets,
    test_create_section_and_tasks_with_several_leaders_and_offices,
    test_delete_removes_the_subtree_and_undo_restores_it_exactly,
    test_every_change_is_audited,
    test_move_to_another_parent_and_refuse_own_descendant,
    test_per_leader_view_groups_by_section,
)
from tests.services.test_reports import (  # noqa: F401
    test_edited_markup_is_what_gets_archived,
    test_numbers_are_kept_for_a_regenerated_report,
    test_quarterly_analysis_has_its_cover_and_number,
)
from tests.services.test_sessions import (  # noqa: F401
    autumn,
    test_a_new_session_has_everyone_present_and_counts,
    test_delete_and_undo_bring_back_attendance_and_uid,
    test_rules_are_edited_and_judged_with_reasons,
    test_the_plan_is_proposed_and_accepted,
)


@pytest.fixture
def db(pg_url: URL) -> Iterator[Database]:
    database = open_database(pg_url.render_as_string(hide_password=False))
    assert database.engine.dialect.name == "postgresql"
    yield database
    database.dispose()


def test_check_passes_on_the_server_after_the_flows(demo_services: Services) -> None:
    """Integrity, schema, the sealed chain, its head and the records, on PostgreSQL."""
    case = demo_services.cases.register(
        draft(case_no=demo_services.cases.suggest_case_no("hotline_12345", DAY))
    )
    demo_services.cases.assign(case.id, Assignment(office_id(demo_services, "宣传办"), DAY, DAY))
    demo_services.cases.close(case.id, Closing(DAY, "已核实并处理"))
    report = demo_services.maintenance.check()
    assert report.ok, [(item.name, item.detail) for item in report.items]
    assert {item.name for item in report.items} >= {"integrity", "schema", "audit"}
