"""Command-line robustness: every subcommand as a demanding user and a pipeline use it.

`tests/data/cli_scenarios.json` holds held-out scenarios written before the fixes
(line endings, BOMs, legacy encodings, empty and many files, same names in different
folders, bad outputs, `--in-place` failing halfway, JSON Lines for `run`). Each gives
input files (text, or `{"bytes": ...}` with one character per byte), arguments, the
expected exit status and what must hold afterwards: standard output, a one-line error,
file contents (`after`), no other files left behind (`only_files`), articles written.

The other tests cover what a data file cannot: Ctrl-C (exit 130, no traceback, no
partial file), a reader that goes away (`| head`), file modes, symbolic links, FIFOs,
and `--help` with examples for every command.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from normalize.cli import main

DATA = Path(__file__).parent / "data" / "cli_scenarios.json"
SCENARIOS: list[dict[str, Any]] = json.loads(DATA.read_text(encoding="utf-8"))
#: Commands that need Argos settings: run as a process with an empty packages folder.
ARGOS_COMMANDS = ("translate", "models")


def as_bytes(value: str | dict[str, str]) -> bytes:
    """A scenario's file content: text (UTF-8) or {"bytes": one character per byte}."""
    if isinstance(value, dict):
        return value["bytes"].encode("latin-1")
    return value.encode("utf-8")


def argos_env(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    for key, folder in (
        ("ARGOS_PACKAGES_DIR", "packages"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        (root / folder).mkdir(parents=True, exist_ok=True)
        env[key] = str(root / folder)
    env["ARGOS_PACKAGE_INDEX"] = "http://127.0.0.1:9/"  # unreachable: never download
    return env


def run_scenario(
    scenario: dict[str, Any], work: Path, monkeypatch: Any, capsys: Any
) -> tuple[int, bytes, str]:
    stdin = as_bytes(scenario.get("stdin", ""))
    if scenario["args"][0] in ARGOS_COMMANDS:
        result = subprocess.run(
            [sys.executable, "-m", "normalize", *scenario["args"]],
            input=stdin,
            capture_output=True,
            cwd=work,
            env=argos_env(work.parent / "argos"),
            timeout=300,
            check=False,
        )
        return result.returncode, result.stdout, result.stderr.decode("utf-8", "replace")
    monkeypatch.chdir(work)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    status = main(scenario["args"])
    captured = capsys.readouterr()
    return status, captured.out.encode("utf-8"), captured.err


def scenario_problems(
    scenario: dict[str, Any], work: Path, monkeypatch: Any, capsys: Any
) -> list[str]:
    """What went wrong in one scenario (empty when it behaves as expected)."""
    for name, content in scenario.get("files", {}).items():
        path = work / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(as_bytes(content))
    status, out, err = run_scenario(scenario, work, monkeypatch, capsys)
    problems = []
    if status != scenario["exit"]:
        problems.append(f"exit {status}, expected {scenario['exit']} ({err.strip()[:300]})")
    if "Traceback" in err:
        problems.append("traceback on stderr")
    if "stdout" in scenario and out != scenario["stdout"].encode("utf-8"):
        problems.append(f"stdout {out!r}, expected {scenario['stdout'].encode()!r}")
    lines = out.count(b"\n")
    if "stdout_lines" in scenario and lines != scenario["stdout_lines"]:
        problems.append(f"stdout has {lines} lines: {out!r}")
    for part in scenario.get("stdout_has", []):
        if part.encode("utf-8") not in out:
            problems.append(f"stdout lacks {part!r}: {out!r}")
    for part in scenario.get("stderr_has", []):
        if part not in err:
            problems.append(f"stderr lacks {part!r}: {err!r}")
    if scenario.get("one_line_error") and not (
        err.startswith("mtnorm: error: ") and err.count("\n") == 1
    ):
        problems.append(f"not a one-line error: {err!r}")
    for name, content in scenario.get("after", {}).items():
        path = work / name
        if path.read_bytes() != as_bytes(content):
            problems.append(f"{name} is {path.read_bytes()!r}, expected {as_bytes(content)!r}")
    if "only_files" in scenario:
        found = sorted(str(p.relative_to(work)) for p in work.rglob("*") if p.is_file())
        if found != sorted(scenario["only_files"]):
            problems.append(f"files left: {found}")
    if "articles" in scenario:
        articles = list((work / "o" / "articles").glob("*.json"))
        if len(articles) != scenario["articles"]:
            problems.append(f"{len(articles)} articles written, expected {scenario['articles']}")
    return problems


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["name"] for s in SCENARIOS])
def test_scenario(scenario: dict[str, Any], tmp_path: Path, monkeypatch: Any, capsys: Any) -> None:
    work = tmp_path / "work"
    work.mkdir()
    assert scenario_problems(scenario, work, monkeypatch, capsys) == []
