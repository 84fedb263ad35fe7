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
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Any, Protocol

import regex

#: Placeholders look like `XQ1`: short, letters-and-digits, not German or English words.
PLACEHOLDER_PREFIX = "XQ"
PLACEHOLDER_PATTERN = regex.compile(r"XQ(\d+)")
PLACEHOLDER_FOLLOWED = regex.compile(r"XQ(\d+)(\.?)")
# What is left of a placeholder a model split or changed ("XQ 1", "xq1", "X Q1").
PLACEHOLDER_RESIDUE = regex.compile(r"(?i)(?<![^\W\d_])x\s?q(?![^\W\d_])")

# A number: digits with inner separators. Letters may not touch it on the left (that is
# a code such as "EO14017", handled by CODE).
NUMBER = regex.compile(r"(?<![\p{L}\d.,])\d+(?:[.,]\d+)*(?![\d]|[.,]\d)")
# A number with a percent sign, optionally separated by (no-break) space.
PERCENT = regex.compile(r"(?<![\p{L}\d.,])(\d+(?:[.,]\d+)*)([\u0020\u00a0\u202f]?)%")
URL = regex.compile(r"\b(?:https?://|www\.)[^\s<>\"“”„]+[^\s<>\"“”„.,;:!?)\]']")
EMAIL = regex.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# Letters and digits in one token (COVID-19, EO 14017 is two tokens, B2B, HS-2612, CO2).
CODE = regex.compile(
    r"(?<![\w-]|\d[.,'’])(?=[\w/-]*\d)(?=[\w/-]*\p{L})[\p{L}\d]+(?:[-/][\p{L}\d]+)*(?![\w-])"
)
# Purely numeric dates and version numbers: kept as they are.
# A thousands grouping (1.000.000) is a number, not a code.
NUMERIC_CODE = regex.compile(
    r"(?<![\w.])(?!\d{1,3}(?:\.\d{3})+(?![\w]|\.\d))\d+(?:\.\d+){2,}(?![\w]|\.\d)"
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
)
# What may follow a span that ends a sentence with its own period (a.m., Mrd.).
_SENTENCE_REST = regex.compile(r"[\s\"'”“»«)\]]*")
# What may stand before a sentence's first word: nothing, opening quotes or brackets,
# or the end of an earlier sentence.
_SENTENCE_OPENING = regex.compile(r"(?:\A|[.!?…][\"'”“»«)\]]*\s)[\s\"'„“‚‘»«(\[]*\Z")


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
def _locale_data() -> dict[str, Any]:
    text = resources.files("normalize").joinpath("data/translate_locales.json").read_text("utf-8")
    table = json.loads(text)
    table.pop("_doc", None)
    return dict(table)


@cache
def locales() -> dict[str, dict[str, Any]]:
    """Number and date conventions per language (from `data/translate_locales.json`)."""
    return {lang: conv for lang, conv in _locale_data().items() if isinstance(conv, dict)}


@cache
def code_words() -> tuple[str, ...]:
    """Words after which a dotted number is an identifier (`Version 2.1`, `HS code 8505.11`)."""
    return tuple(_locale_data().get("code_words", ()))


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


def find_dates(text: str, lang: str) -> list[tuple[int, int, int, int, str | None]]:
    """Dates with a month name: (start, end, day, month, year or None), in text order.

    >>> find_dates("am 20. Januar 2025 und 4. Feb.", "de")
    [(3, 18, 20, 1, '2025'), (23, 30, 4, 2, None)]
    """
    found: list[tuple[int, int, int, int, str | None]] = []
    months = _month_table(lang)
    for pattern in _date_patterns(lang):
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e, *_ in found):
                continue
            day = int(match["day"])
            if 1 <= day <= 31:
                found.append(
                    (match.start(), match.end(), day, months[match["month"]], match["year"])
                )
    return sorted(found)


def convert_dates(text: str, source_lang: str, target_lang: str) -> list[Protected]:
    """Dates with a month name, each rendered in the target language.

    >>> [d.target for d in convert_dates("am 20. Januar 2025 und 4. Februar", "de", "en")]
    ['January 20, 2025', 'February 4']
    """
    return [
        Protected("date", start, end, text[start:end], _render_date(day, month, year, target_lang))
        for start, end, day, month, year in find_dates(text, source_lang)
    ]


