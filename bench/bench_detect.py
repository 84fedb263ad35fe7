"""Benchmark (and fit) language detection: accuracy and lines/s, engine by engine.

Usage (from the repository root)::

    python bench/bench_detect.py                 # lingua's test sets + our segment set
    python bench/bench_detect.py --fit           # refit normalize/data/detect_model.json

The benchmark reads lingua's language-ID test sets from ``EVAL/langid`` (sentences, word
pairs, single words; German and English) and reports, restricted to de,en, the accuracy
and lines/s of each evidence source alone (langdetect with a de/en prior map, lingua,
wordfreq) and of mtnorm's combination, with the ratio of lines/s to plain langdetect
run in the same process. It then reports per-category accuracy on
``tests/data/detect_segments.tsv`` with default options (all languages).

``--fit`` builds a development set from the WMT newstest2019 German and English
sentences (``EVAL/wmt``; disjoint from lingua's test sets): whole sentences, single
words and word pairs cut the way lingua's published test-data writer cuts them (running
text without punctuation and digits, lower-cased words of five or more letters, pairs of
consecutive such words), and short case-preserved stretches. It fits the logistic
combination of `normalize.detect.FEATURES` with the bias at 0, then sets the bias where
German and English single words are equally often right over the token distribution of
wordfreq's large word lists (every word of five or more letters, weighted by its
frequency): a multi-source sample of original text in both languages, where WMT's
English side is a translation of its German side. The test sets are never used for
fitting. Without the evaluation data the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import json
import math
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import regex

# the module, not the function `normalize.detect` that the package exports
detection = importlib.import_module("normalize.detect")
REPO = Path(__file__).resolve().parent.parent
KINDS = ("sentences", "word-pairs", "single-words")
ENGINES = ("langdetect", "lingua", "wordfreq", "combined")
SEGMENTS = REPO / "tests" / "data" / "detect_segments.tsv"
MODEL = REPO / "normalize" / "data" / "detect_model.json"
#: How many items of each kind the development set takes per language.
DEV_SIZES = {"sentences": 2000, "word-pairs": 3000, "single-words": 3000, "stretches": 2000}
#: L2 penalty of the fit (on every weight but the bias).
L2 = 1.0
#: Timed runs per engine and test file; the fastest counts (the machine is shared).
REPEAT = 3


def clear_caches() -> None:
    detection._detect_cached.cache_clear()


def timed_run(
    lines: Sequence[str], expected: str, engine: str, langs: str | None
) -> tuple[int, float]:
    """Right answers and seconds for one pass of one engine over `lines`.

    The per-text answer cache is cleared first; word-level caches stay warm, as in
    a long-running process.
    """
    clear_caches()
    started = time.perf_counter()
    right = sum(detection.detect(line, langs, engine=engine).lang == expected for line in lines)
    return right, time.perf_counter() - started


def bench_langid(eval_dir: Path, limit: int | None, langs: str | None) -> None:
    langid = eval_dir / "langid"
    shown = langs or "default (all languages)"
    print(f"lingua test sets ({langid}), candidates {shown}:")
    print(f"accuracy, lines/s (best of {REPEAT} interleaved runs) and ratio to langdetect")
    for engine in ENGINES:
        detection.warm_up(langs, engine=engine)  # load models before any clock starts
    print(f"{'set':<14}{'lang':<6}" + "".join(f"{engine:>26}" for engine in ENGINES))
    total_lines = 0
    total_seconds = dict.fromkeys(ENGINES, 0.0)
    for kind in KINDS:
        for lang in ("de", "en"):
            lines = (langid / kind / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
            lines = lines[:limit] if limit else lines
            best = dict.fromkeys(ENGINES, math.inf)
            right = dict.fromkeys(ENGINES, 0)
            for _ in range(REPEAT):  # interleaved, so load on the machine hits all alike
                for engine in ENGINES:
                    right[engine], seconds = timed_run(lines, lang, engine, langs)
                    best[engine] = min(best[engine], seconds)
            total_lines += len(lines)
            cells = []
            for engine in ENGINES:
                total_seconds[engine] += best[engine]
                speed = len(lines) / best[engine]
                ratio = best["langdetect"] / best[engine]
                cells.append(f"{right[engine] / len(lines):.3f} {speed:7.0f}/s ({ratio:4.1f}x)")
            print(f"{kind:<14}{lang:<6}" + "".join(f"{cell:>26}" for cell in cells))
    cells = [
        f"{total_lines / total_seconds[e]:7.0f}/s "
        f"({total_seconds['langdetect'] / total_seconds[e]:4.1f}x)"
        for e in ENGINES
    ]
    print(f"{'all lines':<20}" + "".join(f"{cell:>26}" for cell in cells))


def read_segments(path: Path) -> list[tuple[str, str, str]]:
    """(text, expected language, category) rows of the segment test set."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(row["text"], row["lang"], row["category"]) for row in rows]


