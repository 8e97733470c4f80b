"""The annual binder (issue 15) of a branch with a year of records, against a bare baseline, in the same run.

    python bench/bench_binder.py [--sizes 30,60,150] [--rounds 3] [--json]

The branch: N generated members (bench/generate.py), a committee, a year of 组织生活 records (~80 meetings
and 12 talks, bench/bench_meetings.fill), and the 党费, 发展党员 and 民主评议 of that year from the areas' own
sample builders (their `demo` hooks, run for a day just after the year). Then, in alternating rounds:
- app: write_annual_binder with the usual sections (cover, contents, 18 sections built from the database,
  laid out twice for the page numbers, fonts embedded);
- baseline: bare reportlab drawing the same pages' text (read back from the binder with pypdf, before the
  rounds) as plain lines in the same font, one canvas page per binder page: what printing this much text
  costs at least.
Figures are CPU seconds (bench/common.py). Target (issue 15): the 60-member binder under 5 s.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

SIZES = (30, 60, 150)  # members; the year's records are about the same (~80 meetings)
QUICK_SIZES = (25,)  # bench_meetings.fill talks with 22 members
TARGET_SECONDS = 5.0  # the bound for 60 members, in seconds (not a ratio: run_all's TARGETS are
# ratios to the baseline, and drawing plain lines of text is no bound for a laid-out register; so none here)

_folders: dict[int, Path] = {}


def make_branch(folder: Path, members: int) -> Path:
    """A data folder with `members` members and a whole year of every area's records."""
    from app.kit import registry
    from app.services.common.storage import open_data_folder
    from bench import bench_meetings
    from bench.generate import make_data_dir

    make_data_dir(folder, members)
    bench_meetings.fill(folder)
    db = open_data_folder(folder)
    try:
        with db.transaction() as session:
            for area in registry.areas():
                if area.demo and area.key in ("dues", "development", "appraisal"):
                    registry.resolve(area.demo)(session, bench_meetings.TODAY)
    finally:
        db.dispose()
    return folder


def branch_folder(members: int) -> Path:
    if members not in _folders:
        from bench.common import scratch_dir

        _folders[members] = make_branch(scratch_dir().parent / f"binder{members}", members)
    return _folders[members]


def bare_text_pdf(pages: list[list[str]], path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from app.reports.engine.fonts import report_fonts

    font = report_fonts().body
    canvas = Canvas(str(path), pagesize=A4)
    for lines in pages:
        canvas.setFont(font, 9)
        y = A4[1] - 40
        for line in lines:
            canvas.drawString(40, y, line)
            y -= 11
        canvas.showPage()
    canvas.save()


def measure(size: int, rounds: int = 3) -> dict[str, dict]:
    """run_all's interface: binder_pdf_<members>."""
    from pypdf import PdfReader

    from app.reports.binder import write_annual_binder
    from app.services.common.storage import open_data_folder
    from bench import bench_meetings
    from bench.common import alternate, figure, scratch_dir

    db = open_data_folder(branch_folder(size))
    out = scratch_dir()
    try:
        with db.session() as session:
            def app() -> None:
                session.expire_all()  # every round reads the database afresh
                write_annual_binder(session, out / "binder.pdf", year=bench_meetings.YEAR,
                                    today=bench_meetings.TODAY)

            app()
            pages = [page.extract_text().splitlines() for page in PdfReader(out / "binder.pdf").pages]
            app_s, bare_s = alternate(app, lambda: bare_text_pdf(pages, out / "bare.pdf"), rounds)
    finally:
        db.dispose()
    return {f"binder_pdf_{size}": figure(app_s, bare_s, size)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES), help="members, comma-separated")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    from pypdf import PdfReader

    from bench.common import scratch_dir

    results = {}
    for size in (int(s) for s in args.sizes.split(",")):
        started = time.perf_counter()
        branch_folder(size)
        made = time.perf_counter() - started
        results.update(measure(size, args.rounds))
        if not args.json:
            f = results[f"binder_pdf_{size}"]
            pages = len(PdfReader(scratch_dir() / "binder.pdf").pages)
            verdict = f" (target < {TARGET_SECONDS:.0f} s: {'met' if f['app_s'] < TARGET_SECONDS else 'NOT met'})"
            print(f"{size:>4} 名党员, {pages} 页: binder {f['app_s']:.2f} s, bare text {f['baseline_s']:.2f} s, "
                  f"{f['ratio']:.2f}×{verdict if size == 60 else ''}  [data made in {made:.1f} s]", flush=True)
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
