"""Quality checks for translated segment pairs: where the output cannot be trusted.

Each check looks at one (source, target) pair and returns `QAIssue`s:

- `empty_output`: the model produced nothing for a non-empty source;
- `number_mismatch`: the numbers (read by value, each side in its own locale) differ;
- `number_format`: a target number is written the other locale's way (`7,5` in English);
- `term_missing` / `deprecated_term`: the glossary's target term is absent, or a
  deprecated term is present;
- `untranslated`: a segment that was sent to the model came back in the source language;
- `length_ratio`: the target is much shorter or longer than the source;
- `repeated_ngram`: a word or character sequence repeats over and over, the typical
  failure of weak models;
- `protection_failed` (info): the model mangled placeholders, the sentence was
  translated again without them.

Thresholds are data (`data/translate_qa.json`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import regex

from .protect import (
    GlossaryLike,
    find_code_numbers,
    find_date_ranges,
    find_dates,
    find_grouped,
    find_numeric_dates,
    find_scaled,
    find_times,
    parse_number,
    written_for,
)

#: Issue codes and their severity; "info" issues do not make a pair untrustworthy.
SEVERITY = {
    "empty_output": "error",
    "number_mismatch": "error",
    "term_missing": "error",
    "deprecated_term": "error",
    "untranslated": "error",
    "number_format": "warning",
    "length_ratio": "warning",
    "repeated_ngram": "warning",
    "protection_failed": "info",
}

NUMBER_TOKEN = regex.compile(r"\d+(?:[.,]\d+)*")
WORD = regex.compile(r"[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*")
# A minus sign right before a number: "-12,5 Grad", "um −0,3 %", "(-4.5%)"; not a hyphen
# inside a word or code ("Kobalt-60", "12345-0") nor between two numbers ("2020 -2025").
_MINUS = regex.compile(r"(?<!\p{N}[^\S\n]*|[\p{L}\p{N}.,/-])[-−]\Z")


@dataclass(frozen=True)
class QAIssue:
    """One problem found in a pair: `code` (see SEVERITY) and a human-readable detail."""

    code: str
    detail: str = ""

    @property
    def severity(self) -> str:
        return SEVERITY.get(self.code, "warning")

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "severity": self.severity, "detail": self.detail}


@cache
def thresholds() -> dict[str, Any]:
    text = resources.files("normalize").joinpath("data/translate_qa.json").read_text("utf-8")
    table = json.loads(text)
    table.pop("_doc", None)
    return dict(table)


def number_values(text: str, lang: str) -> Counter[Decimal | str]:
    """The numbers in `text` by value, read with `lang`'s separators.

    Dates and clock times count as one value each, whatever way they are written
    (`20.01.2025` = `January 20, 2025`, `14:30 Uhr` = `2:30 p.m.`), and a scale word
    multiplies its number (`1.250 Millionen` = `1.25 billion`).

    >>> sorted(number_values("7,5 % von 1.000 t im Jahr 2025", "de").elements())
    [Decimal('7.5'), Decimal('1000'), Decimal('2025')]
    >>> sorted(number_values("Am 20.01.2025 um 14.30 Uhr: 3,5 Mrd.", "de").elements(), key=str)
    ['14:30', '2025-01-20', Decimal('3500000000')]
    """
    values: Counter[Decimal | str] = Counter()
    masked = text
    for start, end, key in _calendar_values(text, lang):
        values[key] += 1
        masked = _mask(masked, start, end)
    for start, end, number, _word, entry in find_scaled(masked, lang) + _foreign_scaled(
        masked, lang
    ):
        value = parse_number(number, lang)
        if value is not None:
            value = signed(text, start, value * Decimal(10) ** int(entry["power"]))
            values[canonical(value)] += 1
            masked = _mask(masked, start, end)
    for start, end, plain in find_grouped(masked, lang):
        value = parse_number(plain.replace(_decimal(lang), "."), "en")
        if value is not None:
            values[canonical(signed(text, start, value))] += 1
            masked = _mask(masked, start, end)
    for match in NUMBER_TOKEN.finditer(masked):
        value = parse_number(match[0], lang)
        if value is None:  # a code such as 1.2.3: compare its parts
            values.update(Decimal(part) for part in regex.findall(r"\d+", match[0]))
        else:
            values[canonical(signed(text, match.start(), value))] += 1
    return values


@cache
def _foreign_scale_pattern(lang: str) -> tuple[regex.Pattern[str], dict[str, Any]] | None:
    """The other locale's full scale words that mean the same in `lang`'s text.

    A word whose casefolded form is a scale word of `lang` with another power is a
    false friend (English `billion`, German `Billion`) and is left out, and so are
    abbreviations (`m`, `Mio.`).
    """
    from .protect import locales

    own = {word.casefold(): entry["power"] for word, entry in _scales(lang).items()}
    foreign = {
        word: entry
        for other in locales()
        if other != lang
        for word, entry in _scales(other).items()
        if not entry.get("abbrev") and own.get(word.casefold(), entry["power"]) == entry["power"]
    }
    if not foreign:
        return None
    words = "|".join(regex.escape(word) for word in sorted(foreign, key=len, reverse=True))
    pattern = rf"(?<![\p{{L}}\d.,])(?P<number>\d+(?:[.,]\d+)*)\s?(?P<scale>{words})(?!\w)"
    return regex.compile(pattern), foreign


def _scales(lang: str) -> dict[str, Any]:
    from .protect import locales

    return dict(locales().get(lang, {}).get("scales", {}))


def _foreign_scaled(text: str, lang: str) -> list[tuple[int, int, str, str, dict[str, Any]]]:
    """Numbers with a scale word the model left in the other language, as `find_scaled`.

    >>> [(n, w) for _s, _e, n, w, _i in _foreign_scaled("US$3,2 million, 2 billion", "de")]
    [('3,2', 'million')]
    """
    table = _foreign_scale_pattern(lang)
    if table is None:
        return []
    pattern, entries = table
    return [
        (m.start(), m.end(), m["number"], m["scale"], entries[m["scale"]])
        for m in pattern.finditer(text)
        if parse_number(m["number"], lang) is not None
    ]


def signed(text: str, start: int, value: Decimal) -> Decimal:
    """`value` negated if a minus sign stands right before the number at `start`.

    >>> signed("fiel auf -12,5 Grad", 10, Decimal("12.5")), signed("Kobalt-60", 7, Decimal(60))
    (Decimal('-12.5'), Decimal('60'))
    >>> signed("von 2020 -2025", 10, Decimal(2025))
    Decimal('2025')
    """
    return -value if _MINUS.search(text, 0, start) else value


def _mask(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _decimal(lang: str) -> str:
    from .protect import locales

    return str(locales().get(lang, locales()["en"])["decimal"])


# A clock time without a word (14:30), read after the ones with Uhr or a.m./p.m.
_BARE_TIME = regex.compile(r"(?<![\d:.,])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])")


def _calendar_values(text: str, lang: str) -> list[tuple[int, int, str]]:
    """Dates (`2025-01-20`, `--01-20` without a year) and times (`14:30`) with their spans.

    >>> _calendar_values("vom 3. bis 5. März 2025, 9 Uhr", "de")
    [(4, 23, '2025-03-03'), (4, 23, '2025-03-05'), (25, 30, '09:00')]
    """
    found: list[tuple[int, int, str]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or e <= start for s, e, _ in found)

    for start, end, day, day2, month, year in find_date_ranges(text, lang):
        found += [(start, end, _date_key(d, month, year)) for d in (day, day2)]
    spans = [(s, e, _date_key(d, m, y)) for s, e, d, m, y in find_dates(text, lang)]
    spans += [(s, e, _date_key(d, m, y)) for s, e, d, m, y in find_numeric_dates(text, lang)]
    spans += [(s, e, f"{h:02d}:{m or 0:02d}") for s, e, h, m in find_times(text, lang)]
    spans += [(m.start(), m.end(), f"{int(m[1]):02d}:{m[2]}") for m in _BARE_TIME.finditer(text)]
    for start, end, key in spans:
        if free(start, end):
            found.append((start, end, key))
    return sorted(found)


def _date_key(day: int, month: int, year: str | None) -> str:
    return f"{year or '-'}-{month:02d}-{day:02d}"


def canonical(value: Decimal) -> Decimal:
    """One representation per value, so 7.50 and 7.5 compare equal (1000, not 1E+3).

    >>> canonical(Decimal("7.50")), canonical(Decimal("1000.0"))
    (Decimal('7.5'), Decimal('1000'))
    """
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def number_word_values(text: str, lang: str) -> Counter[Decimal | str]:
    """Spelled-out numbers in `text` (the small table in `data/translate_locales.json`).

    >>> sorted(number_word_values("Drei Minen und zwölf Anlagen", "de").elements())
    [Decimal('3'), Decimal('12')]
    """
    table = {word.casefold(): value for word, value in _number_words(lang).items()}
    values: Counter[Decimal | str] = Counter()
    for word in WORD.findall(text):
        value = table.get(word.casefold())
        if value is not None:
            values[canonical(Decimal(str(value)))] += 1
    return values


@cache
def _number_words(lang: str) -> dict[str, float]:
    from .protect import locales

    return dict(locales().get(lang, {}).get("number_words", {}))


def check_empty(source: str, target: str) -> list[QAIssue]:
    if source.strip() and not target.strip():
        return [QAIssue("empty_output", "the translation is empty")]
    return []


def check_numbers(source: str, target: str, source_lang: str, target_lang: str) -> list[QAIssue]:
    """Numbers must survive with the same values.

    >>> check_numbers("Plus 7,5 %", "Up 7.5%", "de", "en")
    []
    >>> check_numbers("Plus 7,5 %", "Up 75%", "de", "en")
    [QAIssue(code='number_mismatch', detail='missing 7.5; unexpected 75')]
    >>> check_numbers("Drei Minen, 3 Anlagen", "Three mines, three plants", "de", "en")
    []
    """
    source_values = number_values(source, source_lang)
    target_values = number_values(target, target_lang)
    # A number in digits on one side may be spelled out on the other ("3" / "three").
    missing = source_values - target_values - number_word_values(target, target_lang)
    extra = target_values - source_values - number_word_values(source, source_lang)
    missing, extra = _settle_calendar(missing, extra)
    extra, missing = _settle_calendar(extra, missing)
    if not missing and not extra:
        return []
    parts = []
    if missing:
        parts.append("missing " + ", ".join(_fmt(v) for v in missing.elements()))
    if extra:
        parts.append("unexpected " + ", ".join(_fmt(v) for v in extra.elements()))
    return [QAIssue("number_mismatch", "; ".join(parts))]


def _settle_calendar(
    keys: Counter[Decimal | str], numbers: Counter[Decimal | str]
) -> tuple[Counter[Decimal | str], Counter[Decimal | str]]:
    """Drop dates and times of one side that the other side has as plain numbers.

    One side may not read as a date or time what the other does (`04/05/2018` has
    two readings, `at 22.00`, a score `15:15` written `15-15`): the numbers still agree.

    >>> keys, numbers = _settle_calendar(Counter(["22:00"]), Counter([Decimal(22)]))
    >>> dict(keys), dict(numbers)
    ({}, {})
    >>> dict(_settle_calendar(Counter(["2025-03-03"]), Counter(["2025-05-03"]))[0])
    {'2025-03-03': 1}
    """
    keys, numbers = Counter(keys), Counter(numbers)
    for key in [key for key in keys.elements() if isinstance(key, str)]:
        for parts in _calendar_parts(key):
            if parts and not parts - numbers:
                numbers -= parts
                keys[key] -= 1
                break
    return +keys, +numbers


def _calendar_parts(key: str) -> list[Counter[Decimal | str]]:
    """The plain numbers a date or time key may be written as, most complete first.

    >>> [sorted(map(str, parts.elements())) for parts in _calendar_parts("13:30")]
    [['13', '30'], ['13.3']]
    >>> [sorted(map(str, parts.elements())) for parts in _calendar_parts("--10-05")]
    [['10', '5'], ['5']]
    """
    if ":" in key:
        hour, minute = (int(part) for part in key.split(":"))
        numbers: list[list[Decimal]] = [[Decimal(hour), Decimal(minute)]]
        numbers += (
            [[Decimal(hour)]] if minute == 0 else [[canonical(Decimal(f"{hour}.{minute:02d}"))]]
        )
    else:
        year, month, day = key.rsplit("-", 2)
        with_year = [Decimal(int(year))] if year.strip("-") else []
        numbers = [
            [Decimal(int(day)), Decimal(int(month)), *with_year],
            [Decimal(int(day)), *with_year],
        ]
    return [Counter(canonical(value) for value in group) for group in numbers]


def check_number_format(target: str, target_lang: str) -> list[QAIssue]:
    """Numbers in the target written in the other locale's convention.

    >>> check_number_format("Up 7,5 percent to 1,000 tonnes.", "en")
    [QAIssue(code='number_format', detail="'7,5' is not written the en way")]

    Times, dates and numbers after code words are not amounts:

    >>> check_number_format("Um 14.30 Uhr gilt Version 2.1.", "de")
    []
    """
    masked = target
    for start, end, _key in _calendar_values(target, target_lang):
        masked = _mask(masked, start, end)  # "14.30 Uhr", "20.01.2025": not amounts
    for span in find_code_numbers(target):
        masked = _mask(masked, span.start, span.end)  # "Version 2.1", "HS code 8505.11"
    wrong = [m[0] for m in NUMBER_TOKEN.finditer(masked) if not written_for(m[0], target_lang)]
    return [
        QAIssue("number_format", f"{token!r} is not written the {target_lang} way")
        for token in wrong[:1]
    ]


def _fmt(value: Decimal | str) -> str:
    return value if isinstance(value, str) else format(value, "f")


def check_terms(
    source: str,
    target: str,
    source_lang: str,
    target_lang: str,
    glossary: GlossaryLike | None,
) -> list[QAIssue]:
    """The glossary's target terms for concepts in the source must be in the target."""
    if glossary is None:
        return []
    issues = []
    target_matches = list(glossary.match(target, lang=target_lang))
    found_concepts = {
        m.concept_id for m in target_matches if getattr(m, "status", "preferred") != "deprecated"
    }
    folded_target = target.casefold()
    seen = set()
    for match in glossary.match(source, lang=source_lang):
        if getattr(match, "status", "") == "flagged":
            continue  # a suspicious reading: its concept's term is not required
        if match.do_not_translate:
            expected: str | None = match.text
        else:
            expected = getattr(match, target_lang, None)
        if not expected or match.concept_id in seen:
            continue
        seen.add(match.concept_id)
        if match.concept_id in found_concepts or expected.casefold() in folded_target:
            continue
        issues.append(QAIssue("term_missing", f"{match.text!r} → {expected!r} not in the output"))
    for match in target_matches:
        if getattr(match, "status", "") == "deprecated":
            preferred = getattr(match, target_lang, None) or "?"
            issues.append(QAIssue("deprecated_term", f"{match.text!r} (use {preferred!r})"))
    return issues


