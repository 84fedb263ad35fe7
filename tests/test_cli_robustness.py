"""Command-line robustness: every subcommand as a demanding user and a pipeline use it.

`tests/data/cli_scenarios.json` holds held-out scenarios written before the fixes
(line endings, BOMs, legacy encodings, empty and many files, same names in different
folders, bad outputs, `--in-place` failing halfway, JSON Lines for `run`). Each gives
input files (text, or `{"bytes": ...}` with one character per byte), arguments, the
expected exit status and what must hold afterwards: standard output, a one-line error,
file contents (`after`), no other files left behind (`only_files`), articles written.
A scenario that needs a change in a file this suite's owner does not own says so in
`xfail` (it fails visibly as xfail until then, and passes once done).

The other tests cover what a data file cannot: Ctrl-C (exit 130, no traceback, no
partial file), a reader that goes away (`| head`), file modes, symbolic links, FIFOs,
and `--help` with examples for every command.
"""

from __future__ import annotations

import io
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from normalize.cli import build_parser, main

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
    problems = scenario_problems(scenario, work, monkeypatch, capsys)
    if problems and "xfail" in scenario:
        pytest.xfail(scenario["xfail"])
    assert problems == []


# ------------------------------------------------------------------ Ctrl-C


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def interrupt_on_call(monkeypatch: Any, number: int) -> None:
    """Make the `number`-th clean_text call of `mtnorm clean` raise KeyboardInterrupt."""
    import normalize.cli_clean as cli_clean

    calls = []
    real = cli_clean.clean_text

    def clean_text(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == number:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(cli_clean, "clean_text", clean_text)


def test_ctrl_c_leaves_no_partial_output(tmp_path: Path, monkeypatch: Any, capsys: Any) -> None:
    first = write(tmp_path / "a.txt", "fÃ¼r eins\n")
    second = write(tmp_path / "b.txt", "fÃ¼r zwei\n")
    target = tmp_path / "out.txt"
    interrupt_on_call(monkeypatch, 2)
    status = main(["clean", "--steps", "repair", str(first), str(second), "-o", str(target)])
    err = capsys.readouterr().err
    assert status == 130 and err == "mtnorm: interrupted\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


def test_ctrl_c_during_in_place_changes_no_file(
    tmp_path: Path, monkeypatch: Any, capsys: Any
) -> None:
    files = [write(tmp_path / f"{n}.txt", f"fÃ¼r {n}\n") for n in range(3)]
    interrupt_on_call(monkeypatch, 3)
    status = main(["clean", "--steps", "repair", "--in-place", *map(str, files)])
    assert status == 130 and "Traceback" not in capsys.readouterr().err
    assert [f.read_text(encoding="utf-8") for f in files] == [f"fÃ¼r {n}\n" for n in range(3)]
    assert len(list(tmp_path.iterdir())) == 3


def test_in_place_write_failing_halfway_names_what_was_rewritten(
    tmp_path: Path, monkeypatch: Any, capsys: Any
) -> None:
    import normalize.cli_clean as cli_clean
    from normalize.textio import UserError

    files = [write(tmp_path / f"{n}.txt", f"fÃ¼r {n}\n") for n in range(3)]
    real = cli_clean.atomic_write_bytes

    def atomic_write_bytes(path: Any, data: bytes) -> None:
        if str(path).endswith("1.txt"):
            raise UserError(f"{path}: cannot write (No space left on device)")
        real(path, data)

    monkeypatch.setattr(cli_clean, "atomic_write_bytes", atomic_write_bytes)
    status = main(["clean", "--steps", "repair", "--in-place", *map(str, files)])
    err = capsys.readouterr().err
    assert status == 2
    assert f"already rewritten before the failure: {files[0]}" in err
    assert "No space left" in err
    assert [f.read_text(encoding="utf-8") for f in files] == ["für 0\n", "fÃ¼r 1\n", "fÃ¼r 2\n"]


def test_ctrl_c_while_starting_up(monkeypatch: Any, capsys: Any) -> None:
    import normalize.cli as cli

    def build_parser() -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "build_parser", build_parser)
    assert cli.main(["clean"]) == 130
    assert capsys.readouterr().err == "mtnorm: interrupted\n"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_as_a_real_process(tmp_path: Path) -> None:
    """SIGINT to a process reading a terminal-like stdin that never ends."""
    process = subprocess.Popen(
        [sys.executable, "-m", "normalize", "clean", "-o", str(tmp_path / "out.txt")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdin is not None
    process.stdin.write("fÃ¼r\n".encode())
    process.stdin.flush()
    time.sleep(3)  # start-up done, now waiting for the end of standard input
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err == b"mtnorm: interrupted\n"
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------- a reader that goes away


@pytest.mark.parametrize("command", [["clean", "--steps", "repair"], ["segment"]])
def test_reader_going_away_is_quiet(tmp_path: Path, command: list[str]) -> None:
    source = write(tmp_path / "big.txt", "Der Preis steigt. Der Markt fÃ¤llt.\n" * 20_000)
    process = subprocess.Popen(
        [sys.executable, "-m", "normalize", *command, str(source)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline()  # like `| head -1`
    process.stdout.close()
    err = process.stderr.read()
    process.wait(timeout=120)
    assert err == b""
    assert process.returncode == 141


# ------------------------------------------------------------ where output goes


def test_new_output_file_gets_the_umask_mode(tmp_path: Path) -> None:
    source = write(tmp_path / "in.txt", "x\n")
    old = os.umask(0o027)
    try:
        assert main(["clean", str(source), "-o", str(tmp_path / "out.txt")]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.txt").stat().st_mode) == 0o640


def test_in_place_keeps_the_mode(tmp_path: Path) -> None:
    source = write(tmp_path / "in.txt", "fÃ¼r\n")
    source.chmod(0o604)
    assert main(["clean", "--steps", "repair", "--in-place", str(source)]) == 0
    assert stat.S_IMODE(source.stat().st_mode) == 0o604
    assert source.read_text(encoding="utf-8") == "für\n"


def test_in_place_through_a_symlink_rewrites_the_target(tmp_path: Path) -> None:
    target = write(tmp_path / "real" / "in.txt", "fÃ¼r\n")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert main(["clean", "--steps", "repair", "--in-place", str(link)]) == 0
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "für\n"


def test_output_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    source = write(tmp_path / "in.txt", "fÃ¼r\n")
    target = write(tmp_path / "real" / "out.txt", "alt\n")
    link = tmp_path / "out.txt"
    link.symlink_to(target)
    assert main(["clean", "--steps", "repair", str(source), "-o", str(link)]) == 0
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "für\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_output_to_a_fifo_is_written_not_replaced(tmp_path: Path) -> None:
    source = write(tmp_path / "in.txt", "fÃ¼r\n")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    assert main(["clean", "--steps", "repair", str(source), "-o", str(fifo)]) == 0
    reader.join(timeout=30)
    assert received == ["für\n".encode()]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


# ------------------------------------------------------------------- --help


OWN_COMMANDS = ["clean", "segment", "translate", "models", "run"]


@pytest.mark.parametrize("command", OWN_COMMANDS)
def test_help_has_examples_and_exit_status(command: str, capsys: Any) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "\nexamples:\n  mtnorm " in out
    assert "Exit status" in out


def test_every_command_has_help(capsys: Any) -> None:
    parser = build_parser()
    commands = next(
        action.choices for action in parser._actions if isinstance(action.choices, dict)
    )
    assert set(OWN_COMMANDS) <= set(commands)
    for command in commands:
        with pytest.raises(SystemExit) as exit_info:
            main([command, "--help"])
        assert exit_info.value.code == 0
        assert capsys.readouterr().out.startswith(f"usage: mtnorm {command}")


@pytest.mark.skipif(not Path("/dev/stdout").exists(), reason="needs /dev/stdout")
def test_output_to_dev_stdout_redirected_to_a_file_keeps_what_is_there(tmp_path: Path) -> None:
    source = write(tmp_path / "in.txt", "fÃ¼r\n")
    result_file = tmp_path / "result.txt"
    result_file.write_bytes(b"header\n")
    with open(result_file, "ab") as handle:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "normalize",
                "clean",
                "--steps",
                "repair",
                str(source),
                "-o",
                "/dev/stdout",
            ],
            stdout=handle,
            stderr=subprocess.PIPE,
            timeout=120,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    assert result_file.read_bytes() == "header\nfür\n".encode()


def translate_process(args: list[str], work: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "normalize", "translate", *args],
        capture_output=True,
        cwd=work,
        env=argos_env(work / "argos"),
        timeout=300,
        check=False,
    )


def test_translate_checks_outputs_before_translating(tmp_path: Path) -> None:
    source = write(tmp_path / "corpus.de", "Der Preis steigt.\n")
    # Moses writes PREFIX.de and PREFIX.en: PREFIX.de is the input here.
    result = translate_process(["--format", "moses", "-o", "corpus", "corpus.de"], tmp_path)
    assert result.returncode == 2 and b"refusing to overwrite the input" in result.stderr
    assert source.read_text(encoding="utf-8") == "Der Preis steigt.\n"
    result = translate_process(["-o", "fehlt/out.tsv", "corpus.de"], tmp_path)
    assert result.returncode == 2 and b"does not exist" in result.stderr


@pytest.mark.parametrize(
    ("redirect", "message"),
    [("<&-", b"standard input is closed"), (">&-", b"standard output is closed")],
)
def test_closed_standard_streams_are_clear_errors(
    tmp_path: Path, redirect: str, message: bytes
) -> None:
    write(tmp_path / "in.txt", "x\n")
    files = "" if redirect == "<&-" else "in.txt"
    command = f"'{sys.executable}' -m normalize clean --steps repair {files} {redirect}"
    result = subprocess.run(
        ["sh", "-c", command], cwd=tmp_path, capture_output=True, timeout=120, check=False
    )
    assert result.returncode == 2
    assert result.stderr == b"mtnorm: error: " + message + result.stderr.split(message)[1]
    assert result.stderr.count(b"\n") == 1