def _month_names(lang: str) -> str:
    return "|".join(regex.escape(n) for n in sorted(_month_table(lang), key=len, reverse=True))


@cache
def _range_patterns(lang: str) -> tuple[regex.Pattern[str], ...]:
    names = _month_names(lang)
    between = "|".join(regex.escape(w) for w in _locale(lang).get("range_words", ["–", "-"]))
    suffix = r"(?:st|nd|rd|th)?" if lang == "en" else ""
    day_first = regex.compile(
        rf"(?<![\w.])(?P<day>[0-3]?\d)\.?{suffix}\s*(?:{between})\s*(?P<day2>[0-3]?\d)\.?{suffix}"
        rf"\s+(?P<month>{names})(?![\w])(?:\s+(?P<year>\d{{4}})(?!\d))?"
    )
    month_first = regex.compile(
        rf"(?<![\w.])(?P<month>{names})(?![\w])\s+(?P<day>[0-3]?\d){suffix}\s*(?:{between})\s*"
        rf"(?P<day2>[0-3]?\d){suffix}(?!\d)(?:,?\s+(?P<year>\d{{4}})(?!\d))?"
    )
    return (day_first, month_first)


def find_date_ranges(text: str, lang: str) -> list[tuple[int, int, int, int, int, str | None]]:
    """Two days of one month written as a range: (start, end, day, day2, month, year).

    >>> find_date_ranges("vom 3. bis 5. März 2025", "de")
    [(4, 23, 3, 5, 3, '2025')]
    >>> find_date_ranges("runs March 3–5, 2025", "en")
    [(5, 20, 3, 5, 3, '2025')]
    """
    months = _month_table(lang)
    found: list[tuple[int, int, int, int, int, str | None]] = []
    for pattern in _range_patterns(lang):
        for m in pattern.finditer(text):
            day, day2 = int(m["day"]), int(m["day2"])
            if 1 <= day < day2 <= 31 and not any(
                s < m.end() and m.start() < e for s, e, *_ in found
            ):
                found.append((m.start(), m.end(), day, day2, months[m["month"]], m["year"]))
    return sorted(found)


def convert_date_ranges(text: str, source_lang: str, target_lang: str) -> list[Protected]:
    """Day ranges within one month in the target language (`3. bis 5. März` → `March 3–5`).

    >>> [p.target for p in convert_date_ranges("vom 20.–22. Januar", "de", "en")]
    ['January 20–22']
    >>> [p.target for p in convert_date_ranges("March 3–5, 2025", "en", "de")]
    ['3.–5. März 2025']
    """
    locale = _locale(target_lang)
    spans = []
    for start, end, day, day2, month, year in find_date_ranges(text, source_lang):
        template = locale["date_range"] if year else locale["date_range_no_year"]
        target = template.format(day=day, day2=day2, month=locale["months"][month - 1], year=year)
        spans.append(Protected("date", start, end, text[start:end], target))
    return spans


@cache
def _numeric_date_pattern(lang: str) -> regex.Pattern[str]:
    separator = regex.escape(_locale(lang)["numeric_date"]["separator"])
    return regex.compile(
        rf"(?<![\w.,/])(?P<a>[0-3]?\d){separator}(?P<b>[0-3]?\d){separator}(?P<year>\d{{4}})"
        r"(?![\w]|[.,/]\d)"
    )


def find_numeric_dates(text: str, lang: str) -> list[tuple[int, int, int, int, str]]:
    """Dates in digits that can be read one way only: (start, end, day, month, year).

    German dates are day first; English ones month first, or day first when the
    first number cannot be a month. `05/06/2025` has two readings and is left out.

    >>> find_numeric_dates("am 20.01.2025, 01/20/2025", "de")
    [(3, 13, 20, 1, '2025')]
    >>> [d[2:4] for d in find_numeric_dates("01/20/2025, 20/01/2025, 05/06/2025", "en")]
    [(20, 1), (20, 1)]
    """
    order = _locale(lang)["numeric_date"]["order"]
    found = []
    for m in _numeric_date_pattern(lang).finditer(text):
        first, second = int(m["a"]), int(m["b"])
        day, month = (first, second) if order == "dmy" else (second, first)
        if order == "mdy" and first <= 12 and second <= 12 and first != second:
            continue  # both readings are dates: nothing to convert
        if order == "mdy" and first > 12:
            day, month = first, second  # day first (20/01/2025)
        if 1 <= day <= 31 and 1 <= month <= 12:
            found.append((m.start(), m.end(), day, month, m["year"]))
    return found


