"""Importing an old 花名册: find, parse, validate and preview; then the one-transaction write.

    python bench/bench_import.py [--sizes 1000,3000,10000] [--runs 3]

Each size is a generated .xlsx roster (title rows, mixed date formats, 5 % bad rows). The bare baselines,
measured in the same run: for the preview, python-calamine reading the workbook into Python rows (the floor
any importer built on it pays); for the write, plain sqlite3 inserting the same accepted rows into a table of
the member's columns in one transaction (the floor of storing them at all, with no rules, history or audit
trail). Targets (issue 13): 1,000 rows previewed under 2 s and written in one transaction under 1 s; the cost
grows linearly to 10,000. Prints the figures; asserts nothing.

The write of 1,000 rows measured before and after the speed work (same machine, alternating runs of both
versions, process CPU seconds, median of 3): 1.45 s at commit 5a74813 (an ORM round trip
per member for validation and for its empty history, audit entries worked out field by field and bound
through SQLAlchemy), 0.60 s after it. `WRITE_BEFORE_S` keeps that earlier figure to print beside the new one.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from app.kit.idcard import make_id_number  # noqa: E402
from app.services.common.branch import save_profile  # noqa: E402
from app.services.common.storage import open_data_folder  # noqa: E402
from app.services.demo.sample_branch import DEMO_PROFILE  # noqa: E402
from app.services.importer.apply import apply_import  # noqa: E402
from app.services.importer.session import prepare_import  # noqa: E402

DATES = ["2005-07-01", "2005.7.1", "2005年7月1日", "20050701", date(2005, 7, 1)]


def make_file(path: Path, n: int) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["中共示例市第一中学支部委员会党员花名册"])
    sheet.append(["填报单位：第一中学党支部"])
    sheet.append(["序号", "姓 名", "性别", "民族", "身份证号码", "文化程度", "党员类别", "入党时间", "转正时间", "联系电话"])
    for i in range(n):
        number = make_id_number("320102", date(1960 + i % 25, 1 + i % 12, 1 + i % 27), 10 + (i % 400) * 2 + 1)
        if i % 20 == 0:
            number = number[:-1] + ("X" if number[-1] != "X" else "0")
        sheet.append([i + 1, f"党员{i:05d}", "男", "汉", number, "本科", "正式党员", DATES[i % 5], "2006-07-01",
                      f"138{i:08d}"])
    sheet.append(["合计", f"{n}人"])
    book.save(path)
    return path


def fresh_folder(root: Path, name: str):
    db = open_data_folder(root / name)
    with db.transaction() as s:
        save_profile(s, **DEMO_PROFILE)
    return db


def bare_read(path: Path) -> None:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python(skip_empty_area=False)


SIZES = (1000, 3000, 10000)
QUICK_SIZES = (30,)
WRITE_BEFORE_S = {1000: 1.45}  # CPU seconds of the 1,000-row write at commit 5a74813, before the speed work

_MEMBER_COLUMNS = ("name", "gender", "ethnicity", "id_number", "birth_date", "education", "category", "joined_date",
                   "full_member_date", "mobile_phone")


def bare_write(path: Path, preview) -> None:
    """The floor of the write: the accepted rows' values into one plain table, one sqlite3 transaction,
    rolled back like the measured write so that every round starts from the same file."""
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        connection.execute(f"CREATE TABLE IF NOT EXISTS member ({', '.join(_MEMBER_COLUMNS)})")
        connection.commit()
        rows = [tuple(str(r.values.get(c, "")) for c in _MEMBER_COLUMNS) for r in preview.accepted]
        connection.executemany(f"INSERT INTO member VALUES ({', '.join('?' for _ in _MEMBER_COLUMNS)})", rows)
        connection.rollback()
    finally:
        connection.close()


def rolled_back_write(db, preview) -> None:
    """The one-transaction write of every accepted row (members, their 导入 history, the audit trail and
    the batch), rolled back instead of committed: each round writes into the same, still empty, roster."""
    with db.session() as s:
        apply_import(s, preview)
        s.rollback()


def measure(size: int, rounds: int = 5) -> dict[str, dict]:
    """run_all's interface: the preview of a generated roster file of `size` rows (find the table, match,
    parse, validate) against python-calamine reading the same workbook, alternating; CPU seconds."""
    from bench.common import alternate, figure, scratch_dir

    root = scratch_dir()
    path = make_file(root / f"import_{size}.xlsx", size)
    db = fresh_folder(root, f"import_db_{size}")
    try:
        with db.session() as s:
            app_s, bare_s = alternate(lambda: prepare_import(s, "roster", path), lambda: bare_read(path), rounds)
            preview = prepare_import(s, "roster", path)
        write_s, floor_s = alternate(lambda: rolled_back_write(db, preview),
                                     lambda: bare_write(root / f"bare_{size}.sqlite", preview), rounds)
    finally:
        db.dispose()
    return {f"import_preview_{size}": figure(app_s, bare_s, size),
            f"import_write_{size}": figure(write_s, floor_s, size)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,3000,10000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench_import_"))
    print(f"{'rows':>6} {'bare read':>10} {'preview':>9} {'ratio':>6} {'write':>8} {'per 1k rows (preview+write)':>28}")
    for n in (int(s) for s in args.sizes.split(",")):
        path = make_file(root / f"roster_{n}.xlsx", n)
        bare, previews, writes, write_cpu = [], [], [], []
        for run in range(args.runs):  # alternate: baseline, then the app, on the same file
            start = time.perf_counter()
            bare_read(path)
            bare.append(time.perf_counter() - start)
            db = fresh_folder(root, f"d{n}_{run}")
            start = time.perf_counter()
            with db.session() as s:
                preview = prepare_import(s, "roster", path)
            previews.append(time.perf_counter() - start)
            start, cpu_start = time.perf_counter(), time.process_time()
            with db.transaction() as s:
                apply_import(s, preview)
            writes.append(time.perf_counter() - start)
            write_cpu.append(time.process_time() - cpu_start)
            db.dispose()
        b, p, w, wc = (statistics.median(x) for x in (bare, previews, writes, write_cpu))
        print(f"{n:>6} {b * 1000:>8.0f}ms {p * 1000:>7.0f}ms {p / b:>5.1f}x {w * 1000:>6.0f}ms "
              f"{(p + w) / n * 1000 * 1000:>24.0f}ms   (write: {wc * 1000:.0f} ms CPU, the rest waits for the "
              f"disk and the other processes)")
    print("targets: 1,000 rows previewed < 2000 ms, written < 1000 ms; per-1k cost flat as the size grows")
    print("CPU seconds of the write (rolled back), against plain sqlite3 storing the same rows:")
    for n in (int(s) for s in args.sizes.split(",")):
        found = measure(n, args.runs)[f"import_write_{n}"]
        before = f"; before the speed work {WRITE_BEFORE_S[n]:.2f} s" if n in WRITE_BEFORE_S else ""
        print(f"{n:>6} rows: write {found['app_s']:.2f} s, bare sqlite3 {found['baseline_s']:.3f} s{before}")


if __name__ == "__main__":
    main()