def _letters(text: str) -> int:
    return sum(1 for char in text if char.isalpha())


def check_untranslated(
    source: str, target: str, source_lang: str, target_lang: str
) -> list[QAIssue]:
    """A segment sent to the model that comes back in the source language.

    >>> check_untranslated("Die Regierung kündigte neue Zölle an.",
    ...                    "Die Regierung kündigte neue Zölle an.", "de", "en")
    [QAIssue(code='untranslated', detail='the output equals the source')]
    """
    limits = thresholds()["untranslated"]
    if _letters(source) < limits["min_letters"]:
        return []
    if " ".join(source.casefold().split()) == " ".join(target.casefold().split()):
        return [QAIssue("untranslated", "the output equals the source")]
    # An untranslated output repeats source words; without that, skip the detector
    # (costly on the garbled output of weak models, where it also proves nothing).
    source_words = {word.casefold() for word in WORD.findall(source)}
    target_words = [word.casefold() for word in WORD.findall(target)]
    shared = sum(1 for word in target_words if word in source_words)
    if not target_words or shared / len(target_words) < limits["min_shared_words"]:
        return []
    if len(target) >= limits["min_detect_chars"]:
        from .detect import detect

        detection = detect(target, langs=[source_lang, target_lang])
        if detection.lang == source_lang and detection.confidence >= limits["min_confidence"]:
            return [QAIssue("untranslated", f"the output reads as {source_lang}")]
    return []


