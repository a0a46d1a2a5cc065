"""The demo's evidence files: drawn at load time, attached to 2020Q3 records, sound."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from ideowork.db.models import Attachment, StudySession
from ideowork.services.context import Services


def test_the_demo_attaches_sign_in_sheets_photos_and_minutes_to_2020q3(
    demo_services: Services,
) -> None:
    with demo_services.runtime.read() as session:
        rows = session.scalars(select(Attachment).order_by(Attachment.id)).all()
        owners = {
            uid: held_on
            for uid, held_on in session.execute(select(StudySession.uid, StudySession.held_on))
        }
    assert Counter(row.owner_table for row in rows) == {"study_session": 6, "sentiment_case": 1}
    assert Counter(row.kind for row in rows) == {"sign_in": 2, "photo": 2, "record": 3}
    for row in rows:
        if row.owner_table == "study_session":
            assert owners[row.owner_uid].year == 2020 and owners[row.owner_uid].month in (7, 8, 9)
    for info in (demo_services.attachments.get(row.id) for row in rows):
        assert demo_services.attachments.examine(info) is None  # readable, checked, no password
    sheet = next(row for row in rows if row.kind == "sign_in")
    assert demo_services.attachments.store.read_all(sheet.sha256).startswith(b"\x89PNG")
