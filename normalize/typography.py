"""Step `typography`: MT typography clean-up (spaced hyphens, dashes, quotes, spacing).

Placeholder being replaced by the full implementation.
"""

from __future__ import annotations

from .changes import Change
from .pipeline import FunctionStep, StepContext


def typography(text: str, context: StepContext) -> tuple[str, list[Change]]:
    return text, []


TYPOGRAPHY_STEP = FunctionStep("typography", typography)
