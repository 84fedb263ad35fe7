"""Throughput of `clean_text` (all steps) against `ftfy.fix_text` alone, in one run.

Builds a few MB of seed-like text (the seed articles from --seeds, plus a few lines
with the artifacts mtnorm repairs), then times, on the same text in the same process:

* ``ftfy.fix_text`` with its default settings (the baseline),
* ``clean_text(..., steps=["repair"])`` (mtnorm's repair step alone),
* ``clean_text`` with all default steps (repair, typography, terms),

and prints MB/s for each and the ratio time(clean) / time(ftfy). The target is a
ratio ≤ 2 for the full clean. Best of --repeat runs.

    python bench/bench_clean.py [--seeds ../shared/seeds] [--mb 3] [--repeat 3] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
from pathlib import Path

import ftfy

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from timing import best_time  # noqa: E402

from normalize.clean import clean_text  # noqa: E402

#: Lines with the artifacts of machine-translated news, used when no seeds are found and
#: mixed into the seeds (about one line in twenty has something to repair).
ARTIFACT_LINES = (
    "Die Aktien der BergbaugesellschaftÂ stiegen um 12 % , berichtet [Reuters](#) .",
    "Die kongolesische Staatsfirma GÃ © camines unterzeichnete mit der DDR Kongo ein Abkommen.",
    "Der 10 - jährige Vertrag sieht Forschungs - und Entwicklungsfonds vor &amp; mehr.",
    "Die Exekutivbesetzung „Unleashing America 's Offshore Critical Minerals\" wurde erlassen.",
    "Preise f\u00c3\u00bcr Kobalt \u00e2\u20ac\u201c so H\u00c3\u00a4ndler \u2013 bleiben hoch.",
    "Roh\u00adstoff\u00adpreise\u200b steigen\u00a0\u00a0weiter.",
)


def build_text(seeds: Path, megabytes: float) -> str:
    lines: list[str] = []
    if seeds.is_dir():
        for path in sorted(seeds.glob("*.txt")):
            lines.extend(path.read_text(encoding="utf-8").split("\n"))
    base: list[str] = []
    for index, line in enumerate(lines or list(ARTIFACT_LINES) * 4):
        base.append(line)
        if index % 20 == 19:
            base.append(ARTIFACT_LINES[(index // 20) % len(ARTIFACT_LINES)])
    block = "\n".join(base) + "\n"
    copies = max(1, int(megabytes * 1_000_000 / len(block.encode("utf-8"))))
    return block * copies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seeds",
        default=str(REPO.parent / "shared" / "seeds"),
        help="folder of seed articles (default: ../shared/seeds)",
    )
    parser.add_argument("--mb", type=float, default=3.0, help="text size in MB (default 3)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lang", default="de", help="--lang for clean (default de)")
    parser.add_argument("--profile", action="store_true", help="profile the full clean")
    args = parser.parse_args()
    text = build_text(Path(args.seeds), args.mb)
    size = len(text.encode("utf-8")) / 1_000_000
    source = "seeds" if Path(args.seeds).is_dir() else "built-in lines (no seeds found)"
    print(f"text: {size:.2f} MB, {text.count(chr(10))} lines, from {source}")
    # Warm up: imports, word lists, glossary, regex caches.
    clean_text(text[:20_000], lang=args.lang)
    ftfy.fix_text(text[:20_000])
    runs = {
        "ftfy.fix_text": lambda: ftfy.fix_text(text),
        "clean --steps repair": lambda: clean_text(text, steps=["repair"], lang=args.lang),
        "clean (all steps)": lambda: clean_text(text, lang=args.lang),
    }
    times = {name: best_time(run, args.repeat) for name, run in runs.items()}
    baseline = times["ftfy.fix_text"]
    for name, seconds in times.items():
        print(
            f"{name:24s} {size / seconds:7.2f} MB/s  {seconds:6.2f} s  "
            f"ratio {seconds / baseline:5.2f}"
        )
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(clean_text, text, lang=args.lang)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
