"""The app's own backup of a server database: a SQLite copy, any time, that opens and checks
like any database file and goes back to an empty server database with `copy`."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import URL

from ideowork.cli import main
from ideowork.services.context import Services
from ideowork.services.runtime import FixedClock
from ideowork.services.system.server import copy_data
from tests.conftest import TEST_NOW
from tests.postgres.test_copy import _all_rows, _check_items, without_copy_entry


def _address(url: URL) -> str:
    return url.render_as_string(hide_password=False)


def test_backup_of_a_server_is_a_sqlite_copy_that_checks_and_goes_back(
    tmp_path: Path, pg_url: URL, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "unit.sqlite3"
    services = Services.open(str(source), clock=FixedClock(TEST_NOW))
    services.demo.load()
    services.close()
    copy_data(str(source), _address(pg_url))
    folder = tmp_path / "backups"
    folder.mkdir()
    capsys.readouterr()

    assert main(["--db", _address(pg_url), "backup", "--out", str(folder)]) == 0
    (written,) = folder.glob("*.sqlite3")
    assert str(written) in capsys.readouterr().out
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temporary left
    items = _check_items(str(written))
    assert all(ok for ok, _ in items.values()), items
    assert without_copy_entry(_all_rows(str(written))) == _all_rows(_address(pg_url))

    with pytest.raises(Exception, match="已存在，未覆盖"):
        services = Services.open(_address(pg_url))
        try:
            services.maintenance.backup(out=written)
        finally:
            services.close()


def test_backup_without_out_goes_to_the_data_folder(pg_url: URL, tmp_path: Path) -> None:
    source = tmp_path / "unit.sqlite3"
    Services.open(str(source)).close()
    copy_data(str(source), _address(pg_url))
    services = Services.open(_address(pg_url), clock=FixedClock(TEST_NOW))
    try:
        written = services.maintenance.backup()
    finally:
        services.close()
    assert written.parent.name == "server-backups" and written.is_file()
