"""The sample branch in one data folder for the binder's tests (made once per module: it takes seconds),
and readers of what a bound PDF shows: page texts, the contents page, the bookmarks."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

TODAY = date(2026, 12, 1)
YEAR = 2026


@pytest.fixture(scope="module")
def sample_folder(tmp_path_factory) -> Path:
    from app.services.common.storage import open_data_folder
    from app.services.demo.sample_branch import create_demo_branch

    folder = tmp_path_factory.mktemp("sample")
    db = open_data_folder(folder)
    try:
        with db.transaction() as session:
            create_demo_branch(session, TODAY)
    finally:
        db.dispose()
    return folder


@pytest.fixture
def sample_db(sample_folder, tmp_path):
    """A copy of the sample branch of this test's own (it may write to it)."""
    from app.services.common.storage import open_data_folder

    folder = tmp_path / "data"
    shutil.copytree(sample_folder, folder)
    db = open_data_folder(folder)
    yield db
    db.dispose()


def flat(text: str) -> str:
    return "".join(text.split())


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


CONTENTS_LINE = re.compile(r"^([一二三四五六七八九十]+、\S.*?)\s*(\d+)\s*$")


def contents_entries(path: Path, pages: list[str] | None = None) -> list[tuple[str, int]]:
    """(title, page) of each line of the contents page (page 2, after the cover)."""
    text = (pages or page_texts(path))[1]
    assert "目录" in flat(text)
    entries = []
    for line in text.splitlines():
        found = CONTENTS_LINE.match(line.strip())
        if found:
            entries.append((flat(found.group(1)), int(found.group(2))))
    return entries


def bookmarks(path: Path) -> list[tuple[str, int]]:
    """(title, 1-based page) of each top-level bookmark."""
    reader = PdfReader(path)
    return [(flat(item.title), reader.get_destination_page_number(item) + 1)
            for item in reader.outline if not isinstance(item, list)]
