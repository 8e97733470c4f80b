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


def test_the_other_areas_imports_are_offered_with_templates_and_import_by_their_keys(branch_db, data_dir, tmp_path,
                                                                                   capsys):
    from datetime import date

    from app.kit.idcard import make_id_number
    from app.models.development import DevPerson

    branch_db.dispose()
    for key, headers in (("development", {"姓名", "公民身份号码", "提交书面申请书时间", "当前发展阶段"}),
                         ("appraisal", {"姓名", "党籍状态", "评议结果"}),
                         ("dues-backpay", {"姓名", "缴费起始月份", "缴费截止月份", "缴费金额"})):
        out = tmp_path / f"{key}.xlsx"
        assert cli.main(["import", "template", key, "-o", str(out)]) == 0
        assert headers <= {c.value for c in load_workbook(out).worksheets[0][1]}
    capsys.readouterr()
    number = make_id_number("320102", date(2001, 5, 6), 21)
    path = write_xlsx(tmp_path / "发展.xlsx", [["姓名", "公民身份号码", "提交书面申请书时间", "确定为入党积极分子时间"],
                                             ["林一", number, "2024.3.1", "2025年3月10日"],
                                             ["林二", "", "2024-03-01", ""]], sheet="Sheet1")
    assert cli.main(["import", "development", str(path), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "第 3 行（林二）：不导入" in out and "已导入发展党员信息：新增 1 行" in out
    db = open_data_folder(data_dir)
    try:
        with db.session() as s:
            assert [(p.name, len(p.steps)) for p in s.query(DevPerson)] == [("林一", 2)]
    finally:
        db.dispose()


def test_appraisal_results_import_from_a_fresh_command_line_process(branch_db, data_dir, tmp_path):
    """A command-line run imports only what it needs: the importer makes every area's tables known before it
    writes (a round refers to its meeting record)."""
    from datetime import date

    from app.kit import registry
    from app.kit.idcard import make_id_number
    from app.models.appraisal import AppraisalParticipant
    from app.services.appraisal.rounds import create_round
    from app.services.roster.members import save_member

    registry.import_models()
    with branch_db.transaction() as s:
        save_member(s, {"name": "王一", "id_number": make_id_number("320102", date(1980, 2, 2), 31),
                        "category": "正式党员", "joined_date": date(2005, 7, 1), "full_member_date": date(2006, 7, 1)})
        create_round(s, 2026, date(2026, 11, 20))
    branch_db.dispose()
    path = write_xlsx(tmp_path / "评议.xlsx", [["学工号", "姓名", "党籍状态", "评议结果"], ["1", "王一", "正式党员", "优秀"]],
                      sheet="Sheet1")
    result = subprocess.run([sys.executable, "-m", "app", "--data-dir", str(data_dir), "import", "appraisal",
                             str(path), "--yes"], capture_output=True, text=True, stdin=subprocess.DEVNULL,
                            encoding="utf-8")
    assert result.returncode == 0, result.stderr
    assert "已导入民主评议结果：新增 1 行" in result.stdout
    db = open_data_folder(data_dir)
    try:
        with db.session() as s:
            assert [p.final_grade for p in s.query(AppraisalParticipant)] == ["excellent"]
    finally:
        db.dispose()
