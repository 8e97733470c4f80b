"""`branch-ledger export appraisal --year Y --sheet ballot|results|members|report [--person NAME] -o FILE` on
the sample branch: the user's "done means" — print the ballot, the 统计表 and one member's 登记表."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.cli import main
from app.services.common.storage import open_data_folder
from app.services.demo.sample_branch import create_demo_branch

LAST_YEAR = date.today().year - 1
COLUMNS = ["序号", "姓名", "人员类别", "优秀票", "合格票", "基本合格票", "不合格票", "收回票数",
           "测评建议等次", "评议等次", "备注"]


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("appraisal_export") / "data"
    db = open_data_folder(folder)
    try:
        with db.transaction() as s:
            create_demo_branch(s)
    finally:
        db.dispose()
    return folder


def export(folder: Path, *args: str) -> int:
    return main(["export", "appraisal", "--data-dir", str(folder), *args])


def test_results_sheet_xlsx_of_last_years_round(demo_folder, tmp_path, capsys):
    target = tmp_path / "统计表.xlsx"
    assert export(demo_folder, "--year", str(LAST_YEAR), "--sheet", "results", "-o", str(target)) == 0
    assert "已导出民主评议党员结果统计表（XLSX）" in capsys.readouterr().out
    ws = load_workbook(target).worksheets[0]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[2] == COLUMNS
    body = [r for r in rows[3:] if isinstance(r[0], int)]
    graded = [r for r in body if r[9] != "不评定等次"]
    assert all(isinstance(r[7], int) and r[3] + r[4] + r[5] + r[6] <= r[7] for r in graded)
    excellent = sum(r[9] == "优秀" for r in graded)
    notes = [r[0] for r in rows[3 + len(body):]]
    assert notes[0] == (f"合计：参加评议党员 {len(body)} 人，其中评定等次 {len(graded)} 人，"
                        f"不评定等次（预备党员）{len(body) - len(graded)} 人。")
    assert notes[1].startswith(f"优秀：{excellent} 人，占评定等次人数的")
    assert sum(r[9] == "基本合格" for r in graded) == 1


def test_ballot_and_one_members_form_as_pdf(demo_folder, tmp_path, capsys):
    ballot = tmp_path / "测评表.pdf"
    assert export(demo_folder, "--year", str(LAST_YEAR + 1), "--sheet", "ballot", "-o", str(ballot)) == 0
    text = "".join(p.extract_text() for p in PdfReader(ballot).pages).replace(" ", "")
    assert "民主评议党员民主测评表" in text and "基本合格" in text
    form = tmp_path / "登记表.pdf"
    db = open_data_folder(demo_folder)
    with db.session() as s:
        from app.services.appraisal.queries import require_round

        name = require_round(s, LAST_YEAR).participants[0].member.name
    db.dispose()
    assert export(demo_folder, "--year", str(LAST_YEAR), "--sheet", "members", "--person", name, "-o", str(form)) == 0
    pages = PdfReader(form).pages
    assert len(pages) == 1 and name in pages[0].extract_text().replace(" ", "")


def test_a_year_without_a_round_and_the_report_as_xlsx_are_refused_in_chinese(demo_folder, tmp_path, capsys):
    assert export(demo_folder, "--year", "2001", "--sheet", "results", "-o", str(tmp_path / "x.xlsx")) == 2
    assert "2001年度还没有建立民主评议" in capsys.readouterr().err
    assert export(demo_folder, "--year", str(LAST_YEAR), "--sheet", "report", "-o", str(tmp_path / "x.xlsx")) == 2
