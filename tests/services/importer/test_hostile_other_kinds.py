"""Hostile spreadsheets for the other areas' imports (发展党员, 民主评议结果, 党费补缴): whatever the cells hold,
the preview never crashes, every row not imported has a Chinese reason, and a write is whole or nothing."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.kit import registry
from app.kit.errors import UserError
from app.kit.idcard import make_id_number
from app.models import AuditEntry
from app.services.importer.apply import apply_import
from app.services.importer.preview import REJECT, SKIP
from app.services.importer.session import prepare_import
from tests.services.importer.test_hostile_files import _writable

ID_1 = make_id_number("320102", date(1980, 2, 2), 31)
ID_2 = make_id_number("320102", date(2001, 3, 3), 41)
HEADERS = {
    "development": ["姓名", "公民身份号码", "提交书面申请书时间", "确定为入党积极分子时间", "确定为发展对象时间",
                    "发展对象培训起始时间", "发展对象培训结束时间", "领取志愿书时间", "志愿书编号", "入党时间",
                    "当前发展阶段"],
    "appraisal": ["评议年度", "姓名", "公民身份号码", "党籍状态", "评议结果", "评定理由"],
    "dues-backpay": ["姓名", "公民身份号码", "缴费类型", "缴费起始月份", "缴费截止月份", "缴费金额", "缴费日期"],
}
CELL = st.one_of(
    st.none(), st.text(max_size=20), st.text(min_size=300, max_size=2000),
    st.integers(min_value=-10**12, max_value=10**18), st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
    st.sampled_from(["王一", "陈一", "=1/0", "#REF!", "必填", "合计", "2026-01", "2026-03", "2019-02", "2026",
                     2026, "优秀", "合格", "不合格", "预备党员", "正式党员", "党费补缴", "入党积极分子", "发展对象",
                     "12.50", "0", "-5", "2018.9.15", "2099-01-01", ID_1, ID_2, "\u3000"]),
)
ROW = st.lists(CELL, min_size=0, max_size=12)


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    """One member with a dues base in a 2026 round, and one person in development."""
    from app.services.appraisal.rounds import create_round
    from app.services.common.branch import save_profile
    from app.services.common.storage import open_data_folder
    from app.services.development.people import save_person
    from app.services.development.recording import record_step
    from app.services.dues import vocab
    from app.services.dues.bases import set_base
    from app.services.roster.members import save_member

    registry.import_models()
    db = open_data_folder(tmp_path_factory.mktemp("hostile_other"))
    with db.transaction() as s:
        save_profile(s, full_name="中共测试市实验小学支部委员会", short_name="实验小学支部",
                     parent_org="中共测试市教育工作委员会", founded_date=date(1998, 7, 1), group_names=["第一党小组"])
        member = save_member(s, {"name": "王一", "id_number": ID_1, "category": "正式党员",
                                 "joined_date": date(2005, 7, 1), "full_member_date": date(2006, 7, 1)})
        set_base(s, member.id, "2025-01", vocab.EMPLOYED, "4000.00")
        create_round(s, 2026, date(2026, 11, 20))
        person = save_person(s, {"name": "陈一", "id_number": ID_2})
        record_step(s, person.id, "application", date(2024, 3, 1))
    yield db
    db.dispose()


@pytest.mark.parametrize("kind", sorted(HEADERS))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROW, max_size=8), on_duplicate=st.sampled_from(["skip", "update", "keep"]))
def test_random_sheets_never_crash_or_half_import(filled, tmp_path_factory, kind, rows, on_duplicate):
    from openpyxl import Workbook

    path = tmp_path_factory.mktemp("hostile") / "随机.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS[kind])
    for row in rows:
        sheet.append([_writable(c) for c in row])
    book.save(path)
    with filled.session() as s:
        audit_before = s.query(AuditEntry).count()
        try:
            preview = prepare_import(s, kind, path, on_duplicate=on_duplicate)
        except UserError as exc:
            assert exc.message
            return
    for row in preview.rows:
        if row.action in (REJECT, SKIP):
            assert row.reasons(preview.kind)
    # written and rolled back (the module's database stays the same for every example), or refused whole
    with filled.session() as s:
        try:
            apply_import(s, preview)
        except UserError as exc:
            assert "没有写入任何记录" in exc.message
        s.rollback()
    with filled.session() as s:
        assert s.query(AuditEntry).count() == audit_before
