"""Throughput of glossary matching and application, real and 20 000-term glossaries.

Times, on the same text in the same process (best of --repeat):

* the baseline: splitting the text into words with `regex` (one pass, no glossary);
* `Glossary.match` with the shipped term base and with a generated glossary of
  --terms terms (default 20 000, German-like terms with genders, so every term
  brings its inflected forms);
* `Glossary.apply` with the shipped term base;
* for scale, a naive loop that searches each of 500 generated terms in turn.

Prints MB/s and the ratio time / time(baseline) for each. The text is the German
side of WMT newstest2019 from --eval (default ../shared/eval relative to the repo
root) repeated to --mb megabytes; without it the benchmark says so and exits 0.

    python bench/bench_glossary.py [--eval ../shared/eval] [--mb 2] [--terms 20000]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import regex
from wordfreq import top_n_list

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from timing import best_time  # noqa: E402

from glossary import Glossary, load_glossary  # noqa: E402
from glossary.model import Term  # noqa: E402

WORD = regex.compile(r"\w+")
GENDERS = ("m", "f", "n")


def generated_glossary(size: int, seed: int = 7) -> Glossary:
    """`size` German-like terms: compounds and two-word terms from frequent German words."""
    rng = random.Random(seed)
    nouns = [w.capitalize() for w in top_n_list("de", 30_000) if w.isalpha() and len(w) > 3]
    pairs: list[tuple[str, Term]] = []
    seen: set[str] = set()
    while len(pairs) < size:
        first, second = rng.choice(nouns), rng.choice(nouns)
        text = f"{first}{second.lower()}" if rng.random() < 0.6 else f"{first} {second}"
        if text in seen:
            continue
        seen.add(text)
        concept = f"g{len(pairs)}"
        status = "deprecated" if rng.random() < 0.1 else "preferred"
        pairs.append(("general", Term(concept, "de", status, text, rng.choice(GENDERS))))
        if status == "deprecated":
            pairs.append(("general", Term(concept, "de", "preferred", text + "x", "f")))
    return Glossary.from_terms(pairs)


def naive_search(terms: list[str], text: str) -> int:
    found = 0
    for term in terms:
        found += len(regex.findall(rf"\b{regex.escape(term)}\b", text))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval", default=str(REPO.parent / "shared" / "eval"))
    parser.add_argument("--mb", type=float, default=2.0, help="text size in MB")
    parser.add_argument("--terms", type=int, default=20_000, help="generated glossary size")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    source = Path(args.eval) / "wmt" / "newstest2019.de-en.de"
    if not source.is_file():
        print(f"bench_glossary: {source} not found; skipped")
        return 0
    block = source.read_text(encoding="utf-8")
    text = block * max(1, int(args.mb * 1_000_000 / len(block.encode("utf-8"))))
    lines = text.split("\n")
    megabytes = len(text.encode("utf-8")) / 1_000_000

    real = load_glossary()
    start = time.perf_counter()
    real.match("", "de")
    real_build = time.perf_counter() - start
    start = time.perf_counter()
    big = generated_glossary(args.terms)
    big.match("", "de")
    big_build = time.perf_counter() - start
    real_forms = sum(len(real.forms(t)) for t in real.terms)
    big_forms = sum(len(big.forms(t)) for t in big.terms)

    def per_line(function: Callable[[str], object]) -> Callable[[], None]:
        def run() -> None:
            for line in lines:
                function(line)

        return run

    timings = {
        "baseline: regex word split": best_time(per_line(WORD.findall), args.repeat),
        f"match, shipped glossary ({len(real.terms)} terms, {real_forms} forms)": best_time(
            per_line(lambda line: real.match(line, "de")), args.repeat
        ),
        "apply, shipped glossary": best_time(
            per_line(lambda line: real.apply(line, "de")), args.repeat
        ),
        f"match, generated glossary ({len(big.terms)} terms, {big_forms} forms)": best_time(
            per_line(lambda line: big.match(line, "de")), args.repeat
        ),
        "apply, generated glossary": best_time(
            per_line(lambda line: big.apply(line, "de")), args.repeat
        ),
    }
    naive_terms = [t.text for t in big.terms[:500]]
    sample = "\n".join(lines[: max(1, len(lines) // 20)])
    naive = best_time(lambda: naive_search(naive_terms, sample), 1)
    naive_mb = len(sample.encode("utf-8")) / 1_000_000
    baseline = timings["baseline: regex word split"]
    print(f"text: {megabytes:.2f} MB, {len(lines)} lines (WMT newstest2019 de)")
    print(f"index build: shipped {real_build * 1000:.0f} ms, generated {big_build:.1f} s")
    print(f"{'what':<62} {'MB/s':>8} {'x baseline':>11}")
    for name, seconds in timings.items():
        print(f"{name:<62} {megabytes / seconds:8.2f} {seconds / baseline:11.2f}")
    naive_rate = naive_mb / naive
    print(
        f"{'naive loop over 500 terms (for scale)':<62} {naive_rate:8.2f} "
        f"{(naive_mb / naive_rate) / (baseline * naive_mb / megabytes):11.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
