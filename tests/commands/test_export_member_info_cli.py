"""`branch-ledger export member-info [--member NAME_OR_ID] [--mask-id]` on the sample branch."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli import main
from app.kit.idcard import make_id_number, mask_id_number
from app.services.common.storage import open_data_folder
from app.services.demo.sample_branch import create_demo_branch
from app.services.roster.members import list_members, save_member


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory) -> Path:
    """The sample branch, plus a second member with the name of its first."""
    folder = tmp_path_factory.mktemp("member-info") / "data"
    db = open_data_folder(folder)
    try:
        with db.transaction() as s:
            create_demo_branch(s)
            first = list_members(s)[0]
            save_member(s, {"name": first.name, "id_number": make_id_number("110105", date(1990, 5, 6), 888),
                            "category": "预备党员", "joined_date": date(2026, 5, 1)})
    finally:
        db.dispose()
    return folder


def members(folder: Path):
    db = open_data_folder(folder)
    try:
        with db.session() as s:
            return [(m.id, m.name, m.id_number) for m in list_members(s)]
    finally:
        db.dispose()


def test_every_member_one_page_each(demo_folder, tmp_path, capsys):
    target = tmp_path / "采集表.pdf"
    code = main(["--data-dir", str(demo_folder), "export", "member-info", "-o", str(target)])
    out = capsys.readouterr().out.strip()
    roster = members(demo_folder)
    pages = PdfReader(target).pages
    assert code == 0
    assert out == f"已导出党员基本信息采集表（PDF）：{target}，{len(roster)} 名党员，共 {len(roster)} 页"
    assert len(pages) == len(roster)
    for (_id, name, _number), page in zip(roster, pages, strict=True):
        text = page.extract_text()
        assert name in text and "党员基本信息采集表" in text and "本人签字" in text


def test_one_member_by_id_masked(demo_folder, tmp_path, capsys):
    member_id, name, id_number = members(demo_folder)[3]
    target = tmp_path / "一人.pdf"
    code = main(["export", "member-info", "--member", str(member_id), "--mask-id", "-o", str(target),
                 "--data-dir", str(demo_folder)])
    assert code == 0 and "1 名党员，共 1 页" in capsys.readouterr().out
    [page] = PdfReader(target).pages
    text = page.extract_text()
    assert name in text and mask_id_number(id_number) in text and id_number not in text


def test_a_shared_name_lists_both_members_in_chinese(demo_folder, tmp_path, capsys):
    twins = [m for m in members(demo_folder) if m[1] == members(demo_folder)[0][1]]
    code = main(["--data-dir", str(demo_folder), "export", "member-info", "--member", twins[0][1],
                 "-o", str(tmp_path / "x.pdf")])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("错误：") and "Traceback" not in err
    assert f"有 2 名党员都叫“{twins[0][1]}”" in err
    assert all(f"编号 {member_id}" in err for member_id, *_ in twins)
    assert not (tmp_path / "x.pdf").exists()


def test_docx_and_an_unknown_name(demo_folder, tmp_path, capsys):
    assert main(["--data-dir", str(demo_folder), "export", "member-info", "--member", "查无此人",
                 "-o", str(tmp_path / "x.pdf")]) == 2
    assert "没有找到姓名为“查无此人”的党员" in capsys.readouterr().err
    target = tmp_path / "x.docx"
    assert main(["--data-dir", str(demo_folder), "export", "member-info", "--member", members(demo_folder)[1][1],
                 "-o", str(target)]) == 0
    assert target.stat().st_size > 0


def test_help_names_the_options(capsys):
    with pytest.raises(SystemExit):
        main(["export", "member-info", "--help"])
    out = capsys.readouterr().out
    assert "--member" in out and "--mask-id" in out and "党员基本信息采集表" in out
