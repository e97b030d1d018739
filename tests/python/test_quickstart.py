"""The README's Python quick start runs (blake3-py's test_example_dot_py).

``tests/python/quickstart.py`` is the quick start; README.md shows it in a
```python block, which must be the same code (its first comment line aside).
Both are run in a fresh interpreter, so the documentation cannot go stale."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

QUICKSTART = ROOT / "tests" / "python" / "quickstart.py"


def run(code: str, tmp: Path) -> str:
    script = tmp / "snippet.py"
    script.write_text(code, encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def body(code: str) -> str:
    """The code without leading comment lines."""
    lines = code.strip().splitlines()
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "\n".join(lines).strip()


def test_quickstart_runs(tmp_path: Path) -> None:
    out = run(QUICKSTART.read_text(encoding="utf-8"), tmp_path)
    assert "POST /v2/payment/banks/cambodia/payout" in out
    assert "[('customer.phone', 'must contain only the digits 0-9')]" in out
    assert out.rstrip().endswith("paid out")


def test_readme_shows_the_quickstart(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```python\n(.*?)```", readme, re.S) if "monetix_gate" in b]
    if not blocks:
        pytest.skip("README.md has no Python quick start yet (it is tests/python/quickstart.py)")
    for block in blocks:
        assert body(block) == body(QUICKSTART.read_text(encoding="utf-8"))
        run(block, tmp_path)
