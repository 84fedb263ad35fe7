"""Language detection: deterministic, fast, and right on short, name-heavy segments.

Our articles are German with English names, titles and quotes inside, so the answer
for a segment decides what gets translated. `detect` combines several kinds of evidence:

* lingua (`lingua-language-detector`), built once per language set, on the text with
  names masked (acronyms, numbers, URLs, glossary names, capitalised English-looking
  name runs inside a sentence);
* word frequencies (wordfreq): per-token German/English log-frequency ratios, split by
  capitalisation (German capitalises nouns, English only names), plus a saturated
  "is this a word of the language at all" count, simplemma's lexicons and a compound
  split for long unknown words (German forms compounds, English rarely does);
* the glossary's public API (`glossary.load_glossary().match`) to mask do-not-translate
  names, acronyms and English agency names, when the glossary is installed.

Some lines are decided before or after that: a short line of names only (people,
places, companies, agencies, a news dateline; ``data/detect_names.json`` holds the
particles and organisation designators) is ``und``; a line quoting another language is
in the language of the words around the quotation; an English sentence that only
German institution names ("Bundesanstalt für Geowissenschaften und Rohstoffe") make
German is English.

For German against English the evidence is combined by a small logistic model whose
weights live in ``data/detect_model.json`` (fitted by ``bench/bench_detect.py --fit``
on segments cut from a disjoint development corpus, never on the test sets). Other
languages come from lingua over a fixed set (``data/detect_languages.json``) with a
prior that favours German and English, so a few English names never make a line Italian,
yet a French or Russian line is still called French or Russian.

Every answer is deterministic: lingua and wordfreq are, and langdetect (available as
``engine="langdetect"`` for comparison) is seeded and restricted through its prior map.
Text without letters gets ``und`` with a reason, never an exception.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any, NamedTuple

import regex

#: The answer for text that has no language (empty, numbers, punctuation only).
UND = "und"

#: Engines `detect` can use; "combined" is the default, the others are for comparison.
ENGINES: tuple[str, ...] = ("combined", "lingua", "wordfreq", "langdetect")

# A word: letters, with inner apostrophes ("America's"); hyphens split words.
WORD_RE = regex.compile(r"\p{L}+(?:['’]\p{L}+)*")
LETTER_RE = regex.compile(r"\p{L}")
# Where a new sentence (or list item, heading, quote) starts, so the next word's
# capital letter says nothing about its part of speech.
SENTENCE_START_RE = regex.compile(r"(?:(?<![\d.])[.]|[!?:;„“”\"«»‹›(\[{|•\n\r])$")


@cache
def _data(name: str) -> dict[str, Any]:
    text = resources.files("normalize").joinpath("data", name).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _unit_pattern() -> str:
    """Unit symbols (``data/detect_units.json``) after a number or a slash: "15.000 t",
    "2,5 GWh", "USD/t", "g/t". They are no language, like the number they measure.

    >>> [m.group() for m in regex.finditer(_unit_pattern(), "15.000 t zu 2,5 g/t Gold, 40 kWh")]
    ['t', 'g', 't', 'kWh']
    """
    units = sorted(_data("detect_units.json")["units"], key=len, reverse=True)
    return rf"(?<=\d[ \u00a0\u202f]?|/)(?:{'|'.join(map(regex.escape, units))})(?![\p{{L}}\d])"


#: Spans that carry no language evidence, masked before scoring: name -> pattern.
MASK_PATTERNS: dict[str, regex.Pattern[str]] = {
    "url": regex.compile(r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:de|com|org|net|gov|eu)\b"),
    "email": regex.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"),
    "handle": regex.compile(r"(?<!\w)[@#]\w+"),
    # an ISO 8601 time stamp ("2025-11-23T14:05:00Z"): its T and Z are no words
    "timestamp": regex.compile(
        r"(?<![\p{L}\d])\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?"
        r"(?:Z|[+-]\d{2}:?\d{2})?(?![\p{L}\d])"
    ),
    # EXIM, USGS, DPA, NdFeB-style mixed acronyms (2-6 capitals), and codes of capitals
    # and digits: 123RF, G7, securities numbers (WKN A2QJ6H, ISIN AU000000ILU1); capitals
    # joined by an ampersand (S&P, M&A, AT&T) and a ticker with its exchange suffix
    # (ALB.N, RIO.L)
    "acronym": regex.compile(
        r"(?<![\p{L}\d])(?:\p{Lu}{2,6}(?:s|\.\p{Lu}{1,2})?|\p{Lu}{1,4}&\p{Lu}{1,4}"
        r"|[\p{Lu}\d]*(?:\p{Lu}\d|\d\p{Lu})[\p{Lu}\d]*"
        r"|\p{Lu}\p{Ll}?\p{Lu}\p{Lu}?)(?![\p{L}\d]|&\p{Lu})"
    ),
    "number": regex.compile(r"\d+(?:[.,:/]\d+)*"),
    "unit": regex.compile(_unit_pattern()),
}

# A news dateline opening the line: place in capitals (or a title-case place and a
# dash), optional date, the agency in brackets ("WASHINGTON (Reuters) –",
# "TORONTO, March 3 (Reuters) -", "Hamburg (dpa) -"); two places or a place and its
# river are joined by a slash ("Berlin/Brüssel (dpa) -", "Frankfurt/Main (Reuters) -").
# It names, it does not speak.
DATELINE_RE = regex.compile(
    r"\s*(?:\p{Lu}{2,}(?:[ /-]\p{Lu}{2,}){0,2}(?P<_d>(?:,[^()\n]{1,24}?)?\s*"
    r"\(\p{L}[\p{L}\d ./&-]{1,29}\))(?:\s*[–—-]|\s*$)"
    r"|\p{Lu}\p{Ll}+(?:[ /-]\p{Lu}\p{Ll}+){0,2}(?P>_d)\s*[–—-])"
)

#: A dateline's bracket opens within this many characters.
DATELINE_MAX_START = 60

# A place and a numeric date (and time) alone on a line: the dateline of a press
# release or a letter ("Hamburg, 14.03.2026", "Bad Homburg, 2026-03-14 | 08:30").
PLACE_DATE_RE = regex.compile(
    r"\s*(?P<place>\p{Lu}\p{L}+(?:[ -]\p{Lu}\p{L}+){0,2}),[ \t\u00a0]*"
    r"(?:\d{1,2}\.[ \u00a0]?\d{1,2}\.[ \u00a0]?\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})"
    r"(?:[ \t\u00a0]*[|·,–-]?[ \t\u00a0]*\d{1,2}[:.]\d{2}(?::\d{2})?)?\s*$"
)

# All of them in one pattern (one pass over the text); the group name is the reason.
ANY_MASK_RE = regex.compile(
    "|".join(f"(?P<{name}>{pattern.pattern})" for name, pattern in MASK_PATTERNS.items())
)
# The same without the address patterns, for the many lines that have no address
# (the domain-name pattern is slow to try at every word).
WORD_MASK_RE = regex.compile(
    "|".join(
        f"(?P<{name}>{pattern.pattern})"
        for name, pattern in MASK_PATTERNS.items()
        if name in ("timestamp", "acronym", "number", "unit")
    )
)
MAY_HAVE_ADDRESS_RE = regex.compile(r"://|www\.|@|#|\.(?:de|com|org|net|gov|eu)\b")

# Scripts other than Latin: text mostly in one of these goes straight to the wide detector.
NON_LATIN_RE = regex.compile(
    r"[\p{Cyrillic}\p{Greek}\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Arabic}"
    r"\p{Hebrew}\p{Devanagari}\p{Thai}\p{Armenian}\p{Georgian}\p{Bengali}]"
)
GERMAN_LETTERS_RE = regex.compile(r"[äöüßÄÖÜ]")


@dataclass(frozen=True)
class Detection:
    """The language of a text: ISO 639-1 code (or "und"), its probability, the others.

    `reason` says why the answer is "und" (or how a special case was decided).
    """

    lang: str
    confidence: float
    candidates: dict[str, float] = field(default_factory=dict)
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: lang, confidence, candidates (and reason when set)."""
        record: dict[str, Any] = {
            "lang": self.lang,
            "confidence": round(self.confidence, 4),
            "candidates": {lang: round(p, 4) for lang, p in self.candidates.items()},
        }
        if self.reason:
            record["reason"] = self.reason
        return record


@dataclass(frozen=True)
class Span:
    """A stretch `text[start:end]` in one language."""

    start: int
    end: int
    lang: str
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "lang": self.lang,
            "confidence": round(self.confidence, 4),
        }


# ---------------------------------------------------------------------------
# data files


def default_languages() -> tuple[str, ...]:
    """The languages `detect` considers when no `langs` are given.

    >>> default_languages()[:2]
    ('de', 'en')
    """
    return tuple(_data("detect_languages.json")["languages"])


def _prior(lang: str) -> float:
    priors: dict[str, float] = _data("detect_languages.json")["prior"]
    return priors.get(lang, priors["other"])


def model_weights() -> dict[str, float]:
    """The German/English combination weights (feature name -> weight)."""
    weights: dict[str, float] = _data("detect_model.json")["weights"]
    return weights


# ---------------------------------------------------------------------------
# evidence: word frequencies and lexicons


@lru_cache(maxsize=4)
def _frequencies(lang: str) -> dict[str, float]:
    from wordfreq import get_frequency_dict

    # The whole list as a dict: a lookup is ~100x faster than wordfreq.zipf_frequency,
    # which tokenises every word it has not seen.
    frequencies: dict[str, float] = get_frequency_dict(lang)
    return frequencies


def zipf(word: str, lang: str) -> float:
    """wordfreq's Zipf frequency of `word` (0 when unknown), by direct lookup.

    >>> zipf("Straße", "de") > 4 and zipf("the", "en") > 5
    True
    >>> zipf("xqzv", "en")
    0.0
    """
    freq = _frequencies(lang).get(word.casefold())
    return round(math.log10(freq) + 9, 2) if freq else 0.0


def _known(word: str, lang: str) -> bool:
    import simplemma

    return bool(simplemma.is_known(word, lang))


def _inflected(word: str, lang: str) -> bool:
    """True if simplemma's rules reduce `word` to a different lemma its lexicon knows.

    An inflected or derived form the lexicon lacks ("vordringlichstes" ->
    "vordringlich") is still evidence for the language whose morphology explains it.

    >>> _inflected("vordringlichstes", "de"), _inflected("vordringlichstes", "en")
    (True, False)
    """
    import simplemma

    lemma = simplemma.lemmatize(word, lang)
    return lemma.casefold() != word and bool(simplemma.is_known(lemma, lang))


