"""Language detection (placeholder being replaced by the full implementation)."""

from __future__ import annotations

from dataclasses import dataclass, field

from langdetect import DetectorFactory, LangDetectException, detect_langs

DetectorFactory.seed = 0


@dataclass(frozen=True)
class Detection:
    lang: str
    confidence: float
    candidates: dict[str, float] = field(default_factory=dict)


def detect(text: str, langs: list[str] | None = None) -> Detection:
    try:
        found = detect_langs(text)
    except LangDetectException:
        return Detection("und", 0.0, {})
    best = found[0]
    return Detection(best.lang, best.prob, {c.lang: c.prob for c in found})
