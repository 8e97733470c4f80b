"""`branch-ledger import`: preview, --dry-run, --yes, --report, templates and undo, as a script would use them."""

from __future__ import annotations

import subprocess
import sys

from openpyxl import load_workbook

from app import cli
from app.models import Member
from app.services.common.storage import open_data_folder
from tests.services.importer.messy_files import messy_rows, write_xlsx


def _members(data_dir) -> list[str]:
    db = open_data_folder(data_dir)
    try:
        with db.session() as s:
            return sorted(m.name for m in s.query(Member))
    finally:
        db.dispose()


def test_dry_run_previews_and_writes_nothing(branch_db, data_dir, tmp_path, capsys):
    branch_db.dispose()
    path = write_xlsx(tmp_path / "旧.xlsx", messy_rows(), merged_title=True)
    report = tmp_path / "报告.xlsx"
    assert cli.main(["import", "roster", str(path), "--dry-run", "--report", str(report)]) == 0
    out = capsys.readouterr().out
    assert "表头在第 5 行" in out and "不导入的列：序号、学工号" in out
    assert "第 12 行（钱七）：不导入" in out and "新增 3 行" in out and "没有写入任何记录" in out
    assert load_workbook(report)["未导入的行"]["A2"].value == 11
    assert _members(data_dir) == []


def test_yes_imports_and_undo_takes_it_back(branch_db, data_dir, tmp_path, capsys):
    branch_db.dispose()
    path = write_xlsx(tmp_path / "旧.xlsx", messy_rows(), merged_title=True)
    assert cli.main(["import", "roster", str(path), "--yes"]) == 0
    assert "已导入党员花名册：新增 3 行" in capsys.readouterr().out
    assert _members(data_dir) == sorted(["张三", "李四", "王五"])
    assert cli.main(["import", "undo", "--yes"]) == 0
    assert "已撤销导入批次 1" in capsys.readouterr().out
    assert _members(data_dir) == []
    assert cli.main(["import", "undo", "--yes"]) == 2
    assert "没有可以撤销的导入" in capsys.readouterr().err


def test_without_a_terminal_and_without_yes_it_only_previews(branch_db, data_dir, tmp_path):
    branch_db.dispose()
    path = write_xlsx(tmp_path / "旧.xlsx", messy_rows(), merged_title=True)
    result = subprocess.run([sys.executable, "-m", "app", "--data-dir", str(data_dir), "import", "roster", str(path)],
                            capture_output=True, text=True, stdin=subprocess.DEVNULL, encoding="utf-8")
    assert result.returncode == 0 and "请加 --yes 确认导入" in result.stdout
    assert _members(data_dir) == []


def test_template_and_bad_files(branch_db, data_dir, tmp_path, capsys):
    branch_db.dispose()
    target = tmp_path / "模板.xlsx"
    assert cli.main(["import", "template", "roster", "-o", str(target)]) == 0
    assert [c.value for c in load_workbook(target)["党员花名册"][1]][0] == "姓名"
    fake = tmp_path / "x.xlsx"
    fake.write_text("not a workbook")
    assert cli.main(["import", "roster", str(fake), "--yes"]) == 2
    assert "不是可以打开的电子表格" in capsys.readouterr().err
    assert cli.main(["import", "roster", str(tmp_path / "missing.xlsx")]) == 2
    assert "找不到文件" in capsys.readouterr().err
