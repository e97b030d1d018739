"""The transcripts of docs/sandbox-and-batch.md, run as written.

Every ```sh block is run, in order, in one bash (``set -euo pipefail``) from
the repository root, as a reader pasting them into one shell would. A comment
block that follows a command directly is that command's expected output:
each of its lines must appear, in order, as a whole line of the output
(``…`` stands for any text, ``PORT`` for a port number). The run is bounded
in time, and its whole process group (the servers it starts in the
background included) is killed at the end.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
from typing import List, Tuple

from conftest import ROOT

DOC = ROOT / "docs" / "sandbox-and-batch.md"
TIMEOUT = 300


def blocks(text: str) -> List[str]:
    return re.findall(r"^```sh\n(.*?)^```$", text, flags=re.S | re.M)


def expected_lines(script: str) -> List[str]:
    """The comment lines that directly follow a command (not a blank line)."""
    out: List[str] = []
    previous = ""  # "command", "expected", or "" (blank or prose)
    for line in script.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            if previous in ("command", "expected"):
                out.append(stripped[1:].strip())
                previous = "expected"
            else:
                previous = ""
        elif stripped:
            previous = "command"
        else:
            previous = ""
    return out


def pattern(line: str) -> "re.Pattern[str]":
    parts = re.split(r"(…|PORT)", line)
    regex = "".join(".*?" if p == "…" else r"\d+" if p == "PORT" else re.escape(p) for p in parts)
    return re.compile(regex)


def run(script: str) -> Tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if k != "MONETIX_SECRET"}
    proc = subprocess.Popen(
        ["bash", "-c", "set -euo pipefail\n" + script + "\nrm -rf \"$work\"\n"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        out, _ = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        raise AssertionError(f"the transcripts ran longer than {TIMEOUT}s:\n{out.decode(errors='replace')}")
    finally:
        # Whatever the transcripts left running in the background.
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return proc.returncode, out.decode(errors="replace")


def test_the_transcripts_work_as_written() -> None:
    found = blocks(DOC.read_text(encoding="utf-8"))
    assert len(found) == 2, "a transcript for the sandbox and one for batch"
    script = "\n".join(found)
    code, output = run(script)
    assert code == 0, output
    lines = output.splitlines()
    at = 0
    for want in expected_lines(script):
        regex = pattern(want)
        for i in range(at, len(lines)):
            if regex.fullmatch(lines[i]):
                at = i + 1
                break
        else:
            raise AssertionError(f"expected output line {want!r} not found (in order) in:\n{output}")


def test_expected_lines_are_found() -> None:
    script = "cmd\n# out 1\n# out …\n\n# prose\ncmd2\n# PORT\n"
    assert expected_lines(script) == ["out 1", "out …", "PORT"]
    assert pattern("http://127.0.0.1:PORT").fullmatch("http://127.0.0.1:8090")
    assert pattern('{"a":"…","b":1}').fullmatch('{"a":"xyz","b":1}')
    assert not pattern("exit 2").fullmatch("exit 22")
