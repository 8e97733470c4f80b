"""The command line speaks Chinese: argparse's own words are translated, bad values are refused in Chinese."""

from __future__ import annotations

import pytest

from app import cli

ENGLISH = ("usage:", "options:", "show this help message", "invalid choice", "error:", "positional arguments")


@pytest.mark.parametrize("argv", [["--help"], ["export", "--help"], ["export", "roster", "--help"], ["due", "--help"]])
def test_help_has_no_english_of_argparse(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(argv)
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "用法：" in out and "显示本帮助并退出" in out
    assert not [word for word in ENGLISH if word in out]


@pytest.mark.parametrize("argv, said", [
    (["export", "bogus"], "无效的选择：'bogus'"),
    (["export", "changes", "--year", "26", "-o", "x.pdf"], "年份 26 不在 1921 至"),
    (["export", "changes", "--year", "abc", "-o", "x.pdf"], "年份“abc”不是数字"),
    (["due", "--days", "x"], "无效的值：'x'"),
    (["check", "--bogus"], "无法识别的参数：--bogus"),
    (["backup"], "缺少必需的参数：-o/--output"),
])
def test_bad_arguments_are_refused_in_chinese(argv, said, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert said in err and "错误：" in err
    assert not [word for word in ENGLISH if word in err]
