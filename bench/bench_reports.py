"""The printed 花名册 for 1,000 members: time to write the PDF and the XLSX.

    python bench/bench_reports.py [N] [--data-dir DIR] [--repeat R]

Targets (issue 2 §5): PDF under 2 s, XLSX under 1 s for 1,000 members on the 2-core machine. Each figure
is the whole of write_roster (query, rows, layout, file), best and median of R runs, after one warm-up
run that also registers the fonts. Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from app.reports.engine.fonts import report_fonts  # noqa: E402
from app.reports.roster.roster_report import write_roster  # noqa: E402
from app.services.common.storage import open_data_folder  # noqa: E402
from bench.generate import make_data_dir  # noqa: E402

TARGETS = {"pdf": 2.0, "xlsx": 1.0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=1000)
    parser.add_argument("--data-dir", help="an existing data folder to use instead of generating one")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        if args.data_dir:
            folder = Path(args.data_dir)
        else:
            started = time.perf_counter()
            folder = make_data_dir(Path(tmp) / "data", args.n)
            print(f"generated {args.n} members in {time.perf_counter() - started:.1f} s")
        fonts = report_fonts()
        print(f"fonts: body {fonts.body}, heading {fonts.heading}, latin {fonts.latin}")
        db = open_data_folder(folder)
        try:
            for fmt in ("pdf", "xlsx"):
                target = Path(tmp) / f"roster.{fmt}"
                times = []
                with db.session() as session:
                    result = write_roster(session, target, fmt)  # warm-up
                    for _ in range(args.repeat):
                        started = time.perf_counter()
                        result = write_roster(session, target, fmt)
                        times.append(time.perf_counter() - started)
                best, median = min(times), statistics.median(times)
                verdict = "OK" if median < TARGETS[fmt] else "SLOW"
                pages = f", {result.pages} pages" if result.pages else ""
                size = target.stat().st_size / 1024
                print(f"{fmt.upper():4} {result.rows} members{pages}, {size:.0f} KiB: best {best:.2f} s, "
                      f"median {median:.2f} s (target < {TARGETS[fmt]:.0f} s) {verdict}")
        finally:
            db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
