"""The schema head read from the migration scripts' text agrees with Alembic's own reading."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from ideowork.db import migrate
from ideowork.db.engine import Database, resolve_db_url


def test_the_chain_read_from_the_scripts_is_alembics() -> None:
    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    assert migrate.revision_chain() == migrate._chain_from_alembic()
    assert migrate.head_revision() == scripts.get_current_head()
    assert migrate.known_revisions() == {s.revision for s in scripts.walk_revisions()}


def test_the_current_revision_is_what_alembic_reads(db: Database, tmp_path: Path) -> None:
    with db.engine.connect() as connection:
        expected = MigrationContext.configure(connection).get_current_revision()
    assert migrate.current_revision(db) == expected == migrate.head_revision()
    empty = Database(resolve_db_url(str(tmp_path / "empty.sqlite3")))
    try:
        assert migrate.current_revision(empty) is None
    finally:
        empty.dispose()


def _scripts_with(folder: Path, extra: str) -> Path:
    versions = folder / "versions"
    versions.mkdir(parents=True)
    for script in sorted((migrate.MIGRATIONS_DIR / "versions").glob("*.py")):
        (versions / script.name).write_text(script.read_text(encoding="utf-8"), encoding="utf-8")
    (versions / "9999_extra.py").write_text(extra, encoding="utf-8")
    return folder


HEAD = migrate.revision_chain()[-1]
BEFORE_HEAD = migrate.revision_chain()[-2]


@pytest.mark.parametrize(
    "extra",
    [
        f'REV = "9999"\nrevision = REV\ndown_revision = "{HEAD}"\n',  # not a literal
        # a branch: two children of the revision before the head
        f'revision = "9999"\ndown_revision = "{BEFORE_HEAD}"\n',
    ],
)
def test_scripts_it_cannot_read_are_left_to_alembic(
    extra: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", _scripts_with(tmp_path, extra))
    monkeypatch.setattr(migrate, "_chain_from_alembic", lambda: ("from", "alembic"))
    assert migrate.revision_chain() == ("from", "alembic")


def test_a_new_script_is_the_new_head(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = f'revision: str = "9999"\ndown_revision: str | None = "{HEAD}"\n'
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", _scripts_with(tmp_path, extra))
    assert migrate.revision_chain()[-2:] == (HEAD, "9999")
    assert migrate.head_revision() == "9999"
