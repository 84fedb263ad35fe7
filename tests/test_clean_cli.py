"""End-to-end tests of `mtnorm clean`: through `normalize.cli.main` and as a real process.

Exact outputs are asserted with `--steps repair` (this suite's step); the default
steps (typography, terms) are checked for the promises every step keeps: one output
line per input line, explanations that replay, idempotence.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from normalize.changes import Change, replay_changes
from normalize.cli import main

MESSY = (
    "Die Staatsfirma GÃ © camines &amp; Partner\n"
    "\n"
    "Zeile mit Wagenrücklauf Ã¼ ber\r\n"
    "Trenner\u2028bleibt auf einer Zeile, ebenso\u2029das\n"
    "Seitenvorschub\x0chier und Roh\u00adstoff\n"
    "berichtet [Mining.com](#)\u200b\n"
    "letzte Zeile ohne Zeilenende: franzÃ ¶ sische"
)
MESSY_REPAIRED = (
    "Die Staatsfirma Gécamines & Partner\n"
    "\n"
    "Zeile mit Wagenrücklauf über\r\n"
    "Trenner\u2028bleibt auf einer Zeile, ebenso\u2029das\n"
    "Seitenvorschub hier und Rohstoff\n"
    "berichtet Mining.com\n"
    "letzte Zeile ohne Zeilenende: französische"
)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def line_count(text: str) -> int:
    """Lines as `clean` counts them: split on "\\n" only, a final newline adds none."""
    return 0 if not text else text.count("\n") + (not text.endswith("\n"))


def replay_explanation(original: str, records: list[dict[str, Any]]) -> str:
    """Apply `--explain` records line by line to the input, as a consumer would."""
    lines = original.split("\n")
    for record in records:
        number = record["line"] - 1
        line = lines[number]
        ending = "\r" if line.endswith("\r") else ""
        body = line[: len(line) - len(ending)]
        change = Change(
            record["rule"], record["start"], record["end"], record["before"], record["after"]
        )
        lines[number] = replay_changes(body, [change]) + ending
    return "\n".join(lines)


# ----------------------------------------------------------------- line preservation


def test_repair_output_and_line_preservation(tmp_path: Path, capsys: Any) -> None:
    source = write(tmp_path / "in.txt", MESSY)
    status, out, _ = run(["clean", "--steps", "repair", "--lang", "de", str(source)], capsys)
    assert status == 0
    assert out == MESSY_REPAIRED
    assert line_count(out) == line_count(MESSY) == 7


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "\n\n\n",
        "eine Zeile ohne Ende",
        "a\r\nb\r\n",
        "a\rb\n",  # a lone CR is not a line break for clean
        "x\u2028y\u2029z\x85w\x0bv\x0cu\x1cs\n",
        "\r\n\r\n",
    ],
)
@pytest.mark.parametrize("steps", ["repair", "repair,typography,terms"])
def test_n_lines_in_n_lines_out(tmp_path: Path, capsys: Any, text: str, steps: str) -> None:
    source = write(tmp_path / "in.txt", text)
    status, out, _ = run(["clean", "--steps", steps, "--lang", "de", str(source)], capsys)
    assert status == 0
    assert line_count(out) == line_count(text)
    assert out.endswith("\n") == text.endswith("\n")
    assert out.count("\r\n") == text.count("\r\n")


def test_files_without_final_newline_are_not_glued(tmp_path: Path, capsys: Any) -> None:
    first = write(tmp_path / "a.txt", "erste Datei")
    second = write(tmp_path / "b.txt", "zweite Datei\n")
    status, out, _ = run(["clean", "--steps", "repair", str(first), str(second)], capsys)
    assert status == 0
    assert out == "erste Datei\nzweite Datei\n"


def test_default_steps_keep_lines_and_are_idempotent(tmp_path: Path, capsys: Any) -> None:
    source = write(tmp_path / "in.txt", MESSY)
    once = tmp_path / "once.txt"
    twice = tmp_path / "twice.txt"
    assert main(["clean", "--lang", "de", str(source), "-o", str(once)]) == 0
    assert main(["clean", "--lang", "de", str(once), "-o", str(twice)]) == 0
    first = once.read_bytes().decode("utf-8")
    assert line_count(first) == line_count(MESSY)
    assert twice.read_bytes().decode("utf-8") == first
    assert "Ã" not in first and "&amp;" not in first


# -------------------------------------------------------------------- options


def test_steps_option_selects_steps(tmp_path: Path, capsys: Any) -> None:
    source = write(tmp_path / "in.txt", "Roh\u00adstoff\n")
    _, out, _ = run(["clean", "--steps", "typography", "--lang", "de", str(source)], capsys)
    assert "\u00ad" in out  # repair did not run
    _, out, _ = run(["clean", "--steps", "repair", "--lang", "de", str(source)], capsys)
    assert out == "Rohstoff\n"


@pytest.mark.parametrize("steps", ["bogus", "repair,bogus", ",", "repair,repair"])
def test_bad_steps_are_a_clear_error(tmp_path: Path, capsys: Any, steps: str) -> None:
    source = write(tmp_path / "in.txt", "x\n")
    status, out, err = run(["clean", "--steps", steps, str(source)], capsys)
    assert status == 2 and out == ""
    assert err.startswith("mtnorm: error:") and err.count("\n") == 1


@pytest.mark.parametrize("lang", ["de", "en", "fr", "auto"])
def test_lang_option_accepted(tmp_path: Path, capsys: Any, lang: str) -> None:
    source = write(tmp_path / "in.txt", "CafÃ © und Kuchen\n")
    status, out, _ = run(["clean", "--steps", "repair", "--lang", lang, str(source)], capsys)
    assert status == 0 and out == "Café und Kuchen\n"


@pytest.mark.parametrize("lang", ["12", "de-DE", "", "deutsch"])
def test_bad_lang_is_a_clear_error(tmp_path: Path, capsys: Any, lang: str) -> None:
    source = write(tmp_path / "in.txt", "x\n")
    status, _, err = run(["clean", "--lang", lang, str(source)], capsys)
    assert status == 2 and err.startswith("mtnorm: error:")


def test_explain_json_lines_replay_to_the_output(tmp_path: Path, capsys: Any) -> None:
    source = write(tmp_path / "in.txt", MESSY)
    status, out, err = run(
        ["clean", "--steps", "repair", "--lang", "de", "--explain", str(source)], capsys
    )
    assert status == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert records and all(r["file"] == str(source) for r in records)
    assert {"line", "start", "end", "rule", "before", "after"} <= set(records[0])
    assert '"after": "é"' in out  # ensure_ascii=False: readable JSON
    assert replay_explanation(MESSY, records) == MESSY_REPAIRED
    assert f"{len(records)} change(s)" in err
    rules = {r["rule"] for r in records}
    assert {"spaced_mojibake", "html_entities", "soft_hyphen", "markdown_links"} <= rules


def test_explain_replays_with_all_steps(tmp_path: Path, capsys: Any) -> None:
    source = write(tmp_path / "in.txt", MESSY)
    cleaned = tmp_path / "out.txt"
    assert main(["clean", "--lang", "de", str(source), "-o", str(cleaned)]) == 0
    capsys.readouterr()
    _, out, _ = run(["clean", "--lang", "de", "--explain", str(source)], capsys)
    records = [json.loads(line) for line in out.splitlines()]
    assert replay_explanation(MESSY, records) == cleaned.read_bytes().decode("utf-8")


def test_diff_shows_changed_lines_with_rules(tmp_path: Path, capsys: Any) -> None:
    source = write(tmp_path / "in.txt", "unverändert\nGÃ © camines\n")
    status, out, _ = run(["clean", "--steps", "repair", "--diff", str(source)], capsys)
    assert status == 0
    assert out.startswith(f"@@ {source}:2 [spaced_mojibake]\n-GÃ © camines\n+Gécamines\n?")
    assert "unverändert" not in out


def test_explain_and_diff_exclude_each_other(tmp_path: Path, capsys: Any) -> None:
    source = write(tmp_path / "in.txt", "x\n")
    with pytest.raises(SystemExit) as error:
        main(["clean", "--explain", "--diff", str(source)])
    assert error.value.code == 2


# ---------------------------------------------------------------- output safety


def test_output_file_is_written_atomically(tmp_path: Path, capsys: Any) -> None:
    source = write(tmp_path / "in.txt", "GÃ © camines\n")
    target = write(tmp_path / "out.txt", "alter Inhalt\n")
    status, out, _ = run(["clean", "--steps", "repair", str(source), "-o", str(target)], capsys)
    assert status == 0 and out == ""
    assert target.read_text(encoding="utf-8") == "Gécamines\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt", "out.txt"]  # no temp left


def test_failed_run_leaves_output_untouched(tmp_path: Path, capsys: Any) -> None:
    good = write(tmp_path / "good.txt", "gut\n")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"kaputt \xff\n")
    target = write(tmp_path / "out.txt", "alter Inhalt\n")
    status, _, err = run(["clean", str(good), str(bad), "-o", str(target)], capsys)
    assert status == 2 and "bad.txt" in err
    assert target.read_text(encoding="utf-8") == "alter Inhalt\n"
    assert len(list(tmp_path.iterdir())) == 3


@pytest.mark.parametrize("alias", ["same", "dotted", "symlink"])
def test_refuses_to_overwrite_an_input(tmp_path: Path, capsys: Any, alias: str) -> None:
    source = write(tmp_path / "in.txt", "GÃ © camines\n")
    output = {
        "same": str(source),
        "dotted": str(tmp_path / "." / "in.txt"),
        "symlink": str(tmp_path / "link.txt"),
    }[alias]
    if alias == "symlink":
        os.symlink(source, output)
    status, out, err = run(["clean", str(source), "-o", output], capsys)
    assert status == 2 and out == ""
    assert "refusing to overwrite" in err
    assert source.read_text(encoding="utf-8") == "GÃ © camines\n"


def test_in_place_rewrites_inputs(tmp_path: Path, capsys: Any) -> None:
    source = write(tmp_path / "in.txt", "GÃ © camines\r\nzwei\n")
    status, _, err = run(["clean", "--steps", "repair", "--in-place", str(source)], capsys)
    assert status == 0 and "change(s)" in err
    assert source.read_bytes() == "Gécamines\r\nzwei\n".encode()


# ------------------------------------------------------------------- bad input


def test_invalid_utf8_is_a_clear_error(tmp_path: Path, capsys: Any) -> None:
    source = tmp_path / "latin1.txt"
    source.write_bytes("Zeile eins\nGr\u00f6\u00dfe".encode("latin-1"))
    status, out, err = run(["clean", str(source)], capsys)
    assert status == 2 and out == ""
    assert err == (
        f"mtnorm: error: {source}: line 2, byte 13: not valid utf-8 (0xf6); if the file is "
        "in a legacy encoding, pass --encoding (e.g. --encoding cp1252)\n"
    )


def test_legacy_encoding_option(tmp_path: Path, capsys: Any) -> None:
    source = tmp_path / "cp1252.txt"
    source.write_bytes("Gr\u00f6\u00dfe \u2013 5 \u20ac\n".encode("cp1252"))
    status, out, _ = run(
        ["clean", "--steps", "repair", "--encoding", "cp1252", str(source)], capsys
    )
    assert status == 0 and out == "Größe – 5 €\n"
    status, _, err = run(["clean", "--encoding", "no-such-codec", str(source)], capsys)
    assert status == 2 and "unknown encoding" in err


def test_binary_input_is_refused(tmp_path: Path, capsys: Any) -> None:
    source = tmp_path / "image.png"
    source.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    status, out, err = run(["clean", str(source)], capsys)
    assert status == 2 and out == ""
    assert "binary" in err and "Traceback" not in err


@pytest.mark.parametrize("problem", ["missing", "directory"])
def test_unreadable_inputs_are_clear_errors(tmp_path: Path, capsys: Any, problem: str) -> None:
    path = tmp_path / "nope.txt" if problem == "missing" else tmp_path
    status, _, err = run(["clean", str(path)], capsys)
    assert status == 2 and err.startswith("mtnorm: error:") and err.count("\n") == 1


def test_empty_input_gives_empty_output(tmp_path: Path, capsys: Any) -> None:
    source = write(tmp_path / "empty.txt", "")
    assert run(["clean", str(source)], capsys) == (0, "", "")
    status, _, err = run(["clean", "--explain", str(source)], capsys)
    assert status == 0 and "0 change(s)" in err


def test_huge_line(tmp_path: Path, capsys: Any) -> None:
    sentence = "Die Förderung kritischer Rohstoffe wächst – laut Händlern um 5 % pro Jahr. "
    line = sentence * 40_000 + "GÃ © camines"  # about 3 MB on one line
    source = write(tmp_path / "huge.txt", line + "\nzweite Zeile\n")
    target = tmp_path / "out.txt"
    status = main(["clean", "--steps", "repair", str(source), "-o", str(target)])
    assert status == 0
    out = target.read_text(encoding="utf-8")
    assert out == sentence * 40_000 + "Gécamines\nzweite Zeile\n"


# ------------------------------------------------------------ as a real process


def _mtnorm(args: list[str], data: bytes, **env: str) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "-m", "normalize", *args],
        input=data,
        capture_output=True,
        env=environment,
        timeout=120,
        check=False,
    )


def test_stdin_to_stdout_in_a_c_locale() -> None:
    result = _mtnorm(
        ["clean", "--steps", "repair", "--lang", "de"],
        "GÃ © camines\nfranzÃ ¶ sische".encode(),
        LC_ALL="C",
        LANG="C",
        PYTHONIOENCODING="ascii",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Gécamines\nfranzösische".encode()


def test_process_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    result = _mtnorm(["clean", "-"], b"ok\n\x00\x01binary")
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode().count("\n") == 1 and b"Traceback" not in result.stderr
    result = _mtnorm(["clean", "-"], b"kaputt \xc3\x28\n")
    assert result.returncode == 2 and b"not valid utf-8" in result.stderr


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs a /proc file system")
def test_unwritable_output_is_a_clear_error(tmp_path: Path, capsys: Any) -> None:
    source = write(tmp_path / "in.txt", "x\n")
    status, out, err = run(["clean", str(source), "-o", "/proc/mtnorm-out.txt"], capsys)
    assert status == 2 and out == ""
    assert err.startswith("mtnorm: error: /proc/mtnorm-out.txt: cannot write")
    status, _, err = run(["clean", str(source), "-o", str(source / "sub.txt")], capsys)
    assert status == 2 and err.startswith("mtnorm: error:")
