"""What every bench shares: alternating app and baseline rounds, the figure each measure reports, and data
folders of generated members made once per size.

A bench module in bench/ that bench/run_all.py runs exposes
    SIZES        three sizes (members, rows, MiB … as its measures say), smallest first
    QUICK_SIZES  one small size, for `run_all.py --quick` (a smoke test of the bench itself)
    measure(size: int, rounds: int) -> {measure: figure(app_s, baseline_s, size, clock)}
where each measure's app and its bare baseline are run in alternating rounds in the same process (or, for
start-up, in alternating child processes), and each figure is the median of its rounds.
"""

from __future__ import annotations

import gc
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# CPU time of the process: 8 developers share 2 cores, and wall time mostly measures who else is running.
# Benches bound by the disk (backup) use WALL instead and say so in their figures.
CPU = time.process_time
WALL = time.perf_counter


def figure(app_s: float, baseline_s: float, size: int, clock: str = "cpu") -> dict:
    return {"app_s": round(app_s, 5), "baseline_s": round(baseline_s, 5),
            "ratio": round(app_s / baseline_s, 3) if baseline_s > 0 else None, "size": size, "clock": clock}


def alternate(app: Callable[[], object], baseline: Callable[[], object], rounds: int,
              clock: Callable[[], float] = CPU, warm_up: bool = True) -> tuple[float, float]:
    """Medians of `rounds` alternating runs of app and baseline (after one warm-up of each, unless this
    is a smoke test's single round)."""
    if warm_up and rounds > 1:
        app(), baseline()
    times: dict[str, list[float]] = {"app": [], "baseline": []}
    for _ in range(max(rounds, 1)):
        for name, run in (("app", app), ("baseline", baseline)):
            gc.collect()  # the garbage of the previous run is not charged to this one
            started = clock()
            run()
            times[name].append(clock() - started)
    return statistics.median(times["app"]), statistics.median(times["baseline"])


_folders: dict[int, Path] = {}
_scratch: tempfile.TemporaryDirectory | None = None


def data_folder(members: int) -> Path:
    """A data folder with the sample profile and `members` generated members, made once per run and size.

    Benches only read it (the start-up bench's window writes its ui.ini, which changes nothing measured)."""
    global _scratch
    if members not in _folders:
        from bench.generate import make_data_dir

        if _scratch is None:
            _scratch = tempfile.TemporaryDirectory(prefix="bench_data_")
        _folders[members] = make_data_dir(Path(_scratch.name) / f"data{members}", members)
    return _folders[members]


def scratch_dir() -> Path:
    """A scratch folder for files a bench writes, removed when the process ends."""
    global _scratch
    if _scratch is None:
        _scratch = tempfile.TemporaryDirectory(prefix="bench_data_")
    path = Path(_scratch.name) / "out"
    path.mkdir(exist_ok=True)
    return path


def table_cells(register) -> tuple[list[str], list[list[str]]]:
    """The labels and cells of a register's (first) table: what the bare baselines of its document write."""
    table = next(b for b in register.document().blocks if hasattr(b, "all_rows"))
    return [c.label for c in table.all_columns()], table.all_rows()