def bench_segments(path: Path) -> None:
    rows = read_segments(path)
    print(f"\nsegment set {path.relative_to(REPO)} ({len(rows)} lines), default options")
    by_category: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for text, lang, category in rows:
        by_category[category].append((text, lang))
    print(f"{'category':<26}{'n':>5}" + "".join(f"{engine:>12}" for engine in ENGINES))
    totals = dict.fromkeys(ENGINES, 0)
    for category, items in sorted(by_category.items()):
        cells = []
        for engine in ENGINES:
            clear_caches()
            right = sum(detection.detect(text, engine=engine).lang == lang for text, lang in items)
            totals[engine] += right
            cells.append(f"{right / len(items):12.3f}")
        print(f"{category:<26}{len(items):>5}" + "".join(cells))
    print(f"{'all':<26}{len(rows):>5}" + "".join(f"{totals[e] / len(rows):12.3f}" for e in ENGINES))


# ---------------------------------------------------------------------------
# fitting


# lingua's test-data writer: punctuation and digits removed, split at spaces, lower-cased
# words kept when they hold a run of five letters
LINGUA_REMOVED_RE = regex.compile(r"[\p{P}\p{N}]")
LINGUA_WORD_RE = regex.compile(r"\p{L}{5,}")


def lingua_test_words(line: str) -> list[str]:
    """The running words lingua's test-data writer cuts from `line` for its
    single-word and word-pair sets.

    >>> lingua_test_words("Die G7-Verbündeten (2025) sagten: „Nein, nicht jetzt.“")
    ['gverbündeten', 'sagten', 'nicht', 'jetzt']
    """
    words = LINGUA_REMOVED_RE.sub("", line).lower().split()
    return [word for word in words if LINGUA_WORD_RE.search(word)]


def development_set(wmt_dir: Path, seed: int = 0) -> list[tuple[str, int]]:
    """(text, 1 for German / 0 for English) items cut from WMT newstest2019.

    newstest2019 de-en is German news translated into English, so the English side
    carries German words the translators copied (names, "Bundesliga"). An English
    item is left out when it has a word that also stands in the German source line
    and leans German in wordfreq: labelled English, it would teach the model that
    German-looking words are English.
    """
    rng = random.Random(seed)
    items: list[tuple[str, int]] = []
    lines = {
        lang: (wmt_dir / f"newstest2019.de-en.{lang}").read_text("utf-8").splitlines()
        for lang in ("de", "en")
    }
    source_words = [{w.lower() for w in detection.WORD_RE.findall(line)} for line in lines["de"]]

    def copied(word: str, index: int) -> bool:
        evidence = detection.word_evidence(word)
        return word.lower() in source_words[index] and evidence.ratio > 0

    for lang, label in (("de", 1), ("en", 0)):
        words_by_line = [detection.WORD_RE.findall(line) for line in lines[lang]]
        if lang == "en":
            words_by_line = [
                [w for w in words if not copied(w, index)]
                for index, words in enumerate(words_by_line)
            ]
            sentences = [
                line
                for index, line in enumerate(lines[lang])
                if not any(copied(w, index) for w in detection.WORD_RE.findall(line))
            ]
        else:
            sentences = lines[lang]
        running_words = [
            word
            for index, line in enumerate(lines[lang])
            for word in lingua_test_words(line)
            if lang == "de" or not copied(word, index)
        ]
        pairs = [" ".join(running_words[i : i + 2]) for i in range(0, len(running_words) - 1, 2)]
        stretches = []
        for words in words_by_line:
            if len(words) >= 2:
                size = rng.randint(1, min(5, len(words)))
                start = rng.randrange(len(words) - size + 1)
                stretches.append(" ".join(words[start : start + size]))
        picks = {
            "sentences": sentences,
            "word-pairs": pairs,
            "single-words": running_words,
            "stretches": stretches,
        }
        for kind, pool in picks.items():
            chosen = rng.sample(pool, min(DEV_SIZES[kind], len(pool)))
            items.extend((text, label) for text in chosen)
    return items


