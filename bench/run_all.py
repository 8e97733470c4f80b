"""Every bench in one run, each measure against its bare baseline measured in the same run (issue 14).

    python bench/run_all.py [--quick] [--json] [--only startup,documents] [--rounds N]

Prints one table (app, bare baseline, ratio, target) and, for each measure, how its cost per unit grows
over the bench's three sizes; --json prints one object {measure: {"app_s", "baseline_s", "ratio", "size",
"clock"}} instead. --quick runs each bench once at one small size: a smoke test of the benches, not figures.
Figures are CPU seconds unless the clock column says wall (see bench/common.py).

A new bench is one entry in BENCHES: a module exposing SIZES, QUICK_SIZES, measure(size, rounds) and,
optionally, TARGETS {measure name prefix: largest acceptable ratio}, TARGET_SIZE (the size the issue states
its targets at, e.g. "with 1,000 members"; without it a target holds at every size; the other sizes show
how the cost grows) and GROWTH_TARGETS {measure name prefix: largest acceptable cost per unit at the
largest size over the smallest} (the PDF's "linear"). The JSON gives each measure its "target" (or null).
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# bench_reports (write_roster against absolute times) and bench_row_filter (the proxies without a view) are
# covered here by bench_documents and bench_roster_page, which measure the same code against bare baselines.
BENCHES = [
    "bench.bench_startup",
    "bench.bench_roster_page",
    "bench.bench_documents",
    "bench.bench_import",
    "bench.bench_backup",
    "bench.bench_binder",
    "bench.bench_meetings",
    "bench.bench_dues",
    "bench.bench_development",
    "bench.bench_appraisal",
    "bench.bench_structure",
    "bench.bench_home",
]


def short_name(module: str) -> str:
    return module.rsplit(".", 1)[-1].removeprefix("bench_")


class Targets:
    """Every bench's targets: ratio bounds by measure prefix (at the bench's TARGET_SIZE, when it names
    one) and growth bounds."""

    def __init__(self) -> None:
        self.ratios: dict[str, float] = {}
        self.sizes: dict[str, int] = {}  # prefix -> the one size its ratio bound holds at
        self.growth: dict[str, float] = {}

    def add(self, module) -> None:
        ratios = getattr(module, "TARGETS", {})
        self.ratios.update(ratios)
        size = getattr(module, "TARGET_SIZE", None)
        if size is not None:
            self.sizes.update({prefix: size for prefix in ratios})
        self.growth.update(getattr(module, "GROWTH_TARGETS", {}))

    def of(self, measure: str) -> float | None:
        """The ratio bound that applies to this measure (None: none, or not at this size)."""
        base, size = _split(measure)
        if base not in self.ratios or (base in self.sizes and size != self.sizes[base]):
            return None
        return self.ratios[base]

    def stated_at(self, measure: str) -> int | None:
        return self.sizes.get(_split(measure)[0])


def run(benches: list[str], quick: bool = False, rounds: int | None = None,
        progress=None) -> tuple[dict[str, dict], Targets]:
    """All figures of `benches` (module names) and their targets."""
    results: dict[str, dict] = {}
    targets = Targets()
    for name in benches:
        module = importlib.import_module(name)
        targets.add(module)
        for size in module.QUICK_SIZES if quick else module.SIZES:
            if progress:
                progress(f"{short_name(name)} at {size} …")
            results.update(module.measure(size, 1 if quick else (rounds or 5)))
    for measure, figure in results.items():
        figure["target"] = targets.of(measure)
    return results, targets


def _split(measure: str) -> tuple[str, int | None]:
    """"roster_pdf_1000" -> ("roster_pdf", 1000)."""
    found = re.fullmatch(r"(.*)_(\d+)", measure)
    return (found[1], int(found[2])) if found else (measure, None)


def print_table(results: dict[str, dict], targets: Targets, out=sys.stdout) -> None:
    print(f"{'measure':36} {'app':>10} {'baseline':>10} {'ratio':>7} {'clock':>5}  target", file=out)
    for measure, f in results.items():
        target = targets.of(measure)
        if target is not None and f["ratio"] is not None:
            verdict = f"≤{target}× {'met' if f['ratio'] <= target else 'NOT met'}"
        elif targets.stated_at(measure) is not None:
            verdict = f"(growth; the target is stated at {targets.stated_at(measure)})"
        else:
            verdict = ""
        ratio = "-" if f["ratio"] is None else f"{f['ratio']:.2f}×"
        print(f"{measure:36} {f['app_s']:9.4f}s {f['baseline_s']:9.4f}s {ratio:>7} {f.get('clock', 'cpu'):>5}  "
              f"{verdict}", file=out)
    growth = growth_lines(results)
    if growth:
        print("\ngrowth: app cost per unit of size, relative to the smallest size (1.00 = linear; "
              "baseline in brackets)", file=out)
        for line in growth:
            print(line, file=out)
    for line in growth_verdicts(results, targets):
        print(line, file=out)


def growth_of(results: dict[str, dict], base: str) -> tuple[int, int, float] | None:
    """(smallest size, largest size, cost per unit at the largest over the smallest) of a measure."""
    figures = sorted((f for m, f in results.items() if _split(m)[0] == base), key=lambda f: f["size"])
    if len(figures) < 2 or not figures[0]["app_s"]:
        return None
    first, last = figures[0], figures[-1]
    return first["size"], last["size"], (last["app_s"] / last["size"]) / (first["app_s"] / first["size"])


def growth_verdicts(results: dict[str, dict], targets: Targets) -> list[str]:
    lines = []
    for base, bound in targets.growth.items():
        found = growth_of(results, base)
        if found is not None:
            small, large, ratio = found
            lines.append(f"growth target {base} {small} → {large}: {ratio:.2f} per unit, "
                         f"≤{bound} {'met' if ratio <= bound else 'NOT met'}")
    return lines


def growth_lines(results: dict[str, dict]) -> list[str]:
    series: dict[str, list[dict]] = {}
    for measure, f in results.items():
        base, size = _split(measure)
        if size is not None:
            series.setdefault(base, []).append(f)
    lines = []
    for base, figures in series.items():
        if len(figures) < 2:
            continue
        figures.sort(key=lambda f: f["size"])
        first = figures[0]

        def per_unit(f, key, first=first):
            return f[key] / f["size"] / (first[key] / first["size"]) if first[key] else float("nan")

        steps = ", ".join(f"{f['size']}: {per_unit(f, 'app_s'):.2f} ({per_unit(f, 'baseline_s'):.2f})"
                          for f in figures)
        lines.append(f"  {base:34} {steps}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one small size, one round: a smoke test")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    parser.add_argument("--only", help="comma-separated bench names, e.g. startup,documents")
    parser.add_argument("--rounds", type=int, help="alternating rounds per measure (default 5)")
    args = parser.parse_args(argv)
    benches = BENCHES
    if args.only:
        wanted = set(args.only.split(","))
        benches = [b for b in BENCHES if short_name(b) in wanted]
    progress = None if args.json else (lambda text: print(text, file=sys.stderr, flush=True))
    results, targets = run(benches, quick=args.quick, rounds=args.rounds, progress=progress)
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
    else:
        print_table(results, targets)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