#: Zipf level above which a word surely belongs to a language's vocabulary; beyond it
#: a higher frequency is no more evidence (loanwords like "Support" are common in both).
SATURATION_ZIPF = 3.5
#: How far one word's frequency ratio may move the score (in Zipf units).
MAX_WORD_EVIDENCE = 4.0
#: The shortest part of a compound split, and the Zipf levels its parts must reach
#: (the head, the last part, is a common word; the modifier may be rarer).
COMPOUND_MIN_PART = 3
COMPOUND_MIN_ZIPF_HEAD = 3.0
COMPOUND_MIN_ZIPF_MODIFIER = 2.0
# German compounds join parts with a linking element ("Arbeit-s-markt").
GERMAN_LINKS: tuple[str, ...] = ("s", "es", "n", "en")


def compound_language(word: str) -> int:
    """+1 if `word` reads as a German compound, -1 as an English one, 0 if neither.

    The word is cut into a modifier and a head (the head comes last in both
    languages) that are words of German or English; the language in which the two
    parts are together more frequent wins, so an English modifier on a German head
    ("practitionerliste") is German. A German linking "s"/"n" counts for German.

    >>> compound_language("wärmebelastung"), compound_language("unterring")
    (1, 1)
    >>> compound_language("stronglight"), compound_language("xqzvbrtl")
    (-1, 0)
    """
    best_total, best_sign = 0.0, 0
    for cut in range(COMPOUND_MIN_PART, len(word) - COMPOUND_MIN_PART + 1):
        head = word[cut:]
        head_de, head_en = zipf(head, "de"), zipf(head, "en")
        if max(head_de, head_en) < COMPOUND_MIN_ZIPF_HEAD:
            continue
        modifier = word[:cut]
        candidates = [(modifier, 0.0)]
        candidates += [
            (modifier[: -len(link)], 0.5)  # the link itself is German evidence
            for link in GERMAN_LINKS
            if modifier.endswith(link) and len(modifier) - len(link) >= COMPOUND_MIN_PART
        ]
        for stem, link_bonus in candidates:
            stem_de, stem_en = zipf(stem, "de"), zipf(stem, "en")
            if max(stem_de, stem_en) < COMPOUND_MIN_ZIPF_MODIFIER:
                continue
            german = head_de + stem_de + link_bonus
            english = head_en + stem_en - (link_bonus * 2)  # English has no links
            total = max(german, english)
            if total > best_total and german != english:
                best_total, best_sign = total, (1 if german > english else -1)
    return best_sign


@dataclass(frozen=True)
class WordEvidence:
    """German-versus-English evidence from one word (positive = German)."""

    ratio: float  # clipped Zipf difference de - en
    saturated: float  # difference of Zipf levels capped at SATURATION_ZIPF
    lexicon: int  # simplemma: known in German only (+1), English only (-1)
    in_lexicon: bool  # simplemma knows the form in German or English (names rarely are)
    morphology: int  # unknown form, but simplemma's rules find a German (+1) / English (-1) lemma
    compound: int  # unknown word that splits into German (+1) / English (-1) words
    german_letters: int  # contains ä, ö, ü or ß
    zipf_de: float
    zipf_en: float


@lru_cache(maxsize=200_000)
def word_evidence(word: str) -> WordEvidence:
    """The German/English evidence of one word (case-insensitive).

    >>> word_evidence("erhielt").ratio > 2, word_evidence("received").ratio < -2
    (True, True)
    """
    folded = word.casefold()
    z_de, z_en = zipf(folded, "de"), zipf(folded, "en")
    ratio = max(-MAX_WORD_EVIDENCE, min(MAX_WORD_EVIDENCE, z_de - z_en))
    saturated = min(z_de, SATURATION_ZIPF) - min(z_en, SATURATION_ZIPF)
    lexicon = int(_known(folded, "de")) - int(_known(folded, "en"))
    morphology = 0
    if lexicon == 0 and not _known(folded, "de"):
        morphology = int(_inflected(folded, "de")) - int(_inflected(folded, "en"))
    compound = 0
    if max(z_de, z_en) < 2.0 and len(folded) >= 2 * COMPOUND_MIN_PART + 1:
        compound = compound_language(folded)
    german = int(bool(GERMAN_LETTERS_RE.search(word)))
    in_lexicon = _known(folded, "de") or _known(folded, "en")
    return WordEvidence(
        ratio, saturated, lexicon, in_lexicon, morphology, compound, german, z_de, z_en
    )


# ---------------------------------------------------------------------------
# masking names and other language-neutral material


class Token(NamedTuple):
    """A word of a segment (a named tuple: detection makes millions of them)."""

    text: str
    start: int
    end: int
    initial: bool  # first word of a sentence, heading, quote or list item
    capitalised: bool
    masked: str | None = None  # why the word is no language evidence (None = evidence)


def _glossary_spans(text: str) -> list[tuple[int, int, str]]:
    """Spans of do-not-translate names, acronyms and English terms the glossary knows.

    The reason is "glossary" for names and acronyms (no language) and "term" for
    English terms with a German translation (English, but no evidence inside a German
    sentence, where MT left them untranslated).
    """
    matcher = _glossary_matcher()
    if matcher is None:
        return []
    try:
        matches = matcher(text)
    except Exception:  # a broken glossary must not break detection
        return []
    return [
        (m.start, m.end, "glossary" if m.do_not_translate or m.is_acronym else "term")
        for m in matches
        if m.do_not_translate or m.is_acronym or (m.lang == "en" and m.text != m.de)
    ]


@lru_cache(maxsize=1)
def _glossary_matcher() -> Any:
    """`load_glossary().match`, or None while no glossary is installed."""
    try:
        from glossary import load_glossary

        return load_glossary().match
    except Exception:  # not built yet, or no data: skip that evidence
        return None


#: From this Zipf level on a word is a function word or nearly (the, and, with).
FUNCTION_WORD_ZIPF = 6.5
#: Below this Zipf level a word is unknown to a language (a name, a typo, a rarity).
UNKNOWN_ZIPF = 2.0
#: Below this Zipf level a capitalised word that no lexicon knows, and that no German
#: or English morphology explains, is a name ("Glencore", "Tinto"): word lists count
#: names, lexicons do not.
NAME_ZIPF = 3.0


def _unexplained(evidence: WordEvidence) -> bool:
    """No lexicon, no morphology, no compound split, no German letters: a name's marks."""
    return (
        not evidence.in_lexicon
        and evidence.morphology == 0
        and evidence.compound == 0
        and not evidence.german_letters
        and max(evidence.zipf_de, evidence.zipf_en) < NAME_ZIPF
    )


def _english_name_word(token: Token) -> bool:
    """A capitalised word inside a sentence that is no German word: likely a name.

    A capitalised first word is a name only when neither language knows it at all.
    """
    if not token.capitalised:
        return False
    evidence = word_evidence(token.text)
    if token.initial:
        return _unexplained(evidence) or (
            max(evidence.zipf_de, evidence.zipf_en) < UNKNOWN_ZIPF
            and evidence.lexicon == 0
            and evidence.compound == 0
            and not evidence.german_letters
        )
    if max(evidence.zipf_de, evidence.zipf_en) >= FUNCTION_WORD_ZIPF:
        return False  # "The", "And": too common to be a name, however capitalised
    if evidence.ratio <= -1.0 or _unexplained(evidence):
        return True
    # unknown to German, and neither a German lexicon word nor a German compound
    return (
        evidence.zipf_de < UNKNOWN_ZIPF
        and not evidence.german_letters
        and evidence.lexicon <= 0
        and evidence.compound <= 0
    )


#: A line of this many words or more, all capitalised, is in title case.
TITLE_CASE_MIN_WORDS = 3


def _title_case(tokens: Sequence[Token]) -> bool:
    """Every word capitalised, in a line long enough to be a title-case heading.

    >>> _title_case(tokenize("Tesla Shares Slump After Earnings", False))
    True
    >>> _title_case(tokenize("Tesla shares slump", False))
    False
    """
    count = 0
    for token in tokens:
        if token.masked is None or token.masked == "name":
            if not token.capitalised:
                return False
            count += 1
    return count >= TITLE_CASE_MIN_WORDS


def _dateline_spans(text: str) -> list[tuple[int, int, str]]:
    """The span of a news dateline ("WASHINGTON (Reuters) –") or of the place before a
    date alone on a line ("Hamburg, 14.03.2026"): names, no language.

    >>> _dateline_spans("München, 03.11.2025"), _dateline_spans("Zinn, 03.11.2025 war teuer")
    ([(0, 7, 'dateline')], [])
    """
    if "(" in text[:DATELINE_MAX_START]:
        dateline = DATELINE_RE.match(text)
        if dateline:
            return [(dateline.start(), dateline.end(), "dateline")]
    if "," in text and text.rstrip()[-1:].isdigit():
        place = PLACE_DATE_RE.match(text)
        if place:
            return [(place.start("place"), place.end("place"), "dateline")]
    return []


