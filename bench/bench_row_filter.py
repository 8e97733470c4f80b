"""The search filter alone, per keystroke over 5,000 members: the roster's proxy, the shared RowFilterProxy
searching chosen columns, and a bare QSortFilterProxyModel on the name column (what the shared proxy
replaces), in CPU milliseconds (no view, so the machine's load and painting do not blur the figures).

    QT_QPA_PLATFORM=offscreen python bench/bench_row_filter.py [N] [--data-dir DIR]

Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSortFilterProxyModel  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.services.common.storage import open_data_folder  # noqa: E402
from bench.generate import make_data_dir  # noqa: E402

TYPED = ["z", "zh", "zha", "zhan", "zhang", "zhan", "zha", "zh", "z", "",
         "320", "320102", "3201021990", "", "w", "wx", "wxh", ""]


def _time(proxy, apply) -> list[float]:
    times = []
    for text in TYPED * 3:
        started = time.process_time()
        apply(proxy, text)
        proxy.rowCount()
        times.append((time.process_time() - started) * 1000)
    return times


def run(n: int, data_dir: Path | None) -> int:
    QApplication.instance() or QApplication(sys.argv[:1])
    from app.ui.roster.roster_filter_proxy import RosterFilterProxy
    from app.ui.roster.roster_table_model import COLUMN_INDEX, RosterTableModel
    from app.ui.widgets.row_filter_proxy import RowFilterProxy

    with tempfile.TemporaryDirectory() as scratch:
        folder = data_dir or make_data_dir(Path(scratch) / "data", n)
        db = open_data_folder(folder)
        model = RosterTableModel()
        with db.session() as session:
            model.load(session)

        def roster():
            proxy = RosterFilterProxy()
            proxy.setSourceModel(model)
            return proxy, lambda p, text: p.set_search_text(text)

        def shared():
            proxy = RowFilterProxy(search_columns=["name", "id_number", "mobile_phone", "landline"])
            proxy.setSourceModel(model)
            return proxy, lambda p, text: p.set_search_text(text)

        def bare():
            proxy = QSortFilterProxyModel()
            proxy.setSourceModel(model)
            proxy.setFilterKeyColumn(COLUMN_INDEX["name"])
            return proxy, lambda p, text: p.setFilterFixedString(text)

        print(f"search filter over {model.rowCount()} members, {len(TYPED) * 3} keystrokes, CPU ms per keystroke:")
        for name, make in (("RosterFilterProxy (precomputed search keys)", roster),
                           ("RowFilterProxy(search_columns=4 columns)", shared),
                           ("bare QSortFilterProxyModel, name column", bare)):
            proxy, apply = make()
            times = _time(proxy, apply)
            print(f"  {name:45s} median {statistics.median(times):6.2f}  max {max(times):6.2f}")
        db.dispose()
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=5000)
    parser.add_argument("--data-dir", type=Path, help="use an existing data folder instead of generating one")
    args = parser.parse_args(argv)
    return run(args.n, args.data_dir)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
