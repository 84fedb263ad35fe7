"""The README's examples, run as a new user would, so the README cannot drift.

Every ```` ```python ```` block with `>>>` prompts runs as a doctest (from the repository root,
so `samples/…` paths work). Every ```` ```console ```` block runs command by command in a
temporary directory holding `samples/` and `tests/data/`: `$ cat FILE` followed by lines
creates FILE with those lines (that is how the README shows its inputs), any other command
runs in a shell and its standard output (or, if that does not match, standard output followed
by standard error) must equal the lines shown. A line `...` or `…` stands for any number of
lines, `...` inside a line for any text. Blocks that need a translation model or the network
are listed in `NEEDS_MODEL` and skipped: `tests/test_translate_cli.py` covers them.
"""

from __future__ import annotations

import doctest
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
TEXT = README.read_text("utf-8")

#: Commands whose examples need an installed Argos model, the network or its timing.
NEEDS_MODEL = re.compile(r"mtnorm (models|translate)\b")

_FENCE = re.compile(r"^( *)```(\w*)\n(.*?)^\1```", re.M | re.S)


def fenced_blocks(text: str, lang: str) -> list[tuple[int, str]]:
    """(line number, body) of each fenced block of `lang`, indentation removed.

    >>> fenced_blocks("a\\n```sh\\nls\\n```\\n  ```console\\n  $ ls\\n  ```\\n", "console")
    [(5, '$ ls\\n')]
    """
    found = []
    for match in _FENCE.finditer(text):
        if match.group(2) != lang:
            continue
        indent = len(match.group(1))
        body = "".join(line[indent:] for line in match.group(3).splitlines(keepends=True))
        found.append((text.count("\n", 0, match.start()) + 1, body))
    return found


def console_commands(body: str) -> list[tuple[str, list[str]]]:
    """Split a console block into (command, expected output lines); heredocs stay whole.

    >>> console_commands("$ echo a  # note\\na\\n$ python - <<'EOF'\\nprint(1)\\nEOF\\n1\\n")
    [('echo a', ['a']), ("python - <<'EOF'\\nprint(1)\\nEOF", ['1'])]
    """
    lines = body.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    commands: list[tuple[str, list[str]]] = []
    index = 0
    while index < len(lines):
        if not lines[index].startswith("$ "):
            index += 1
            continue
        command = re.sub(r"\s+#[^'\"]*$", "", lines[index][2:])
        index += 1
        heredoc = re.search(r"<<'(\w+)'", command)
        if heredoc:
            while index < len(lines) and lines[index] != heredoc.group(1):
                command += "\n" + lines[index]
                index += 1
            command += "\n" + heredoc.group(1)
            index += 1
        expected = []
        while index < len(lines) and not lines[index].startswith("$ "):
            expected.append(lines[index])
            index += 1
        commands.append((command, expected))
    return commands


def lines_match(expected: list[str], actual: list[str]) -> bool:
    """`...`/`…` alone matches any lines, `...` inside a line any text.

    >>> lines_match(["a", "...", "{x, ...}"], ["a", "b", "c", "{x, y}"])
    True
    >>> lines_match(["a"], ["a", "b"])
    False
    """
    if not expected:
        return not actual
    head = expected[0]
    if head.strip() in ("...", "…"):
        return any(lines_match(expected[1:], actual[k:]) for k in range(len(actual) + 1))
    if not actual:
        return False
    pattern = ".*".join(re.escape(part) for part in head.split("..."))
    return re.fullmatch(pattern, actual[0]) is not None and lines_match(expected[1:], actual[1:])


def _output_lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


@pytest.fixture
def workdir(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A user's directory: samples/ and tests/data/, `mtnorm` and `python` on PATH."""
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "data").symlink_to(ROOT / "tests" / "data")
    bin_dir = tmp_path / ".bin"
    bin_dir.mkdir()
    shims = {"mtnorm": f'"{sys.executable}" -m normalize.cli', "python": f'"{sys.executable}"'}
    for name, target in shims.items():
        script = bin_dir / name
        script.write_text(f'#!/bin/sh\nexec {target} "$@"\n', "utf-8")
        script.chmod(0o755)
    env = dict(os.environ)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    env["COLUMNS"] = "80"
    return tmp_path, env


CONSOLE = [(line, body) for line, body in fenced_blocks(TEXT, "console")]
PYTHON = [(line, body) for line, body in fenced_blocks(TEXT, "python") if ">>> " in body]


def test_readme_has_examples() -> None:
    assert len(CONSOLE) >= 10 and len(PYTHON) >= 6


@pytest.mark.parametrize(("line", "body"), CONSOLE, ids=[f"L{line}" for line, _ in CONSOLE])
def test_console_example(line: int, body: str, workdir: tuple[Path, dict[str, str]]) -> None:
    if NEEDS_MODEL.search(body):
        pytest.skip("needs a translation model (covered by tests/test_translate_cli.py)")
    cwd, env = workdir
    for command, expected in console_commands(body):
        created = re.fullmatch(r"cat (\S+)", command)
        if created and not (cwd / created.group(1)).exists():
            (cwd / created.group(1)).write_text("\n".join(expected) + "\n", "utf-8")
            continue
        proc = subprocess.run(
            command, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=300
        )
        stdout = _output_lines(proc.stdout)
        both = stdout + _output_lines(proc.stderr)
        if command.startswith("ls "):  # column layout depends on the terminal
            assert sorted(" ".join(expected).split()) == sorted(" ".join(stdout).split()), command
            continue
        if not expected:
            assert proc.returncode == 0, f"README line {line}: {command}\n{proc.stderr}"
            continue
        assert lines_match(expected, stdout) or lines_match(expected, both), (
            f"README line {line}: $ {command}\n--- README\n"
            + "\n".join(expected)
            + "\n--- actual\n"
            + "\n".join(both)
        )


@pytest.mark.parametrize(("line", "body"), PYTHON, ids=[f"L{line}" for line, _ in PYTHON])
def test_python_example(line: int, body: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    test = doctest.DocTestParser().get_doctest(body, {}, f"README.md:{line}", str(README), line)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0, f"README line {line}: see the doctest output above"