def tokenize(text: str, use_glossary: bool = True) -> list[Token]:
    """Words of `text`, each marked initial or not and masked when it is no evidence.

    >>> [(t.text, t.masked) for t in tokenize("MP Materials erhielt 400 Millionen", False)]
    [('MP', 'acronym'), ('Materials', 'name'), ('erhielt', None), ('Millionen', None)]
    """
    masked_spans: list[tuple[int, int, str]] = [
        (m.start(), m.end(), m.lastgroup or "")
        for m in (ANY_MASK_RE if MAY_HAVE_ADDRESS_RE.search(text) else WORD_MASK_RE).finditer(text)
    ]
    masked_spans.extend(_dateline_spans(text))
    if use_glossary:
        masked_spans.extend(_glossary_spans(text))

    # Words come in text order, so the spans are swept once (a long line has thousands
    # of them); among spans covering a word the earliest listed gives the reason.
    by_start = sorted(range(len(masked_spans)), key=lambda index: masked_spans[index][0])
    open_spans: list[int] = []
    sweep = 0

    def mask_of(start: int, end: int) -> str | None:
        nonlocal sweep, open_spans
        while sweep < len(by_start) and masked_spans[by_start[sweep]][0] <= start:
            open_spans.append(by_start[sweep])
            sweep += 1
        open_spans = [index for index in open_spans if masked_spans[index][1] > start]
        covering = [index for index in open_spans if masked_spans[index][1] >= end]
        return masked_spans[min(covering)][2] if covering else None

    tokens: list[Token] = []
    previous_end = 0
    for match in WORD_RE.finditer(text):
        start, end = match.span()
        word = match.group()
        # What lies between this word and the previous one says whether it starts a
        # sentence ("Am 24. April": a number's full stop ends no sentence).
        between = text[previous_end:start].rstrip(" \t\u00a0")
        initial = not tokens or (bool(between) and bool(SENTENCE_START_RE.search(between)))
        previous_end = end
        masked = mask_of(start, end) if masked_spans else None
        tokens.append(Token(word, start, end, initial, word[0].isupper(), masked))
    # Capitalised English-looking words inside a sentence are names ("ElementUS
    # Minerals", "Financial Times"); a name run that starts a sentence is one too.
    names = [_english_name_word(token) for token in tokens]
    if _title_case(tokens):
        # Capitals say nothing in a title-case heading ("Tesla Shares Slump After
        # Earnings"): only words no language explains are names there.
        names = [
            name and _unexplained(word_evidence(token.text))
            for name, token in zip(names, tokens, strict=True)
        ]
    for index, token in enumerate(tokens):
        if token.masked is None and (
            names[index]
            or (
                token.initial
                and token.capitalised
                and index + 1 < len(tokens)
                and names[index + 1]
                and word_evidence(token.text).ratio <= -1.0
            )
        ):
            tokens[index] = token._replace(masked="name")
    return tokens


# ---------------------------------------------------------------------------
# lingua


