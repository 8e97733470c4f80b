"""`branch-ledger export structure [--date YYYY-MM-DD]` on the sample branch, as a user runs it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.cli import main
from app.services.common.storage import open_data_folder
from app.services.demo.sample_branch import create_demo_branch
from app.services.roster.structure import branch_structure


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("structure") / "data"
    db = open_data_folder(folder)
    try:
        with db.transaction() as s:
            create_demo_branch(s)
    finally:
        db.dispose()
    return folder


def structure_of(folder: Path, day: date):
    db = open_data_folder(folder)
    try:
        with db.session() as s:
            return branch_structure(s, day)
    finally:
        db.dispose()


def test_pdf_of_today(demo_folder, tmp_path, capsys):
    target = tmp_path / "结构.pdf"
    code = main(["--data-dir", str(demo_folder), "export", "structure", "-o", str(target)])
    out = capsys.readouterr().out.strip()
    expected = structure_of(demo_folder, date.today())
    assert code == 0
    assert out == f"已导出党员队伍结构统计表（PDF）：{target}，{expected.total} 名在册党员，共 1 页"
    text = PdfReader(target).pages[0].extract_text()
    assert "中共示例市实验小学支部委员会党员队伍结构统计表" in text
    assert f"在册党员总数 {expected.total} 人，其中女党员 {expected.women} 人" in text
    assert f"统计日期：{date.today():%Y-%m-%d}" in text


def test_xlsx_on_a_past_date(demo_folder, tmp_path, capsys):
    target = tmp_path / "结构.xlsx"
    day = date(date.today().year, 1, 1)
    code = main(["export", "structure", "--date", f"{day:%Y.%m.%d}", "-o", str(target),
                 "--data-dir", str(demo_folder)])
    assert code == 0 and "（XLSX）" in capsys.readouterr().out
    expected = structure_of(demo_folder, day)
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    table = {(r[0], r[1]): r[2] for r in rows if isinstance(r[2], int)}
    assert table[("在册党员", "合计")] == expected.total
    for b in expected.breakdowns:
        assert [table[(b.title, label)] for label, _n in b.rows] == [n for _label, n in b.rows]


def test_a_bad_date_is_refused_in_chinese(demo_folder, tmp_path, capsys):
    code = main(["--data-dir", str(demo_folder), "export", "structure", "--date", "2026-13-01",
                 "-o", str(tmp_path / "x.pdf")])
    err = capsys.readouterr().err
    assert code == 2 and "统计日期不正确" in err and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


def test_listed_in_export_help(capsys):
    with pytest.raises(SystemExit):
        main(["export", "structure", "--help"])
    out = capsys.readouterr().out
    assert "--date" in out and "党员队伍结构统计表" in out
