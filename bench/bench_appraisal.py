"""民主评议 for a large branch: entering the tally, typing ballots, and writing the documents, each next to a
bare baseline measured in the same run.

    python bench/bench_appraisal.py [N] [--ballots B] [--repeat R]

N members (default 200, a large school branch; the sample has 45) take part, all graded. Figures:
  grid      save_tally for all N rows in one transaction   vs  a bare executemany UPDATE of the same counts
  ballot    record_ballot of one ballot (N marks + recount) vs  a bare executemany INSERT of N marks
            (median over B ballots; the recount grows with the ballots already typed)
  统计表     write_results XLSX and PDF                    vs  openpyxl writing the same N x 11 cells
  登记表     write_member_forms PDF, one page per member    (per page)
Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
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

from app.config import database_path  # noqa: E402
from app.reports.appraisal.member_form import write_member_forms  # noqa: E402
from app.reports.appraisal.results_sheet import write_results  # noqa: E402
from app.reports.engine.fonts import report_fonts  # noqa: E402
from app.services.appraisal import vocab  # noqa: E402
from app.services.appraisal.queries import require_round  # noqa: E402
from app.services.appraisal.rounds import create_round  # noqa: E402
from app.services.appraisal.rules import Tally  # noqa: E402
from app.services.appraisal.tally import TallyRow, record_ballot, save_tally  # noqa: E402
from app.services.common.storage import open_data_folder  # noqa: E402
from bench.generate import make_data_dir  # noqa: E402

YEAR = 2026


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=200)
    parser.add_argument("--ballots", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as tmp:
        folder = make_data_dir(Path(tmp) / "data", args.n)
        db = open_data_folder(folder)
        with db.transaction() as s:
            rnd = create_round(s, YEAR, date(YEAR, 12, 18), grade_probationary=True)
            ids = [p.member_id for p in rnd.participants]
        n = len(ids)
        returned = n - 3

        def tallies() -> list[TallyRow]:
            out = []
            for mid in ids:
                e = rng.randint(0, returned // 2)
                out.append(TallyRow(mid, Tally(e, returned - e - 1, 1, 0, returned)))
            return out

        def grid() -> None:
            with db.transaction() as s:
                save_tally(s, require_round(s, YEAR), tallies())

        grid_times = [timed(grid) for _ in range(args.repeat)]
        con = sqlite3.connect(database_path(folder))
        con.execute("CREATE TEMP TABLE bare (id INTEGER, a INT, b INT, c INT, d INT, r INT)")
        con.executemany("INSERT INTO bare VALUES (?,?,?,?,?,?)", [(i, 0, 0, 0, 0, 0) for i in ids])

        def bare_grid() -> None:
            con.executemany("UPDATE bare SET a=?, b=?, c=?, d=?, r=? WHERE id=?",
                            [(t.tally.excellent, t.tally.qualified, t.tally.basic, t.tally.unqualified,
                              t.tally.returned, t.member_id) for t in tallies()])
            con.commit()

        bare_grid_times = [timed(bare_grid) for _ in range(args.repeat)]

        # ballots replace the grid: start from a fresh round of the next year
        with db.transaction() as s:
            create_round(s, YEAR + 1, date(YEAR + 1, 12, 18), grade_probationary=True)

        def ballot() -> None:
            with db.transaction() as s:
                record_ballot(s, require_round(s, YEAR + 1),
                              {mid: rng.choice(vocab.GRADE_CODES) for mid in ids})

        ballot_times = [timed(ballot) for _ in range(args.ballots)]
        con.execute("CREATE TEMP TABLE bare_marks (ballot INT, participant INT, grade TEXT)")

        def bare_ballot(k: int) -> None:
            con.executemany("INSERT INTO bare_marks VALUES (?,?,?)",
                            [(k, mid, rng.choice(vocab.GRADE_CODES)) for mid in ids])
            con.commit()

        bare_ballot_times = [timed(lambda k=k: bare_ballot(k)) for k in range(args.ballots)]
        con.close()

        report_fonts()
        out = Path(tmp)
        with db.session() as s:
            write_results(s, out / "warm.pdf", "pdf", year=YEAR)
            xlsx = [timed(lambda: write_results(s, out / "r.xlsx", "xlsx", year=YEAR)) for _ in range(args.repeat)]
            pdf = [timed(lambda: write_results(s, out / "r.pdf", "pdf", year=YEAR)) for _ in range(args.repeat)]
            forms = timed(lambda: write_member_forms(s, out / "f.pdf", "pdf", year=YEAR))

        from openpyxl import Workbook

        def bare_xlsx() -> None:
            wb = Workbook()
            ws = wb.active
            for i in range(n):
                ws.append([i + 1, f"党员{i}", "正式党员", 10, 20, 1, 0, 31, "合格", "合格", ""])
            wb.save(out / "bare.xlsx")

        bare = [timed(bare_xlsx) for _ in range(args.repeat)]
        db.dispose()

    def ms(values: list[float]) -> str:
        return f"{min(values) * 1000:8.1f} ms (median {statistics.median(values) * 1000:.1f})"

    print(f"民主评议 bench: {n} members, all graded; {args.ballots} ballots; best of {args.repeat}")
    print(f"  grid save_tally         {ms(grid_times)}   bare UPDATE     {ms(bare_grid_times)}")
    print(f"  one ballot (first)      {ballot_times[0] * 1000:8.1f} ms   last {ballot_times[-1] * 1000:.1f} ms")
    print(f"  one ballot              {ms(ballot_times)}   bare INSERT     {ms(bare_ballot_times)}")
    print(f"  统计表 XLSX              {ms(xlsx)}   bare openpyxl   {ms(bare)}")
    print(f"  统计表 PDF               {ms(pdf)}")
    print(f"  登记表 PDF, {n} pages     {forms * 1000:8.1f} ms ({forms * 1000 / n:.1f} ms a page)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


# -- run_all's interface (bench/common.py): size is the branch's members, all graded
SIZES = (50, 200, 800)
QUICK_SIZES = (20,)


def measure(size: int, rounds: int = 5) -> dict[str, dict]:
    """CPU seconds, alternating rounds, each against its named bare baseline:
    appraisal_tally        save_tally of every row, one transaction  vs  a bare sqlite3 executemany UPDATE
                           of the same counts;
    appraisal_ballot       record_ballot of one ballot (a mark per member and the recount)  vs  a bare
                           sqlite3 executemany INSERT of as many marks;
    appraisal_results_xlsx / _pdf  the 结果统计表  vs  bare openpyxl / a bare reportlab Table of the same
                           cells and font (bench_documents' baselines)."""
    from app.reports.appraisal.results_sheet import results_register
    from bench.bench_documents import bare_openpyxl, bare_reportlab
    from bench.common import alternate, figure, scratch_dir, table_cells

    rng = random.Random(5)
    root = Path(tempfile.mkdtemp(prefix=f"appraisal{size}_", dir=scratch_dir()))
    folder = make_data_dir(root / "data", size)
    db = open_data_folder(folder)
    con = sqlite3.connect(database_path(folder))
    try:
        with db.transaction() as s:
            rnd = create_round(s, YEAR, date(YEAR, 12, 18), grade_probationary=True)
            ids = [p.member_id for p in rnd.participants]
            create_round(s, YEAR + 1, date(YEAR + 1, 12, 18), grade_probationary=True)  # for the ballots
        returned = len(ids) - 3

        def tallies() -> list[TallyRow]:
            rows = []
            for mid in ids:
                e = rng.randint(0, returned // 2)
                rows.append(TallyRow(mid, Tally(e, returned - e - 1, 1, 0, returned)))
            return rows

        def grid() -> None:
            with db.transaction() as s:
                save_tally(s, require_round(s, YEAR), tallies())

        con.execute("CREATE TEMP TABLE bare (id INTEGER, a INT, b INT, c INT, d INT, r INT)")
        con.executemany("INSERT INTO bare VALUES (?,?,?,?,?,?)", [(i, 0, 0, 0, 0, 0) for i in ids])
        con.execute("CREATE TEMP TABLE bare_marks (ballot INT, participant INT, grade TEXT)")
        con.commit()

        def bare_grid() -> None:
            con.executemany("UPDATE bare SET a=?, b=?, c=?, d=?, r=? WHERE id=?",
                            [(t.tally.excellent, t.tally.qualified, t.tally.basic, t.tally.unqualified,
                              t.tally.returned, t.member_id) for t in tallies()])
            con.commit()

        def ballot() -> None:
            with db.transaction() as s:
                record_ballot(s, require_round(s, YEAR + 1), {mid: rng.choice(vocab.GRADE_CODES) for mid in ids})

        def bare_ballot() -> None:
            con.executemany("INSERT INTO bare_marks VALUES (?,?,?)",
                            [(0, mid, rng.choice(vocab.GRADE_CODES)) for mid in ids])
            con.commit()

        out = {f"appraisal_tally_{size}": figure(*alternate(grid, bare_grid, rounds), size),
               f"appraisal_ballot_{size}": figure(*alternate(ballot, bare_ballot, rounds), size)}
        report_fonts()
        with db.session() as s:
            labels, rows = table_cells(results_register(s, year=YEAR))
            for fmt, bare in (("xlsx", lambda: bare_openpyxl([(labels, rows)], root / "bare.xlsx")),
                              ("pdf", lambda: bare_reportlab(rows, labels, root / "bare.pdf"))):
                def write(fmt=fmt) -> None:
                    write_results(s, root / f"r.{fmt}", fmt, year=YEAR)

                out[f"appraisal_results_{fmt}_{size}"] = figure(*alternate(write, bare, rounds), size)
        return out
    finally:
        con.close()
        db.dispose()
