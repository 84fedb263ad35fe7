"""Step `terms`: replace deprecated glossary terms with preferred ones (via `glossary`).

Placeholder being replaced by the full implementation.
"""

from __future__ import annotations

from .changes import Change
from .pipeline import FunctionStep, StepContext


def terms(text: str, context: StepContext) -> tuple[str, list[Change]]:
    return text, []


TERMS_STEP = FunctionStep("terms", terms)
