"""Hostile spreadsheets: random types in every cell, huge strings, formulas, errors, hidden and empty sheets.

Whatever the file holds, the importer never crashes, never writes part of an import, and gives every row
that is not imported a Chinese reason.
"""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.kit.errors import UserError
from app.models import Member
from app.services.importer.apply import apply_import
from app.services.importer.preview import REJECT, SKIP
from app.services.importer.session import prepare_import
from tests.services.importer.messy_files import HEADERS, person

CELL = st.one_of(
    st.none(), st.text(max_size=30), st.text(min_size=300, max_size=3000),
    st.integers(min_value=-10**12, max_value=10**18), st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
    st.sampled_from(["=1/0", "=SUM(A1:A3)", "#REF!", "#N/A", "必填", "合计", "男", "汉族", "正式党员", "2005.7.1",
                     "19800301", "1980年3月1日", "\u3000", "\x00", person(1), person(2)]),
)
ROW = st.lists(CELL, min_size=0, max_size=len(HEADERS) + 3)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROW, max_size=12), hidden_first=st.booleans())
def test_random_sheets_never_crash_or_half_import(branch_db, tmp_path_factory, rows, hidden_first):
    from openpyxl import Workbook

    path = tmp_path_factory.mktemp("hostile") / "随机.xlsx"
    book = Workbook()
    book.active.title = "空白"
    if hidden_first:
        book.active.sheet_state = "hidden"
        book.create_sheet("可见")
    sheet = book.create_sheet("数据")
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([_writable(c) for c in row])
    book.save(path)
    with branch_db.session() as s:
        before = s.query(Member).count()
        try:
            preview = prepare_import(s, "roster", path)
        except UserError as exc:
            assert exc.message
            return
    for row in preview.rows:
        if row.action in (REJECT, SKIP):
            assert row.reasons(preview.kind)
    try:
        with branch_db.transaction() as s:
            batch = apply_import(s, preview)
            added = batch.added
    except UserError as exc:
        assert "没有写入任何记录" in exc.message
        added = 0
    with branch_db.session() as s:
        assert s.query(Member).count() == before + added


def _writable(cell):
    if isinstance(cell, str):
        # what an .xlsx (XML 1.0) can hold at all: openpyxl/lxml refuse control characters and U+FFFE/U+FFFF
        return "".join(ch for ch in cell if (ch >= " " or ch in "\t\n") and ch not in "\ufffe\uffff") or None
    return cell