@lru_cache(maxsize=16)
def _lingua_detector(langs: tuple[str, ...], low_accuracy: bool = False) -> Any:
    """One lingua detector per language set, built on first use (models load lazily)."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, lang.upper()) for lang in langs]
    builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
    if low_accuracy:
        builder = builder.with_low_accuracy_mode()
    return builder.build()


@cache
def lingua_languages() -> frozenset[str]:
    """ISO 639-1 codes lingua knows."""
    from lingua import Language

    return frozenset(language.iso_code_639_1.name.lower() for language in Language.all())


def _lingua_confidences(text: str, langs: tuple[str, ...]) -> dict[str, float]:
    values = _lingua_detector(langs).compute_language_confidence_values(text)
    return {value.language.iso_code_639_1.name.lower(): value.value for value in values}


# ---------------------------------------------------------------------------
# German versus English

#: Feature names of the German/English model, in order.
FEATURES: tuple[str, ...] = (
    "bias",
    "lingua",  # lingua's log-odds de:en on the masked text, clipped to +-6
    "lingua_unknown",  # the same, times the share of words wordfreq knows in neither
    "ratio_lower",  # sum of Zipf differences of lower-case words
    "ratio_capital",  # ... of capitalised words inside a sentence
    "ratio_initial",  # ... of sentence-initial words
    "saturated",  # sum of saturated Zipf differences
    "lexicon",  # simplemma: known-in-German minus known-in-English words
    "morphology",  # unknown forms simplemma's rules explain, German minus English
    "compound",  # compound splits, German minus English
    "german_letters",  # words with ä, ö, ü, ß
    "german_nouns",  # capitalised mid-sentence words that are German words
)

LINGUA_CLIP = 6.0
#: Beyond lingua's reach by this much (in log-odds) the answer is sure without it.
LINGUA_MARGIN = 2.0


def german_english_features(
    text: str, tokens: Sequence[Token] | None = None, with_lingua: bool = True
) -> list[float]:
    """The evidence vector (see `FEATURES`) for German against English.

    Without `with_lingua` the lingua features stay 0 (lingua is the slowest part).
    """
    if tokens is None:
        tokens = tokenize(text)
    evidence_tokens = [t for t in tokens if t.masked is None] or list(tokens)
    if "-" in text:
        # the compounds are read whole, masked parts too ("Made-in-Europe-Quote")
        heads = set(_without_compound_modifiers(text, list(tokens)))
        evidence_tokens = [t for t in evidence_tokens if t in heads] or evidence_tokens
    values = dict.fromkeys(FEATURES, 0.0)
    values["bias"] = 1.0
    title_case: bool | None = None
    for token in evidence_tokens:
        evidence = word_evidence(token.text)
        if token.initial:
            values["ratio_initial"] += evidence.ratio
        elif token.capitalised:
            values["ratio_capital"] += evidence.ratio
            if evidence.zipf_de >= GERMAN_NOUN_ZIPF and evidence.ratio > 0:
                values["german_nouns"] += not _german_lower_case_word(token.text)
            elif evidence.zipf_de >= GERMAN_NOUN_ZIPF and _compound_head(text, token):
                if title_case is None:
                    title_case = _title_case(tokens)
                values["german_nouns"] += not title_case
        else:
            values["ratio_lower"] += evidence.ratio
        values["saturated"] += evidence.saturated
        values["lexicon"] += evidence.lexicon
        values["morphology"] += evidence.morphology
        values["compound"] += evidence.compound
        values["german_letters"] += evidence.german_letters
    if not with_lingua:
        return [values[name] for name in FEATURES]
    lingua_text = " ".join(t.text for t in evidence_tokens)
    confidences = _lingua_confidences(lingua_text, ("de", "en"))
    p_de, p_en = confidences.get("de", 0.0), confidences.get("en", 0.0)
    if p_de + p_en > 0:
        p_de = min(max(p_de / (p_de + p_en), 1e-6), 1 - 1e-6)
        values["lingua"] = max(-LINGUA_CLIP, min(LINGUA_CLIP, math.log(p_de / (1 - p_de))))
        unknown = sum(
            1
            for t in evidence_tokens
            if max(word_evidence(t.text).zipf_de, word_evidence(t.text).zipf_en) == 0
        )
        values["lingua_unknown"] = values["lingua"] * unknown / len(evidence_tokens)
    return [values[name] for name in FEATURES]


#: A capitalised word inside a sentence this frequent in German is a German noun.
GERMAN_NOUN_ZIPF = 3.0
# A word joined by a hyphen to the word before it ("Recycling-Quote").
COMPOUND_HYPHEN_RE = regex.compile(r"[\p{L}\d][-‐‑]$")


@lru_cache(maxsize=50_000)
def _german_lower_case_word(word: str) -> bool:
    """True if German's lexicon knows `word` only as a word it writes in lower case (a
    conjunction, verb or adjective, whose lemma is lower-case): capitalised inside a
    line it is no German noun, but a name or a title-case heading ("Glencore Profit
    Falls": German writes "falls", if, in lower case).

    >>> _german_lower_case_word("Falls"), _german_lower_case_word("Profit")
    (True, False)
    """
    import simplemma

    lemma: str = simplemma.lemmatize(word, "de")
    return lemma[:1].islower() and _known(lemma, "de")


def _compound_head(text: str, token: Token) -> bool:
    """A capitalised part after a hyphen inside a word: German spells its hyphenated
    compounds so ("Recycling-Quote", "Supply-Chain-Gesetz"), English writes
    "recycling quota" (but title-case headings capitalise every part, so callers skip
    those). The head is a German noun even when English knows the word better.

    >>> text = "Recycling-Quote"
    >>> [_compound_head(text, t) for t in tokenize(text, False)]
    [False, True]
    """
    return token.capitalised and bool(COMPOUND_HYPHEN_RE.search(text, 0, token.start))


def _without_compound_modifiers(text: str, tokens: list[Token]) -> list[Token]:
    """`tokens` without the modifiers of hyphenated compounds whose head is capitalised
    ("Cost-Cutting-Programm", "Joint-Venture-Partner"): the head says the language of
    a compound (German spells its compounds so, with English loans in front), the
    modifiers do not. A line of such parts only keeps them all.

    >>> text = "Cost-Cutting-Programm"
    >>> [t.text for t in _without_compound_modifiers(text, tokenize(text, False))]
    ['Programm']
    >>> text = "Made-in-Europe-Quote"
    >>> [t.text for t in _without_compound_modifiers(text, tokenize(text, False))]
    ['Quote']
    """
    modifiers: set[int] = set()
    chain: list[int] = []  # the earlier parts of the hyphenated word being read
    for index in range(len(tokens) - 1):
        left, right = tokens[index], tokens[index + 1]
        if text[left.end : right.start] != "-":
            chain = []
            continue
        chain.append(index)
        if right.capitalised and COMPOUND_HYPHEN_RE.search(text, 0, right.start):
            # every earlier part modifies the capitalised head, lower-case ones too
            # ("Made-in-Europe-Quote", "Just-in-time-Lieferung": heads Quote, Lieferung)
            modifiers.update(chain)
            chain = []
    kept = [token for index, token in enumerate(tokens) if index not in modifiers]
    return kept or tokens


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def german_probability(text: str, tokens: Sequence[Token] | None = None) -> float:
    """P(German | German or English) from the fitted combination.

    >>> german_probability("MP Materials erhielt vom Verteidigungsministerium 400 Millionen") > 0.9
    True
    """
    weights = model_weights()
    if tokens is None:
        tokens = tokenize(text)
    # lingua is asked only when its largest possible say could change the answer
    features = german_english_features(text, tokens, with_lingua=False)
    score = _weighted(weights, features)
    lingua_reach = LINGUA_CLIP * (abs(weights["lingua"]) + abs(weights["lingua_unknown"]))
    if abs(score) <= lingua_reach + LINGUA_MARGIN:
        score = _weighted(weights, german_english_features(text, tokens))
    return _sigmoid(score)


def _weighted(weights: dict[str, float], features: Sequence[float]) -> float:
    return sum(weights.get(name, 0.0) * v for name, v in zip(FEATURES, features, strict=True))


# ---------------------------------------------------------------------------
# the engines


#: Candidates less likely than this are left out of the answer.
MIN_CANDIDATE = 0.005


def _normalise(scores: dict[str, float]) -> dict[str, float]:
    total = sum(scores.values())
    if total <= 0:
        return {}
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return {lang: p / total for lang, p in ranked if p / total >= MIN_CANDIDATE}


#: Below this confidence the glossary is asked to mask the names it knows, and the
#: segment is scored again (a sure answer is not worth the glossary lookup).
GLOSSARY_RECHECK = 0.99


#: A line in capitals needs this many words to be a heading; fewer are acronyms
#: ("NYSE: MP"), unless each of them has at least CAPS_PAIR_MIN_LENGTH letters
#: ("KURZ & KNAPP") ...
CAPS_MIN_WORDS = 3
CAPS_PAIR_MIN_LENGTH = 4
#: ... and this share of them must be words of a German or English lexicon.
CAPS_MIN_KNOWN = 2 / 3
# A word in capitals; capitals next to digits are a code ("CA46579R1047"), no word.
CAPS_WORD_RE = regex.compile(r"(?<![\p{L}\d])\p{Lu}+(?![\p{L}\d])")
LOWER_CASE_RE = regex.compile(r"\p{Ll}")
# Two words of a phrase: joined by spaces (or an ampersand), not by a list's separators
# ("DPA/AFP/REUTERS" is a list of names).
CAPS_PHRASE_RE = regex.compile(r"\p{Lu}[ \t\u00a0]+(?:&[ \t\u00a0]+)?\p{Lu}")


def caps_as_title(text: str) -> str:
    """A line written all in capitals, in title case (same length): a heading in
    capitals ("KUPFER SO TEUER WIE NIE", "AT A GLANCE") is made of words, which the
    acronym mask would take for names. A line of acronyms ("BHP, CATL, SQM",
    "DPA/AFP/REUTERS") stays as it is, and so does any line with a lower-case letter.

    >>> caps_as_title("KUPFER SO TEUER WIE NIE"), caps_as_title("KURZ & KNAPP")
    ('Kupfer So Teuer Wie Nie', 'Kurz & Knapp')
    >>> caps_as_title("BHP, CATL, SQM"), caps_as_title("USA EU"), caps_as_title("ISIN CA46579R1047")
    ('BHP, CATL, SQM', 'USA EU', 'ISIN CA46579R1047')
    """
    if LOWER_CASE_RE.search(text) or not CAPS_PHRASE_RE.search(text):
        return text
    words = CAPS_WORD_RE.findall(text)
    if len(words) < CAPS_MIN_WORDS and not (
        len(words) == 2 and min(map(len, words)) >= CAPS_PAIR_MIN_LENGTH
    ):
        return text
    known = sum(1 for word in words if word_evidence(word).in_lexicon)
    if known < CAPS_MIN_KNOWN * len(words):
        return text
    titled = CAPS_WORD_RE.sub(lambda m: m.group()[0] + m.group()[1:].lower(), text)
    return titled if len(titled) == len(text) else text


def _combined(text: str, langs: tuple[str, ...]) -> tuple[dict[str, float], str | None]:
    text = caps_as_title(text)
    tokens = tokenize(text, use_glossary=False)
    if _may_be_names(text) and _names_only(text, tokens) and not foreign_word(tokens, langs):
        return {}, "names only"
    tokens = _without_people(text, tokens)
    scores, reason = _combined_tokens(text, langs, tokens)
    if scores and max(scores.values()) < GLOSSARY_RECHECK and _glossary_matcher() is not None:
        glossary_tokens = _without_people(text, tokenize(text))
        if any(token.masked in ("glossary", "term") for token in glossary_tokens):
            tokens = glossary_tokens
            scores, reason = _combined_tokens(text, langs, tokens)
    if not scores:
        return scores, reason
    framed = _quotation_frame(text, langs, scores)
    if framed is not None:
        return framed, reason
    return _without_german_names(text, langs, tokens, scores), reason


def foreign_word(tokens: Sequence[Token], langs: tuple[str, ...]) -> bool:
    """A line of one word that is common in another candidate language, and much more
    so than in German or English: a word of that language ("Obrigado", "Noticias"), not
    a name, although German and English do not know it.

    >>> langs = default_languages()
    >>> [foreign_word(tokenize(word, False), langs) for word in ("Noticias", "Glencore")]
    [True, False]
    """
    others = tuple(lang for lang in langs if lang not in ("de", "en"))
    if len(tokens) != 1 or not others or tokens[0].text in _places():
        return False
    word = tokens[0].text
    evidence = word_evidence(word)
    other = _other_zipf(word, others)
    if other < COVERAGE_ZIPF or other < max(evidence.zipf_de, evidence.zipf_en) + FOREIGN_MARGIN:
        return False
    # word lists count names ("Petrobras"), lexicons do not
    return any(_known_in(word.casefold(), lang) for lang in others)


@lru_cache(maxsize=50_000)
def _known_in(word: str, lang: str) -> bool:
    """simplemma's lexicon of `lang` knows `word` (False for a language it lacks)."""
    try:
        return _known(word, lang)
    except ValueError:  # simplemma has no lexicon for this language
        return False


QUOTE_MARK_RE = regex.compile(r"[„“”\"«»]")
#: The words around a quotation decide a line when they are at least this many
#: evidence words and their own answer is at least this sure.
FRAME_MIN_WORDS = 2
FRAME_MIN_CONFIDENCE = 0.9


def _quotation_frame(
    text: str, langs: tuple[str, ...], scores: dict[str, float]
) -> dict[str, float] | None:
    """The scores of the words around the quotations of `text`, when they differ and are sure.

    A German sentence quoting a long English statement is German: its own words say so
    ("Greer nannte die Zölle „a necessary response to unfair trade practices“.").

    >>> detect("Greer nannte die Zölle „a necessary response to unfair trade practices“.").lang
    'de'
    """
    if not QUOTE_MARK_RE.search(text):
        return None
    frame = QUOTED_RE.sub(" ", text)
    if frame == text:
        return None
    words = [t for t in tokenize(frame, use_glossary=False) if t.masked is None]
    if len(words) < FRAME_MIN_WORDS:
        return None
    framed, _ = _combined(frame, langs)
    if not framed or next(iter(framed)) == next(iter(scores)):
        return None
    if max(framed.values()) < FRAME_MIN_CONFIDENCE:
        return None
    return framed


# Two capitalised words joined by a connector of German institution names (a quick
# test before `german_name_runs`).
# A suspended compound counts ("Industrie- und Handelskammer").
GERMAN_NAME_RE = regex.compile(r"\p{Lu}\p{L}*[-‐‑]?\s+(?:für|und|der|des)\s+\p{Lu}")
#: A German answer surer than this is German whatever names it holds (German
#: sentences are nearly all far surer, English ones with German names far less).
GERMAN_NAME_MAX_DOUBT = 1 - 1e-9
#: The answer of an English sentence without its German institution names must be
#: this sure to replace a German answer.
GERMAN_NAME_MIN_CONFIDENCE = 0.9


def german_name_runs(tokens: Sequence[Token]) -> list[int]:
    """Indices of the words of German institution names inside a sentence.

    Such a name is a run of capitalised words that do not start the sentence, with
    at least one lower-case connector ("für", "und", "der", "des") between two of them.

    >>> tokens = tokenize("The Bundesverband der Deutschen Industrie urged Berlin to act.", False)
    >>> [tokens[i].text for i in german_name_runs(tokens)]
    ['Bundesverband', 'der', 'Deutschen', 'Industrie']
    """
    connectors = _name_words("name_connectors")

    def inside(token: Token) -> bool:
        return token.capitalised and not token.initial

    found: set[int] = set()
    for index in range(1, len(tokens) - 1):
        if tokens[index].text not in connectors:
            continue
        if not (inside(tokens[index - 1]) and inside(tokens[index + 1])):
            continue
        start, end = index - 1, index + 1
        while start > 0 and inside(tokens[start - 1]):
            start -= 1
        while end + 1 < len(tokens) and inside(tokens[end + 1]):
            end += 1
        found.update(range(start, end + 1))
    return sorted(found)


def _without_german_names(
    text: str, langs: tuple[str, ...], tokens: list[Token], scores: dict[str, float]
) -> dict[str, float]:
    """English scores for an English sentence that German institution names made German.

    "Officials at the Bundesministerium für Wirtschaft und Klimaschutz declined to
    comment." is English: without the name, its words are.
    """
    if (
        next(iter(scores)) != "de"
        or scores["de"] > GERMAN_NAME_MAX_DOUBT
        or "en" not in langs
        or not GERMAN_NAME_RE.search(text)
    ):
        return scores
    runs = german_name_runs(tokens)
    if not runs:
        return scores
    # only worth a second look when the lower-case words around the names lean English
    lowercase = sum(
        word_evidence(token.text).ratio
        for index, token in enumerate(tokens)
        if index not in runs and token.masked is None and not token.capitalised
    )
    if lowercase >= 0:
        return scores
    masked = [
        token._replace(masked="name") if index in runs else token
        for index, token in enumerate(tokens)
    ]
    if not any(token.masked is None for token in masked):
        return scores
    rescored, _ = _combined_tokens(text, langs, masked)
    if rescored and rescored.get("en", 0.0) >= GERMAN_NAME_MIN_CONFIDENCE:
        return rescored
    return scores


def _combined_tokens(
    text: str, langs: tuple[str, ...], tokens: list[Token]
) -> tuple[dict[str, float], str | None]:
    reason = None
    if tokens and all(t.masked is not None for t in tokens):
        tokens = _unmask_labels(text, tokens)
    has_de_en = "de" in langs and "en" in langs
    others = tuple(lang for lang in langs if lang not in ("de", "en"))
    non_latin = len(NON_LATIN_RE.findall(text)) if others else 0
    mostly_non_latin = non_latin * 2 > len(LETTER_RE.findall(text))
    words = [t for t in tokens if t.masked is None]
    # Words unknown to German and English were masked as names; another candidate
    # language may know them ("Dziękuję bardzo").
    named = [t for t in tokens if t.masked in ("name", None)]
    foreign_share = (
        _foreign_share(named, others, text)
        if others and (len(named) >= WIDE_MIN_WORDS or len(tokens) == 1 == len(named))
        else 0.0
    )
    foreign = foreign_share >= WIDE_MIN_FOREIGN
    if foreign:
        words = named
    elif not mostly_non_latin and tokens and not words:
        verdict = _without_words(tokens)
        if verdict is not None:
            return {}, verdict
    # Lines that German and English hardly know go to lingua over every candidate.
    # Capitalised words inside a sentence are left out of that count: a name German
    # and English do not know ("Andrey Popov") makes no line foreign.
    plain = _plain_words(text, tokens, words)
    needs_wide = bool(others) and (
        mostly_non_latin
        or foreign
        or (len(plain) >= WIDE_MIN_WORDS and _de_en_coverage(plain) < WIDE_MAX_COVERAGE)
    )
    if not has_de_en and not others:
        return {langs[0]: 1.0}, reason
    if needs_wide or not has_de_en:
        lingua_text = " ".join(t.text for t in words) if words and not mostly_non_latin else text
        raw = _lingua_confidences(lingua_text, langs)
        # Every word is foreign by word frequencies: the prior for German and English
        # has done its job, so lingua decides alone ("Mange tak", "Il rame").
        prior = {lang: 1.0 if foreign_share == 1.0 else _prior(lang) for lang in raw}
        scores = _normalise({lang: p * prior[lang] for lang, p in raw.items()})
        if not scores:
            return {}, "no language evidence"
        top = next(iter(scores))
        if not has_de_en or top not in ("de", "en"):
            return scores, reason
        # German or English after all: let the de/en model split their share.
        share = scores.get("de", 0.0) + scores.get("en", 0.0)
        p_de = german_probability(text, tokens)
        scores["de"], scores["en"] = share * p_de, share * (1 - p_de)
        return _normalise(scores), reason
    p_de = german_probability(text, tokens)
    return _normalise({"de": p_de, "en": 1 - p_de}), reason


def _plain_words(text: str, tokens: Sequence[Token], words: Sequence[Token]) -> list[Token]:
    """The `words` that say whether a line is German or English at all: lower-case
    words and sentence-initial ones, but no capitalised word after the label of a
    credit ("Foto: Imago / Xinhua": the names after "Foto:" start no sentence, they
    are the credited, whatever language lists them).

    >>> text = "Foto: Imago / Xinhua"
    >>> [t.text for t in _plain_words(text, tokenize(text, False), tokenize(text, False))]
    ['Foto']
    """
    label_end = tokens[0].end if tokens and _label(text, tokens[0]) else len(text)
    return [
        t
        for t in words
        if (t.initial or not t.capitalised) and not (t.capitalised and t.start > label_end)
    ]


#: A Latin-script line goes to the wide detector when it has this many evidence words
#: and fewer than this share of them are common German or English words.
WIDE_MIN_WORDS = 2
WIDE_MAX_COVERAGE = 0.75
#: The Zipf level from which a word counts as common German or English (French
#: "les", "du" reach 3 in those lists as names and quotes, rarely more).
COVERAGE_ZIPF = 3.5

#: ... or when this share of its words is clearly more frequent in another language
#: ("les", "prix", "cuivre": French words that German and English lists also have).
WIDE_MIN_FOREIGN = 0.5
#: How much more frequent (Zipf units) a word must be in another language.
FOREIGN_MARGIN = 1.0


@lru_cache(maxsize=64)
def _small_frequencies(lang: str) -> dict[str, float]:
    from wordfreq import get_frequency_dict

    if lang not in _wordfreq_languages():
        return {}
    frequencies: dict[str, float] = get_frequency_dict(lang, wordlist="small")
    return frequencies


@lru_cache(maxsize=200_000)
def _other_zipf(word: str, others: tuple[str, ...]) -> float:
    """The highest Zipf frequency of `word` among the `others` languages' small lists."""
    folded = word.casefold()
    best = 0.0
    for lang in others:
        freq = _small_frequencies(lang).get(folded)
        if freq:
            best = max(best, math.log10(freq) + 9)
    return best


def _foreign_share(words: Sequence[Token], others: tuple[str, ...], text: str = "") -> float:
    """The share of words much more frequent in another candidate than in de or en.

    It is 0 unless one of them is a lower-case word or the first word: capitalised
    ones may be names, and a credit ("Grafik: Statista") or a list of names is no
    Italian or Portuguese line, whatever language the names come from. A first word
    after a number is no first word: "7,9 Mio. t" is no Italian "Mio".
    """
    foreign = [
        token
        for token in words
        if _other_zipf(token.text, others)
        >= max(word_evidence(token.text).zipf_de, word_evidence(token.text).zipf_en)
        + FOREIGN_MARGIN
    ]
    first = words[0].start if words else 0
    if NUMBER_BEFORE_RE.search(text, 0, first):
        first = -1  # the first word follows a number: no word starts the line
    if all(token.capitalised and token.start > first for token in foreign):
        return 0.0
    return len(foreign) / len(words)


# A number, then at most a space, right before a position.
NUMBER_BEFORE_RE = regex.compile(r"\d[ \u00a0]?$")


#: Masks that leave no language at all (an address, a number).
NO_LANGUAGE_MASKS = frozenset({"url", "email", "handle", "timestamp", "number", "unit"})
#: Zipf level of a common word: a "name" line made of these is a title-case heading.
COMMON_WORD_ZIPF = 3.5


def _common_word(evidence: WordEvidence) -> bool:
    """A frequent word, a lexicon word frequent enough not to be a name, or a word of
    one language's list only ("Lesezeit" in "Lesezeit 4 min", whose unit is masked)."""
    top = max(evidence.zipf_de, evidence.zipf_en)
    return (
        top >= COMMON_WORD_ZIPF
        or (evidence.in_lexicon and top >= NAME_ZIPF)
        or _one_list_word(evidence)
    )


def _one_list_word(evidence: WordEvidence) -> bool:
    """Known to one language's word list only, and not rarely: a word, not a name."""
    low, top = sorted((evidence.zipf_de, evidence.zipf_en))
    return low == 0 < UNKNOWN_ZIPF <= top


def _without_words(tokens: Sequence[Token]) -> str | None:
    """Why a segment whose every word is masked has no language, or None if it has one.

    Addresses, numbers, acronyms and names carry no language; a title-case heading
    ("Why Copper Prices Are Rising") is masked as names too, but is made of common
    words, so it keeps its language. The glossary's English terms ("Tungsten") are
    English; its do-not-translate names ("MP Materials") are names however common
    their words, unless a lower-case word makes them a title.
    """
    if all(t.masked in NO_LANGUAGE_MASKS for t in tokens):
        return "no words"
    if any(t.masked == "term" for t in tokens):
        return None
    names = [t for t in tokens if t.masked in ("name", "glossary", None)]
    # A do-not-translate name of capitalised words only is a bare name; with a
    # lower-case word inside it is a title ("... Critical Minerals and Resources").
    titled = any(not t.capitalised for t in names)
    common = sum(
        1
        for t in names
        if (t.masked != "glossary" or titled) and _common_word(word_evidence(t.text))
    )
    if names and common * 2 >= len(names):
        return None
    return "names only"


@cache
def _name_words(kind: str) -> frozenset[str]:
    """A word class of ``data/detect_names.json`` (particles, designators, ...)."""
    return frozenset(word.casefold() for word in _data("detect_names.json")[kind])


@cache
def _latin_others() -> tuple[str, ...]:
    """The default languages besides German and English that wordfreq has and that are
    written in Latin script: their lists say how international a word is."""
    return tuple(
        lang
        for lang in default_languages()
        if lang not in ("de", "en")
        and lang in _wordfreq_languages()
        and not NON_LATIN_RE.search("".join(itertools.islice(_small_frequencies(lang), 3)))
    )


#: A word at least this frequent in German or English ...
INTERNATIONAL_MIN_ZIPF = 3.0
#: ... and less than this much more frequent there than in the median other language
#: is international: a name (Jennifer, Washington, Tokyo), not a word of one language.
INTERNATIONAL_MAX_GAP = 0.9


@lru_cache(maxsize=50_000)
def international(word: str) -> bool:
    """True if `word` is about as frequent in other languages' lists as in German or English.

    Names of people and places travel unchanged into every language's news; common
    words do not (and English ones, much borrowed, are still clearly more frequent in
    English).

    >>> international("Jennifer"), international("Tokyo")
    (True, True)
    >>> international("Kommentar"), international("Market"), international("Greer")
    (False, False, False)
    """
    evidence = word_evidence(word)
    base = max(evidence.zipf_de, evidence.zipf_en)
    if base < INTERNATIONAL_MIN_ZIPF:
        return False
    folded = word.casefold()
    others = sorted(
        math.log10(freq) + 9 if (freq := _small_frequencies(lang).get(folded)) else 0.0
        for lang in _latin_others()
    )
    return bool(others) and base - others[len(others) // 2] < INTERNATIONAL_MAX_GAP


@cache
def _lower_word_re() -> regex.Pattern[str]:
    """A word that starts with a lower-case letter and is no particle of a name."""
    particles = "|".join(
        sorted(_name_words("particles") | _name_words("lowercase_names"), key=len, reverse=True)
    )
    return regex.compile(
        rf"(?<![\p{{L}}'’]|(?<![\p{{L}}'’])\p{{Lu}}\p{{Ll}}*[-‐‑])"
        rf"(?!(?:{particles})(?![\p{{L}}'’]))\p{{Ll}}"
    )


#: A line of names has at most this many words ("MP Materials, USA Rare Earth, Energy Fuels").
NAME_LINE_MAX_WORDS = 8
#: Masks that are names (or stand for one) on a line of names.
NAME_MASKS = frozenset({"acronym", "glossary", "dateline"})


#: Among other names, a capitalised lexicon word rarer than this is a name too.
RARE_NAME_ZIPF = 2.5
#: An unknown word up to this long is a name even when it splits like a compound or
#: simplemma's rules find a lemma for it ("Granholm" = gran + holm); longer ones may
#: be real compounds ("Rohstoffpartnerschaft").
NAME_MAX_SPLIT_LENGTH = 8
VOWEL_RE = regex.compile(r"[aeiouyäöüàáâãåæèéêëìíîïòóôõøùúûý]", regex.IGNORECASE)


def _name_token(token: Token, alone: bool) -> bool:
    """A word that is a name by itself: masked as one, or a capitalised word with a
    vowel (not an abbreviation like "Mrd") that no lexicon knows and no German or
    English morphology explains (at any frequency: "Bloomberg", "Piedmont"), or that
    neither language's list knows ("Granholm"), or (unless it stands alone) an
    international word ("Jennifer", "Tokyo") or a rare one ("Antofagasta")."""
    if token.masked in NAME_MASKS:
        return True
    if not token.capitalised or not VOWEL_RE.search(token.text):
        return False
    evidence = word_evidence(token.text)
    if evidence.in_lexicon or evidence.german_letters:
        if alone:
            return False
        # a rare word that no German lexicon alone claims, among names ("Antofagasta"),
        # or a short one rarer still as a word than a name is ("Syrah", "Boliden")
        top = max(evidence.zipf_de, evidence.zipf_en)
        rare = (top < RARE_NAME_ZIPF and evidence.lexicon <= 0) or (
            top < NAME_ZIPF and len(token.text) <= NAME_MAX_SPLIT_LENGTH
        )
        return international(token.text) or (rare and not evidence.german_letters)
    if _german_list_word(evidence):
        return False  # a word of German's list only ("Lesezeit")
    if evidence.morphology == 0 and evidence.compound == 0:
        return not english_derivative(token.text)
    unknown = max(evidence.zipf_de, evidence.zipf_en) < UNKNOWN_ZIPF
    return unknown and (
        len(token.text) <= NAME_MAX_SPLIT_LENGTH or _english_compound_name(token.text, evidence)
    )


#: The stem of an English derivative is an English lexicon word at least this common ...
DERIVATIVE_MIN_STEM_ZIPF = 4.0


def english_derivative(word: str) -> bool:
    """A word that a suffix of ``derivation_suffixes`` derives from a common English
    word (a verb or adjective its lexicon knows): "Explainer", "Onshoring",
    "Tradeable" are words that lexicons lack, not names. The stem may have lost a
    final "e" ("Tradeable" keeps it, "Pricing" does not).

    >>> english_derivative("Explainer"), english_derivative("Pricing")
    (True, True)
    >>> english_derivative("Glencore"), english_derivative("Becker")
    (False, False)
    """
    folded = word.casefold()
    for suffix in _name_words("derivation_suffixes"):
        stem = folded[: -len(suffix)]
        if not folded.endswith(suffix) or len(stem) < COMPOUND_MIN_PART:
            continue
        for candidate in (stem, stem + "e"):
            if _known(candidate, "en") and zipf(candidate, "en") >= DERIVATIVE_MIN_STEM_ZIPF:
                return True
    return False


def _german_list_word(evidence: WordEvidence) -> bool:
    """A word of German's frequency list only, that no lexicon knows: a German word
    (German closes its compounds, which no lexicon lists: "Lesezeit"). A word of
    English's list only that no lexicon knows is a name: English news lists hold the
    names of the world's people ("Piyush", "Goyal"), English writes compounds apart.

    >>> _german_list_word(word_evidence("Lesezeit")), _german_list_word(word_evidence("Goyal"))
    (True, False)
    """
    return _one_list_word(evidence) and evidence.zipf_de > 0


def _english_compound_name(word: str, evidence: WordEvidence) -> bool:
    """An unknown capitalised word that splits into English words only is a company name
    ("Nornickel" = nor + nickel, "Northvolt", "Newcrest"): English writes its compounds
    apart, so a closed one that no word list knows is coined, unlike a long German
    compound ("Rohstoffpartnerschaft"), which is vocabulary.

    >>> _english_compound_name("Nornickel", word_evidence("Nornickel"))
    True
    >>> _english_compound_name("Nearshoring", word_evidence("Nearshoring"))
    False
    """
    return (
        evidence.compound < 0
        and evidence.morphology <= 0
        and not evidence.german_letters
        and not word.casefold().endswith(ENGLISH_WORD_ENDINGS)
    )


#: Endings of English word forms: a coined closed compound with one is a word
#: ("Nearshoring", "Greenwashed"), not a company name.
ENGLISH_WORD_ENDINGS: tuple[str, ...] = ("ing", "ed", "ness", "tion", "ment", "ity", "ers")


def names_only(text: str) -> bool:
    """True if a short line holds nothing but names: people, places, companies, agencies.

    Every word is a name (see `_name_token`), a lower-case particle inside a personal
    name ("von der") or a generic part of an organisation name ("Resources", "Rare
    Earths", "News"); at least one is a name. Glossary terms are language
    ("Tungsten"), and so is any other word, a conjunction too: "Rio Tinto und BHP" has
    a word to translate.

    >>> names_only("Jennifer Granholm"), names_only("Teck Resources, Lynas Rare Earths")
    (True, True)
    >>> names_only("WASHINGTON (Reuters) –"), names_only("Market Update")
    (True, False)
    >>> names_only("Rare Earths"), names_only("Foto: Reuters"), names_only("Tungsten")
    (False, False, False)
    """
    return _may_be_names(text) and _names_only(text, tokenize(text, use_glossary=False))


def _may_be_names(text: str) -> bool:
    """A quick test: few words, none lower-case but the particles inside a name."""
    if text.count(" ") > 2 * NAME_LINE_MAX_WORDS or _lower_word_re().search(text):
        return False  # a lower-case word: a sentence or a title, not a name
    particles = _name_words("particles")
    lowercase_names = _name_words("lowercase_names")
    matches = list(WORD_RE.finditer(text))
    words = [match.group() for match in matches]
    if not words or len(words) > NAME_LINE_MAX_WORDS:
        return False
    if any(
        not word[0].isupper()
        and word not in lowercase_names
        and not (word in particles and 0 < index < len(words) - 1)
        and not (index and hyphenated_name_part(text, matches[index - 1].end(), match.start()))
        for index, (word, match) in enumerate(zip(words, matches, strict=True))
    ):
        return False
    return words[0].casefold() not in particles  # "Von Carla Méndez" is a byline


def hyphenated_name_part(text: str, previous_end: int, start: int) -> bool:
    """A lower-case word joined by a hyphen to the capitalised word before it is a part
    of that name (Korean given names: "Lee Jae-myung", "Yoon Suk-yeol"), no word.

    >>> hyphenated_name_part("Lee Jae-myung", 7, 8), hyphenated_name_part("Rio Tinto-owned", 9, 10)
    (True, False)
    """
    return (
        start == previous_end + 1
        and text[previous_end] in "-‐‑"
        and NAME_PART_END_RE.search(text, 0, previous_end) is not None
        and _name_syllable(WORD_RE.match(text, start))
    )


#: A lower-case part of a name has at most this many letters ("myung", "yeol") ...
NAME_SYLLABLE_MAX_LENGTH = 5
#: ... and is rarer than this in German and English word lists.
NAME_SYLLABLE_MAX_ZIPF = 4.0


def _name_syllable(match: regex.Match[str] | None) -> bool:
    """A short lower-case word that is no English word and no common word at all."""
    if match is None or len(match.group()) > NAME_SYLLABLE_MAX_LENGTH:
        return False
    evidence = word_evidence(match.group())
    common = max(evidence.zipf_de, evidence.zipf_en) >= NAME_SYLLABLE_MAX_ZIPF
    return not common and not _known(match.group().casefold(), "en")


# A capitalised word (no capital inside) ending where the search ends.
NAME_PART_END_RE = regex.compile(r"(?<![\p{L}'’])\p{Lu}\p{Ll}*$")


def _names_only(text: str, tokens: Sequence[Token]) -> bool:
    """`names_only` on the words of `text` (tokenised without the glossary), when
    `_may_be_names(text)`; the glossary is asked to confirm (a term is language,
    "Tungsten"), and its do-not-translate names are names even where the word lists
    would make them words ("Aurubis AG": `aurubis` is in German's list only)."""
    if _all_names(text, tokens):
        return _all_names(text, tokenize(text))
    with_glossary = tokenize(text)
    return any(t.masked == "glossary" for t in with_glossary) and _all_names(text, with_glossary)


def _spelt_alike(word: str) -> bool:
    """A word German and English both use about as often: a place spelt alike in both
    ("China", "Chile", "Japan"), unlike a German exonym ("Kanada", "Peking").

    >>> _spelt_alike("China"), _spelt_alike("Kanada"), _spelt_alike("Peking")
    (True, False, False)
    """
    evidence = word_evidence(word)
    return international(word) or (
        min(evidence.zipf_de, evidence.zipf_en) >= NAME_ZIPF
        and abs(evidence.ratio) < SPELT_ALIKE_MAX_GAP
    )


#: German and English Zipf levels of a place spelt alike differ by less than this.
SPELT_ALIKE_MAX_GAP = 0.5


def _all_names(text: str, tokens: Sequence[Token]) -> bool:
    """Every word of `tokens` a name, a designator or a particle, and one a name."""
    particles = _name_words("particles")
    alone = len(tokens) == 1
    designators = _name_words("designators")
    personal = personal_name_words(text, tokens)
    places = place_words(text, tokens)
    if alone:
        # a place alone is a name when it is spelt alike in other languages ("China" in
        # a table row), a word when German has its own name for it ("Grönland")
        places = {index for index in places if _spelt_alike(tokens[index].text)}
    personal |= places
    if not alone:
        personal |= listed_names(text, tokens)
    found_name = False
    lowercase_names = _name_words("lowercase_names")
    for index, token in enumerate(tokens):
        folded = token.text.casefold()
        if _label(text, token) and token.masked != "acronym":
            return False  # "Foto:" labels; an exchange's code does not ("AIM: MKA")
        if token.text in lowercase_names or index in personal:  # "(dpa)", "Kurt House"
            found_name = True
            continue
        if index and hyphenated_name_part(text, tokens[index - 1].end, token.start):
            continue  # "Jae-myung": the earlier part was found a name
        if index + 1 < len(tokens) and hyphenated_name_part(
            text, token.end, tokens[index + 1].start
        ):
            found_name = True  # "Suk-yeol": a name's syllables, whatever "Suk" means
            continue
        if token.masked == "glossary" and not token.capitalised:
            return False  # a glossary name with a lower-case word is a title
        if folded in designators or (folded in particles and not token.capitalised):
            continue
        if token.masked == "term":
            return False
        if not _name_token(token, alone):
            return False
        found_name = True
    return found_name


#: A given name that is this common a German or English word, and no international
#: name, is no sign of a person ("Said", "Ernst", "May" start headings and sentences).
GIVEN_NAME_MAX_ZIPF = 5.0
# Between a given name and the surname: spaces, a hyphen ("Jan-Philipp Weitz").
NAME_JOIN_RE = regex.compile(r"[ \t\u00a0-]+")
# Between the items of a list of names: a comma, slash, ampersand, semicolon, dash or
# bracket ("Robert Habeck (Grüne)": a person and the party).
ITEM_SEPARATOR_RE = regex.compile(r"[,/&;|–—()]")


@cache
def _given_names() -> frozenset[str]:
    """Given names (``data/detect_given_names.json``), as written."""
    return frozenset(_data("detect_given_names.json")["names"])


def _given_name(token: Token) -> bool:
    if not token.capitalised or token.text not in _given_names():
        return False
    evidence = word_evidence(token.text)
    # a frequent given name is one in every language's news ("Peter", "Michael");
    # a frequent word of German or English only is a word ("Said", "Ernst", "May")
    return max(evidence.zipf_de, evidence.zipf_en) < GIVEN_NAME_MAX_ZIPF or international(
        token.text
    )


def personal_name_words(text: str, tokens: Sequence[Token]) -> set[int]:
    """Indices of the words of personal names on a line of names.

    A given name and the capitalised word after it (across more given names and
    particles) are a person, whatever the surname means elsewhere ("Kurt House",
    "Stefan Meyer", "Ursula von der Leyen"). On a line with a person, a lone
    capitalised word between separators is a place (a byline: "Jana Werner, Düsseldorf").

    >>> tokens = tokenize("Jana Werner, Düsseldorf", False)
    >>> [tokens[i].text for i in sorted(personal_name_words("Jana Werner, Düsseldorf", tokens))]
    ['Jana', 'Werner', 'Düsseldorf']
    >>> personal_name_words("Market Update", tokenize("Market Update", False))
    set()
    """
    particles = _name_words("particles")

    def joined(left: Token, right: Token) -> bool:
        return NAME_JOIN_RE.fullmatch(text[left.end : right.start]) is not None

    found: set[int] = set()
    index = 0
    while index < len(tokens):
        if not _given_name(tokens[index]):
            index += 1
            continue
        run = [index]
        while (
            run[-1] + 1 < len(tokens)
            and joined(tokens[run[-1]], tokens[run[-1] + 1])
            and (
                _given_name(tokens[run[-1] + 1]) or tokens[run[-1] + 1].text.casefold() in particles
            )
        ):
            run.append(run[-1] + 1)
        after = run[-1] + 1
        if (
            after < len(tokens)
            and tokens[after].capitalised
            and joined(tokens[run[-1]], tokens[after])
        ):
            found.update([*run, after])
            index = after + 1
        elif len(run) > 1 and tokens[run[-1]].capitalised:
            found.update(run)  # given name and a surname that is a given name too
            index = after
        else:
            index = after
    if found:
        found.update(_byline_places(text, tokens, found))
    return found


def _without_people(text: str, tokens: list[Token]) -> list[Token]:
    """`tokens` of a short line with its people and their places masked ("person"),
    when other words remain: a byline's words say its language, not the names, not
    even for the wide detector ("Von Sabine Gusbeth, Santiago de Chile" is German,
    though "de" reads Spanish).

    >>> text = "Von Sabine Gusbeth, Santiago de Chile"
    >>> [t.text for t in _without_people(text, tokenize(text, False)) if t.masked is None]
    ['Von']
    """
    if len(tokens) > NAME_LINE_MAX_WORDS or len(tokens) < 2:
        return tokens
    people = personal_name_words(text, tokens)
    if not people:
        return tokens
    masked = [
        token._replace(masked="person")
        if index in people and token.masked in (None, "name")
        else token
        for index, token in enumerate(tokens)
    ]
    return masked if any(token.masked is None for token in masked) else tokens


#: A place on a byline has at most this many words ("Felix Holtermann, New York").
PLACE_MAX_WORDS = 3


def _items(text: str, tokens: Sequence[Token]) -> list[list[int]]:
    """The indices of `tokens` grouped into the items of a list (between separators).

    >>> _items("Equinor / Vulcan Energy", tokenize("Equinor / Vulcan Energy", False))
    [[0], [1, 2]]
    """
    items: list[list[int]] = []
    for index, token in enumerate(tokens):
        between = text[tokens[index - 1].end : token.start] if index else ""
        if not items or ITEM_SEPARATOR_RE.search(between):
            items.append([])
        items[-1].append(index)
    return items


def listed_names(text: str, tokens: Sequence[Token]) -> set[int]:
    """Indices of the one-word items of a list of names that a clear name is in: such
    an item is a name too, though a word of no great frequency ("Equinor / Vulcan",
    "Boliden, Outokumpu"). A list of words ("Zink | Blei | Zinn") has no clear name.

    >>> text = "Equinor / Vulcan"
    >>> sorted(listed_names(text, tokenize(text, False)))
    [0, 1]
    """
    items = _items(text, tokens)
    if len(items) < 2 or not any(
        tokens[index].capitalised and _unexplained(word_evidence(tokens[index].text))
        for item in items
        for index in item
    ):
        return set()
    found: set[int] = set()
    for item in items:
        token = tokens[item[0]]
        evidence = word_evidence(token.text)
        if (
            len(item) == 1
            and token.capitalised
            and not evidence.german_letters
            and max(evidence.zipf_de, evidence.zipf_en) < COMMON_WORD_ZIPF
        ):
            found.add(item[0])
    return found


def _byline_places(text: str, tokens: Sequence[Token], people: set[int]) -> set[int]:
    """Indices of the places on a line with a person: the items between separators
    that are not the person, capitalised, a lone word ("Jana Werner, Düsseldorf") or a
    few words of which one is a name ("Felix Holtermann, New York": "York").

    >>> tokens = tokenize("Felix Holtermann, New York", False)
    >>> sorted(_byline_places("Felix Holtermann, New York", tokens, {0, 1}))
    [2, 3]
    >>> tokens = tokenize("Peter Meier, Leiter Einkauf", False)
    >>> sorted(_byline_places("Peter Meier, Leiter Einkauf", tokens, {0, 1}))
    []
    """
    places: set[int] = set()
    for item in _items(text, tokens):
        if people.intersection(item) or len(item) > PLACE_MAX_WORDS:
            continue
        inner = item[1:-1]  # particles inside a place: "Santiago de Chile"
        if not all(
            tokens[index].capitalised
            or (index in inner and tokens[index].text in _name_words("particles"))
            for index in item
        ):
            continue
        if len(item) == 1 or any(
            _name_token(tokens[index], alone=False) or international(tokens[index].text)
            for index in item
        ):
            places.update(item)
    return places


def _unmask_labels(text: str, tokens: list[Token]) -> list[Token]:
    """`tokens` with the label of a table row as evidence again: a word before a colon
    that was masked as a name but is a word ("Lithiumcarbonat: 74.500 CNY/t" is German,
    its label says what the number is). A lexicon, morphology, a compound split,
    German letters or German's list alone make it a word; a name stays a name
    ("Glencore: 412 GBp").

    >>> [t.masked for t in _unmask_labels("Lithiumcarbonat: 74.500 CNY/t",
    ...     tokenize("Lithiumcarbonat: 74.500 CNY/t", False))]
    [None, 'acronym', 'unit']
    """
    result = list(tokens)
    for index, token in enumerate(tokens):
        if token.masked != "name" or not _label(text, token):
            continue
        evidence = word_evidence(token.text)
        if (
            evidence.in_lexicon
            or evidence.morphology
            or evidence.compound
            or evidence.german_letters
            or evidence.zipf_en == 0 < evidence.zipf_de
        ):
            result[index] = token._replace(masked=None)
    return result


#: A place name has at most this many words ("Dar es Salaam", "Bosnien und Herzegowina").
PLACE_NAME_MAX_WORDS = 4


@cache
def _places() -> frozenset[str]:
    """Place names (``data/detect_places.json``), their words joined by single spaces."""
    return frozenset(
        " ".join(WORD_RE.findall(place)) for place in _data("detect_places.json")["places"]
    )


def place_words(text: str, tokens: Sequence[Token]) -> set[int]:
    """Indices of the words of known places (countries, continents, cities), longest
    first, their words joined by spaces or hyphens ("New York", "Neu-Delhi"): on a
    line of names a place is a name even when it is a word too ("Brüssel", "Tokio").

    >>> text = "New York / Peking"
    >>> sorted(place_words(text, tokenize(text, False)))
    [0, 1, 2]
    """
    found: set[int] = set()
    index = 0
    while index < len(tokens):
        if not tokens[index].capitalised:
            index += 1
            continue
        end = index + 1
        while (
            end < len(tokens)
            and end - index < PLACE_NAME_MAX_WORDS
            and NAME_JOIN_RE.fullmatch(text[tokens[end - 1].end : tokens[end].start])
        ):
            end += 1
        for stop in range(end, index, -1):
            if " ".join(token.text for token in tokens[index:stop]) in _places():
                found.update(range(index, stop))
                index = stop
                break
        else:
            index += 1
    return found


def _label(text: str, token: Token) -> bool:
    """A word before a colon labels what follows ("Foto: Reuters"): it is language."""
    return text[token.end : token.end + 1] == ":"


def _de_en_coverage(words: Sequence[Token]) -> float:
    """The share of words that German or English knows as a word of some frequency."""
    known = sum(1 for t in words if _de_en_word(word_evidence(t.text)))
    return known / len(words)


def _de_en_word(evidence: WordEvidence) -> bool:
    """A common German or English word, a rarer one that only one of their lexicons
    knows, or a compound of German or English words ("Batteriezellen")."""
    top = max(evidence.zipf_de, evidence.zipf_en)
    return (
        top >= COVERAGE_ZIPF
        or (evidence.lexicon != 0 and top >= UNKNOWN_ZIPF)
        or evidence.compound != 0
    )


def _lingua_only(text: str, langs: tuple[str, ...]) -> tuple[dict[str, float], str | None]:
    if len(langs) == 1:
        return {langs[0]: 1.0}, None
    return _normalise(_lingua_confidences(text, langs)), None


@lru_cache(maxsize=1)
def _wordfreq_languages() -> frozenset[str]:
    from wordfreq import available_languages

    return frozenset(available_languages())


#: Floor for a word a language's list does not have (Zipf units).
UNKNOWN_WORD_ZIPF = 1.0


def _wordfreq_only(text: str, langs: tuple[str, ...]) -> tuple[dict[str, float], str | None]:
    """A unigram model over wordfreq's lists (languages wordfreq lacks score the floor)."""
    known_langs = [lang for lang in langs if lang in _wordfreq_languages()]
    words = WORD_RE.findall(text)
    if not known_langs:
        return {}, "no language evidence"
    logs = {
        lang: sum(max(zipf(word, lang), UNKNOWN_WORD_ZIPF) for word in words) * math.log(10)
        for lang in known_langs
    }
    top = max(logs.values())
    return _normalise({lang: math.exp(v - top) for lang, v in logs.items()}), None


def _langdetect_only(text: str, langs: tuple[str, ...]) -> tuple[dict[str, float], str | None]:
    """langdetect, seeded, restricted through its prior map (not by filtering its list)."""
    from langdetect import LangDetectException

    detector = _langdetect_factory().create()
    supported = set(_langdetect_factory().get_lang_list())
    usable = [lang for lang in langs if lang in supported]
    if not usable:
        return {}, "no language evidence"
    if set(usable) != supported:
        detector.set_prior_map({lang: (1.0 if lang in usable else 0.0) for lang in supported})
    detector.append(text)
    try:
        found = detector.get_probabilities()
    except LangDetectException:
        return {}, "no language evidence"
    return _normalise({item.lang: item.prob for item in found if item.lang in usable}), None


@lru_cache(maxsize=1)
def _langdetect_factory() -> Any:
    from langdetect import DetectorFactory, detector_factory

    DetectorFactory.seed = 0  # deterministic: every detector draws the same sequence
    detector_factory.init_factory()
    return detector_factory._factory


_ENGINE_FUNCTIONS = {
    "combined": _combined,
    "lingua": _lingua_only,
    "wordfreq": _wordfreq_only,
    "langdetect": _langdetect_only,
}


# ---------------------------------------------------------------------------
# public API


def parse_langs(langs: str | Iterable[str] | None) -> tuple[str, ...]:
    """Check and order a candidate list ("de,en" or an iterable); None = the default set.

    >>> parse_langs("en, DE")
    ('de', 'en')
    >>> parse_langs("de,xx")
    Traceback (most recent call last):
    ...
    ValueError: unknown language code(s): xx (use ISO 639-1 codes such as de,en,fr)
    """
    if langs is None:
        return default_languages()
    if isinstance(langs, str):
        return _parse_lang_list(langs)
    return _parse_lang_list(",".join(langs))


@lru_cache(maxsize=256)
def _parse_lang_list(langs: str) -> tuple[str, ...]:
    items = langs.split(",")
    codes = sorted({item.strip().lower() for item in items if item.strip()})
    unknown = [code for code in codes if code not in lingua_languages()]
    if unknown or not codes:
        raise ValueError(
            f"unknown language code(s): {', '.join(unknown) or '(none)'} "
            "(use ISO 639-1 codes such as de,en,fr)"
        )
    return tuple(codes)


def detect(
    text: str, langs: str | Iterable[str] | None = None, *, engine: str = "combined"
) -> Detection:
    """The language of `text` among `langs` (default: `default_languages()`).

    >>> detect("MP Materials erhielt vom Verteidigungsministerium 400 Millionen US-Dollar").lang
    'de'
    >>> detect("The Defense Production Act was invoked again.", "de,en").lang
    'en'
    >>> detect("12.5 % / 2026").lang, detect("12.5 % / 2026").reason
    ('und', 'no letters')
    """
    if engine not in _ENGINE_FUNCTIONS:
        raise ValueError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    key = parse_langs(langs)
    lang, confidence, candidates, reason = _detect_cached(text, key, engine)
    return Detection(lang, confidence, dict(candidates), reason)


@lru_cache(maxsize=65_536)
def _detect_cached(
    text: str, langs: tuple[str, ...], engine: str
) -> tuple[str, float, tuple[tuple[str, float], ...], str | None]:
    if not text.strip():
        return UND, 0.0, (), "empty"
    if not LETTER_RE.search(text):
        return UND, 0.0, (), "no letters"
    scores, reason = _ENGINE_FUNCTIONS[engine](text, langs)
    if not scores:
        return UND, 0.0, (), reason or "no language evidence"
    lang, confidence = next(iter(scores.items()))
    return lang, confidence, tuple(scores.items()), reason


def warm_up(langs: str | Iterable[str] | None = None, *, engine: str = "combined") -> None:
    """Load every model `detect` may need for `langs` now rather than on first use."""
    key = parse_langs(langs)
    if engine == "langdetect":
        _langdetect_factory()
        return
    for lang in ("de", "en"):
        _frequencies(lang)
        _known("warm", lang)
    international("warm")  # the other languages' lists
    if len(key) > 1:
        _lingua_confidences("warm up: ein Satz, a sentence", key)
    if "de" in key and "en" in key:
        _lingua_confidences("warm up: ein Satz, a sentence", ("de", "en"))


def detect_lines(
    text: str, langs: str | Iterable[str] | None = None, *, engine: str = "combined"
) -> list[Detection]:
    """One detection per line (lines as `normalize.textio.split_lines` counts them)."""
    from .textio import split_lines

    return [detect(line, langs, engine=engine) for line in split_lines(text)]


def detect_document(
    text: str, langs: str | Iterable[str] | None = None, *, engine: str = "combined"
) -> Detection:
    """The language of a whole document: line answers weighted by their letters.

    >>> detect_document("Photo: Jason Winter\\nDie USA investieren massiv in Metalle.").lang
    'de'
    """
    totals: dict[str, float] = {}
    for line, found in zip(
        text.split("\n"), detect_lines(text, langs, engine=engine), strict=False
    ):
        weight = len(LETTER_RE.findall(line))
        for lang, p in found.candidates.items():
            totals[lang] = totals.get(lang, 0.0) + weight * p
    scores = _normalise(totals)
    if not scores:
        reason = "empty" if not text.strip() else "no letters"
        return Detection(UND, 0.0, {}, reason)
    lang, confidence = next(iter(scores.items()))
    return Detection(lang, confidence, scores)


@dataclass(frozen=True)
class Segment:
    """A sentence of a line: 1-based `line`, offsets in that line, and its detection."""

    line: int
    start: int
    end: int
    text: str
    detection: Detection


def split_sentences(line: str, lang: str = "de") -> list[tuple[int, int]]:
    """Sentence offsets in one line, from the project's segmenter (`normalize.segment`).

    Languages other than German get the English rules.

    >>> split_sentences("Am 3. Mai kam er. Dann ging er.")
    [(0, 17), (18, 31)]
    """
    from .segment import segment_text

    rules = lang if lang in ("de", "en") else "en"
    return [(sentence.start, sentence.end) for sentence in segment_text(line, rules)]


def detect_sentences(
    text: str, langs: str | Iterable[str] | None = None, *, engine: str = "combined"
) -> list[Segment]:
    """One detection per sentence, for every line of `text`."""
    from .textio import split_lines

    segments: list[Segment] = []
    for number, line in enumerate(split_lines(text), start=1):
        line_lang = detect(line, langs, engine=engine).lang
        for start, end in split_sentences(line, line_lang):
            sentence = line[start:end]
            segments.append(
                Segment(number, start, end, sentence, detect(sentence, langs, engine=engine))
            )
    return segments


# ---------------------------------------------------------------------------
# mixed-language spans inside a line

# Quoted or bracketed stretches, often titles in another language.
QUOTED_RE = regex.compile(r"„([^“”\"]+)[“”\"]|“([^”\"]+)[”\"]|\"([^\"]+)\"|«([^»]+)»|»([^«]+)«")
#: A foreign run needs this many evidence words, and this detection confidence.
SPAN_MIN_WORDS = 2
SPAN_MIN_CONFIDENCE = 0.8
# Words that may sit inside a foreign title run without breaking it.
RUN_GLUE: frozenset[str] = frozenset({"and", "of", "the", "for", "to", "in", "on", "a", "s"})


def detect_spans(
    text: str, langs: str | Iterable[str] | None = None, *, engine: str = "combined"
) -> list[Span]:
    """Split one line into stretches of one language each, covering all of it.

    Quoted stretches and runs of English words (a title, a name of a law) inside a
    German line become their own spans when they are clearly in another language.

    >>> line = ("Trump unterzeichnete die Exekutivanordnung „Unleashing America's Offshore "
    ...         "Critical Minerals and Resources“, um Abkommen zu umgehen.")
    >>> [(line[s.start:s.end], s.lang) for s in detect_spans(line, "de,en")][1]
    ("Unleashing America's Offshore Critical Minerals and Resources", 'en')
    """
    base = detect(text, langs, engine=engine)
    if base.lang == UND:
        return [Span(0, len(text), UND, 0.0)] if text else []
    # A quotation is embedded in the line: the words around it say the line's language.
    frame = QUOTED_RE.sub(" ", text)
    if frame != text and len(tokenize(frame, use_glossary=False)) >= SPAN_MIN_WORDS:
        framed = detect(frame, langs, engine=engine)
        if framed.lang != UND:
            base = framed
    found: list[tuple[int, int, Detection]] = []
    for start, end in _candidate_runs(text, base.lang):
        piece = text[start:end]
        words = [t for t in tokenize(piece, use_glossary=False) if t.masked is None]
        if len(words) < SPAN_MIN_WORDS:
            continue
        detection = detect(piece, langs, engine=engine)
        if (
            detection.lang not in (base.lang, UND)
            and detection.confidence >= SPAN_MIN_CONFIDENCE
            and not any(start < e and s < end for s, e, _ in found)
        ):
            found.append((start, end, detection))
    found.sort(key=lambda item: item[0])
    spans: list[Span] = []
    position = 0
    for start, end, detection in found:
        if start > position:
            spans.append(Span(position, start, base.lang, base.confidence))
        spans.append(Span(start, end, detection.lang, detection.confidence))
        position = end
    if position < len(text):
        spans.append(Span(position, len(text), base.lang, base.confidence))
    return spans


def _candidate_runs(text: str, base_lang: str) -> list[tuple[int, int]]:
    """Quoted stretches, then runs of words leaning away from `base_lang`."""
    runs: list[tuple[int, int]] = []
    for match in QUOTED_RE.finditer(text):
        group = next(g for g in range(1, 6) if match.group(g) is not None)
        runs.append((match.start(group), match.end(group)))
    if base_lang not in ("de", "en"):
        return runs
    sign = 1 if base_lang == "de" else -1
    words = [m for m in WORD_RE.finditer(text)]
    run: list[Any] = []

    def close() -> None:
        strong = [m for m in run if m.group().casefold() not in RUN_GLUE]
        if len(strong) >= SPAN_MIN_WORDS:
            while run and run[-1].group().casefold() in RUN_GLUE:
                run.pop()
            runs.append((run[0].start(), run[-1].end()))
        run.clear()

    for match in words:
        word = match.group()
        leaning = sign * word_evidence(word).ratio
        if leaning <= -0.5 or (run and word.casefold() in RUN_GLUE):
            run.append(match)
        else:
            close()
    close()
    return runs
