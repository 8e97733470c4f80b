"""Build the frozen application and (on Windows) its installer, smoke-testing the frozen program first.

    python installer/build.py            # PyInstaller one-folder build in dist/branch-ledger, then smoke test
    python installer/build.py --setup    # also run Inno Setup's iscc (Windows, iscc on PATH)

Needs `pip install pyinstaller`. The smoke test runs the frozen console program on a scratch data folder:
`--version`, `demo`, `export roster` to PDF and `check` must all succeed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def freeze() -> Path:
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
                    "--distpath", str(ROOT / "dist"), "--workpath", str(ROOT / "build"),
                    str(ROOT / "installer" / "branch_ledger.spec")], check=True)
    return ROOT / "dist" / "branch-ledger"


def smoke_test(folder: Path) -> None:
    exe = folder / ("branch-ledger-cli.exe" if sys.platform == "win32" else "branch-ledger-cli")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        pdf = Path(tmp) / "roster.pdf"
        for args in (["--version"], ["--data-dir", str(data), "demo"],
                     ["--data-dir", str(data), "export", "roster", "--format", "pdf", "-o", str(pdf)],
                     ["--data-dir", str(data), "check"]):
            result = subprocess.run([str(exe), *args], capture_output=True, text=True, encoding="utf-8")
            print(f"$ branch-ledger-cli {' '.join(args)}\n{result.stdout}{result.stderr}")
            if result.returncode != 0:
                raise SystemExit(f"smoke test failed: {args} exited {result.returncode}")
        if not pdf.exists() or pdf.stat().st_size < 1000:
            raise SystemExit("smoke test failed: no roster PDF")
    print("smoke test passed")


def build_setup(folder: Path) -> None:
    iscc = shutil.which("iscc") or shutil.which("ISCC")
    if iscc is None:
        raise SystemExit("Inno Setup (iscc) not found on PATH")
    subprocess.run([iscc, f"/DAppVersion={version()}", f"/DSourceDir={folder}",
                    str(ROOT / "installer" / "branch_ledger.iss")], check=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--setup", action="store_true", help="also build the Windows installer")
    args = parser.parse_args()
    folder = freeze()
    smoke_test(folder)
    if args.setup:
        build_setup(folder)


if __name__ == "__main__":
    main()
