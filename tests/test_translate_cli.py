"""`mtnorm translate` as a user runs it: installed model, every output format, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import TinyArgosModel, argos_env
from lxml import etree

TEXT = (
    "Der Preis stieg um 7,5 % auf 1.000 Euro. Die Regierung kündigte neue Zölle an.\n"
    "The government announced new tariffs on lithium and cobalt on Monday in Europe.\n"
)


def mtnorm(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "normalize", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_every_format(tiny_argos_model: TinyArgosModel, tmp_path: Path) -> None:
    env = tiny_argos_model.env
    source = tmp_path / "in.txt"
    source.write_text(TEXT, "utf-8")

    jsonl = mtnorm(env, "translate", str(source), "--format", "jsonl", "--no-glossary")
    assert jsonl.returncode == 0, jsonl.stderr
    records = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert records and all(r["file"] == str(source) for r in records)
    assert records[-1]["status"] == "copied" and records[-1]["line"] == 2
    assert "XQ" not in jsonl.stdout
    assert jsonl.stderr.strip().splitlines()[-1].startswith("mtnorm translate: ")

    tsv = mtnorm(env, "translate", "--format", "tsv", "--no-glossary", stdin=TEXT)
    rows = tsv.stdout.splitlines()
    assert rows[0] == "source\ttarget\tqa" and len(rows) == len(records) + 1

    out = tmp_path / "out.tmx"
    tmx = mtnorm(env, "translate", str(source), "--format", "tmx", "-o", str(out), "--qa")
    assert tmx.returncode == 0, tmx.stderr
    units = etree.parse(str(out)).getroot().findall("body/tu")
    assert len(units) == len(records)

    prefix = tmp_path / "corpus"
    moses = mtnorm(
        env,
        "translate",
        str(source),
        "--format",
        "moses",
        "-o",
        str(prefix),
        "--exact",
        "--beam-size",
        "2",
        "--batch-size",
        "4",
        "--threads",
        "1",
    )
    assert moses.returncode == 0, moses.stderr
    de_lines = Path(f"{prefix}.de").read_text("utf-8").splitlines()
    en_lines = Path(f"{prefix}.en").read_text("utf-8").splitlines()
    assert len(de_lines) == len(en_lines) == len(records)
    assert en_lines[-1] == de_lines[-1]  # the English paragraph is copied


def test_errors_are_one_line_without_traceback(
    tiny_argos_model: TinyArgosModel, tmp_path: Path
) -> None:
    empty_env = argos_env(tmp_path / "nothing-installed")
    cases = [
        (empty_env, ["translate"], "mtnorm models install"),
        (tiny_argos_model.env, ["translate", "--format", "moses"], "needs -o PREFIX"),
        (
            tiny_argos_model.env,
            ["translate", "--to", "de", "--from", "auto"],
            "no en→de translation model",
        ),
        (tiny_argos_model.env, ["translate", "--batch-size", "0"], "batch size"),
    ]
    for env, args, message in cases:
        # German input: with --to de it is copied, so the English sentence needs the model.
        stdin = "Die Regierung kündigte neue Zölle an.\nThe government announced new tariffs.\n"
        result = mtnorm(env, *args, stdin=stdin)
        assert result.returncode == 2, (args, result.stderr)
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02")
    result = mtnorm(tiny_argos_model.env, "translate", str(binary))
    assert result.returncode == 2 and "binary" in result.stderr
