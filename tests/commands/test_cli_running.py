"""Which sub-command a command line runs is read before the parsers are built, so the GUI's start builds no
other command's parser; every way of naming the GUI, and every other command, parses as before."""

from __future__ import annotations

import pytest

from app import cli


@pytest.mark.parametrize(("argv", "running"), [
    ([], "gui"), (["gui"], "gui"), (["--data-dir", "import"], "gui"), (["--data-dir=x", "gui"], "gui"),
    (["--data", "x", "import", "roster", "f.xlsx"], "import"), (["-h"], "gui"), (["demo"], "demo"),
])
def test_the_command_is_read_past_the_data_folder_option(argv, running):
    assert cli.command_named(argv) == running


def test_help_still_lists_every_command(capsys):
    with pytest.raises(SystemExit):
        cli.main(["-h"])
    listing = capsys.readouterr().out
    for command in ("gui", "backup", "check", "demo", "due", "export", "import", "password", "restore"):
        assert f"    {command} " in listing


def test_import_help_still_lists_its_kinds(capsys):
    with pytest.raises(SystemExit):
        cli.main(["import", "--help"])
    assert "roster" in capsys.readouterr().out