def convert_numeric_dates(text: str, source_lang: str, target_lang: str) -> list[Protected]:
    """Digit dates in the target convention; an ambiguous target convention gets month names.

    >>> [p.target for p in convert_numeric_dates("Stand: 05.02.2026", "de", "en")]
    ['February 5, 2026']
    >>> [p.target for p in convert_numeric_dates("dated 01/20/2025", "en", "de")]
    ['20.01.2025']
    """
    target = _locale(target_lang)["numeric_date"]
    spans = []
    for start, end, day, month, year in find_numeric_dates(text, source_lang):
        if target.get("ambiguous"):
            rendered = _render_date(day, month, year, target_lang)
        else:
            rendered = target["format"].format(day=day, month=month, year=year)
        spans.append(Protected("date", start, end, text[start:end], rendered))
    return spans


@cache
def _time_pattern(lang: str) -> regex.Pattern[str]:
    if _locale(lang).get("twelve_hour"):
        return regex.compile(
            r"(?<![\w.,:])(?P<hour>1[0-2]|0?[1-9])(?::(?P<minute>[0-5]\d))?\s?"
            r"(?P<half>[aApP])\.?\s?[mM]\b\.?"
        )
    word = regex.escape(_locale(lang)["time_no_minutes"].replace("{hour}", "").strip())
    return regex.compile(
        rf"(?<![\w.,:])(?P<hour>[01]?\d|2[0-3])(?:[:.](?P<minute>[0-5]\d))?\s+{word}(?![\w])"
    )


def find_times(text: str, lang: str) -> list[tuple[int, int, int, int | None]]:
    """Clock times: (start, end, hour 0-23, minute or None).

    >>> find_times("um 14.30 Uhr und 9 Uhr", "de")
    [(3, 12, 14, 30), (17, 22, 9, None)]
    >>> find_times("at 2:30 p.m. or 12 am", "en")
    [(3, 12, 14, 30), (16, 21, 0, None)]
    """
    found: list[tuple[int, int, int, int | None]] = []
    for m in _time_pattern(lang).finditer(text):
        hour = int(m["hour"])
        if m.groupdict().get("half"):
            hour = hour % 12 + (12 if m["half"].lower() == "p" else 0)
        first = _first_of_pair(text, m.start(), hour, lang)
        if first is not None and (not found or found[-1][1] <= first[0]):
            found.append(first)
        found.append((m.start(), m.end(), hour, int(m["minute"]) if m["minute"] else None))
    return found


@cache
def _pair_pattern(lang: str) -> regex.Pattern[str]:
    words = sorted(_locale(lang).get("time_pair_words", []), key=len, reverse=True)
    between = "|".join(regex.escape(word) for word in words) or "(?!)"
    return regex.compile(
        rf"(?<![\w.,:])(?P<time>(?P<hour>[01]?\d|2[0-3])(?:[:.](?P<minute>[0-5]\d))?)"
        rf"\s*(?:{between})\s*\Z"
    )


def _first_of_pair(
    text: str, end: int, second_hour: int, lang: str
) -> tuple[int, int, int, int | None] | None:
    """The bare first time of a pair (`10` in `zwischen 10 und 13 Uhr`), read like the second.

    On a twelve-hour clock it has the second's half of the day unless it is later
    on the dial (`11 to 1 p.m.`: 11 a.m.).

    >>> _first_of_pair("zwischen 10 und 13 Uhr", 16, 13, "de")
    (9, 11, 10, None)
    >>> _first_of_pair("from 11 to 1 p.m.", 11, 13, "en")[2]
    11
    """
    m = _pair_pattern(lang).search(text, 0, end)
    if m is None:
        return None
    hour = int(m["hour"])
    if _locale(lang).get("twelve_hour"):
        if hour > 12 or hour == 0:
            return None
        same_half = hour % 12 <= second_hour % 12
        afternoon = (second_hour >= 12) == same_half
        hour = hour % 12 + (12 if afternoon else 0)
    minute = int(m["minute"]) if m["minute"] else None
    return (m.start("time"), m.end("time"), hour, minute)


