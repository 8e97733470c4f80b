"""Make a data folder with a branch profile and N fictional members, for the other benchmarks.

    python bench/generate.py N DIR      (from the repository root; prints how long it took)

Other benchmarks import it:  from bench.generate import make_data_dir  (or `from generate import ...`
when run as `python bench/x.py`, since the script's folder is on sys.path).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:  # run as `python bench/generate.py` from anywhere
    sys.path.insert(0, str(REPO_ROOT))

from app.services.common.branch import is_empty, save_profile  # noqa: E402
from app.services.common.storage import open_data_folder  # noqa: E402
from app.services.demo.sample_branch import DEMO_PROFILE, DemoError, generate_members  # noqa: E402


def make_data_dir(path: str | Path, n_members: int, seed: int = 1) -> Path:
    """Create (or fill) the data folder `path`: the sample branch's profile and 3 党小组, n members.

    The folder's database must be empty; returns the folder's path. Deterministic for a given seed
    (ID numbers and dates depend on today's date).
    """
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    db = open_data_folder(folder)
    try:
        with db.transaction() as session:
            if not is_empty(session):
                raise DemoError(f"数据文件夹 {folder} 中已有数据，基准测试需要空文件夹")
            save_profile(session, **DEMO_PROFILE)
            generate_members(session, n_members, seed=seed)
    finally:
        db.dispose()
    return folder.resolve()


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not argv[0].isdigit():
        print("usage: python bench/generate.py N DIR", file=sys.stderr)
        return 2
    n, target = int(argv[0]), Path(argv[1])
    started = time.perf_counter()
    folder = make_data_dir(target, n)
    elapsed = time.perf_counter() - started
    print(f"generated {n} members in {folder}: {elapsed:.2f} s ({elapsed / max(n, 1) * 1000:.2f} ms/member)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
