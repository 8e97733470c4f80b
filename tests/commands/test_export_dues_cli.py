"""`branch-ledger export dues --year Y --sheet register|bases|arrears|remittance|notice -o FILE` on the sample branch."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.cli import main
from app.services.common.storage import open_data_folder
from app.services.demo.sample_branch import create_demo_branch

YEAR = date.today().year


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dues_cli") / "data"
    db = open_data_folder(folder)
    try:
        with db.transaction() as s:
            create_demo_branch(s)
    finally:
        db.dispose()
    return folder


@pytest.mark.parametrize(("sheet", "title"), [
    ("register", "党费收缴登记表"), ("bases", "党费基数核定表"), ("arrears", "需补缴党费统计表"),
    ("remittance", "党费上缴情况汇总表"), ("notice", "党费收缴情况公示"),
])
def test_every_sheet_as_pdf_and_xlsx(demo_folder, tmp_path, capsys, sheet, title):
    for suffix in ("pdf", "xlsx"):
        target = tmp_path / f"{sheet}.{suffix}"
        code = main(["--data-dir", str(demo_folder), "export", "dues", "--year", str(YEAR), "--sheet", sheet,
                     "-o", str(target)])
        out = capsys.readouterr().out
        assert code == 0 and f"已导出{title}（{suffix.upper()}）" in out
        if suffix == "pdf":
            assert title in "".join(p.extract_text() for p in PdfReader(target).pages)
        else:
            assert title in load_workbook(target).worksheets[0]["A1"].value


def test_register_xlsx_columns_in_the_issues_order(demo_folder, tmp_path, capsys):
    target = tmp_path / "r.xlsx"
    assert main(["--data-dir", str(demo_folder), "export", "dues", "--year", str(YEAR), "--sheet", "register",
                 "-o", str(target)]) == 0
    rows = [list(r) for r in load_workbook(target).worksheets[0].iter_rows(values_only=True)]
    at = next(i for i, r in enumerate(rows) if r[0] == "序号")
    labels = [b or a for a, b in zip(rows[at], rows[at + 1], strict=True)]
    assert labels == ["序号", "姓名", "人员类别", "缴费类别", "基数", "比例", "月应缴", *(f"{m}月" for m in range(1, 13)),
                      "全年应缴", "全年实缴", "欠缴", "备注"]
    totals = next(r for r in rows if r[0] == "合计")
    assert isinstance(totals[20], (int, float)) and totals[20] > 0  # 全年实缴 summed, as a number


def test_a_missing_year_is_refused_in_chinese(demo_folder, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--data-dir", str(demo_folder), "export", "dues", "--sheet", "register", "-o", str(tmp_path / "x.pdf")])
    assert exit_.value.code == 2 and "缺少必需的参数：--year" in capsys.readouterr().err