def render_time(hour: int, minute: int | None, lang: str) -> str:
    """A clock time in `lang`'s convention.

    >>> render_time(14, 30, "en"), render_time(0, None, "en"), render_time(17, None, "de")
    ('2:30 p.m.', '12 a.m.', '17 Uhr')
    """
    locale = _locale(lang)
    half = ""
    if locale.get("twelve_hour"):
        half = locale["day_halves"][hour >= 12]
        hour = hour % 12 or 12
    template = locale["time"] if minute is not None else locale["time_no_minutes"]
    return str(template.format(hour=hour, minute=minute or 0, half=half))


def convert_times(text: str, source_lang: str, target_lang: str) -> list[Protected]:
    """Clock times in the target convention (`9:30 Uhr` → `9:30 a.m.`, `5 p.m.` → `17 Uhr`).

    >>> [p.target for p in convert_times("um 9:30 Uhr", "de", "en")]
    ['9:30 a.m.']
    """
    return [
        Protected("time", start, end, text[start:end], render_time(hour, minute, target_lang))
        for start, end, hour, minute in find_times(text, source_lang)
    ]


@cache
def _scale_pattern(lang: str) -> regex.Pattern[str]:
    words = sorted(_locale(lang).get("scales", {}), key=len, reverse=True)
    alternatives = "|".join(
        regex.escape(w) + ("" if w.endswith(".") else r"(?![\w])") for w in words
    )
    return regex.compile(
        rf"(?<![\p{{L}}\d.,])(?P<number>\d+(?:[.,]\d+)*)\s?(?P<scale>{alternatives})"
    )


_CURRENCY_BEFORE = regex.compile(r"[$€£¥]$")


def find_scaled(text: str, lang: str) -> list[tuple[int, int, str, str, dict[str, Any]]]:
    """Numbers with a scale word: (start, end, number, scale word, its entry in `scales`).

    >>> [(n, w) for _s, _e, n, w, _i in find_scaled("3,5 Mrd. Euro und 450m", "de")]
    [('3,5', 'Mrd.')]
    >>> [(n, w) for _s, _e, n, w, _i in find_scaled("$450m and 450m deep", "en")]
    [('450', 'm')]
    """
    scales = _locale(lang).get("scales", {})
    found = []
    for m in _scale_pattern(lang).finditer(text):
        entry = scales[m["scale"]]
        if entry.get("after_currency") and not _CURRENCY_BEFORE.search(text, 0, m.start()):
            continue
        if parse_number(m["number"], lang) is None:
            continue
        found.append((m.start(), m.end(), m["number"], m["scale"], entry))
    return found


def convert_scaled(text: str, source_lang: str, target_lang: str) -> list[Protected]:
    """Abbreviated scales and false friends with their number (`2 Billionen` → `2 trillion`).

    Full scale words the model knows (`Milliarden`, `million`) are left to it.

    >>> [p.target for p in convert_scaled("3,5 Mrd. und 2 Billionen", "de", "en")]
    ['3.5 billion', '2 trillion']
    >>> [p.target for p in convert_scaled("$1.2bn, 1 billion, 3 million", "en", "de")]
    ['1,2 Mrd.', '1 Milliarde']
    """
    names = _locale(target_lang).get("scale_names", {})
    spans = []
    for start, end, number, _word, entry in find_scaled(text, source_lang):
        name = names.get(str(entry["power"]))
        if not entry.get("protect") or name is None:
            continue
        if entry.get("abbrev"):
            word = name["abbrev"]
        else:
            word = name["one"] if parse_number(number, source_lang) == 1 else name["many"]
        target = f"{convert_number(number, source_lang, target_lang)} {word}"
        spans.append(Protected("number", start, end, text[start:end], target))
    return spans


def convert_sections(text: str, source_lang: str, target_lang: str) -> list[Protected]:
    """A cited section (`§ 232`) in the target's citation form (`Section 232`).

    >>> [p.target for p in convert_sections("nach §232 und § 301", "de", "en")]
    ['Section 232', 'Section 301']
    """
    sign = _locale(source_lang).get("section", {}).get("sign")
    template = _locale(target_lang).get("section", {}).get("format")
    if not sign or not template or source_lang == target_lang:
        return []
    pattern = regex.compile(rf"(?<!{regex.escape(sign)}){regex.escape(sign)}\s?(\d+[a-z]?)(?![\w])")
    return [
        Protected("code", m.start(), m.end(), m[0], template.format(number=m[1]))
        for m in pattern.finditer(text)
    ]


