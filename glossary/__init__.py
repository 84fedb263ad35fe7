"""mtnorm's German/English term base: concepts with sourced terms, matching and application.

Public API (the only part `normalize` uses)::

    import glossary
    terms = glossary.load_glossary()
    terms.match("des US-Energieministeriums", lang="de")   # [TermMatch(...)]
    terms.apply("zwei Exekutivbesetzungen", lang="de")     # ('zwei Exekutivanordnungen', [...])
"""

from __future__ import annotations

from .datafile import GlossaryFormatError
from .model import DOMAINS, STATUSES, Concept, Term, TermMatch, TermReplacement
from .termbase import Glossary, load_glossary

__all__ = [
    "DOMAINS",
    "STATUSES",
    "Concept",
    "Glossary",
    "GlossaryFormatError",
    "Term",
    "TermMatch",
    "TermReplacement",
    "load_glossary",
]
