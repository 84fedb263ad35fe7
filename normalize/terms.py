"""Step `terms`: replace deprecated glossary terms with the preferred ones.

Uses only the glossary's public API (`glossary.load_glossary().apply`). Each
replacement becomes a `Change(rule="terms:<concept_id>", ...)`; flagged terms and
deprecated terms whose replacement would break German agreement are never changed.
Texts in languages the glossary has no terms for pass through unchanged.
"""

from __future__ import annotations

import glossary

from .changes import Change
from .pipeline import FunctionStep, StepContext

#: Languages the term base replaces terms in.
TERM_LANGUAGES: tuple[str, ...] = ("de", "en")


def terms(text: str, context: StepContext) -> tuple[str, list[Change]]:
    """Replace deprecated terms of the text's language, explaining each replacement.

    >>> text, changes = terms("Er unterzeichnete eine Exekutivbesetzung.", StepContext(lang="de"))
    >>> text
    'Er unterzeichnete eine Exekutivanordnung.'
    >>> [(c.rule, c.start, c.end, c.before, c.after) for c in changes]
    [('terms:executive_order', 23, 40, 'Exekutivbesetzung', 'Exekutivanordnung')]
    """
    if context.lang not in TERM_LANGUAGES:
        return text, []
    new_text, replacements = glossary.load_glossary().apply(text, lang=context.lang)
    changes = [
        Change(f"terms:{r.concept_id}", r.start, r.end, r.before, r.after) for r in replacements
    ]
    return new_text, changes


TERMS_STEP = FunctionStep("terms", terms)