@cache
def _code_word_pattern() -> regex.Pattern[str]:
    words = "|".join(regex.escape(w) for w in sorted(code_words(), key=len, reverse=True))
    return regex.compile(
        rf"(?<![\w-])(?:{words})[\s\u00a0]?"
        r"(?P<code>\d+(?:\.\d+)+|\d+(?:[\s\u00a0]\d+)+)(?![\w]|[.,]\d|\s?%)"
    )


def find_code_numbers(text: str) -> list[Protected]:
    """Dotted or spaced numbers after a code word (`Version 2.1`, `Konto 44 180`): verbatim.

    >>> [p.source for p in find_code_numbers("The app version 3.2 and 3.2 tonnes, Konto 44 180")]
    ['3.2', '44 180']
    """
    return [
        Protected("code", m.start("code"), m.end("code"), m["code"], m["code"])
        for m in _code_word_pattern().finditer(text)
    ]


@cache
def _grouped_pattern(lang: str) -> regex.Pattern[str] | None:
    variants = _locale(lang).get("group_variants", [])
    if not variants:
        return None
    separators = "".join(regex.escape(v) for v in variants)
    decimal = regex.escape(_locale(lang)["decimal"])
    return regex.compile(
        rf"(?<![\p{{L}}\d.,'’+(/-]|\d[{separators}]|[+(]\d*[\s\u00a0]?)"
        rf"[1-9]\d{{0,2}}(?P<sep>[{separators}])\d{{3}}(?:(?P=sep)\d{{3}})*(?:{decimal}\d+)?"
        rf"(?![\d]|[.,]\d|[{separators}]\d)"
    )


def find_grouped(text: str, lang: str) -> list[tuple[int, int, str]]:
    """Numbers grouped with `lang`'s other thousands separators: (start, end, plain number).

    >>> find_grouped("1’500 t und 12 500 t, Tel. +49 30 123 456", "de")
    [(0, 5, '1500'), (12, 18, '12500')]
    """
    pattern = _grouped_pattern(lang)
    if pattern is None:
        return []
    found = []
    for m in pattern.finditer(text):
        found.append((m.start(), m.end(), m[0].replace(m["sep"], "")))
    return found


def convert_grouped(text: str, source_lang: str, target_lang: str) -> list[Protected]:
    """Numbers grouped by apostrophes or spaces, in the target's separators.

    >>> [p.target for p in convert_grouped("1’500 Tonnen", "de", "en")]
    ['1,500']
    """
    group = _locale(target_lang)["group"]
    decimal = _locale(target_lang)["decimal"]
    source_decimal = _locale(source_lang)["decimal"]
    spans = []
    for start, end, plain in find_grouped(text, source_lang):
        whole, _, fraction = plain.partition(source_decimal)
        grouped = f"{int(whole):,}".replace(",", group)
        target = grouped + (decimal + fraction if fraction else "")
        spans.append(Protected("number", start, end, text[start:end], target))
    return spans


def _inflected(match: Any) -> bool:
    """True if the text matched is another form of the term (a plural, a case ending).

    Adjective endings of a multi-word term (`Seltenen Erden`) count too: the target
    term is written in its base form, so it is only forced where the source has that form.
    """
    term = getattr(match, "term", None)
    return bool(term) and str(match.text).casefold() != str(term).casefold()


def _in_hyphen_compound(text: str, match: Any) -> bool:
    """True if the match is one part of a hyphenated word (`US` in `US-Dollar`).

    >>> from types import SimpleNamespace as M
    >>> _in_hyphen_compound("110 US-Dollar", M(start=4, end=6))
    True
    >>> _in_hyphen_compound("US- und EU-Zölle", M(start=0, end=2))
    False
    """
    after = regex.match(r"-\p{L}", text[match.end : match.end + 2])
    before = regex.search(r"\p{L}-$", text[max(0, match.start - 2) : match.start])
    return bool(after or before)


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
        if not match.do_not_translate and (_inflected(match) or _in_hyphen_compound(text, match)):
            continue  # Zölle, executive orders, US-Dollar: the target term would break the word
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
        candidates += [
            Protected(kind, m.start(), m.end(), m[0], m[0]) for m in pattern.finditer(text)
        ]
    candidates += convert_date_ranges(text, source_lang, target_lang)
    candidates += convert_dates(text, source_lang, target_lang)
    candidates += convert_numeric_dates(text, source_lang, target_lang)
    candidates += convert_times(text, source_lang, target_lang)
    candidates += convert_sections(text, source_lang, target_lang)
    candidates += find_code_numbers(text)
    candidates += convert_scaled(text, source_lang, target_lang)
    candidates += convert_grouped(text, source_lang, target_lang)
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
            chosen.append(_keep_final_period(span, text))
    return sorted(chosen, key=lambda span: span.start)


