"""党费 for 200 members: the year's grid, marking a month paid in one transaction, a 200-row salary sheet.

    QT_QPA_PLATFORM=offscreen python bench/bench_dues.py [N] [--repeat R]

Targets (issue 10): the year's grid opens under 300 ms (the service's GridRows and the Qt model answering
every cell a view paints); marking a month paid for everyone is one transaction under 200 ms; a 200-row
salary sheet maps and previews under 1 s. Each figure is printed next to a bare baseline measured in the
same run on the same data (raw SQL or raw openpyxl doing the least the feature must do), so a slow machine
shows as slow baselines too. Best and median of R runs. Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.models import Member  # noqa: E402
from app.services.common.branch import save_profile  # noqa: E402
from app.services.common.storage import open_data_folder  # noqa: E402
from app.services.demo.sample_branch import generate_members  # noqa: E402
from app.services.dues import vocab  # noqa: E402
from app.services.dues.bases import set_base  # noqa: E402
from app.services.dues.collection import mark_month_paid, year_grid  # noqa: E402
from app.services.dues.salary_import import load_for_import, preview_import  # noqa: E402
from app.services.dues.sample_salary import write_salary_sheet  # noqa: E402

TODAY = date(2026, 12, 15)
TARGETS = {"grid": 0.300, "mark": 0.200, "salary": 1.0}


def _timed(fn, repeat: int) -> tuple[float, float]:
    times = []
    for i in range(repeat):
        started = time.perf_counter()
        fn(i)
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times)


def _line(label: str, figure: tuple[float, float], bare: tuple[float, float], target: float) -> str:
    verdict = "OK" if figure[1] < target else "SLOW"
    return (f"{label:34} best {figure[0] * 1000:7.1f} ms, median {figure[1] * 1000:7.1f} ms "
            f"| bare baseline median {bare[1] * 1000:6.1f} ms | target < {target * 1000:.0f} ms {verdict}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    repeat = min(args.repeat, 6)  # the marking runs use one unopened month each (July to December)

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from app.ui.dues.grid_model import DuesGridTableModel

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        db = open_data_folder(Path(tmp) / "data")
        started = time.perf_counter()
        with db.transaction() as s:
            save_profile(s, full_name="中共示例市实验小学支部委员会", short_name="实验小学支部",
                         parent_org="中共示例市教育工作委员会", founded_date=date(1984, 7, 1), group_names=["第一党小组"])
            ids = generate_members(s, args.n, today=TODAY)
            for i, mid in enumerate(ids):
                set_base(s, mid, "2026-01", vocab.EMPLOYED, f"{2800 + 37 * i % 8000}.00")
        for month in range(1, 7):  # January to June collected, as by mid-year
            with db.transaction() as s:
                mark_month_paid(s, f"2026-{month:02d}", date(2026, month, 8), today=TODAY)
        with db.session() as s:
            names = [m.name for m in s.query(Member).order_by(Member.id)]
        sheet = Path(tmp) / "工资表.xlsx"
        write_salary_sheet(sheet, names, year=2026, departments=8, non_members=["外聘甲", "外聘乙"])
        print(f"set up {args.n} members, 6 months collected, a {len(names) + 2}-row salary sheet "
              f"in {time.perf_counter() - started:.1f} s")

        # -- the year's grid
        model = DuesGridTableModel()

        def grid(_i: int) -> None:
            with db.session() as s:
                rows = year_grid(s, 2026)
            model.set_rows(rows, "2026-11")
            for r in range(model.rowCount()):
                for c in range(model.columnCount()):
                    index = model.index(r, c)
                    model.data(index, Qt.ItemDataRole.DisplayRole)
                    model.data(index, Qt.ItemDataRole.BackgroundRole)

        def bare_grid(_i: int) -> None:
            with sqlite3.connect(db.path) as conn:
                conn.execute("SELECT id, name FROM member ORDER BY id").fetchall()
                conn.execute("SELECT * FROM dues_base").fetchall()
                conn.execute("SELECT * FROM dues_month WHERE month BETWEEN '2026-01' AND '2026-12'").fetchall()

        grid(0)
        bare_grid(0)
        print(_line(f"year grid, {len(model.rows)} members × 12", _timed(grid, args.repeat),
                    _timed(bare_grid, args.repeat), TARGETS["grid"]))

        # -- one action: a month paid for everyone, one transaction
        marked = []

        def mark(i: int) -> None:
            with db.transaction() as s:
                marked.append(mark_month_paid(s, f"2026-{7 + i:02d}", TODAY, today=TODAY).marked)

        def bare_mark(i: int) -> None:
            with sqlite3.connect(db.path) as conn:
                conn.execute("CREATE TABLE IF NOT EXISTS bare_month AS SELECT * FROM dues_month WHERE 0")
                rows = [(mid, f"2030-{1 + i:02d}") for mid in ids]
                conn.executemany("INSERT INTO bare_month (member_id, month, due_fen, basis, category, base_fen, rate,"
                                 " rule_from, state, paid_fen, pay_kind, payer, reason, opened_at) VALUES (?, ?, 1500,"
                                 " 'rate', 'employed', 300000, '0.5', '2008-04', 'due', 0, '', '', '', '2026-12-15')",
                                 rows)
                conn.execute("UPDATE bare_month SET state='paid', paid_fen=due_fen, paid_date='2026-12-15' "
                             "WHERE month=?", (f"2030-{1 + i:02d}",))

        figure = _timed(mark, repeat)
        print(_line(f"mark a month paid ({marked[-1]} members)", figure, _timed(bare_mark, repeat), TARGETS["mark"]))

        # -- salary sheet: read, map, preview
        previews = []

        def salary(_i: int) -> None:
            with db.session() as s:
                loaded, mapping = load_for_import(s, sheet)
                previews.append(preview_import(s, loaded, mapping, "2027-01"))

        def bare_salary(_i: int) -> None:
            from openpyxl import load_workbook

            wb = load_workbook(sheet, read_only=True, data_only=True)
            for _row in wb.worksheets[0].iter_rows(values_only=True):
                pass
            wb.close()

        figure = _timed(salary, args.repeat)
        p = previews[-1]
        print(_line(f"salary sheet map + preview ({len(p.rows)} rows)", figure, _timed(bare_salary, args.repeat),
                    TARGETS["salary"]))
        print(f"  preview: {p.summary()}")
        db.dispose()
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


# -- run_all's interface (bench/common.py): size is the branch's members, six months collected
SIZES = (50, 200, 800)
QUICK_SIZES = (20,)


def _set_up(folder: Path, n: int) -> tuple:
    """A branch of n members with bases, January to June collected, and a salary sheet of them all."""
    db = open_data_folder(folder)
    with db.transaction() as s:
        save_profile(s, full_name="中共示例市实验小学支部委员会", short_name="实验小学支部",
                     parent_org="中共示例市教育工作委员会", founded_date=date(1984, 7, 1), group_names=["第一党小组"])
        ids = generate_members(s, n, today=TODAY)
        for i, mid in enumerate(ids):
            set_base(s, mid, "2026-01", vocab.EMPLOYED, f"{2800 + 37 * i % 8000}.00")
    for month in range(1, 7):
        with db.transaction() as s:
            mark_month_paid(s, f"2026-{month:02d}", date(2026, month, 8), today=TODAY)
    with db.session() as s:
        names = [m.name for m in s.query(Member).order_by(Member.id)]
    sheet = folder / "工资表.xlsx"
    write_salary_sheet(sheet, names, year=2026, departments=8, non_members=["外聘甲", "外聘乙"])
    return db, ids, sheet


def measure(size: int, rounds: int = 5) -> dict[str, dict]:
    """CPU seconds, alternating rounds, each against its named bare baseline:
    dues_grid    year_grid and the Qt model answering every cell  vs  bare sqlite3 SELECTs of the members,
                 bases and the year's months;
    dues_mark    a month paid for everyone, one transaction       vs  bare sqlite3 INSERT + UPDATE of as
                 many rows (each app run marks one unopened month, July to December: at most 5 rounds);
    dues_salary  the salary sheet read, mapped and previewed      vs  bare openpyxl reading the sheet."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from app.ui.dues.grid_model import DuesGridTableModel
    from bench.common import alternate, figure, scratch_dir

    QApplication.instance() or QApplication([])
    rounds = min(rounds, 5)  # + the warm-up: the six months July to December
    db, ids, sheet = _set_up(Path(tempfile.mkdtemp(prefix=f"dues{size}_", dir=scratch_dir())) / "data", size)
    try:
        model = DuesGridTableModel()

        def grid() -> None:
            with db.session() as s:
                rows = year_grid(s, 2026)
            model.set_rows(rows, "2026-11")
            for r in range(model.rowCount()):
                for c in range(model.columnCount()):
                    index = model.index(r, c)
                    model.data(index, Qt.ItemDataRole.DisplayRole)
                    model.data(index, Qt.ItemDataRole.BackgroundRole)

        def bare_grid() -> None:
            with sqlite3.connect(db.path) as conn:
                conn.execute("SELECT id, name FROM member ORDER BY id").fetchall()
                conn.execute("SELECT * FROM dues_base").fetchall()
                conn.execute("SELECT * FROM dues_month WHERE month BETWEEN '2026-01' AND '2026-12'").fetchall()

        months = iter(range(7, 13))

        def mark() -> None:
            with db.transaction() as s:
                mark_month_paid(s, f"2026-{next(months):02d}", TODAY, today=TODAY)

        bare_months = iter(range(1, 13))

        def bare_mark() -> None:
            month = f"2030-{next(bare_months):02d}"
            with sqlite3.connect(db.path) as conn:
                conn.execute("CREATE TABLE IF NOT EXISTS bare_month AS SELECT * FROM dues_month WHERE 0")
                conn.executemany("INSERT INTO bare_month (member_id, month, due_fen, basis, category, base_fen, rate,"
                                 " rule_from, state, paid_fen, pay_kind, payer, reason, opened_at) VALUES (?, ?, 1500,"
                                 " 'rate', 'employed', 300000, '0.5', '2008-04', 'due', 0, '', '', '', '2026-12-15')",
                                 [(mid, month) for mid in ids])
                conn.execute("UPDATE bare_month SET state='paid', paid_fen=due_fen, paid_date='2026-12-15' "
                             "WHERE month=?", (month,))

        def salary() -> None:
            with db.session() as s:
                loaded, mapping = load_for_import(s, sheet)
                preview_import(s, loaded, mapping, "2027-01")

        def bare_salary() -> None:
            from openpyxl import load_workbook

            wb = load_workbook(sheet, read_only=True, data_only=True)
            for _row in wb.worksheets[0].iter_rows(values_only=True):
                pass
            wb.close()

        return {f"dues_grid_{size}": figure(*alternate(grid, bare_grid, rounds), size),
                f"dues_mark_{size}": figure(*alternate(mark, bare_mark, rounds), size),
                f"dues_salary_{size}": figure(*alternate(salary, bare_salary, rounds), size)}
    finally:
        db.dispose()
