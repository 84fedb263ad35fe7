"""Keep glossary terms, numbers, dates, URLs and codes right through machine translation.

`protect` replaces each such span of a sentence by a placeholder token (`XQ1`,
`XQ2`, …) and remembers what must come out in its place: the glossary's target
term, or the number/date rendered in the target locale (`7,5` → `7.5`,
`1.000` → `1,000`, `92 %` → `92%`, `20. Januar 2025` → `January 20, 2025`, and
back for en→de). `restore` puts them back and returns None when the model dropped,
duplicated or mangled a placeholder; the caller then translates the plain
sentence and `localize` fixes what it can in that output. No placeholder ever
reaches the user.

Number rules (the separators of each language are in `data/translate_locales.json`):
a dot followed by exactly three digits, repeated, is a German thousands separator
(`1.000`, `12.500.000`); a German comma is a decimal comma. In an English-language
source the roles swap. A number written the other language's way (`1,000` in a
German text, an MT artifact) is read that way when its shape is unambiguous. Digits
are never regrouped: only the separators change. Things with several different
separators in odd places (`1.2.3`, `20.01.2025`) are codes and are kept verbatim.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Any, Protocol

import regex

#: Placeholders look like `XQ1`: short, letters-and-digits, not German or English words.
PLACEHOLDER_PREFIX = "XQ"
PLACEHOLDER_PATTERN = regex.compile(r"XQ(\d+)")
# What is left of a placeholder a model split or changed ("XQ 1", "xq1", "X Q1").
PLACEHOLDER_RESIDUE = regex.compile(r"(?i)(?<![^\W\d_])x\s?q(?![^\W\d_])")

# A number: digits with inner separators. Letters may not touch it on the left (that is
# a code such as "EO14017", handled by CODE).
NUMBER = regex.compile(r"(?<![\p{L}\d.,])\d+(?:[.,]\d+)*(?![\d]|[.,]\d)")
# A number with a percent sign, optionally separated by (no-break) space.
PERCENT = regex.compile(
    r"(?<![\p{L}\d.,])(\d+(?:[.,]\d+)*)([\u0020\u00a0\u202f]?)%"
)
URL = regex.compile(r"\b(?:https?://|www\.)[^\s<>\"“”„]+[^\s<>\"“”„.,;:!?)\]']")
EMAIL = regex.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# Letters and digits in one token (COVID-19, EO 14017 is two tokens, B2B, HS-2612, CO2).
CODE = regex.compile(
    r"(?<![\w-])(?=[\w/-]*\d)(?=[\w/-]*\p{L})[\p{L}\d]+(?:[-/][\p{L}\d]+)*(?![\w-])"
)
# Purely numeric dates and version numbers: kept as they are.
NUMERIC_CODE = regex.compile(r"(?<![\w.])\d+(?:\.\d+){2,}(?![\w]|\.\d)|\b\d{1,2}/\d{1,2}/\d{2,4}\b")


def is_code(token: str) -> bool:
    """True for identifiers such as COVID-19, CO2, B2B, F-35; false for 10-jähriger.

    Every hyphen/slash part must be digits, upper case, or mix letters and digits:
    a lower-case word part makes it a compound the model must translate.

    >>> [is_code(t) for t in ("COVID-19", "CO2", "HS-2612", "10-jähriger", "100-Milliarden")]
    [True, True, True, False, False]
    """
    parts = regex.split(r"[-/]", token)
    return all(
        part.isdigit()
        or part.isupper()
        or (any(c.isdigit() for c in part) and any(c.isalpha() for c in part))
        for part in parts
    )


class TermMatchLike(Protocol):
    """What `protect` reads from a glossary match (see `glossary.TermMatch`)."""

    start: int
    end: int
    text: str
    concept_id: str
    do_not_translate: bool


class GlossaryLike(Protocol):
    def match(self, text: str, lang: str | None = None) -> Sequence[Any]: ...


@dataclass(frozen=True)
class Protected:
    """A span of the source that must come out as `target` in the translation."""

    kind: str  # "term", "url", "email", "date", "percent", "number", "code"
    start: int
    end: int
    source: str
    target: str
    concept_id: str | None = None


@dataclass(frozen=True)
class ProtectedText:
    """A sentence with placeholders; `spans[i]` is behind placeholder `XQ{i+1}`."""

    original: str
    text: str
    spans: tuple[Protected, ...]
    source_lang: str = "de"
    target_lang: str = "en"

    def placeholder(self, index: int) -> str:
        return f"{PLACEHOLDER_PREFIX}{index + 1}"


@cache
def locales() -> dict[str, dict[str, Any]]:
    """Number and date conventions per language (from `data/translate_locales.json`)."""
    text = resources.files("normalize").joinpath("data/translate_locales.json").read_text("utf-8")
    table = json.loads(text)
    table.pop("_doc", None)
    return dict(table)


def _locale(lang: str) -> dict[str, Any]:
    return locales().get(lang, locales()["en"])


def _separator_roles(token: str, lang: str) -> tuple[str, str] | None:
    """(group, decimal) separators used in `token` read as `lang`, or None if not a number."""
    de_style = regex.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+", token)
    en_style = regex.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+", token)
    if regex.fullmatch(r"\d+", token):
        return ("", "")
    own = _locale(lang)
    if de_style and en_style:
        # "1.000" or "1,000": ambiguous by shape, so the text's language decides.
        return (own["group"], own["decimal"])
    if de_style:
        return (".", ",")
    if en_style:
        return (",", ".")
    return None


def written_for(token: str, lang: str) -> bool:
    """False if `token` can only be a number in the other locale's convention.

    >>> written_for("7,5", "en"), written_for("7.5", "en"), written_for("1.000", "en")
    (False, True, True)
    """
    roles = _separator_roles(token, lang)
    if roles is None or roles == ("", ""):
        return True
    own = _locale(lang)
    group, decimal = roles
    return (not group or group == own["group"]) and (not decimal or decimal == own["decimal"])


def parse_number(token: str, lang: str) -> Decimal | None:
    """The value of a number written in `lang`'s conventions (or unambiguously the other's).

    >>> parse_number("1.000", "de"), parse_number("7,5", "de"), parse_number("1,000", "en")
    (Decimal('1000'), Decimal('7.5'), Decimal('1000'))
    >>> parse_number("1.2.3", "de") is None
    True
    """
    roles = _separator_roles(token, lang)
    if roles is None:
        return None
    group, decimal = roles
    plain = token.replace(group, "") if group else token
    if decimal:
        plain = plain.replace(decimal, ".")
    try:
        return Decimal(plain)
    except InvalidOperation:
        return None


def convert_number(token: str, source_lang: str, target_lang: str) -> str:
    """Write the number `token` with `target_lang`'s separators, keeping every digit.

    >>> convert_number("7,5", "de", "en"), convert_number("1.000", "de", "en")
    ('7.5', '1,000')
    >>> convert_number("12,500.75", "en", "de"), convert_number("2025", "de", "en")
    ('12.500,75', '2025')
    """
    roles = _separator_roles(token, source_lang)
    if roles is None or roles == ("", ""):
        return token
    group, decimal = roles
    target = _locale(target_lang)
    out = []
    for char in token:
        if group and char == group:
            out.append(target["group"])
        elif decimal and char == decimal:
            out.append(target["decimal"])
        else:
            out.append(char)
    return "".join(out)


def convert_percent(number: str, source_lang: str, target_lang: str) -> str:
    """A percentage in the target locale's form.

    >>> convert_percent("92", "de", "en"), convert_percent("7.5", "en", "de")
    ('92%', '7,5 %')
    """
    return convert_number(number, source_lang, target_lang) + _locale(target_lang)["percent"]


@cache
def _month_table(lang: str) -> dict[str, int]:
    locale = _locale(lang)
    table = {name: index + 1 for index, name in enumerate(locale["months"])}
    table.update(locale.get("month_aliases", {}))
    return table


@cache
def _date_patterns(lang: str) -> tuple[regex.Pattern[str], ...]:
    names = "|".join(
        regex.escape(name) for name in sorted(_month_table(lang), key=len, reverse=True)
    )
    day_first = regex.compile(
        rf"(?<![\w.])(?P<day>[0-3]?\d)\.?\s+(?P<month>{names})(?![\w])(?:\s+(?P<year>\d{{4}})(?!\d))?"
    )
    month_first = regex.compile(
        rf"(?<![\w.])(?P<month>{names})(?![\w])\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
        rf"(?:,?\s+(?P<year>\d{{4}})(?!\d))?"
    )
    return (day_first, month_first) if lang == "de" else (month_first, day_first)


def _render_date(day: int, month: int, year: str | None, lang: str) -> str:
    locale = _locale(lang)
    template = locale["date"] if year else locale["date_no_year"]
    return str(template.format(day=day, month=locale["months"][month - 1], year=year))


def convert_dates(text: str, source_lang: str, target_lang: str) -> list[Protected]:
    """Dates with a month name, each rendered in the target language.

    >>> [d.target for d in convert_dates("am 20. Januar 2025 und 4. Februar", "de", "en")]
    ['January 20, 2025', 'February 4']
    """
    found: list[Protected] = []
    taken: list[tuple[int, int]] = []
    months = _month_table(source_lang)
    for pattern in _date_patterns(source_lang):
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            day = int(match["day"])
            if not 1 <= day <= 31:
                continue
            target = _render_date(day, months[match["month"]], match["year"], target_lang)
            found.append(Protected("date", match.start(), match.end(), match[0], target))
            taken.append((match.start(), match.end()))
    return found


def _glossary_spans(
    text: str, source_lang: str, target_lang: str, glossary: GlossaryLike | None
) -> list[Protected]:
    if glossary is None:
        return []
    spans = []
    for match in glossary.match(text, lang=source_lang):
        if getattr(match, "status", "") == "flagged" or getattr(match, "in_compound", False):
            # Flagged terms are suspicious readings (Bundesland for US federal land): never
            # force their concept's term into a translation; compound parts aren't whole terms.
            continue
        preferred = getattr(match, target_lang, None)
        if match.do_not_translate:
            target = match.text  # EXIM stays EXIM, whatever the concept's long form
        elif preferred:
            target = preferred
        else:
            continue  # no target term to insist on: the model translates it
        spans.append(
            Protected("term", match.start, match.end, match.text, target, match.concept_id)
        )
    return spans


def find_protected(
    text: str,
    source_lang: str,
    target_lang: str,
    glossary: GlossaryLike | None = None,
    plain_integers: bool = False,
) -> list[Protected]:
    """Spans of `text` to protect, non-overlapping, in text order.

    Earlier kinds win overlaps: glossary terms, URLs, e-mail addresses, dates,
    numeric codes, percentages, letter-digit codes, numbers. Integers without
    separators (`2025`, `355`) read the same in both locales and models copy them,
    so they are only protected with `plain_integers=True`: fewer placeholders
    disturb the model less, and QA still checks their values.

    >>> [(p.kind, p.target) for p in find_protected("Um 7,5 % auf 1.000 t (CO2)", "de", "en")]
    [('percent', '7.5%'), ('number', '1,000'), ('code', 'CO2')]
    """
    candidates: list[Protected] = []
    candidates += _glossary_spans(text, source_lang, target_lang, glossary)
    for kind, pattern in (("url", URL), ("email", EMAIL)):
        candidates += [Protected(kind, m.start(), m.end(), m[0], m[0])
                       for m in pattern.finditer(text)]
    candidates += convert_dates(text, source_lang, target_lang)
    candidates += [
        Protected("code", m.start(), m.end(), m[0], m[0]) for m in NUMERIC_CODE.finditer(text)
    ]
    candidates += [
        Protected(
            "percent", m.start(), m.end(), m[0], convert_percent(m[1], source_lang, target_lang)
        )
        for m in PERCENT.finditer(text)
        if parse_number(m[1], source_lang) is not None
    ]
    candidates += [
        Protected("code", m.start(), m.end(), m[0], m[0])
        for m in CODE.finditer(text)
        if is_code(m[0])
    ]
    candidates += [
        Protected(
            "number", m.start(), m.end(), m[0], convert_number(m[0], source_lang, target_lang)
        )
        for m in NUMBER.finditer(text)
        if parse_number(m[0], source_lang) is not None and (plain_integers or not m[0].isdigit())
    ]
    chosen: list[Protected] = []
    for span in candidates:  # in priority order
        if all(span.end <= other.start or other.end <= span.start for other in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda span: span.start)


def protect(
    text: str,
    source_lang: str,
    target_lang: str,
    glossary: GlossaryLike | None = None,
) -> ProtectedText:
    """Replace protected spans by placeholders.

    A sentence that already contains something placeholder-like is left as it is
    (no spans), so a literal "XQ1" in the input can never be mistaken for one.

    >>> protected = protect("Der Umsatz stieg um 7,5 % auf 1.000 Euro.", "de", "en")
    >>> protected.text
    'Der Umsatz stieg um XQ1 auf XQ2 Euro.'
    >>> [span.target for span in protected.spans]
    ['7.5%', '1,000']
    """
    if PLACEHOLDER_RESIDUE.search(text):
        return ProtectedText(text, text, (), source_lang, target_lang)
    spans = [
        span
        for span in find_protected(text, source_lang, target_lang, glossary)
        # "XQ1" directly before a digit would read as another placeholder ("XQ10").
        if not text[span.end : span.end + 1].isdigit()
    ]
    parts = []
    position = 0
    for index, span in enumerate(spans):
        parts.append(text[position : span.start])
        parts.append(f"{PLACEHOLDER_PREFIX}{index + 1}")
        position = span.end
    parts.append(text[position:])
    return ProtectedText(text, "".join(parts), tuple(spans), source_lang, target_lang)


def restore(translation: str, protected: ProtectedText) -> str | None:
    """Put the protected targets back; None if any placeholder was lost, doubled or mangled.

    >>> protected = protect("Der Umsatz stieg um 7,5 %.", "de", "en")
    >>> restore("Revenue rose by XQ1.", protected)
    'Revenue rose by 7.5%.'
    >>> restore("Revenue rose by XQ1 XQ1.", protected) is None
    True
    >>> restore("Revenue rose by X Q1.", protected) is None
    True
    """
    if not protected.spans:
        return translation  # nothing was replaced (a literal "XQ1" in the input stays)
    found = [int(m[1]) for m in PLACEHOLDER_PATTERN.finditer(translation)]
    if sorted(found) != list(range(1, len(protected.spans) + 1)):
        return None

    def target(match: regex.Match[str]) -> str:
        return protected.spans[int(match[1]) - 1].target

    restored = PLACEHOLDER_PATTERN.sub(target, translation)
    if PLACEHOLDER_RESIDUE.search(restored) and not PLACEHOLDER_RESIDUE.search(
        " ".join(span.target for span in protected.spans)
    ):
        return None
    return restored


def localize(translation: str, protected: ProtectedText) -> str:
    """Fix a plain (unprotected) translation: source-locale numbers, dates, terms left as is.

    Each protected span whose source form appears verbatim in the output (the model
    copied it) is replaced by its target form. Then each remaining number that only
    has a source value when read the source locale's way (`1.000` for 1000 in English
    output) is rewritten in the target locale, and a percent sign gets the target
    spacing.

    >>> protected = protect("Die Quote lag bei 7,5 % und 1.000 Tonnen.", "de", "en")
    >>> localize("The rate was 7,5 % and 1.000 tonnes.", protected)
    'The rate was 7.5% and 1,000 tonnes.'
    >>> localize("The rate was 7,5 percent, or 7,5 %, and 1.000 tonnes.", protected)
    'The rate was 7.5 percent, or 7.5%, and 1,000 tonnes.'
    """
    result = translation
    for span in sorted(protected.spans, key=lambda s: len(s.source), reverse=True):
        if span.source == span.target:
            continue
        pattern = regex.compile(rf"(?<![\w.,]){regex.escape(span.source)}(?![\w]|[.,]\d)")
        result = pattern.sub(lambda _match, new=span.target: new, result)
    source, target = protected.source_lang, protected.target_lang
    values = {
        parse_number(m[0], source) for m in NUMBER.finditer(protected.original)
    } - {None}

    def number(match: regex.Match[str]) -> str:
        token = match[0]
        if written_for(token, target) and parse_number(token, target) in values:
            return token
        if parse_number(token, source) not in values:
            return token
        return convert_number(token, source, target)

    def percent(match: regex.Match[str]) -> str:
        if parse_number(match[1], target) not in values:
            return match[0]
        return match[1] + _locale(target)["percent"]

    result = NUMBER.sub(number, result)
    return PERCENT.sub(percent, result)


def has_placeholder(text: str) -> bool:
    """True if `text` contains a placeholder or what is left of one.

    >>> has_placeholder("rose by XQ2"), has_placeholder("rose by 7.5%")
    (True, False)
    """
    return bool(PLACEHOLDER_PATTERN.search(text) or PLACEHOLDER_RESIDUE.search(text))
