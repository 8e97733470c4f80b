"""The branch's structure (党员队伍结构, the home page's charts and the 统计表) against bare SQLite, same run.

    python bench/bench_structure.py [--sizes 1000,2000,4000] [--rounds 5] [--json]

- app: app.services.roster.structure.branch_structure(session) — seven GROUP BY queries through SQLAlchemy
  (人员类别 and the age and 党龄 bands as CASE expressions, the on-the-day roster condition with its
  transfer-in subqueries), the band settings read, the rows labelled and ordered;
- baseline: the bare sqlite3 module running one plain GROUP BY per breakdown column over the 在册 members
  (gender, ethnicity, education, category, party group, birth year, 转正 year): the least any program pays
  to count these from this database.
CPU seconds, medians of alternating rounds (bench/common.py). Target: the app within 3.5× of bare SQLite from
1,000 members on (about 9 ms then, against the home page's 300 ms); a fixed 4 ms or so (settings, building the
statement) is most of it on a small branch.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from bench.common import alternate, data_folder, figure  # noqa: E402

SIZES = (1000, 2000, 4000)
QUICK_SIZES = (30,)
TARGETS = {"structure": 3.5}
BARE_COLUMNS = ("gender", "ethnicity", "education", "category", "party_group_id",
                "strftime('%Y', birth_date)", "strftime('%Y', full_member_date)")


def measure(size: int, rounds: int) -> dict[str, dict]:
    from app.config import database_path
    from app.services.common.storage import open_data_folder
    from app.services.roster.structure import branch_structure

    folder = data_folder(size)
    db = open_data_folder(folder)
    bare = sqlite3.connect(database_path(folder))
    try:
        def app() -> None:
            with db.session() as session:
                branch_structure(session)

        def baseline() -> None:
            for column in BARE_COLUMNS:
                bare.execute(f"SELECT {column}, count(*) FROM member WHERE roster_state = '在册' "
                             f"GROUP BY {column}").fetchall()

        app_s, baseline_s = alternate(app, baseline, rounds)
    finally:
        bare.close()
        db.dispose()
    return {f"structure_{size}": figure(app_s, baseline_s, size)}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    results: dict[str, dict] = {}
    for size in (int(s) for s in args.sizes.split(",")):
        results.update(measure(size, args.rounds))
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
        return 0
    print(f"{'measure':<18}{'app ms':>10}{'bare ms':>10}{'ratio':>8}")
    for name, fig in results.items():
        print(f"{name:<18}{fig['app_s'] * 1000:>10.2f}{fig['baseline_s'] * 1000:>10.2f}{fig['ratio']:>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