def check_length_ratio(source: str, target: str) -> list[QAIssue]:
    """Target length far from the source length.

    >>> check_length_ratio("Die Regierung kündigte am Montag neue Zölle an.", "The.")
    [QAIssue(code='length_ratio', detail='target/source length 0.09')]
    """
    limits = thresholds()["length_ratio"]
    if len(source) < limits["min_source_chars"] or not target:
        return []
    ratio = len(target) / len(source)
    if limits["min"] <= ratio <= limits["max"]:
        return []
    return [QAIssue("length_ratio", f"target/source length {ratio:.2f}")]


def _max_consecutive(tokens: Sequence[str], n: int) -> tuple[int, tuple[str, ...]]:
    """Longest run of one n-gram repeated back to back, and the n-gram."""
    best: tuple[int, tuple[str, ...]] = (1, ())
    for start in range(len(tokens) - n + 1):
        gram = tuple(tokens[start : start + n])
        count = 1
        position = start + n
        while tuple(tokens[position : position + n]) == gram:
            count += 1
            position += n
        if count > best[0]:
            best = (count, gram)
    return best


def check_repeats(source: str, target: str) -> list[QAIssue]:
    """Degenerate repetition in the target that the source does not have.

    >>> check_repeats("Das Abkommen gilt.", "The agreement the agreement the agreement")
    [QAIssue(code='repeated_ngram', detail="'the agreement' ×3")]
    >>> check_repeats("Ja, ja, ja.", "Yes, yes, yes.")
    []
    """
    limits = thresholds()["repeats"]
    target_tokens = [t.casefold() for t in WORD.findall(target)]
    source_tokens = [t.casefold() for t in WORD.findall(source)]
    for n in range(1, limits["max_ngram"] + 1):
        count, gram = _max_consecutive(target_tokens, n)
        if count >= limits["min_repeats"]:
            source_count, _ = _max_consecutive(source_tokens, n)
            if source_count < limits["min_repeats"]:
                return [QAIssue("repeated_ngram", f"{' '.join(gram)!r} ×{count}")]
    unit = limits["max_unit"]
    repeats = limits["min_char_repeats"] - 1
    run = regex.search(rf"(\p{{L}}.{{0,{unit - 1}}}?)\1{{{repeats},}}", target)
    if run and not regex.search(rf"(?:{regex.escape(run[1])}){{{repeats + 1},}}", source):
        times = len(run[0]) // len(run[1])
        return [QAIssue("repeated_ngram", f"{run[1]!r} ×{times}")]
    return []


def check_pair(
    source: str,
    target: str,
    source_lang: str,
    target_lang: str,
    *,
    translated: bool = True,
    glossary: GlossaryLike | None = None,
) -> list[QAIssue]:
    """All checks for one pair. Copied segments (`translated=False`) skip the model checks."""
    issues = check_empty(source, target)
    if issues:
        return issues
    issues += check_numbers(source, target, source_lang, target_lang)
    issues += check_number_format(target, target_lang)
    issues += check_terms(source, target, source_lang, target_lang, glossary)
    if translated:
        issues += check_untranslated(source, target, source_lang, target_lang)
        issues += check_length_ratio(source, target)
        issues += check_repeats(source, target)
    return issues


def summarize(issue_lists: Iterable[Sequence[QAIssue]]) -> dict[str, int]:
    """Count pairs per issue code (a pair with two number issues counts once)."""
    counts: Counter[str] = Counter()
    for issues in issue_lists:
        counts.update({issue.code for issue in issues})
    return dict(sorted(counts.items()))
