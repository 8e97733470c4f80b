"""`branch-ledger export development --register …` on the sample branch: what the user reads."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.cli import main
from app.services.common.storage import open_data_folder
from app.services.demo.sample_branch import create_demo_branch

HEADERS = ["序号", "姓名", "性别", "出生年月", "民族", "学历", "工作岗位", "申请入党时间", "确定为积极分子时间",
           "确定为发展对象时间", "培养联系人", "入党介绍人", "备注"]


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("export_dev") / "data"
    db = open_data_folder(folder)
    try:
        with db.transaction() as s:
            create_demo_branch(s)
    finally:
        db.dispose()
    return folder


def table(path: Path) -> tuple[list, list[list]]:
    rows = [[c.value for c in r] for r in load_workbook(path).active.iter_rows()]
    start = next(i for i, r in enumerate(rows) if r[0] == "序号")
    header = [h for h in rows[start] if h]
    return header, [r for r in rows[start + 1:] if isinstance(r[0], (int, str)) and str(r[0]).isdigit()]


def export(folder: Path, *args: str) -> int:
    return main(["--data-dir", str(folder), "export", "development", *args])


def test_activists_register(demo_folder, tmp_path, capsys):
    target = tmp_path / "积极分子.xlsx"
    assert export(demo_folder, "--register", "activists", "-o", str(target)) == 0
    assert capsys.readouterr().out.startswith(f"已导出入党积极分子名册（XLSX）：{target}，3 人")
    header, rows = table(target)
    assert header == HEADERS
    assert sorted(r[1] for r in rows) == sorted(["何子豪", "许婉清", "韩嘉伟"])
    assert all(r[8] and r[10] for r in rows)  # 确定为积极分子时间 and 培养联系人 filled


def test_new_members_of_last_year(demo_folder, tmp_path):
    year = date.today().year - 1
    target = tmp_path / "新党员.xlsx"
    assert export(demo_folder, "--register", "new-members", "--year", str(year), "-o", str(target)) == 0
    header, rows = table(target)
    assert header == HEADERS + ["接收为预备党员时间", "转正时间"]
    assert rows and {r[1] for r in rows} <= {"沈一鸣", "郑思远", "蒋诗涵"}  # the sample's new members
    assert all(str(r[13]).startswith(str(year)) for r in rows)


def test_notice_pdf_and_record_needs_a_person(demo_folder, tmp_path, capsys):
    target = tmp_path / "公示.pdf"
    assert export(demo_folder, "--register", "notice", "-o", str(target)) == 0
    text = "".join(p.extract_text() for p in PdfReader(target).pages).replace("\n", "")
    assert "关于拟发展曹雨萱同志为中共预备党员的公示" in text and "公示期：" in text
    capsys.readouterr()
    assert export(demo_folder, "--register", "record", "-o", str(tmp_path / "r.pdf")) == 2
    said = capsys.readouterr()
    assert "请用 --person 指定要导出纪实表的人" in said.err + said.out
    assert export(demo_folder, "--register", "record", "--person", "蒋诗涵", "-o", str(tmp_path / "r.pdf")) == 0
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "r.pdf").pages)
    assert "发展党员纪实表" in text and "姓名 蒋诗涵" in text and "第15步 支部大会讨论（接收预备党员）" in text
    assert "支部书记（签字）" in text  # signed for the file
