"""`branch-ledger export roster`: in process through app.cli.main, and once as a real process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.cli import main
from app.services.common.storage import open_data_folder
from app.services.demo.sample_branch import create_demo_branch
from app.services.roster.members import list_members

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("export") / "data"
    db = open_data_folder(folder)
    try:
        with db.transaction() as s:
            create_demo_branch(s)
    finally:
        db.dispose()
    return folder


def roster(folder: Path, include_former: bool = False) -> list[tuple[str, str]]:
    db = open_data_folder(folder)
    try:
        with db.session() as s:
            return [(m.name, m.id_number) for m in list_members(s, include_former=include_former)]
    finally:
        db.dispose()


def test_pdf_with_the_global_data_dir_option(demo_folder, tmp_path, capsys):
    target = tmp_path / "花名册.pdf"
    code = main(["--data-dir", str(demo_folder), "export", "roster", "--format", "pdf", "-o", str(target)])
    out = capsys.readouterr().out.strip()
    members = roster(demo_folder)
    pages = PdfReader(target).pages
    assert code == 0
    assert out == f"已导出党员花名册（PDF）：{target}，{len(members)} 名党员，共 {len(pages)} 页"
    text = "\n".join(p.extract_text() for p in pages)
    cursor = 0
    for name, _ in members:
        cursor = text.index(name, cursor) + len(name)
    assert "党员花名册" in text and f"第 {len(pages)} 页 共 {len(pages)} 页" in text


def test_xlsx_masked_with_the_data_dir_after_the_subcommand(demo_folder, tmp_path, capsys):
    target = tmp_path / "out.xlsx"
    code = main(["export", "roster", "-o", str(target), "--data-dir", str(demo_folder), "--mask-id",
                 "--include-former"])
    out = capsys.readouterr().out
    members = roster(demo_folder, include_former=True)
    assert code == 0 and "（XLSX）" in out and f"{len(members)} 名党员" in out and "页" not in out
    ws = load_workbook(target).active
    names = [ws.cell(r, 2).value for r in range(4, 4 + len(members))]
    ids = [ws.cell(r, 5).value for r in range(4, 4 + len(members))]
    assert names == [name for name, _ in members]
    assert ids == [f"{n[:6]}********{n[-4:]}" for _, n in members]
    assert ws.cell(3, 5).value == "公民身份号码" and "在册情况" in [c.value for c in ws[3]]


@pytest.mark.parametrize("args,message", [
    (["-o", "x.doc"], "无法确定导出格式"),
    (["-o", "x.pdf", "--format", "docx"], "无法确定导出格式"),
    ([], "请用 -o 指定"),
    (["-o", "{missing}/x.pdf"], "保存位置不存在"),
])
def test_bad_arguments_are_refused_in_chinese(demo_folder, tmp_path, capsys, args, message):
    args = [a.replace("{missing}", str(tmp_path / "missing")) for a in args]
    code = main(["--data-dir", str(demo_folder), "export", "roster", *args])
    err = capsys.readouterr().err
    assert code == 2 and message in err and err.startswith("错误：") and "Traceback" not in err


def test_missing_database_or_branch_is_refused(tmp_path, capsys):
    empty = tmp_path / "empty"
    assert main(["export", "roster", "--data-dir", str(empty), "-o", str(tmp_path / "x.pdf")]) == 2
    assert "没有数据库文件" in capsys.readouterr().err
    assert not (empty / "ledger.sqlite3").exists()  # a mistyped folder does not get a new database
    open_data_folder(empty).dispose()  # a database without a branch profile
    assert main(["export", "roster", "--data-dir", str(empty), "-o", str(tmp_path / "x.pdf")]) == 2
    assert "尚未设置支部信息" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_export_without_report_kind(demo_folder, capsys):
    assert main(["--data-dir", str(demo_folder), "export"]) == 2
    assert "export roster" in capsys.readouterr().err


def test_real_process_while_the_app_holds_the_folder(demo_folder, tmp_path):
    target = tmp_path / "花名册.pdf"
    db = open_data_folder(demo_folder)  # as the running desktop application would
    try:
        result = subprocess.run(
            [sys.executable, "-m", "app", "--data-dir", str(demo_folder), "export", "roster", "-o", str(target)],
            capture_output=True, text=True, encoding="utf-8", cwd=REPO_ROOT, timeout=60,
        )
    finally:
        db.dispose()
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("已导出党员花名册（PDF）：") and "页" in result.stdout
    assert len(PdfReader(target).pages) >= 2


def test_output_in_a_narrow_console_encoding_does_not_fail(tmp_path):
    """A GBK console cannot show 𠀀; the command still succeeds and prints a replacement mark."""
    import os
    import subprocess
    import sys
    from datetime import date as _date

    from app.kit.idcard import make_id_number
    from app.services.common.branch import save_profile
    from app.services.common.storage import open_data_folder
    from app.services.roster.members import save_member

    folder = tmp_path / "data"
    db = open_data_folder(folder)
    with db.transaction() as s:
        save_profile(s, full_name="中共测试小学支部委员会")
        save_member(s, {"name": "张𠀀", "id_number": make_id_number("110105", _date(1980, 1, 1), 11),
                        "category": "正式党员", "joined_date": _date(2000, 1, 1), "full_member_date": _date(2001, 1, 1)})
    db.dispose()
    env = dict(os.environ, PYTHONIOENCODING="gbk")
    result = subprocess.run([sys.executable, "-m", "app", "--data-dir", str(folder), "export", "roster",
                             "-o", str(tmp_path / "r.pdf")], capture_output=True, env=env)
    assert result.returncode == 0, result.stderr.decode("gbk", "replace")
    out = result.stdout.decode("gbk")
    assert "已导出" in out and "手写补上：?" in out
