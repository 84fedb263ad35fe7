"""Compare sentence segmenters: boundary precision/recall/F1 and throughput.

Segmenters: mtnorm's `segment_text`, SoMaJo, pySBD and sentencex, all run in this
process on the same paragraphs. Each one's sentences are aligned back to character
offsets in the paragraph; a boundary is the end offset of every sentence but the last.

Data sets:
* the hand-segmented gold sets in tests/data/segment_gold_{de,en}.jsonl;
* WMT newstest2019 news sentences and lingua's language-ID test sentences (web text),
  from --eval-dir (default ../shared/eval relative to the repo root): consecutive
  lines joined into paragraphs of --join lines; the joins are the boundaries. Only
  lines that end in sentence punctuation are used, since a joined headline has no
  detectable boundary. A line may hold two sentences, so precision there is a lower
  bound. Skipped with a note when the folder is missing.

Throughput is paragraphs per second on the gold and WMT paragraphs together (best of
three runs, after a warm-up: every model is loaded before timing), with the ratio to
the fastest segmenter.

    python bench/eval_segment.py [--lang de|en|all] [--eval-dir DIR] [--join 4]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from normalize.segment import segment_text  # noqa: E402

#: A segmenter: (paragraph, lang) -> sentence end offsets (internal boundaries only).
Segmenter = Callable[[str, str], list[int]]

# A joined WMT line must end like a sentence: punctuation, maybe a closing quote.
_SENTENCE_END = (".", "!", "?", '."', '?"', '!"', ".“", "?“", "!“", ".”", "?”", "!”", ".»")


@dataclass(frozen=True)
class Paragraph:
    text: str
    boundaries: frozenset[int]


@dataclass
class Scores:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    def add(self, gold: Iterable[int], found: Iterable[int]) -> None:
        gold_set, found_set = set(gold), set(found)
        self.true_positive += len(gold_set & found_set)
        self.false_positive += len(found_set - gold_set)
        self.false_negative += len(gold_set - found_set)

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        gold = self.true_positive + self.false_negative
        return self.true_positive / gold if gold else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def align(paragraph: str, sentences: Sequence[str]) -> list[int]:
    """End offsets in `paragraph` of `sentences` (their text in order, spacing may differ),
    without the last one.

    >>> align("Ja. Nein. Gut.", ["Ja.", "Nein.", "Gut."])
    [3, 9]
    """
    ends: list[int] = []
    position = 0
    for sentence in sentences:
        position = _match_end(paragraph, position, sentence)
        ends.append(position)
    return [end for end in ends[:-1] if end < len(paragraph.rstrip())]


def _match_end(paragraph: str, position: int, sentence: str) -> int:
    """Where `sentence`, compared without whitespace, ends in `paragraph` from `position`."""
    for char in sentence:
        if char.isspace():
            continue
        while position < len(paragraph) and paragraph[position] != char:
            position += 1
        position += 1
    return min(position, len(paragraph))


def gold_boundaries(paragraph: str, sentences: Sequence[str]) -> frozenset[int]:
    return frozenset(align(paragraph, sentences))


def load_gold(path: Path) -> list[Paragraph]:
    paragraphs = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            paragraphs.append(
                Paragraph(record["text"], gold_boundaries(record["text"], record["sentences"]))
            )
    return paragraphs


def load_joined(path: Path, join: int) -> list[Paragraph] | None:
    """Paragraphs of `join` consecutive one-sentence lines of `path` (None if missing)."""
    if not path.is_file():
        return None
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    usable = [line for line in lines if line.endswith(_SENTENCE_END)]
    paragraphs = []
    for index in range(0, len(usable) - join + 1, join):
        group = usable[index : index + join]
        paragraphs.append(Paragraph(" ".join(group), gold_boundaries(" ".join(group), group)))
    return paragraphs


def mtnorm_segmenter(paragraph: str, lang: str) -> list[int]:
    sentences = segment_text(paragraph, lang)
    return [sentence.end for sentence in sentences[:-1]]


def build_segmenters() -> dict[str, Segmenter]:
    """All segmenters that are installed, each loaded once."""
    segmenters: dict[str, Segmenter] = {"mtnorm": mtnorm_segmenter}
    try:
        from somajo import SoMaJo

        somajo_models = {"de": SoMaJo("de_CMC"), "en": SoMaJo("en_PTB")}

        def somajo_segmenter(paragraph: str, lang: str) -> list[int]:
            model = somajo_models.get(lang, somajo_models["en"])
            sentences = [
                " ".join(token.text for token in sentence)
                for sentence in model.tokenize_text([paragraph])
            ]
            return align(paragraph, sentences)

        segmenters["somajo"] = somajo_segmenter
    except ImportError:
        pass
    try:
        import pysbd

        pysbd_models = {lang: pysbd.Segmenter(language=lang, clean=False) for lang in ("de", "en")}

        def pysbd_segmenter(paragraph: str, lang: str) -> list[int]:
            model = pysbd_models.get(lang, pysbd_models["en"])
            return align(paragraph, model.segment(paragraph))

        segmenters["pysbd"] = pysbd_segmenter
    except ImportError:
        pass
    try:
        import sentencex

        def sentencex_segmenter(paragraph: str, lang: str) -> list[int]:
            return align(paragraph, list(sentencex.segment(lang, paragraph)))

        segmenters["sentencex"] = sentencex_segmenter
    except ImportError:
        pass
    return segmenters


def evaluate(segmenter: Segmenter, paragraphs: Sequence[Paragraph], lang: str) -> Scores:
    scores = Scores()
    for paragraph in paragraphs:
        scores.add(paragraph.boundaries, segmenter(paragraph.text, lang))
    return scores


def errors(
    segmenter: Segmenter, paragraphs: Sequence[Paragraph], lang: str
) -> Iterable[tuple[str, str]]:
    """(kind, context) for each wrong boundary: missed or spurious."""
    for paragraph in paragraphs:
        found = set(segmenter(paragraph.text, lang))
        for kind, offsets in (
            ("missed", paragraph.boundaries - found),
            ("spurious", found - paragraph.boundaries),
        ):
            for offset in sorted(offsets):
                text = paragraph.text
                yield kind, f"{text[max(0, offset - 40) : offset]}‖{text[offset : offset + 30]}"


def throughput(
    segmenter: Segmenter, paragraphs: Sequence[Paragraph], lang: str, repeats: int = 3
) -> float:
    """Paragraphs per second, the best of `repeats` runs (the least disturbed one)."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        for paragraph in paragraphs:
            segmenter(paragraph.text, lang)
        best = min(best, time.perf_counter() - started)
    return len(paragraphs) / best if best else float("inf")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", choices=("de", "en", "all"), default="all")
    parser.add_argument("--eval-dir", type=Path, default=REPO.parent / "shared" / "eval")
    parser.add_argument("--join", type=int, default=4, help="WMT sentences per paragraph")
    parser.add_argument("--errors", metavar="NAME", help="list the errors of this segmenter")
    args = parser.parse_args(argv)
    segmenters = build_segmenters()
    langs = ("de", "en") if args.lang == "all" else (args.lang,)
    for lang in langs:
        sets = {"gold": load_gold(REPO / "tests" / "data" / f"segment_gold_{lang}.jsonl")}
        joined_sets = {
            "wmt19": args.eval_dir / "wmt" / f"newstest2019.de-en.{lang}",
            "lingua": args.eval_dir / "langid" / "sentences" / f"{lang}.txt",
        }
        for set_name, path in joined_sets.items():
            joined = load_joined(path, args.join)
            if joined is None:
                print(f"[{lang}] {path} not found; skipping {set_name}")
            else:
                sets[f"{set_name}x{args.join}"] = joined
        for set_name, paragraphs in sets.items():
            gold_count = sum(len(p.boundaries) for p in paragraphs)
            print(f"\n[{lang}] {set_name}: {len(paragraphs)} paragraphs, {gold_count} boundaries")
            print(f"  {'segmenter':<10} {'precision':>9} {'recall':>7} {'F1':>7}")
            for name, segmenter in segmenters.items():
                scores = evaluate(segmenter, paragraphs, lang)
                print(f"  {name:<10} {scores.precision:9.4f} {scores.recall:7.4f} {scores.f1:7.4f}")
                if name == args.errors:
                    for kind, context in errors(segmenter, paragraphs, lang):
                        print(f"      {kind:<8} {context}")
        everything = [p for paragraphs in sets.values() for p in paragraphs]
        rates = {name: throughput(seg, everything, lang) for name, seg in segmenters.items()}
        fastest = max(rates.values())
        print(f"\n[{lang}] throughput on {len(everything)} paragraphs (ratio to the fastest)")
        for name, rate in rates.items():
            print(f"  {name:<10} {rate:10.0f} paragraphs/s  {rate / fastest:6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
