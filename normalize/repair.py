"""Step `repair`: encoding repair (mojibake, spaced mojibake) and invisible debris.

Placeholder being replaced by the full implementation.
"""

from __future__ import annotations

import ftfy

from .changes import Change, apply_fixers
from .pipeline import FunctionStep, StepContext

_FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, explain=False)


def fix_known_mojibake(text: str) -> str:
    """ftfy with German-safe settings.

    >>> fix_known_mojibake("franzÃ¶sische")
    'französische'
    """
    return ftfy.fix_text(text, _FTFY_CONFIG)


def repair(text: str, context: StepContext) -> tuple[str, list[Change]]:
    return apply_fixers(text, [("ftfy", fix_known_mojibake)])


REPAIR_STEP = FunctionStep("repair", repair)