def fit_logistic(features: np.ndarray, labels: np.ndarray, l2: float = L2) -> np.ndarray:
    """L2-penalised logistic regression with non-negative weights (Newton, active set).

    Every feature points the same way (positive = German), so a negative weight would
    only be an artefact of correlated features, and one that turns overwhelming German
    evidence into English on long text; such features are dropped and the rest refitted.
    Column 0 (the bias) stays 0: German and English get the same prior, so the answer
    never leans to one language just because the development set did.
    """
    active = np.ones(features.shape[1], dtype=bool)
    active[0] = False
    while True:
        weights = np.zeros(features.shape[1])
        weights[active] = _newton(features[:, active], labels, l2)
        negative = active & (weights < 0)
        if not negative.any():
            return weights
        active &= ~negative


def _newton(features: np.ndarray, labels: np.ndarray, l2: float) -> np.ndarray:
    weights = np.zeros(features.shape[1])
    penalty = np.full(features.shape[1], l2)
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(features @ weights)))
        gradient = features.T @ (p - labels) + penalty * weights
        hessian = (features * (p * (1 - p))[:, None]).T @ features + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-8:
            break
    return weights


def equal_error_bias(
    scores: np.ndarray, labels: np.ndarray, weights: np.ndarray | None = None
) -> float:
    """The bias at which German and English items are equally often right (each item
    counted with its weight, 1 by default).

    The goal is a figure for each language, so the operating point balances them.
    """
    if weights is None:
        weights = np.ones_like(scores)
    german, english = labels > 0.5, labels < 0.5
    grid = np.arange(-1.0, 1.0001, 0.01)
    gaps = [
        abs(
            right_share(scores + b > 0, weights, german)
            - right_share(scores + b <= 0, weights, english)
        )
        for b in grid
    ]
    return round(float(grid[int(np.argmin(gaps))]), 2)


def right_share(right: np.ndarray, weights: np.ndarray, members: np.ndarray) -> float:
    return float((weights * right)[members].sum() / weights[members].sum())


def wordfreq_single_words() -> tuple[list[str], np.ndarray, np.ndarray]:
    """Every word of five or more letters in wordfreq's large German and English lists:
    (words, 1 for German / 0 for English, frequency in that language).

    Weighted by frequency they are single words drawn from running text the way
    lingua's test sets draw them, from wordfreq's many sources of original text.
    """
    import wordfreq

    words: list[str] = []
    labels: list[int] = []
    frequencies: list[float] = []
    for lang, label in (("de", 1), ("en", 0)):
        for word in wordfreq.iter_wordlist(lang, "large"):
            if LINGUA_WORD_RE.fullmatch(word):
                words.append(word)
                labels.append(label)
                frequencies.append(wordfreq.word_frequency(word, lang, "large"))
    return words, np.array(labels, dtype=float), np.array(frequencies)