def _keep_final_period(span: Protected, text: str) -> Protected:
    """A span that ends the sentence with an abbreviation's period leaves that period out.

    The period is then also the sentence's, and stays whatever the span becomes
    (`closes at 5 p.m.` → `closes at 17 Uhr.`); `restore` drops a doubled one.

    >>> _keep_final_period(Protected("time", 3, 9, "5 p.m.", "17 Uhr"), "at 5 p.m.").source
    '5 p.m'
    """
    if not span.source.endswith(".") or len(span.source) < 2:
        return span
    if _SENTENCE_REST.fullmatch(text, span.end) is None:
        return span
    return replace(span, end=span.end - 1, source=span.source[:-1])


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
        span = protected.spans[int(match[1]) - 1]
        text = span.target
        if span.kind == "term":
            text = capitalise_sentence_start(text, translation[: match.start()])
        # "9:30 a.m." before the sentence's period: one period, not two.
        return text if match[2] and text.endswith(".") else text + match[2]

    restored = PLACEHOLDER_FOLLOWED.sub(target, translation)
    if PLACEHOLDER_RESIDUE.search(restored) and not PLACEHOLDER_RESIDUE.search(
        " ".join(span.target for span in protected.spans)
    ):
        return None
    return restored


def capitalise_sentence_start(term: str, before: str) -> str:
    """`term` with a capital first letter if it starts a sentence (`before` is what precedes it).

    A glossary term such as `antimony` put where the model placed the placeholder
    must read `Antimony` at the start of a sentence.

    >>> capitalise_sentence_start("antimony", ""), capitalise_sentence_start("antimony", "„")
    ('Antimony', 'Antimony')
    >>> capitalise_sentence_start("antimony", "Prices for ")
    'antimony'
    >>> capitalise_sentence_start("lithium", "Prices rose. ")
    'Lithium'
    """
    if not term[:1].islower() or _SENTENCE_OPENING.search(before) is None:
        return term
    return term[0].upper() + term[1:]


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
        pattern = regex.compile(rf"(?<![\w.,]){regex.escape(span.source)}(\.?)(?![\w]|[.,]\d)")
        result = pattern.sub(lambda m, new=span.target: _with_period(m, new), result)
    source, target = protected.source_lang, protected.target_lang
    values = {parse_number(m[0], source) for m in NUMBER.finditer(protected.original)} - {None}
    verbatim = {span.source for span in protected.spans if span.source == span.target}

    def number(match: regex.Match[str]) -> str:
        token = match[0]
        if token in verbatim:
            return token  # an identifier such as HS code 8505.11
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


def _with_period(match: regex.Match[str], new: str) -> str:
    """`new` for a copied span (group 1: a period after it), keeping one sentence period.

    >>> import regex
    >>> _with_period(regex.search(r"5 p\\.m\\.(\\.?)", "um 5 p.m."), "17 Uhr")
    '17 Uhr.'
    """
    old = match[0][: len(match[0]) - len(match[1])]
    if match[1]:
        return new if new.endswith(".") else new + "."
    at_end = _SENTENCE_REST.fullmatch(match.string, match.end()) is not None
    if old.endswith(".") and not new.endswith(".") and at_end:
        return new + "."  # the abbreviation's period was also the sentence's
    return new


def has_placeholder(text: str) -> bool:
    """True if `text` contains a placeholder or what is left of one.

    >>> has_placeholder("rose by XQ2"), has_placeholder("rose by 7.5%")
    (True, False)
    """
    return bool(PLACEHOLDER_PATTERN.search(text) or PLACEHOLDER_RESIDUE.search(text))
