"""Issue 7 §1: `branch-ledger check` compares the live database's structure with what the migrations make."""

from __future__ import annotations

import sqlite3

from app.cli import main


def test_check_reports_a_hostile_trigger_in_the_live_database(db, data_dir, capsys):
    db.dispose()
    assert main(["check", "--data-dir", str(data_dir)]) == 0
    capsys.readouterr()
    with sqlite3.connect(data_dir / "ledger.sqlite3") as con:
        con.execute("CREATE TRIGGER wipe AFTER UPDATE ON member BEGIN DELETE FROM member; END")
    con.close()

    assert main(["check", "--data-dir", str(data_dir)]) == 1
    out = capsys.readouterr().out
    assert "问题：数据库结构异常：多出了触发器“wipe”" in out
    assert "发现 1 个问题" in out
