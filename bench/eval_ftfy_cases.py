"""Repair evaluations: ftfy's own test cases, and spaced mojibake made from WMT news.

1. ftfy's test-case JSON files (`<eval>/ftfy-cases/*.json`, cases with
   `"expect": "pass"`): their originals are written one per line to a temporary file,
   the real command `mtnorm clean --steps repair` runs on it (in a subprocess) and each
   output line is compared with ftfy's expected `fixed` text. Quote style is ignored
   (curly and straight quotes are mapped the same way on both sides), because mtnorm
   deliberately keeps curly quotes. Plain `ftfy.fix_text` (default settings, and with
   `uncurl_quotes=False`) is scored on the same cases in the same run.
2. Held-out spaced mojibake: every German line of `<eval>/wmt/newstest2019.de-en.de`
   with a non-ASCII character is turned into UTF-8-read-as-Windows-1252 mojibake and
   spaced the way MT tokenizers split it (five styles, as in tests/test_repair.py);
   the share of lines `repair` restores exactly (spaces before punctuation and around
   quotes ignored: typography's business) is reported, next to plain ftfy.

    python bench/eval_ftfy_cases.py [--eval ../shared/eval] [--min-rate 0.99]

Prints the scores and every ftfy case mtnorm gets wrong; exits 1 when the ftfy-case
rate is below --min-rate or the spaced-mojibake rate below 0.95, 0 (with a note) when
the evaluation data is missing.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import ftfy
import ftfy.bad_codecs  # registers sloppy-windows-1252

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))  # the mojibake builder the tests use

from mojibake import SPACING_STYLES, same_words, spaced_mojibake  # noqa: E402

SPACED_MIN_RATE = 0.95

# The quotes ftfy's uncurl_quotes straightens (ʼ U+02BC included).
QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "‛": "'", "ʼ": "'", "“": '"', "”": '"', "„": '"', "‟": '"'}
)


def same_ignoring_quotes(a: str, b: str) -> bool:
    return a.translate(QUOTES) == b.translate(QUOTES)


def load_cases(folder: Path) -> list[dict[str, str]]:
    cases = []
    for path in sorted(folder.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            if case.get("expect") == "pass":
                case["file"] = path.name
                cases.append(case)
    return cases


def run_mtnorm(originals: list[str], lang: str) -> list[str]:
    """Run `mtnorm clean --steps repair` on the originals, one per line."""
    if any("\n" in text for text in originals):
        raise SystemExit("a case contains a newline; this harness feeds one case per line")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "cases.txt"
        target = Path(tmp) / "fixed.txt"
        source.write_text("\n".join(originals) + "\n", encoding="utf-8")
        command = [
            sys.executable,
            "-m",
            "normalize",
            "clean",
            "--steps",
            "repair",
            "--lang",
            lang,
            str(source),
            "-o",
            str(target),
        ]
        subprocess.run(command, check=True, cwd=REPO)
        lines = target.read_text(encoding="utf-8").split("\n")
    return lines[: len(originals)]


def evaluate_spaced(wmt: Path) -> float:
    """Repair rate of spaced mojibake made from WMT German lines; returns the worst rate."""
    from normalize.repair import repair_text

    lines = [
        line
        for line in wmt.read_text(encoding="utf-8").split("\n")
        if any(ord(char) > 127 for char in line)
    ]
    # NBSP and soft hyphens are repaired as debris on their own; keep the test about spaces.
    lines = [line.replace("\xa0", " ").replace("\xad", "") for line in lines]
    print(f"\nspaced mojibake from {wmt.name}: {len(lines)} lines with non-ASCII characters")
    worst = 1.0
    for style in (*SPACING_STYLES, "mixed"):
        chooser = random.Random(0)
        ours = theirs = 0
        for line in lines:
            broken = spaced_mojibake(line, style, chooser)
            ours += same_words(repair_text(broken, "de")[0], line)
            theirs += same_words(ftfy.fix_text(broken), line)
        rate = ours / len(lines)
        worst = min(worst, rate)
        print(
            f"  {style:8s} mtnorm repair {ours}/{len(lines)} = {rate:.3f}   "
            f"ftfy.fix_text {theirs / len(lines):.3f}"
        )
    return worst


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--eval",
        default=str(REPO.parent / "shared" / "eval"),
        help="evaluation data folder (default: ../shared/eval)",
    )
    parser.add_argument("--lang", default="und", help="--lang passed to mtnorm clean")
    parser.add_argument("--min-rate", type=float, default=0.99)
    args = parser.parse_args()
    folder = Path(args.eval) / "ftfy-cases"
    if not folder.is_dir():
        print(f"skipped: {folder} not found (pass --eval)")
        return 0
    cases = load_cases(folder)
    outputs = run_mtnorm([case["original"] for case in cases], args.lang)
    plain = ftfy.TextFixerConfig()
    curly = ftfy.TextFixerConfig(uncurl_quotes=False)
    scores = {
        "mtnorm clean --steps repair": 0,
        "ftfy.fix_text": 0,
        "ftfy.fix_text(uncurl_quotes=False)": 0,
    }
    failures = []
    for case, output in zip(cases, outputs, strict=True):
        expected = case["fixed"]
        if same_ignoring_quotes(output, expected):
            scores["mtnorm clean --steps repair"] += 1
        else:
            failures.append((case, output))
        scores["ftfy.fix_text"] += same_ignoring_quotes(
            ftfy.fix_text(case["original"], plain), expected
        )
        scores["ftfy.fix_text(uncurl_quotes=False)"] += same_ignoring_quotes(
            ftfy.fix_text(case["original"], curly), expected
        )
    total = len(cases)
    for name, score in scores.items():
        print(f"{name:40s} {score}/{total} = {score / total:.3f}")
    for case, output in failures:
        print(
            f"FAIL [{case['file']}] {case['label']}\n  original {case['original']!r}\n"
            f"  expected {case['fixed']!r}\n  mtnorm   {output!r}"
        )
    rate = scores["mtnorm clean --steps repair"] / total
    status = 0
    if rate < args.min_rate:
        print(f"below the bar: {rate:.3f} < {args.min_rate}")
        status = 1
    wmt = Path(args.eval) / "wmt" / "newstest2019.de-en.de"
    if wmt.is_file() and evaluate_spaced(wmt) < SPACED_MIN_RATE:
        print(f"spaced mojibake below the bar ({SPACED_MIN_RATE})")
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
