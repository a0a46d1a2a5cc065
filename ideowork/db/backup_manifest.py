"""The manifest beside a backup (`<backup>.json`): what the file is, and its checksum.

A backup cannot carry its own checksum, so a small JSON file travels with it: the SHA-256 and
size of the backup, its schema revision, the program that wrote it, when, from which database
and why, and the row counts of the main tables (for a person deciding which backup to use),
with the attached files the backup carries inside it (`files`, `files_size`) and those it could
not carry because they were missing or changed in the data folder (`files_missing`).
Restore checks the backup against it when it is there; backups made before manifests existed
have none and are restored after the other checks alone.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ideowork import __version__
from ideowork.files import write_text_atomically

MANIFEST_SUFFIX = ".json"
FORMAT = "ideowork-backup"
FORMAT_VERSION = 1
_SHA256 = re.compile(r"[0-9a-f]{64}")

# Counted into the manifest: enough to tell a full backup from an empty one at a glance.
MAIN_TABLES = (
    "unit",
    "office",
    "person",
    "task",
    "study_session",
    "attendance",
    "sentiment_case",
    "finding",
    "generated_document",
    "attachment",
    "stored_file",
    "audit_entry",
)


class ManifestError(Exception):
    """A manifest that cannot be read or is not one of ours (the text says what is wrong)."""


@dataclass(frozen=True)
class Manifest:
    sha256: str
    size: int
    schema_revision: str | None
    app_version: str
    created_at: str  # ISO 8601, local time of the clock that made the backup
    source: str  # the file name of the database backed up
    reason: str
    row_counts: dict[str, int] = field(default_factory=dict)
    files: int = 0  # attached files carried inside the backup (stored_file_chunk)
    files_size: int = 0
    files_missing: list[str] = field(default_factory=list)  # their SHA-256
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def manifest_path(backup: Path) -> Path:
    return backup.with_name(backup.name + MANIFEST_SUFFIX)


def new_manifest(
    sha256: str,
    size: int,
    schema_revision: str | None,
    created_at: dt.datetime,
    source: str,
    reason: str,
    row_counts: dict[str, int],
    files: tuple[int, int, list[str]] = (0, 0, []),
) -> Manifest:
    return Manifest(
        sha256=sha256,
        size=size,
        schema_revision=schema_revision,
        app_version=__version__,
        created_at=created_at.isoformat(timespec="seconds"),
        source=source,
        reason=reason,
        row_counts=dict(row_counts),
        files=files[0],
        files_size=files[1],
        files_missing=list(files[2]),
    )


def write_manifest(backup: Path, manifest: Manifest) -> Path:
    target = manifest_path(backup)
    write_text_atomically(target, manifest.to_json())
    return target


def read_manifest(backup: Path) -> Manifest | None:
    """The manifest of `backup`, None when it has none; ManifestError when it is unreadable."""
    path = manifest_path(backup)
    if not path.exists() and not path.is_symlink():
        return None
    if not path.is_file():
        raise ManifestError("不是普通文件")
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ManifestError(f"无法读取（{error}）") from error
    return _parse(data)


def _parse(data: Any) -> Manifest:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ManifestError("不是本程序的备份清单")
    version = data.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ManifestError(f"的格式版本（{version}）无法识别，可能由更新版本的程序生成")
    sha256, size = data.get("sha256"), data.get("size")
    if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
        raise ManifestError("缺少有效的校验值（sha256）")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise ManifestError("缺少有效的文件大小（size）")
    revision = data.get("schema_revision")
    counts = data.get("row_counts")
    missing = data.get("files_missing")
    return Manifest(
        sha256=sha256,
        size=size,
        schema_revision=revision if isinstance(revision, str) else None,
        app_version=str(data.get("app_version", "")),
        created_at=str(data.get("created_at", "")),
        source=str(data.get("source", "")),
        reason=str(data.get("reason", "")),
        row_counts=(
            {str(k): v for k, v in counts.items() if isinstance(v, int)}
            if isinstance(counts, dict)
            else {}
        ),
        files=_count(data.get("files")),
        files_size=_count(data.get("files_size")),
        files_missing=(
            [str(m) for m in missing if isinstance(m, str) and _SHA256.fullmatch(m)]
            if isinstance(missing, list)
            else []
        ),
    )


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0