def fit(eval_dir: Path, write: bool) -> None:
    items = development_set(eval_dir / "wmt")
    rng = random.Random(1)
    rng.shuffle(items)
    cut = len(items) * 4 // 5
    train, held = items[:cut], items[cut:]

    def matrix(rows: Sequence[tuple[str, int]]) -> tuple[np.ndarray, np.ndarray]:
        x = np.array([detection.german_english_features(text) for text, _ in rows])
        y = np.array([label for _, label in rows], dtype=float)
        return x, y

    started = time.perf_counter()
    x_train, y_train = matrix(train)
    x_held, y_held = matrix(held)
    print(f"features for {len(items)} dev items in {time.perf_counter() - started:.1f}s")
    weights = fit_logistic(x_train, y_train)
    held_accuracy = float((((x_held @ weights) > 0) == (y_held > 0.5)).mean())
    print(f"held-out part of the dev set (20%): accuracy {held_accuracy:.4f}")
    for name, weight in zip(detection.FEATURES, weights, strict=False):
        print(f"  {name:<16}{weight:+.4f}")
    x_all, y_all = np.vstack([x_train, x_held]), np.concatenate([y_train, y_held])
    weights = fit_logistic(x_all, y_all)
    started = time.perf_counter()
    words, labels, frequencies = wordfreq_single_words()
    x_words = np.array([detection.german_english_features(word) for word in words])
    print(f"features for {len(words)} wordfreq words in {time.perf_counter() - started:.1f}s")
    weights[0] = equal_error_bias(x_words @ weights, labels, frequencies)
    scores = x_words @ weights
    german_right = right_share(scores > 0, frequencies, labels > 0.5)
    english_right = right_share(scores <= 0, frequencies, labels < 0.5)
    single = np.array([len(text.split()) == 1 and text.islower() for text, _ in train + held])
    dev_scores, dev_labels = x_all[single] @ weights, y_all[single]
    dev_german = float((dev_scores > 0)[dev_labels > 0.5].mean())
    dev_english = float((dev_scores <= 0)[dev_labels < 0.5].mean())
    print(
        f"bias {weights[0]:+.2f}: wordfreq single words right, de {german_right:.3f}, "
        f"en {english_right:.3f}; WMT single words de {dev_german:.3f}, en {dev_english:.3f}"
    )
    if write:
        model = {
            "about": "Weights of normalize.detect's German/English logistic combination "
            "(feature name -> weight; see normalize.detect.FEATURES). Fitted by "
            "bench/bench_detect.py --fit on segments cut from WMT newstest2019 de/en "
            "(sentences, single words and word pairs cut as lingua's test-data writer "
            f"cuts them, short stretches), weights non-negative, L2={L2}, fitted with "
            f"the bias at 0; accuracy on a held-out 20% of that set: {held_accuracy:.4f}. "
            "The bias is then set where German and English single words (five or more "
            "letters) are equally often right over wordfreq's large word lists weighted "
            f"by frequency ({german_right:.3f} / {english_right:.3f}; WMT single words "
            f"{dev_german:.3f} / {dev_english:.3f}).",
            "weights": {
                name: round(float(weight), 4)
                for name, weight in zip(detection.FEATURES, weights, strict=False)
            },
        }
        MODEL.write_text(json.dumps(model, indent=2, ensure_ascii=False) + "\n", "utf-8")
        print(f"wrote {MODEL.relative_to(REPO)}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--eval", default=str(REPO.parent / "shared" / "eval"), help="evaluation data folder"
    )
    parser.add_argument("--fit", action="store_true", help="refit the de/en weights")
    parser.add_argument("--dry-run", action="store_true", help="with --fit: do not write")
    parser.add_argument("--limit", type=int, help="use only the first N lines of each test set")
    parser.add_argument(
        "--langs",
        default="de,en",
        help="candidates for lingua's test sets (default de,en; 'default' = all languages)",
    )
    parser.add_argument("--segments", default=str(SEGMENTS), help="segment test set (TSV)")
    args = parser.parse_args(argv)
    eval_dir = Path(args.eval)
    tasks: list[Callable[[], None]] = []
    if args.fit:
        if not (eval_dir / "wmt").is_dir():
            print(f"skipped: no development data in {eval_dir / 'wmt'}")
            return 0
        tasks.append(lambda: fit(eval_dir, not args.dry_run))
    else:
        if (eval_dir / "langid").is_dir():
            langs = None if args.langs == "default" else args.langs
            tasks.append(lambda: bench_langid(eval_dir, args.limit, langs))
        else:
            print(f"skipped lingua's test sets: {eval_dir / 'langid'} not found")
        if Path(args.segments).is_file():
            tasks.append(lambda: bench_segments(Path(args.segments)))
    for task in tasks:
        task()
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
