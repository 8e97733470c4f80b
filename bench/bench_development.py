"""发展党员 with many people in the pipeline: what opening the page costs, and printing a register.

    python bench/bench_development.py [N] [--repeat R]

The sample branch (50 members, 12 people in development) plus N more people at every stage, each
recorded step by step through record_step (deterministic). Figures, best and median of R runs:
  page load   every person's timeline + the reminders of the next 60 days (what DevelopmentPage.refresh
              computes), beside a bare baseline in the same run: one SELECT of all dev_step rows;
  register    the 入党积极分子名册 of the year as XLSX and PDF, beside bare openpyxl writing the same rows.
The issue gives no target; a branch has 10-60 members and rarely more than 30 people in development, so
N=200 is a generous upper bound. Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from sqlalchemy import text  # noqa: E402

from app.kit.context import Context  # noqa: E402
from app.kit.idcard import make_id_number  # noqa: E402
from app.reports.development.registers import stage_register, write_activists  # noqa: E402
from app.services.common.storage import open_data_folder  # noqa: E402
from app.services.demo.sample_branch import create_demo_branch  # noqa: E402
from app.services.development import steps as S  # noqa: E402
from app.services.development.people import list_people, save_person  # noqa: E402
from app.services.development.recording import record_step  # noqa: E402
from app.services.development.reminders import development_reminders  # noqa: E402
from app.services.development.rules import load_rules  # noqa: E402
from app.services.development.sample import _details, _path  # noqa: E402
from app.services.development.timeline import timeline  # noqa: E402

TODAY = date(2026, 12, 1)
STOPS = [S.TALK, S.ACTIVIST, S.ASSESSMENT, S.CANDIDATE, S.TRAINING, S.BRANCH_ADMISSION, S.OATH, None]


def fill(db, n: int) -> int:
    rng = random.Random(11)
    steps = 0
    with db.transaction() as s:
        create_demo_branch(s, TODAY)
        from sqlalchemy import select

        from app.models import Member
        from app.services.roster import vocab

        full = [m.id for m in s.scalars(select(Member).where(Member.category == vocab.CATEGORY_FULL,
                                                             Member.roster_state == vocab.ROSTER_ACTIVE))]
        for i in range(n):
            gender = "男" if i % 2 else "女"
            number = make_id_number("410105", date(1990 + i % 10, 1 + i % 12, 1 + i % 28), 100 + 2 * (i // 120)
                                    + (1 if gender == "男" else 0) + 240 * (i % 3))
            person = save_person(s, {"name": f"测试{i:03d}", "gender": gender, "id_number": number,
                                     "job_post": "教师", "education": "大学本科"})
            applied = TODAY - timedelta(days=rng.randrange(20, 1000))
            stop = rng.choice(STOPS)
            for code, day, details in _path(applied):
                if code == stop or day > TODAY:
                    break
                record_step(s, person.id, code, day, _details(s, details, {"@secretary": "王建国", "@group": None},
                                                             rng.sample(full, 2), rng.sample(full, 2)),
                            today=TODAY)
                steps += 1
    return steps


def timed(fn, repeat: int) -> tuple[float, float]:
    fn()  # warm-up
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return min(runs), statistics.median(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        db = open_data_folder(folder)
        start = time.perf_counter()
        steps = fill(db, args.n)
        print(f"生成：{args.n} 人、{steps} 个步骤（另有示例支部的 12 人），用时 {time.perf_counter() - start:.1f} s")

        def page_load():
            with db.session() as s:  # as DevelopmentPage.refresh: the rules read once
                rules = load_rules(s)
                for person in list_people(s):
                    timeline(s, person, TODAY, rules)
                development_reminders(Context(s, TODAY, days=60))

        def bare_select():
            with db.session() as s:
                s.execute(text("SELECT * FROM dev_step")).all()

        with db.session() as s:
            people = len(list_people(s))
        for label, fn in (("page load (timelines + reminders)", page_load), ("baseline: SELECT dev_step", bare_select)):
            best, median = timed(fn, args.repeat)
            print(f"{label:38s} {people:4d} 人  best {best * 1000:7.1f} ms  median {median * 1000:7.1f} ms")

        with db.session() as s:
            register = stage_register(s, S.PHASE_ACTIVIST, year=2025, today=TODAY)
        rows = [list(r) for r in register.rows]
        for fmt in ("xlsx", "pdf"):
            def write(fmt=fmt):
                with db.session() as s:
                    write_activists(s, Path(tmp) / f"a.{fmt}", fmt, year=2025, today=TODAY)
            best, median = timed(write, args.repeat)
            print(f"{'register 积极分子名册 ' + fmt:38s} {len(rows):4d} 行  best {best * 1000:7.1f} ms  "
                  f"median {median * 1000:7.1f} ms")

        def bare_xlsx():
            import openpyxl

            book = openpyxl.Workbook()
            sheet = book.active
            for row in rows:
                sheet.append(row)
            book.save(Path(tmp) / "bare.xlsx")

        best, median = timed(bare_xlsx, args.repeat)
        print(f"{'baseline: bare openpyxl, same rows':38s} {len(rows):4d} 行  best {best * 1000:7.1f} ms  "
              f"median {median * 1000:7.1f} ms")
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


# -- run_all's interface (bench/common.py): size is the people in development besides the sample's 12
SIZES = (25, 100, 400)
QUICK_SIZES = (5,)


def measure(size: int, rounds: int = 5) -> dict[str, dict]:
    """CPU seconds, alternating rounds, each against its named bare baseline:
    development_page            every timeline + the next 60 days' reminders  vs  a bare SELECT of every
                                dev_step row;
    development_register_xlsx   the 入党积极分子名册 as XLSX                  vs  bare openpyxl, same cells;
    development_register_pdf    the same as PDF                                vs  a bare reportlab Table of
                                the same cells and font (bench_documents.bare_reportlab)."""
    from bench.bench_documents import bare_openpyxl, bare_reportlab
    from bench.common import alternate, figure, scratch_dir, table_cells

    root = Path(tempfile.mkdtemp(prefix=f"development{size}_", dir=scratch_dir()))
    db = open_data_folder(root / "data")
    try:
        fill(db, size)
        with db.session() as s:
            def page_load() -> None:
                rules = load_rules(s)
                for person in list_people(s):
                    timeline(s, person, TODAY, rules)
                development_reminders(Context(s, TODAY, days=60))

            def bare_select() -> None:
                s.execute(text("SELECT * FROM dev_step")).all()

            labels, rows = table_cells(stage_register(s, S.PHASE_ACTIVIST, year=2025, today=TODAY))
            out = {f"development_page_{size}": figure(*alternate(page_load, bare_select, rounds), size)}
            for fmt, bare in (("xlsx", lambda: bare_openpyxl([(labels, rows)], root / "bare.xlsx")),
                              ("pdf", lambda: bare_reportlab(rows, labels, root / "bare.pdf"))):
                def write(fmt=fmt) -> None:
                    write_activists(s, root / f"a.{fmt}", fmt, year=2025, today=TODAY)

                out[f"development_register_{fmt}_{size}"] = figure(*alternate(write, bare, rounds), size)
        return out
    finally:
        db.dispose()
