"""Start-up of the whole process, against a bare PySide6 window started the same way (issue 14).

Each run is a fresh process (`python -c ...`) on the offscreen platform. The child reports, from event
filters, the moment its main window gets its first paint event ("frame") and the moment the roster's table
paints with member rows in it ("rows"); the bare child reports its QMainWindow's first paint. Each report
carries the child's CPU time since it started (interpreter start-up included), which is what the ratios use:
on a shared 2-core machine wall time mostly measures the other processes. Wall time, as the parent sees the
report arrive, is printed alongside. Bare and app children alternate.

Both children run with bytecode cached, as an installed copy does (see child_environment).

Targets: first paint ≤ 2× the bare window, the roster's rows painted ≤ 3×, with 1,000 members. The data
folder's window is set to open on the roster (show_roster_at_start), as a user who left it there finds it.

    python bench/bench_startup.py [--sizes 250,1000,4000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import data_folder, figure  # noqa: E402

SIZES = (250, 1000, 4000)
QUICK_SIZES = (30,)
TARGETS = {"startup_first_paint": 2.0, "startup_rows_painted": 3.0}
TARGET_SIZE = 1000  # "whole process, with 1,000 members" (issue 14); 250 and 4,000 show the growth

BARE = """
import time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
class Probe(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            print("frame", time.process_time(), flush=True)
            QTimer.singleShot(0, QApplication.instance().quit)
        return False
app = QApplication([])
w = QMainWindow(); w.resize(1200, 760)
probe = Probe(); w.installEventFilter(probe)
w.show()
app.exec()
"""

# The real entry point (app.cli.main -> run_gui); the probe only watches paint events and quits after the rows.
APP = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
import app.ui.main_window as mw
class Probe(QObject):
    def __init__(self):
        super().__init__()
        self.framed = False
    def eventFilter(self, watched, event):
        if event.type() != QEvent.Type.Paint:
            return False
        if not self.framed and isinstance(watched, mw.MainWindow):
            self.framed = True
            print("frame", time.process_time(), flush=True)
        elif getattr(watched, "rows_of", None) is not None and watched.rows_of.rowCount() > 0:
            watched.removeEventFilter(self)
            print("rows", time.process_time(), watched.rows_of.rowCount(), flush=True)
            QTimer.singleShot(0, QApplication.instance().quit)
        return False
probe = Probe()
original_show, original_page = mw.MainWindow.show, mw.MainWindow.page
def show(self):
    self.installEventFilter(probe)
    original_show(self)
def page(self, key):
    widget = original_page(self, key)
    table = getattr(widget, "table", None)
    if table is not None and not hasattr(table.viewport(), "rows_of"):
        table.viewport().rows_of = table.model()
        table.viewport().installEventFilter(probe)
    return widget
mw.MainWindow.show, mw.MainWindow.page = show, page
from app.cli import main
sys.exit(main(["--data-dir", sys.argv[1], "gui"]))
"""


def child_environment() -> dict[str, str]:
    """The children's environment: offscreen, the repository importable, and bytecode cached.

    An installed copy runs from compiled bytecode (PyInstaller bundles .pyc files), and a checkout writes
    __pycache__ on its first start. This machine sets PYTHONDONTWRITEBYTECODE, so without a cache every
    child would compile the app's hundred-odd modules from source, which no user's start does (PySide6,
    installed by pip, has its bytecode either way). The cache goes to a scratch folder (not the checkout)
    and is filled by the warm-up run, which measure() makes before it measures."""
    from bench.common import scratch_dir

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT),
               PYTHONPYCACHEPREFIX=str(scratch_dir() / "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_child(code: str, *args: str) -> dict[str, tuple[float, float]]:
    """{report: (child CPU seconds, wall seconds since the spawn)} for each line the child printed."""
    env = child_environment()
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env)
    reports = {}
    for line in proc.stdout:
        words = line.split()
        reports[words[0]] = (float(words[1]), time.perf_counter() - started)
    proc.wait(timeout=120)
    if "frame" not in reports:
        raise RuntimeError(f"child did not paint a window (exit {proc.returncode})")
    return reports


def show_roster_at_start(folder: Path) -> None:
    """The window opens on the page it showed last (QSettings "window/last_page" in the folder's ui.ini):
    make that the roster, so "rows painted" means the roster's rows whatever page a fresh install opens on."""
    from PySide6.QtCore import QSettings

    from app.config import ui_settings_path

    settings = QSettings(str(ui_settings_path(folder)), QSettings.Format.IniFormat)
    settings.setValue("window/last_page", "roster")
    settings.sync()


def measure(size: int, rounds: int = 5) -> dict[str, dict]:
    folder = str(data_folder(size))
    show_roster_at_start(Path(folder))
    if rounds > 1:  # not in a smoke test's single round
        run_child(BARE), run_child(APP, folder)  # warm the OS file cache for both
    bare, app = [], []
    for _ in range(max(rounds, 1)):
        bare.append(run_child(BARE))
        app.append(run_child(APP, folder))
        if "rows" not in app[-1]:
            raise RuntimeError("the roster's rows were never painted")

    def median(runs, report, clock):  # clock 0: child CPU, 1: wall
        return statistics.median(r[report][clock] for r in runs)

    return {
        f"startup_first_paint_{size}": figure(median(app, "frame", 0), median(bare, "frame", 0), size),
        f"startup_rows_painted_{size}": figure(median(app, "rows", 0), median(bare, "frame", 0), size),
        f"startup_first_paint_wall_{size}": figure(median(app, "frame", 1), median(bare, "frame", 1), size,
                                                   "wall"),
        f"startup_rows_painted_wall_{size}": figure(median(app, "rows", 1), median(bare, "frame", 1), size,
                                                    "wall"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="members, comma-separated")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    from bench.run_all import Targets, print_table

    results = {}
    for size in (int(s) for s in args.sizes.split(",")):
        results.update(measure(size, args.rounds))
    targets = Targets()
    targets.add(sys.modules[__name__])
    print_table(results, targets)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
