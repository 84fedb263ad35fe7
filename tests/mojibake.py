"""Spaced mojibake as MT tokenizers make it, for the tests and bench/eval_ftfy_cases.py."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)


def _pieces(char: str) -> list[str]:
    return list(char.encode("utf-8").decode("sloppy-windows-1252"))


#: How tokenizers space the pieces of one broken character (list of cp1252 chars).
SPACING_STYLES: dict[str, Callable[[list[str]], str]] = {
    "plain": lambda p: "".join(p),  # no spaces: ordinary mojibake
    "inside": lambda p: " ".join(p),  # `Ã ¼`
    "after": lambda p: "".join(p) + " ",  # `Ã¼ ber`
    "symbols": lambda p: "".join(c if c.isalnum() else f" {c} " for c in p),  # `GÃ © camines`
    "around": lambda p: " " + " ".join(p) + " ",  # `franz Ã ¶ sische`
}


def spaced_mojibake(sentence: str, style: str, chooser: random.Random | None = None) -> str:
    """`sentence` as UTF-8 read as Windows-1252, its pieces spaced as `style` says
    ("mixed": a style per character, drawn from `chooser`, by default seeded by the
    sentence); NBSP bytes become spaces and space runs collapse, as in tokenized MT output.

    >>> spaced_mojibake("Gécamines", "symbols")
    'GÃ © camines'
    """
    if chooser is None:
        chooser = random.Random(sentence)

    def spacing(char: str) -> str:
        name = chooser.choice(sorted(SPACING_STYLES)) if style == "mixed" else style
        return SPACING_STYLES[name](_pieces(char))

    broken = "".join(spacing(char) if ord(char) > 127 else char for char in sentence)
    return re.sub(" {2,}", " ", broken.replace("\xa0", " ")).strip()


def same_words(a: str, b: str) -> bool:
    """Equal up to spaces around quotes and before punctuation (the typography step's business)."""

    def squeeze(text: str) -> str:
        return re.sub(r"\s*([„“”‚‘«»])\s*", r"\1", re.sub(r" ([.,;:!?])", r"\1", text))

    return squeeze(a) == squeeze(b)
