# One-command set-up on a fresh Linux machine: `make run` starts the app, `make test` runs all checks.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest bench soak forms exe exe-onefile screenshots system-deps clean

run: $(STAMP)
	$(BIN)/ideowork

test: $(STAMP) lint typecheck pytest

system-deps:
	bash scripts/system-deps.sh $(SYSTEM_DEPS_FLAGS)

$(STAMP): pyproject.toml
	bash scripts/system-deps.sh $(SYSTEM_DEPS_FLAGS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check ideowork tests benchmarks
	$(BIN)/ruff format --check ideowork tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

# The whole suite on SQLite, then the service and migration tests again on a throw-away
# PostgreSQL server (--backend postgresql, tests/backends.py) with the server's own tests.
# Without PostgreSQL installed the second pass is skipped with the reason; under CI=1 it fails.
pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q --ignore=tests/postgres
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q -rs --backend postgresql \
		tests/services tests/db tests/postgres

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

# Kill imports, reports, backup and restore at random 200 times and check nothing broke (~5 min).
soak: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks.soak --rounds 200

# Regenerate the committed Python forms after editing ui/*.ui in Qt Designer.
forms: $(STAMP)
	for form in ui/*.ui; do \
		$(BIN)/pyside6-uic $$form -o ideowork/gui/forms/ui_$$(basename $$form .ui).py; done

screenshots: $(STAMP)
	rm -f /tmp/ideowork-demo.sqlite3
	$(BIN)/ideowork --db /tmp/ideowork-demo.sqlite3 demo
	$(BIN)/ideowork --db /tmp/ideowork-demo.sqlite3 screenshot --out out/screenshots

# The single file: the one-folder build appended, xz-packed, to a small launcher that unpacks it
# once per build into the user's data folder (docs/building.md: why, and the Windows build).
VERSION = $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' ideowork/__init__.py)
exe: $(STAMP)
	$(BIN)/python -m pip install -q -e ".[build]"
	IDEOWORK_BUNDLE=onedir $(BIN)/pyinstaller --noconfirm pyinstaller.spec
	$(BIN)/pyinstaller --noconfirm --distpath build/launcher/dist --workpath build/launcher \
		packaging/launcher.spec
	$(BIN)/python packaging/make_single_file.py --folder dist/ideowork-$(VERSION)-folder \
		--launcher build/launcher/dist/ideowork-launcher --out dist/ideowork-$(VERSION)

# PyInstaller's own one-file build, which unpacks everything at every launch (to compare).
exe-onefile: $(STAMP)
	$(BIN)/python -m pip install -q -e ".[build]"
	$(BIN)/pyinstaller --noconfirm pyinstaller.spec

clean:
	rm -rf $(VENV) build dist out .mypy_cache .ruff_cache .pytest_cache
