"""Atomic file writing: the target is the old file or the new one, never half of either."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ideowork.domain.errors import UserError
from ideowork.files import atomic_write, write_text_atomically


def test_replaces_the_target_whole(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old")
    write_text_atomically(target, "new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_a_failing_writer_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_write(target) as temporary:
        temporary.write_text("half")
        raise RuntimeError("disk full")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_refuses_a_folder(tmp_path: Path) -> None:
    (tmp_path / "out.docx").mkdir()
    with pytest.raises(UserError, match="文件夹"):
        write_text_atomically(tmp_path / "out.docx", "x")
    assert (tmp_path / "out.docx").is_dir()


def test_refuses_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("keep")
    (tmp_path / "link.txt").symlink_to(real)
    with pytest.raises(UserError, match="链接"):
        write_text_atomically(tmp_path / "link.txt", "x")
    assert real.read_text() == "keep"


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null")
def test_refuses_a_device() -> None:
    with pytest.raises(UserError, match="特殊文件"):
        write_text_atomically(Path(os.devnull), "x")


def test_creates_the_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "new" / "a.txt"
    write_text_atomically(target, "x")
    assert target.read_text() == "x"
