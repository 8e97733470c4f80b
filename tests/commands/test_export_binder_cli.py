"""`branch-ledger export binder --year Y -o FILE.pdf [--sections KEY ...]` and `export branch` on the sample
branch: the sections picked, in the order given; the remembered choice without --sections; an unknown key
refused in Chinese with the valid keys."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader

from app.cli import main
from app.services.common.storage import open_data_folder
from app.services.ledgers.binder_choice import remember_sections
from tests.reports.binder.conftest import YEAR, bookmarks, contents_entries, flat, sample_db, sample_folder

__all__ = ["sample_db", "sample_folder"]  # the fixtures, shared with the binder's report tests


def data_dir(db) -> str:
    from app.services.common.storage import data_folder_of

    return str(data_folder_of(db))


def test_export_help_lists_the_binder_and_the_branch_sheet(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    out = capsys.readouterr().out
    assert "binder（年度台账）" in out and "branch（支部基本情况）" in out
    with pytest.raises(SystemExit):
        main(["export", "binder", "--help"])
    out = capsys.readouterr().out
    assert "--year" in out and "--sections" in out and "-o" in out


def test_the_sections_given_are_bound_in_that_order(sample_folder, tmp_path, capsys):
    target = tmp_path / "台账.pdf"
    code = main(["--data-dir", str(sample_folder), "export", "binder", "--year", str(YEAR), "-o", str(target),
                 "--sections", "meetings.talks", "roster.roster", "ledgers.branch"])
    out = capsys.readouterr().out
    assert code == 0, out
    pages = len(PdfReader(target).pages)
    assert f"已导出年度台账（PDF）：{target}，3 个部分，共 {pages} 页" in out
    titles = ["一、谈心谈话记录", "二、党员花名册", "三、支部基本情况"]
    assert [t for t, _p in contents_entries(target)] == titles
    assert [t for t, _p in bookmarks(target)] == titles


def test_without_sections_the_remembered_choice_is_bound(sample_db, tmp_path, capsys):
    with sample_db.transaction() as session:
        remember_sections(session, ["dues.remittance", "meetings.stats"])
    folder = data_dir(sample_db)
    sample_db.dispose()
    target = tmp_path / "台账.pdf"
    assert main(["--data-dir", folder, "export", "binder", "--year", str(YEAR), "-o", str(target)]) == 0
    assert "2 个部分" in capsys.readouterr().out
    assert [t for t, _p in contents_entries(target)] == ["一、党费上缴情况汇总表", "二、三会一课统计表"]


def test_a_section_with_nothing_that_year_is_left_out_and_said(sample_folder, tmp_path, capsys):
    target = tmp_path / "台账.pdf"
    code = main(["--data-dir", str(sample_folder), "export", "binder", "--year", str(YEAR), "-o", str(target),
                 "--sections", "roster.roster", "meetings.other"])
    out = capsys.readouterr().out
    assert code == 0 and "1 个部分" in out
    assert "未编入“其他活动记录”" in out
    assert [t for t, _p in contents_entries(target)] == ["一、党员花名册"]


def test_an_unknown_section_is_refused_with_the_valid_keys(sample_folder, tmp_path, capsys):
    target = tmp_path / "台账.pdf"
    code = main(["--data-dir", str(sample_folder), "export", "binder", "--year", str(YEAR), "-o", str(target),
                 "--sections", "roster.roster", "members"])
    err = capsys.readouterr().err
    assert code == 2 and not target.exists()
    assert "没有名为“members”的台账部分" in err
    for key, title in (("ledgers.branch", "支部基本情况"), ("roster.roster", "党员花名册"),
                       ("meetings.lessons", "三会一课记录"), ("dues.register", "党费收缴登记表")):
        assert f"{key}（{title}）" in err


def test_the_binder_is_pdf_only(sample_folder, tmp_path, capsys):
    code = main(["--data-dir", str(sample_folder), "export", "binder", "--year", str(YEAR),
                 "-o", str(tmp_path / "台账.xlsx")])
    assert code == 2 and "--format pdf" in capsys.readouterr().err


def test_export_branch_prints_the_committee_the_groups_and_the_counts(sample_folder, tmp_path, capsys):
    db = open_data_folder(sample_folder)
    try:
        with db.session() as session:
            from app.services.common.branch import list_groups
            from app.services.meetings.committee import committee_on

            seats = [(s.member.name, s.post) for s in committee_on(session, date(YEAR, 12, 1))]
            groups = [g.name for g in list_groups(session)]
    finally:
        db.dispose()
    target = tmp_path / "基本情况.pdf"
    assert main(["--data-dir", str(sample_folder), "export", "branch", "--year", str(YEAR), "-o", str(target)]) == 0
    assert "已导出支部基本情况（PDF）" in capsys.readouterr().out
    text = flat(PdfReader(target).pages[0].extract_text())
    assert "中共示例市实验小学支部委员会基本情况" in text and "一、支部委员会" in text
    for name, _post in seats:
        assert name in text
    assert "书记" in text and "组织委员" in text
    for group in groups:
        assert flat(group) in text
    assert "正式党员" in text and "预备党员" in text and "党员队伍结构" in text
