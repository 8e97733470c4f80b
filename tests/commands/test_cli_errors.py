"""app.cli.main: a UserError from any command is printed once, in Chinese, on stderr, with exit status 2."""

from __future__ import annotations

from app.kit.errors import UserError


def test_the_command_line_prints_a_user_error_once_and_exits_2(monkeypatch, capsys, data_dir):
    import app.commands.password as password_command
    from app.cli import main

    def run(_args):
        raise UserError("“截止日期”填写有误：无法识别的日期“明天”，请按 2024-03-01 的格式输入。", "date")

    monkeypatch.setattr(password_command, "run", run)
    assert main(["password"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == "错误：“截止日期”填写有误：无法识别的日期“明天”，请按 2024-03-01 的格式输入。\n"

