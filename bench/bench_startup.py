"""Start-up to a shown main window with 1,000 members, against a bare PySide6 window started the same way.

Each run is a fresh process (`python -c ...`) on the offscreen platform; the clock runs from just before
the process is spawned until the child reports that its window has been shown and painted.
Target (issue 2): under 1.5 s, and within 3x of the bare window.

    python bench/bench_startup.py [--members 1000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow
from PySide6.QtCore import QTimer
app = QApplication([])
w = QMainWindow(); w.resize(1200, 760); w.show()
def done():
    print("shown", flush=True); app.quit()
QTimer.singleShot(0, done)
app.exec()
"""

# The real entry point (app.cli.main -> run_gui); MainWindow.show is wrapped only to report and quit.
APP = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import app.ui.main_window as mw
import app.services.backup.auto_backup as ab
ab.auto_backup_if_due = lambda *a, **k: None   # measure start-up, not the exit backup
original_show = mw.MainWindow.show
def show(self):
    original_show(self)
    def done():
        page = self.stack.currentWidget()
        rows = page.model.rowCount() if hasattr(page, "model") else -1
        print("shown", page.__class__.__name__, rows, flush=True)
        QApplication.instance().quit()
    QTimer.singleShot(0, done)
mw.MainWindow.show = show
from app.cli import main
sys.exit(main(["--data-dir", sys.argv[1], "gui"]))
"""


shown: list[list[str]] = []  # what each child reported at its first paint: page class and member rows


def time_child(code: str, *args: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True, env=env)
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.wait(timeout=60)
    if not line.startswith("shown"):
        raise RuntimeError(f"child did not show a window (exit {proc.returncode})")
    shown.append(line.split()[1:])
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from bench.generate import make_data_dir

    with tempfile.TemporaryDirectory() as tmp:
        folder = make_data_dir(Path(tmp) / "data", args.members)
        time_child(BARE)  # warm the OS file cache for both
        time_child(APP, str(folder))
        bare = [time_child(BARE) for _ in range(args.runs)]
        app = [time_child(APP, str(folder)) for _ in range(args.runs)]
    b, a = statistics.median(bare), statistics.median(app)
    print(f"bare PySide6 window : median {b * 1000:7.0f} ms  (runs: {', '.join(f'{x * 1000:.0f}' for x in bare)})")
    print(f"Branch Ledger, {args.members} members: median {a * 1000:7.0f} ms  "
          f"(runs: {', '.join(f'{x * 1000:.0f}' for x in app)})")
    print(f"at first paint the app showed: {' '.join(shown[-1])} (page, member rows in the table)")
    print(f"ratio {a / b:.2f}x  (target: < 1500 ms and < 3x)")


if __name__ == "__main__":
    main()
