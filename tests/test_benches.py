"""bench/run_all.py runs every bench and prints one JSON object a script can read (issue 14). --quick runs
each bench once at a small size: this checks the benches still run and the shape of what they report,
not the figures."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_run_all_quick_json_reports_every_bench_against_its_baseline():
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "run_all.py"), "--quick", "--json"],
                         capture_output=True, text=True, env=env, timeout=300, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    results = json.loads(out.stdout)
    prefixes = ["startup_first_paint_", "startup_rows_painted_", "roster_page_load_", "roster_keystroke_",
                "roster_pdf_", "roster_xlsx_", "import_preview_", "backup_verify_", "binder_pdf_",
                "meetings_calendar_",
                "meetings_book_", "dues_grid_", "dues_mark_", "dues_salary_", "development_page_",
                "development_register_xlsx_", "appraisal_tally_", "appraisal_ballot_", "appraisal_results_xlsx_",
                "home_first_paint_", "home_page_open_", "structure_"]
    for prefix in prefixes:
        assert any(name.startswith(prefix) for name in results), prefix
    for name, figure in results.items():
        assert set(figure) == {"app_s", "baseline_s", "ratio", "size", "clock"}, name
        assert figure["app_s"] > 0 and figure["baseline_s"] > 0, name
        # the seconds are printed rounded (to 10 µs): the ratio, worked out before rounding, agrees within that
        rounding = 0.5e-5 * (1 / figure["app_s"] + 1 / figure["baseline_s"]) * figure["ratio"]
        assert abs(figure["ratio"] - figure["app_s"] / figure["baseline_s"]) <= 0.01 * figure["ratio"] + rounding
        assert name.endswith(f"_{figure['size']}") and figure["clock"] in ("cpu", "wall")


def test_every_bench_offers_three_sizes_and_a_quick_one():
    sys.path.insert(0, str(ROOT))
    try:
        run_all = importlib.import_module("bench.run_all")
        for name in run_all.BENCHES:
            module = importlib.import_module(name)
            assert len(module.SIZES) == 3 and list(module.SIZES) == sorted(module.SIZES), name
            assert len(module.QUICK_SIZES) == 1 and callable(module.measure), name
    finally:
        sys.path.remove(str(ROOT))
