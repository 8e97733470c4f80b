"""Where the shared third-party sample workbooks are: beside the checkout (`../shared/samples/owip`, as in the
main checkout), or named by BRANCH_LEDGER_SAMPLES, or the machine's shared folder. Tests that need them skip
with this reason when none is there (CI without samples still runs the generated-sheet tests)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

_REPO = Path(__file__).resolve().parents[3]
_CANDIDATES = [Path(p) for p in (os.environ.get("BRANCH_LEDGER_SAMPLES"),) if p] + [
    _REPO.parent / "shared" / "samples" / "owip", _REPO.parent.parent / "shared" / "samples" / "owip",
    Path("/work/shared/samples/owip")]


def sample(name: str) -> Path:
    """The sample workbook `name`, or the test is skipped saying why."""
    for folder in _CANDIDATES:
        if (folder / name).is_file():
            return folder / name
    pytest.skip(f"shared sample {name} not present (looked in {', '.join(str(c) for c in _CANDIDATES)})")
