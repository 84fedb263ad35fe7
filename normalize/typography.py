"""Step `typography`: MT typography clean-up (spaced hyphens, dashes, quotes, spacing).

Machine translation (and the tokenise/detokenise round trip around it) leaves typography
debris that a reader sees at once: ``10 - jährigen``, ``Forschungs - und Entwicklungsfonds``,
``„America First"``, ``( OCS )``, ``America 's``. Each kind of debris has one fix function
here, ``str -> str``, with a doctest; the step runs them in order and records every edit as a
`Change` named after the function.

Which fixes run depends on the language (`context.lang`):

* German (``de``): every rule; quotes become „…“ and ‚…‘.
* English (``en``): spacing, apostrophes, numeric ranges, hyphens glued to numbers, dashes
  before function words; mismatched quotes become “…” (a line with only straight quotes keeps
  them); no space before ``%``.
* anything else (``und`` too): only the safe spacing fixes (runs of spaces, spaces inside
  brackets, a space before a comma or full stop).

A spaced hyphen ``L - R`` is classified by evidence from the words around it (see
`classify_spaced_hyphen` and ``data/typography_words.tsv``): a numeric range, a compound
hyphen, a suspended hyphen (Ergänzungsstrich) or a dash. Anything the rules cannot decide
is left as it is: the step never guesses at text it cannot read.
"""

from __future__ import annotations

import bisect
import importlib.resources
from collections.abc import Callable, Iterator, Sequence
from functools import cache

import regex

from .changes import Change
from .detect import zipf
from .pipeline import FunctionStep, StepContext

EN_DASH = "–"

# ---------------------------------------------------------------------------
# Word classes (data/typography_words.tsv)


def _data_rows(name: str) -> Iterator[list[str]]:
    """Rows of a TSV file in normalize/data/, without comments and the header."""
    text = importlib.resources.files("normalize").joinpath("data", name).read_text("utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    next(rows, None)  # header
    yield from rows


@cache
def word_class(lang: str, name: str) -> frozenset[str]:
    """The words of class `name` for `lang` from ``data/typography_words.tsv``.

    >>> "und" in word_class("de", "conjunction")
    True
    """
    return frozenset(
        word
        for row_lang, cls, word in _data_rows("typography_words.tsv")
        if row_lang == lang and cls == name
    )


# ---------------------------------------------------------------------------
# Edits: each rule finds (start, end, replacement) edits in the text it is given. The step
# turns them straight into `Change` records (no diffing); the str -> str rule functions
# apply them.

Edit = tuple[int, int, str]
EditFinder = Callable[[str], list[Edit]]


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply sorted, non-overlapping edits (offsets in `text`).

    >>> apply_edits("a  b ( c )", [(1, 3, " "), (6, 7, ""), (8, 9, "")])
    'a b (c)'
    """
    if not edits:
        return text
    parts: list[str] = []
    last = 0
    for start, end, replacement in edits:
        parts.append(text[last:start])
        parts.append(replacement)
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _pattern_edits(
    pattern: regex.Pattern[str], text: str, replace: str | Callable[[regex.Match[str]], str]
) -> list[Edit]:
    edits: list[Edit] = []
    for match in pattern.finditer(text):
        replacement = replace if isinstance(replace, str) else replace(match)
        if replacement != match.group(0):
            edits.append((match.start(), match.end(), replacement))
    return edits


def _edits_to_changes(rule: str, text: str, edits: Sequence[Edit]) -> list[Change]:
    """Changes that replay in order: each offset moved by the edits before it."""
    changes: list[Change] = []
    shift = 0
    for start, end, replacement in edits:
        before = text[start:end]
        changes.append(Change(rule, start + shift, end + shift, before, replacement))
        shift += len(replacement) - (end - start)
    return changes


# ---------------------------------------------------------------------------
# Spacing


_SPACE_RUN = regex.compile(r"(?<=\S) {2,}(?=\S)")


def _collapse_spaces_edits(text: str) -> list[Edit]:
    if "  " not in text:
        return []
    return _pattern_edits(_SPACE_RUN, text, " ")


def collapse_spaces(text: str) -> str:
    """Collapse runs of spaces between words into one space.

    Leading indentation (markdown) and trailing spaces (markdown hard breaks) are kept; tabs
    are data separators and are never touched.

    >>> collapse_spaces("10:39:42     China Geological Survey")
    '10:39:42 China Geological Survey'
    >>> collapse_spaces("    - eingerückter Punkt")
    '    - eingerückter Punkt'
    """
    return apply_edits(text, _collapse_spaces_edits(text))


# A space before , ; : ! ? or a single full stop, when the mark is followed by a space, the
# end, or a closing bracket/quote. `..`/`…` (ellipsis for left-out words) keeps its space.
_SPACE_BEFORE_PUNCT = regex.compile(
    r"(?<=[\p{L}\p{N}\p{M}\p{Sc})\]%“”\"'’»«]) +"
    r"(?=[,;:!?]+(?:\s|$|[“”„\"»«‚‘’')\]])|\.(?!\.)(?:\s|$|[“”„\"»«‚‘’')\]]))"
)
_SPACE_BEFORE_COMMA_STOP = regex.compile(
    r"(?<=[\p{L}\p{N}\p{M}\p{Sc})\]%“”\"'’»«]) +(?=,(?:\s|$)|\.(?!\.)(?:\s|$))"
)
_SCORE = regex.compile(r"\d +: +\d")


def _space_before_punct_edits(text: str) -> list[Edit]:
    if not any(f" {mark}" in text for mark in ",.;:!?"):
        return []

    def fix(match: regex.Match[str]) -> str:
        if text[match.end()] == ":" and _SCORE.match(text, max(match.start() - 1, 0)):
            return match.group(0)
        return ""

    return _pattern_edits(_SPACE_BEFORE_PUNCT, text, fix)


def space_before_punct(text: str) -> str:
    """Remove the space MT leaves before , ; : ! ? and a full stop.

    Ratios and scores (``2 : 1``) and ellipses (``so ... dass``) keep their spaces.

    >>> space_before_punct("Die Trilogy Metals Inc . stieg , sagte er : Gut !")
    'Die Trilogy Metals Inc. stieg, sagte er: Gut!'
    >>> space_before_punct("im Verhältnis 2 : 1 und so ... weiter")
    'im Verhältnis 2 : 1 und so ... weiter'
    >>> space_before_punct("Der Umsatz stieg auf 5 Mio. € , also 2 $ .")
    'Der Umsatz stieg auf 5 Mio. €, also 2 $.'
    """
    return apply_edits(text, _space_before_punct_edits(text))


def _space_before_comma_stop_edits(text: str) -> list[Edit]:
    if " ," not in text and " ." not in text:
        return []
    return _pattern_edits(_SPACE_BEFORE_COMMA_STOP, text, "")


def space_before_comma_stop(text: str) -> str:
    """The language-neutral part of `space_before_punct`: only commas and full stops.

    (French puts a space before ``; : ! ?``, so other languages keep those.)

    >>> space_before_comma_stop("Il a dit , enfin : oui .")
    'Il a dit, enfin : oui.'
    """
    return apply_edits(text, _space_before_comma_stop_edits(text))


# Pairs with something other than spaces inside; `[ ]` (markdown task box) has nothing.
_SPACED_BRACKETS = regex.compile(
    r"\((?=[ \u00a0]|[^()]*[ \u00a0]\))([ \u00a0]*)[^()]*?\S([ \u00a0]*)\)"
    r"|\[(?=[ \u00a0]|[^\[\]]*[ \u00a0]\])([ \u00a0]*)[^\[\]]*?\S([ \u00a0]*)\]"
)


_BRACKET_SPACES = ("( ", " )", "[ ", " ]", "(\u00a0", "\u00a0)", "[\u00a0", "\u00a0]")


def _space_inside_brackets_edits(text: str) -> list[Edit]:
    if not any(pair in text for pair in _BRACKET_SPACES):
        return []
    edits: list[Edit] = []
    for match in _SPACED_BRACKETS.finditer(text):
        for group in (1, 2, 3, 4):
            if match.group(group):
                edits.append((match.start(group), match.end(group), ""))
    return edits


def space_inside_brackets(text: str) -> str:
    """Remove spaces just inside a pair of round or square brackets.

    >>> space_inside_brackets("Das Outer Continental Shelf ( OCS ) und [ 1 ]")
    'Das Outer Continental Shelf (OCS) und [1]'
    >>> space_inside_brackets("Eramet ( Frankreich\u00a0) und")  # a no-break space from repair
    'Eramet (Frankreich) und'
    >>> space_inside_brackets("- [ ] offener Punkt")
    '- [ ] offener Punkt'
    """
    return apply_edits(text, _space_inside_brackets_edits(text))


# A quotation with spaces just inside its marks, as MT tokenizers leave it: `" Wir prüfen. "`,
# `„ Nein “`, `“ We need more , ”`. The opening mark follows the line start, a space, a bracket
# or a colon (not a number: `5 " bis 7 "` are inches); the closing one is followed by the line
# end, a space or punctuation; nothing between them is a quote mark. «…» are left alone
# (French puts spaces inside them).
_SPACED_QUOTATION = regex.compile(
    r"(?:^|(?<=[\s(\[:])(?<!\d ))[\"„“]( *)[^\s\"„“”«»](?:[^\"„“”«»]*[^\s\"„“”«»])?( *)[\"“”]"
    r"(?=$|[\s.,;:!?)\]])"
)


def _space_inside_quotes_edits(text: str) -> list[Edit]:
    if not any(pair in text for pair in ('" ', ' "', "„ ", " “", "“ ", " ”")):
        return []
    edits: list[Edit] = []
    for match in _SPACED_QUOTATION.finditer(text):
        for group in (1, 2):
            if match.group(group):
                edits.append((match.start(group), match.end(group), ""))
    return edits


def space_inside_quotes(text: str) -> str:
    """Remove spaces just inside a pair of double quotes.

    >>> space_inside_quotes('Er sagte: " Wir prüfen das. " Dann ging er.')
    'Er sagte: "Wir prüfen das." Dann ging er.'
    >>> space_inside_quotes('“ We need more supply, ” the CEO said.')
    '“We need more supply,” the CEO said.'
    >>> space_inside_quotes('Er sagte "Nein" und " ja " und «\u00a0oui\u00a0».')
    'Er sagte "Nein" und "ja" und «\u00a0oui\u00a0».'
    """
    return apply_edits(text, _space_inside_quotes_edits(text))


_APOSTROPHE_SPACE = regex.compile(
    r"(?<=\p{L}) +(?=['’](?:s|re|ve|ll|d|m)\b)"  # America 's, we 're
    r"|(?<=\p{L}n) +(?=['’]t\b)"  # don 't
    r"|(?<=\p{L}) +(?=n['’]t\b)"  # do n't (tokenised)
    r"|(?<=\p{L}['’]) +(?=s\b)"  # Trump' s
)
# `MP Materials ' offtake`: a lone apostrophe after a plural, a word after it. Not a closing
# single quote: no opening one (`'rare earths ' label`) before it on the line.
_PLURAL_POSSESSIVE = regex.compile(r"(?<=\p{Ll}s) +(?=['’] (?!s\b)[\p{L}\d])")
_OPENING_SINGLE_QUOTE = regex.compile(r"(?<![\p{L}\d])['‘]\p{L}")


def _spaced_apostrophe_edits(text: str) -> list[Edit]:
    if not any(pair in text for pair in (" '", " ’", "' ", "’ ", " n'", " n’")):
        return []
    edits = _pattern_edits(_APOSTROPHE_SPACE, text, "")
    plural = [
        (match.start(), match.end(), "")
        for match in _PLURAL_POSSESSIVE.finditer(text)
        if not _OPENING_SINGLE_QUOTE.search(text, 0, match.start())
    ]
    return sorted(edits + plural) if plural else edits


def spaced_apostrophe(text: str) -> str:
    """Close the gap MT leaves around an English possessive or contraction apostrophe.

    >>> spaced_apostrophe("Unleashing America 's Offshore, it 's, don 't, Trump' s")
    "Unleashing America's Offshore, it's, don't, Trump's"
    >>> spaced_apostrophe("The company does n't expect delays")
    "The company doesn't expect delays"
    >>> spaced_apostrophe("MP Materials ' offtake deal, the 'rare earths ' label")
    "MP Materials' offtake deal, the 'rare earths ' label"
    """
    return apply_edits(text, _spaced_apostrophe_edits(text))


_SPACE_BEFORE_PERCENT = regex.compile(r"(?<=\d)[ \u00a0\u202f]+(?=%)")


def _space_before_percent_edits(text: str) -> list[Edit]:
    if "%" not in text:
        return []
    return _pattern_edits(_SPACE_BEFORE_PERCENT, text, "")


def space_before_percent(text: str) -> str:
    """English writes no space between a number and ``%`` (German does; it is kept there).

    >>> space_before_percent("rose 98.7 % after hours")
    'rose 98.7% after hours'
    """
    return apply_edits(text, _space_before_percent_edits(text))


# A sentence glued to the next by MT: `zugewiesen.(2 Milliarden`, `zugewiesen.Die`.
# Only after a lowercase word of 3+ letters (not `z.B.`, `U.S.`, `Nr.5`), and the next word
# must look like a sentence start; tokens with @, :// or www. are addresses.
_GLUED_SENTENCE = regex.compile(
    r"(?<=(?<![\p{L}\p{N}.])[\p{L}-]*\p{Ll}{3})[.!?](?=\((?=[\p{L}\p{N}])|\p{Lu}\p{Ll}+\b(?![./@]))"
)
_GLUED_SENTENCE_HINT = regex.compile(r"\p{Ll}[.!?][(\p{Lu}]")


def _missing_space_after_punct_edits(text: str) -> list[Edit]:
    if not _GLUED_SENTENCE_HINT.search(text):
        return []
    edits: list[Edit] = []
    for match in _GLUED_SENTENCE.finditer(text):
        start = text.rfind(" ", 0, match.start()) + 1
        end = text.find(" ", match.end())
        token = text[start : end if end >= 0 else len(text)]
        following = _LEADING_LETTERS.match(text, match.end())
        is_domain = following is not None and following.group(0).lower() in _top_level_domains()
        is_address = "@" in token or "://" in token or "www." in token.lower()
        if not is_domain and not is_address:
            edits.append((match.end(), match.end(), " "))
    return edits


def _top_level_domains() -> frozenset[str]:
    return word_class("*", "top_level_domain")


def missing_space_after_punct(text: str) -> str:
    """Add the space MT dropped after a sentence's full stop, ``!`` or ``?``.

    Abbreviations, decimals, versions, domains, e-mails and URLs are left as they are.

    >>> missing_space_after_punct("7,5 Mrd. zugewiesen.(2 Mrd. für Reserven). Sie stiegen.Die")
    '7,5 Mrd. zugewiesen. (2 Mrd. für Reserven). Sie stiegen. Die'
    >>> missing_space_after_punct("z.B. Mining.com, Rohstoff-Welt.De, Version 2.0, U.S.Steel")
    'z.B. Mining.com, Rohstoff-Welt.De, Version 2.0, U.S.Steel'
    """
    return apply_edits(text, _missing_space_after_punct_edits(text))


# ---------------------------------------------------------------------------
# Spaced hyphens: ranges, compounds, suspended hyphens, dashes

# A hyphen with spaces on both sides between two non-space characters. A hyphen at the start
# of a line (a list item) has no character before it and never matches.
_SPACED_HYPHEN = regex.compile(r"(?<=[^\s\-‐‑–—]) +[-‐‑] +(?=[^\s\-‐‑–—])")
_LEADING_LETTERS = regex.compile(r"\p{L}*")
_DATE = regex.compile(r"\d[.\-/]\d+[.\-/]")
_WORD_PART = regex.compile(r"[\p{L}-]*\p{L}")
_ORDINAL = regex.compile(r"\d{1,3}\.")
# What can stand before a compound's hyphen: `G7`, `232`, `2,5`, `38%` (not `2:3`, a score).
_COMPOUND_NUMBER = regex.compile(r"[\p{L}\d]*\d(?:[.,]\d+)*%?")
_PLAIN_NUMBER = regex.compile(r"[+-]?\d[\d.,]*%?")
_NUMBER_START = regex.compile(r"[$€£¥]?\d")
_YEAR = regex.compile(r"(?:1[89]|20)\d\d")
_ACRONYM = regex.compile(r"(?=.*\p{Lu})[\p{Lu}\d&]{1,6}")
_HYPHENATED = regex.compile(r"[\p{L}\p{N}]-[\p{L}\p{N}]")
_RARE_ZIPF = 4.0
# How much context either side the classifier reads (a few words).
_CONTEXT = 200
_OPENING_PUNCT = "(„\"“‚'[«»‹›"
_CLOSING_PUNCT = ".,;:!?)]“”\"'’‘»«›‹"
_CLOSING_QUOTES = "\"“”'’‘»«"

#: Kinds of spaced hyphen and how each is written once fixed (left, right of the hyphen).
COMPOUND, SUSPENDED, REVERSE_SUSPENDED, RANGE, SPACED_RANGE, DASH, KEEP = (
    "compound",
    "suspended",
    "reverse_suspended",
    "range",
    "spaced_range",
    "dash",
    "keep",
)
_WRITTEN = {
    COMPOUND: "-",
    SUSPENDED: "- ",
    REVERSE_SUSPENDED: " -",
    RANGE: EN_DASH,
    SPACED_RANGE: f" {EN_DASH} ",
    DASH: f" {EN_DASH} ",
}


def _needs_fugen_s(word: str, lang: str) -> bool:
    """Does `word` end like a noun that takes a linking s in compounds (``Regierung``)?

    An English `-ing` word borrowed into German takes none (``Recyclingquote``,
    ``Miningkonzern``), unlike the German suffix `-ling` (``Flüchtlingslager``).

    >>> _needs_fugen_s("Flüchtling", "de"), _needs_fugen_s("Recycling", "de")
    (True, False)
    """
    lower = word.lower()
    if not any(lower.endswith(end) for end in word_class(lang, "fugen_ending")):
        return False
    return not (lower.endswith("ing") and _is_english_loan(lower))


@cache
def _is_english_loan(word: str) -> bool:
    """Is `word` more frequent in English than in German (``recycling``, ``mining``)?"""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") > zipf_frequency(word, "de")


def _has_fugen_s(word: str, lang: str) -> bool:
    """``Forschungs``, ``Explorations``: a compound's first part with its linking s."""
    return len(word) > 4 and word.endswith("s") and _needs_fugen_s(word[:-1], lang)


def _has_bound_fugen_s(word: str, lang: str) -> bool:
    """``Ionenadsorptions``, ``Genehmigungs``: a linking s no genitive has, so only a compound's
    first part ends this way (``des Wachstums``, ``des Flüchtlings`` are genitives).

    >>> _has_bound_fugen_s("Ionenadsorptions", "de"), _has_bound_fugen_s("Wachstums", "de")
    (True, False)
    """
    lower = word.lower()
    return len(word) > 4 and lower.endswith(tuple(word_class(lang, "bound_fugen_s")))


@cache
def _mineral_names(lang: str) -> frozenset[str]:
    """One-word names of minerals and elements in the term base (``Neodym``, ``Tantal``).

    A mineral is a productive first part of compounds (``Neodym-Magnete``,
    ``Vanadium-Batterien``) even where wordfreq knows none of them.
    """
    import glossary

    return frozenset(
        term.text
        for concept in glossary.load_glossary()
        if concept.domain == "mineral"
        for term in concept.terms_in(lang)
        if term.status in ("preferred", "admitted") and term.text.isalpha() and not term.is_acronym
    )


def _is_mineral(word: str, lang: str) -> bool:
    """>>> _is_mineral("Neodym", "de"), _is_mineral("Händler", "de")
    (True, False)
    """
    return word in _mineral_names(lang)


@cache
def _is_rare(word: str, lang: str) -> bool:
    """Too rare to be a free-standing word of its own (wordfreq Zipf < 4): a compound's tail."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, lang) < _RARE_ZIPF


def _core(token: str) -> str:
    return token.lstrip(_OPENING_PUNCT).rstrip(_CLOSING_PUNCT)


def _is_compound_tail(word: str, lang: str) -> bool:
    return any(word.lower().startswith(tail) for tail in word_class(lang, "compound_tail"))


def classify_spaced_hyphen(before: str, after: str, lang: str = "de") -> str:
    """What the spaced hyphen between `before` and `after` is, judged from the words around it.

    Returns one of ``range``, ``spaced_range``, ``compound``, ``suspended``,
    ``reverse_suspended``, ``dash`` or ``keep`` (cannot tell: leave it).

    >>> classify_spaced_hyphen("Unterzeichnung eines 10", "jährigen Vertrags")
    'compound'
    >>> classify_spaced_hyphen("15 Millionen US-Dollar in Forschungs", "und Entwicklungsfonds")
    'suspended'
    >>> classify_spaced_hyphen("eine historische Kehrtwende", "und macht Bergbau")
    'dash'
    >>> classify_spaced_hyphen("etwa 50.000", "80.000 neue Arbeitsplätze")
    'range'
    >>> classify_spaced_hyphen("vom 1.", "3. Juni")
    'range'
    >>> classify_spaced_hyphen("The U.S.", "China talks ended", "en")
    'compound'
    >>> classify_spaced_hyphen("Verarbeitung nahe der Küste", "US-Verbrauch“ zu bilden")
    'dash'
    """
    left_tokens = before[-_CONTEXT:].split(" ")[-2:]
    right_tokens = after[:_CONTEXT].split(" ", 2)[:2]
    if not left_tokens[-1] or not right_tokens[0]:
        return KEEP
    left_token, right_token = left_tokens[-1], right_tokens[0]
    previous_token = left_tokens[0] if len(left_tokens) == 2 else ""
    next_token = right_tokens[1] if len(right_tokens) == 2 else ""
    left, right = _core(left_token), _core(right_token)
    dash_words = word_class(lang, "dash_word")
    conjunctions = word_class(lang, "conjunction")
    right_word = _LEADING_LETTERS.match(right).group(0)
    right_is_dash_word = right_word.lower().rstrip(".") in dash_words and right_word == right

    # Numbers on both sides: a range, unless the right one is a list number (`555 - 2. Geiger`).
    bare_left = left_token.lstrip(_OPENING_PUNCT)
    if _ORDINAL.fullmatch(bare_left) and _ORDINAL.fullmatch(right_token):
        return RANGE  # `1. - 3. Juni` → `1.–3. Juni`
    if bare_left[-1:].isdigit() or (bare_left.endswith("%") and bare_left[:1].isdigit()):
        if _NUMBER_START.match(right_token):
            if _ORDINAL.fullmatch(right_token) and next_token[:1].isupper():
                return DASH if lang == "de" else KEEP
            if _PLAIN_NUMBER.fullmatch(bare_left) and _PLAIN_NUMBER.fullmatch(
                right_token.rstrip(_CLOSING_PUNCT)
            ):
                return RANGE
            return SPACED_RANGE
    elif left_token == "%" and _NUMBER_START.match(right_token):
        return SPACED_RANGE
    elif left_token == "%" and _PLAIN_NUMBER.fullmatch(previous_token) and right[:1].isupper():
        return COMPOUND  # `38 % - Beteiligung` → `38-%-Beteiligung`

    if _in_compound_chain(before, after, lang):
        return COMPOUND  # `Vanadium-Redox-Batterie`, `Top-10-Produzenten`
    if not right_word or not left:
        return KEEP if lang != "de" else DASH

    if _reduplicated_chain(before, after):
        return COMPOUND  # `year - on - year`, `day - to - day`, `Kopf - an - Kopf`
    if lang == "de" and _adjective_pair(previous_token, left_token, right_token):
        return COMPOUND  # `die deutsch - chinesischen Beziehungen`
    if right_is_dash_word:
        if right_word.lower() in conjunctions and _is_suspended(
            left, previous_token, next_token, lang
        ):
            return SUSPENDED
        return DASH

    if (
        left.lower().rstrip(".") in conjunctions
        and right[:1].islower()
        and len(right_word) >= 4
        and previous_token[:1].isupper()
        and not right_word.lower().endswith(tuple(word_class(lang, "modifier_ending")))
    ):
        return REVERSE_SUSPENDED  # not `Fischbrötchen oder - vermutlich`: an adverb

    if right_token[:1] in _OPENING_PUNCT:
        return DASH if lang == "de" else KEEP

    # A number (not a year or date) or a number with % glued to a noun or a tail: `10-jährigen`,
    # `232-Untersuchung`, `38%-Beteiligung`, `G7-Verbündeten`.
    if _COMPOUND_NUMBER.fullmatch(left):
        if _is_compound_tail(right_word, lang) or (
            lang == "en" and _english_number_compound(left, right, next_token)
        ):
            return COMPOUND
        if lang != "de":
            return KEEP
        is_date = _YEAR.fullmatch(left) or _DATE.search(left)
        if not is_date and left == left_token:
            return COMPOUND
        return DASH
    if (
        lang == "en"
        and left_token.rstrip(".") == left.rstrip(".")  # not `(AP) - BVB …`, a dateline
        and _ACRONYM.fullmatch(left.replace(".", ""))
        and right[:1].isupper()
        and right == right_token
        and next_token[:1].islower()
        and next_token.lower() not in dash_words
    ):
        return COMPOUND  # `the U.S. - China talks`, `an EU - Japan deal`: a modifier of the noun
    if lang == "en" and _english_modifier_compound(left, left_token, right_token, next_token):
        return COMPOUND  # `Chinese - owned smelters`, `coal - fired plants`, `wake - up call`
    if lang == "en" and _ordinal_superlative(left, left_token, right):
        return COMPOUND  # `the world's second - largest producer`
    if lang == "en" and _english_head_compound(
        left, left_token, right_token, next_token, before, after
    ):
        return COMPOUND  # `a long - term contract`, `the cobalt - supply chain`
    if lang == "en" and _mineral_pair(left, left_token, right_token, next_token):
        return COMPOUND  # `the lithium - boron project`, `a copper - gold mine`
    if _name_compound(left, left_token, right_token, before, after, lang):
        return COMPOUND  # `Sibanye - Stillwater's CEO`, `die Kamoa - Kakula-Mine`
    if lang != "de":
        return KEEP

    ends_with_quote = left_token[-1:] in _CLOSING_QUOTES and len(left_token) > 1
    right_is_noun = right[:1].isupper()
    if ends_with_quote and right_is_noun and left_token[-2:-1].isalnum():
        return COMPOUND  # `„Frieden für Mineralien“-Abkommen`
    if left_token.lstrip(_OPENING_PUNCT) != left:
        return DASH  # `Preise, - so`: punctuation closes the word before the hyphen
    if _ACRONYM.fullmatch(left) and (
        right_is_noun
        or _is_compound_tail(right_word, lang)
        or _is_rare(right_word, lang)
        or _is_modifier(right_word, lang)
    ):
        return COMPOUND  # `USA-Zentralen`, `EU-weit`, `US-amerikanische`; not `USA - bleiben`
    if _HYPHENATED.search(left) and right_is_noun:
        last_part = left.rsplit("-", 1)[-1]
        if _needs_fugen_s(last_part, lang):
            return DASH  # `Trump-Regierung - Vorwürfe`: a compound would need `Regierungs`
        return COMPOUND  # `Closed-Loop-Layout`, `LME-Metall-Inventaränderungen`
    if right_is_noun and left[:1].isupper():
        if _is_known_compound(left + right_word, lang):
            return COMPOUND  # `Kupfer - Preis`: `Kupferpreis` is a word
        if right_word == right and _has_bound_fugen_s(left, lang):
            return COMPOUND  # `Ionenadsorptions - Tone`: `-ungs`/`-ions` only starts compounds
        if right_word == right and _is_bound_first_part(left, lang):
            return COMPOUND  # `Seltenerd - Magnete`: `Seltenerd` is no word of its own
        if _links_with_s(left, lang):
            return DASH  # `die Zukunft - Friedensmahl`: a compound would be `Zukunftsfriedensmahl`
        if (
            previous_token.lower() in word_class(lang, "determiner")
            and (right_word == right or not _HYPHENATED.search(right))
            and (next_token[:1].islower() or _no_closing_dash(right_token, after))
        ):
            # `die Lithium - Preise fielen`, `der Gécamines - Chef (DRK)`: an article and a
            # single noun do not end before a dash, unless a second dash closes an
            # apposition (`die Börse - Chicago Mercantile Exchange - meldete`,
            # `der Konzern - Weltmarktführer bei Tantal - meldete`).
            if not _opens_apposition(right_token, after, lang) and (
                _is_mineral(left, lang)
                or not _clause_ends_before(left, right_word, lang)
                or _opens_sentence(before)
            ):
                return COMPOUND
        elif _continues_compound(left, right_token, next_token, after, lang):
            return COMPOUND  # `in Halbleiter - Fabriken investieren`
        elif _mineral_compound_before_phrase(left, previous_token, right_token, next_token, after):
            return COMPOUND  # `sind Graphit - Projekte in Tansania`
        if _unknown_tail_at_clause_end(left, right_token, next_token, lang):
            return COMPOUND  # `Europas erstes Lithiumhydroxid - Konverterwerk;`
    return DASH


def _opens_sentence(before: str) -> bool:
    """Does `before` hold just an article and a noun at the start of a sentence?

    `Die Handelsblatt - Recherche zeigt`: a dash there would leave `Die Handelsblatt` alone
    without a verb, so the two nouns are one compound (an apposition with a closing dash is
    told apart before).

    >>> _opens_sentence("Die Handelsblatt"), _opens_sentence("Sie sagte. Die Studie")
    (True, True)
    >>> _opens_sentence("Der Preis stieg auf ein Rekordhoch")
    False
    """
    tokens = before[-_CONTEXT:].split(" ")
    if len(tokens) < 2:
        return False
    return len(tokens) == 2 or tokens[-3][-1:] in ".!?:" or not tokens[-3]


_PREPOSITION_MINERAL_CONTEXT = 2


def _mineral_compound_before_phrase(
    left: str, previous_token: str, right_token: str, next_token: str, after: str
) -> bool:
    """`sind Graphit - Projekte in Tansania`: a mineral, a noun, then a preposition.

    German only (the caller's branch). A mineral is a compound's first part far more often
    than the last word before a dash, and a noun with a prepositional phrase after it goes on
    the noun phrase. After a preposition (`für Kupfer - Händler in London erwarten`) the
    mineral may close the phrase, so that stays a dash, as does a pair of dashes.

    >>> after = "Projekte in Tansania."
    >>> _mineral_compound_before_phrase("Graphit", "sind", "Projekte", "in", after)
    True
    >>> _mineral_compound_before_phrase("Kupfer", "für", "Händler", "in", "Händler in London.")
    False
    """
    prepositions = word_class("de", "preposition")
    return (
        _is_mineral(left, "de")
        and previous_token.lower() not in prepositions
        and right_token.isalpha()
        and right_token[:1].isupper()
        and next_token in prepositions
        and _no_closing_dash(right_token, after)
    )


_CLAUSE_PUNCT = ",;:."
_MIN_UNKNOWN_TAIL = 6


def _unknown_tail_at_clause_end(left: str, right_token: str, next_token: str, lang: str) -> bool:
    """`erstes Lithiumhydroxid - Konverterwerk;`: a noun wordfreq does not know, right before
    the end of a clause, after a word that starts compounds (or a mineral).

    A dash does not set off one unknown noun at a clause end; an unknown noun that long is a
    compound's tail (or a compound itself). A name (`Kupfer - Glencore,`) is known or short.

    >>> _unknown_tail_at_clause_end("Lithiumhydroxid", "Konverterwerk;", "die", "de")
    True
    >>> _unknown_tail_at_clause_end("Lithiumhydroxid", "Konverterwerk", ";", "de")
    True
    >>> _unknown_tail_at_clause_end("Rekordhoch", "Händler,", "die", "de")
    False
    """
    word = right_token.rstrip(_CLAUSE_PUNCT)
    at_clause_end = word != right_token or (
        next_token[:1] in _CLAUSE_PUNCT and len(next_token) == 1
    )
    return (
        at_clause_end
        and len(word) >= _MIN_UNKNOWN_TAIL
        and word.isalpha()
        and word[:1].isupper()
        and zipf(word, lang) == 0
        and (_is_mineral(left, lang) or _starts_compounds(left, lang, 1))
    )


def _mineral_pair(left: str, left_token: str, right_token: str, next_token: str) -> bool:
    """`the lithium - boron project`: two minerals, then the noun they modify (English).

    >>> _mineral_pair("copper", "copper", "nickel", "mine")
    True
    >>> _mineral_pair("copper", "copper", "nickel", "and")
    False
    """
    return (
        left == left_token
        and _is_mineral(left.lower(), "en")
        and _is_mineral(right_token.lower(), "en")
        and next_token.isalpha()
        and next_token.islower()
        and next_token not in word_class("en", "dash_word")
    )


_RARE_NAME_ZIPF = 3.0
_RARE_NAME_ZIPF_DE = 1.0
_ADJECTIVE_STEMS = ("sch", "lich", "ig")
_INFLECTED_ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")
_POSSESSIVE = regex.compile(r"['’]s$")


def _is_name_like(word: str, lang: str) -> bool:
    """A capitalised word English hardly uses and (in German text) German does not know."""
    from wordfreq import zipf_frequency

    return (
        word.isalpha()
        and word[:1].isupper()
        and zipf_frequency(word, "en") < _RARE_NAME_ZIPF
        and (lang == "en" or zipf_frequency(word, lang) < _RARE_NAME_ZIPF_DE)
    )


def _name_compound(
    left: str, left_token: str, right_token: str, before: str, after: str, lang: str
) -> bool:
    """`Sibanye - Stillwater's CEO`, `die Kamoa - Kakula-Mine`: two capitalised words that
    are names (see `_is_name_like`) make one double-barrelled name.

    A common word (`Grasberg - Indonesia's biggest mine -`) may open an apposition. Names
    in lists, line-ups and routes are set off by dashes (`Bolte - Bruland (2), Pumpe`,
    `Pressig - Tettau, Ludwigsstadt - Lehesten`, `mit Herz - Wolbeck - Westfälische
    Nachrichten`): so no other spaced hyphen in the sentence, no comma or colon right
    before, and nothing but a possessive glued to the right name, no bracket after it.

    >>> _name_compound("Sibanye", "Sibanye", "Stillwater's", "", "Stillwater's CEO said.", "en")
    True
    >>> _name_compound("Kamoa", "Kamoa", "Kakula", "Die", "Kakula gehört Ivanhoe.", "de")
    True
    >>> _name_compound("Grasberg", "Grasberg", "Indonesia's", "", "Indonesia's mine.", "en")
    False
    >>> _name_compound("Bolte", "Bolte", "Bruland", "ASG: Buschkötter,", "Bruland (2), Pumpe", "de")
    False
    """
    right = _POSSESSIVE.sub("", right_token)
    tokens_before = before[-_CONTEXT:].split(" ")
    return (
        left == left_token
        and _is_name_like(left, lang)
        and _is_name_like(right, lang)
        and not (len(tokens_before) > 1 and tokens_before[-2][-1:] in ",:")
        and not _sentence_rest(after)[len(right_token) :].lstrip().startswith("(")
        and _only_spaced_hyphen(before, after)
    )


def _only_spaced_hyphen(before: str, after: str) -> bool:
    """Is the spaced hyphen between `before` and `after` the only one of its sentence?

    >>> _only_spaced_hyphen("Prices at a two-year low", "slipped again."), _only_spaced_hyphen(
    ...     "Prices - already at a two-year low", "slipped again.")
    (True, False)
    """
    sentence_before = regex.split(r"[.!?;:](?:\s|$)", before[-_CONTEXT:])[-1]
    return " - " not in _sentence_rest(after) and " - " not in sentence_before


def _adjective_pair(previous_token: str, left_token: str, right_token: str) -> bool:
    """`die deutsch - chinesischen Beziehungen`: after an article or a preposition, an
    uninflected adjective and an inflected one are one compound adjective (German); a dash
    cannot follow an article and a bare adjective. `ist wichtig - politische Fragen` (no
    article before) stays a dash.

    >>> _adjective_pair("die", "deutsch", "chinesischen")
    True
    >>> _adjective_pair("ist", "wichtig", "politische")
    False
    """
    opening = word_class("de", "determiner") | word_class("de", "preposition")
    return (
        previous_token.lower() in opening
        and left_token.isalpha()
        and left_token.islower()
        and left_token.endswith(_ADJECTIVE_STEMS)
        and right_token.isalpha()
        and right_token.islower()
        and right_token.endswith(_INFLECTED_ADJECTIVE_ENDINGS)
        and _is_modifier(right_token, "de")
    )


def _english_modifier_compound(
    left: str, left_token: str, right_token: str, next_token: str
) -> bool:
    """`state - backed lenders`: a word, then a tail that makes compound adjectives (data
    class `compound_tail`: ``owned``, ``based``, ``fired``, the particle ``up`` of
    ``wake-up``), then a lowercase word the compound modifies. `mined - in Peru` or
    `owned - by Glencore` (a function word next) is no such compound.

    >>> _english_modifier_compound("Chinese", "Chinese", "owned", "smelters")
    True
    >>> _english_modifier_compound("smelter", "smelter", "owned", "by")
    False
    >>> _english_modifier_compound("U.S", "U.S.", "based", "company")
    True
    """
    following = _core(next_token)
    return (
        left.rstrip(".") == left_token.rstrip(".")
        and left.replace(".", "").isalpha()
        and right_token in word_class("en", "compound_tail")
        and following == next_token
        and following.isalpha()
        and following.lower() not in word_class("en", "dash_word")
    )


def _english_number_compound(left: str, right: str, next_token: str) -> bool:
    """`a 30 - day consultation`: a number, a singular lowercase word, the noun they modify.

    Not a year (`opened in 2019 - employs 1,200`), not after a percent sign (`fell 20% -
    analysts expect more`), not a plural (`5 - tonnes`), not before a function word.

    >>> _english_number_compound("30", "day", "consultation")
    True
    >>> _english_number_compound("2019", "employs", "1,200")
    False
    """
    dash_words = word_class("en", "dash_word")
    return (
        not (_YEAR.fullmatch(left) or _DATE.search(left) or left.endswith("%"))
        and right.isalpha()
        and right.islower()
        and not right.endswith("s")
        and right not in dash_words
        and _core(next_token).isalpha()
        and _core(next_token).islower()
        and _core(next_token) not in dash_words
    )


def _english_head_compound(
    left: str, left_token: str, right_token: str, next_token: str, before: str, after: str
) -> bool:
    """`a long - term contract`, `rare - earth exports`, `a nickel - supply pact`: a word that
    starts compound adjectives (data class `compound_head`) or a mineral, a singular lowercase
    word, then the lowercase noun they modify; no other spaced hyphen in the sentence (`the
    ministry - citing national security - blocked` is a dash pair).

    >>> _english_head_compound("long", "long", "term", "contract", "A long", "term contract.")
    True
    >>> _english_head_compound("high", "high", "exports", "fell", "It is high", "exports fell.")
    False
    """
    dash_words = word_class("en", "dash_word")
    head = left.lower()
    return (
        left == left_token
        and (head in word_class("en", "compound_head") or _is_mineral(head, "en"))
        and right_token.isalpha()
        and right_token.islower()
        and not right_token.endswith("s")
        and right_token not in dash_words
        and next_token.isalpha()
        and next_token.islower()
        and next_token not in dash_words
        and _only_spaced_hyphen(before, after)
    )


_MAX_LINK_WORD = 3


def _reduplicated_chain(before: str, after: str) -> bool:
    """`year - on - year`, `day - to - day`: a word, a short link word, the same word again.

    >>> _reduplicated_chain("Output rose 12% year", "on - year, the ministry said")
    True
    >>> _reduplicated_chain("Output rose 12% year - on", "year, the ministry said")
    True
    >>> _reduplicated_chain("Prices rose", "on - Monday")
    False
    """
    left_tokens = before[-_CONTEXT:].split(" ")
    right_tokens = [_core(token) for token in after[:_CONTEXT].split(" ", 3)]
    if len(right_tokens) >= 3 and right_tokens[1] == "-":
        word, link, again = left_tokens[-1], right_tokens[0], right_tokens[2]
    elif len(left_tokens) >= 3 and left_tokens[-2] == "-":
        word, link, again = left_tokens[-3], left_tokens[-1], right_tokens[0]
    else:
        return False
    return (
        word.isalpha()
        and word.lower() == again.lower()
        and link.isalpha()
        and link.islower()
        and len(link) <= _MAX_LINK_WORD
    )


def _ordinal_superlative(left: str, left_token: str, right: str) -> bool:
    """`second - largest`, `third - biggest`: an ordinal word (data class `ordinal_word`) and a
    superlative make one compound adjective.

    >>> _ordinal_superlative("second", "second", "largest")
    True
    >>> _ordinal_superlative("second", "second", "quarter")
    False
    """
    return (
        left == left_token
        and left.lower() in word_class("en", "ordinal_word")
        and right.isalpha()
        and right.islower()
        and len(right) > 4
        and right.endswith("est")
    )


_SPACED_HYPHEN_SPLIT = regex.compile(r" +[-‐‑] +")


def _sentence_rest(after: str) -> str:
    """The rest of the sentence in `after` (up to a sentence-ending mark)."""
    return regex.split(r"[.!?;:](?:\s|$)", after, maxsplit=1)[0]


_MAX_APPOSITION_WORDS = 8


def _opens_apposition(right_token: str, after: str, lang: str) -> bool:
    """Is `Noun - right_token …` the opening dash of an apposition that a second dash closes?

    The phrase inside starts with a noun followed by a function word or an adjective before
    a noun (`Weltmarktführer bei Tantal`, `Grundlage moderner Akkus`: no verb, so no
    `article Noun-Noun verb` sentence), exactly one more spaced hyphen ends it, and a verb
    follows that hyphen (lowercase, not a dash word other than an auxiliary): the main clause
    goes on. `die Kupfer - Preise stiegen - so Händler` stays a compound.

    >>> _opens_apposition("Weltmarktführer", "Weltmarktführer bei Tantal - meldete Verluste.", "de")
    True
    >>> _opens_apposition("Preise", "Preise für Kupfer stiegen - so Händler.", "de")
    False
    """
    parts = _SPACED_HYPHEN_SPLIT.split(_sentence_rest(after))
    if len(parts) != 2 or not parts[1]:
        return False
    inner, closing = parts[0].split(" "), parts[1].split(" ")[0]
    if inner[0] != right_token or not 2 <= len(inner) <= _MAX_APPOSITION_WORDS:
        return False
    dash_words = word_class(lang, "dash_word")
    if not closing[:1].islower() or (
        closing in dash_words and closing not in word_class(lang, "auxiliary")
    ):
        return False
    following = inner[1]
    if following in dash_words:
        return True  # `Weltmarktführer bei Tantal`, `Teil des Ministeriums`
    # `Grundlage moderner Akkus`: an inflected adjective before a noun.
    return (
        following[:1].islower()
        and following.endswith(("e", "en", "er", "es", "em"))
        and len(inner) > 2
        and inner[2][:1].isupper()
    )


def _no_closing_dash(right_token: str, after: str) -> bool:
    """Does the sentence go on after `right_token` without a second spaced hyphen?"""
    if right_token != _core(right_token) or " " not in after:
        return False
    sentence = _sentence_rest(after)
    return " - " not in sentence and " – " not in sentence


def _is_chain_part(token: str, lang: str) -> bool:
    """A word that can be part of a hyphenated chain: a noun, number or acronym, no punctuation."""
    return (
        token == _core(token)
        and bool(_WORD_PART.fullmatch(token) or _COMPOUND_NUMBER.fullmatch(token))
        and (token[:1].isupper() or token[:1].isdigit())
        and token.lower().rstrip(".") not in word_class(lang, "dash_word")
    )


def _in_compound_chain(before: str, after: str, lang: str) -> bool:
    """Is the hyphen part of a spaced chain `article A - B - C` of nouns?

    After an article, a chain of single nouns, numbers or acronyms joined by spaced hyphens is
    one compound (`die Vanadium-Redox-Batterie`, `die 50-Millionen-Euro-Zusage`): an article
    cannot stand before a dash-separated enumeration (`der Dreischritt Förderung – Export`).

    >>> _in_compound_chain("Die Vanadium", "Redox - Batterie gilt", "de")
    True
    >>> _in_compound_chain("Der Dreischritt Förderung", "Verarbeitung - Export.", "de")
    False
    >>> _in_compound_chain("für Redox", "Flow - Batterien könnte", "de")
    True
    """
    if lang != "de":
        return False
    left_tokens = before[-_CONTEXT:].split(" ")
    right_tokens = after[:_CONTEXT].split(" ")
    chain, at = [left_tokens[-1]], len(left_tokens) - 2
    while at >= 1 and left_tokens[at] == "-":
        chain.insert(0, left_tokens[at - 1])
        at -= 2
    chain.append(right_tokens[0])
    at_right = 1
    while at_right + 1 < len(right_tokens) and right_tokens[at_right] == "-":
        chain.append(right_tokens[at_right + 1])
        at_right += 2
    last = _core(chain[-1])
    opener = left_tokens[at].lower() if at >= 0 else ""
    if opener in word_class(lang, "preposition"):
        # `für Redox - Flow - Batterien könnte`, not `mit Herz - Wolbeck - Westfälische
        # Nachrichten`: the chain ends in a noun the sentence goes on after in lowercase.
        following = right_tokens[at_right] if at_right < len(right_tokens) else ""
        if _is_modifier(last, lang) or following[:1].isupper():
            return False
    elif opener not in word_class(lang, "determiner"):
        return False
    return (
        len(chain) >= 3
        and all(_is_chain_part(part, lang) for part in chain[:-1])
        and last[:1].isupper()
        and last.lower() not in word_class(lang, "dash_word")
    )


@cache
def _wordlist(lang: str) -> tuple[str, ...]:
    """wordfreq's word list for `lang`, sorted (for prefix look-ups); loaded on first use."""
    from wordfreq import iter_wordlist

    return tuple(sorted(iter_wordlist(lang, "large")))


_MIN_TAIL = 3
#: A first part that starts this many known compounds is productive (`Kupfer`, `Halbleiter`,
#: `Graphit`), unlike a place name or a word that ends a clause (`Olching`, `Applaus`).
_PRODUCTIVE = 2


@cache
def _compounds_starting_with(word: str, lang: str) -> tuple[int, int]:
    """How many words in wordfreq's list are `word` + a known word, directly and with a linking s.

    ``kupfer|preis`` is direct, ``zukunft|s|angst`` linked: a word that mostly links with s
    (``Zukunft``, ``Regierung``) is not written ``Word-Noun``.

    >>> _compounds_starting_with("Seltenerd", "de"), _compounds_starting_with("Olching", "de")
    ((1, 0), (0, 0))
    """
    words = _wordlist(lang)
    prefix = word.lower()
    direct = linked = 0
    at = bisect.bisect_left(words, prefix)
    while at < len(words) and words[at].startswith(prefix):
        tail = words[at][len(prefix) :]
        at += 1
        if len(tail) < _MIN_TAIL:
            continue
        if tail[0] == "s" and zipf(tail[1:], lang) > 0:
            linked += 1
        elif zipf(tail, lang) > 0:
            direct += 1
    return direct, linked


def _links_with_s(word: str, lang: str) -> bool:
    """Does `word` start its known compounds mostly with a linking s (``Zukunfts…``)?

    >>> _links_with_s("Zukunft", "de"), _links_with_s("Kupfer", "de")
    (True, False)
    """
    direct, linked = _compounds_starting_with(word, lang)
    return linked >= _PRODUCTIVE and linked > direct


def _starts_compounds(word: str, lang: str, at_least: int) -> bool:
    """Is `word` the first part of `at_least` known compounds, mostly without a linking s?"""
    direct, linked = _compounds_starting_with(word, lang)
    return direct >= at_least and direct > linked


def _is_bound_first_part(word: str, lang: str) -> bool:
    """A compound's first part that is no word of its own: ``Seltenerd`` (``Seltenerdmagnete``).

    wordfreq does not know it as a word, but knows longer words starting with it; a name it
    does not know (``Ivanhoe - Anleger``) starts none and may end a clause before a dash.

    >>> _is_bound_first_part("Seltenerd", "de"), _is_bound_first_part("Kupfer", "de")
    (True, False)
    """
    return (
        len(word) >= 4
        and word.isalpha()
        and _is_rare(word, lang)
        and zipf(word, lang) == 0
        and _starts_compounds(word, lang, 1)
    )


def _clause_ends_before(left: str, right_word: str, lang: str) -> bool:
    """`ein Rekordhoch - Händler sprechen`: a known word that starts no known compound, then a
    common word that often opens a clause: the hyphen is a dash, even after an article.

    A name wordfreq does not know (``der Gécamines - Chef``) can still start a compound.

    >>> _clause_ends_before("Rekordhoch", "Händler", "de")
    True
    >>> _clause_ends_before("Lithium", "Preise", "de")
    False
    """
    return (
        zipf(left, lang) > 0
        and not _is_rare(right_word, lang)
        and _compounds_starting_with(left, lang)[0] == 0
    )


def _continues_compound(
    left: str, right_token: str, next_token: str, after: str, lang: str
) -> bool:
    """`Noun - Noun verb…`: is the right noun a compound's tail rather than a clause's subject?

    The right noun is too rare to stand on its own often (``Lieferketten``, ``Anoden``; not
    ``Experten``, ``Schritt``), the left one starts compounds wordfreq knows (``Halbleiter``:
    ``Halbleiterindustrie``; not a place name like ``Olching`` or ``Applaus - Buhrufe``),
    the sentence goes on in lowercase after it, and no second spaced hyphen makes the two a
    dash pair.

    >>> after = "Lieferketten entstehen in Vietnam."
    >>> _continues_compound("Halbleiter", "Lieferketten", "entstehen", after, "de")
    True
    >>> _continues_compound("China", "Experten", "warnen", "Experten warnen.", "de")
    False
    """
    return (
        right_token == _core(right_token)
        and right_token.isalpha()
        and left.isalpha()
        and next_token[:1].islower()
        and _is_rare(right_token, lang)
        and (_starts_compounds(left, lang, _PRODUCTIVE) or _is_mineral(left, lang))
        and _no_closing_dash(right_token, after)
    )


_ADJECTIVE_INFLECTION = regex.compile(r"(?:e|en|er|es|em)?$")


def _is_modifier(word: str, lang: str) -> bool:
    """An adjective or participle (`amerikanische`, `gestützt`) by its ending."""
    stem = _ADJECTIVE_INFLECTION.sub("", word.lower(), count=1)
    endings = tuple(word_class(lang, "modifier_ending"))
    return stem.endswith(endings) or word.lower().endswith(endings)


@cache
def _is_known_compound(word: str, lang: str) -> bool:
    """Is the closed-up compound a word wordfreq knows (``Kupferpreis``, ``Goldmine``)?"""
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), lang) > 0


def _is_suspended(left: str, previous_token: str, next_token: str, lang: str) -> bool:
    """`left - und next_token`: is `left` a compound's first part sharing next_token's tail?"""
    if not _WORD_PART.fullmatch(left):
        return False
    if previous_token.endswith("-,"):
        return True  # inside a list `Explorations-, Bergbau- und …`
    if _has_fugen_s(left, lang):
        return True  # `Forschungs- und`, `Investitions- oder`
    if _needs_fugen_s(left, lang):
        return False  # `Regierung - und Opposition`: no compound starts `Regierung-`
    following = _core(next_token)
    if left[:1].islower() and following[:1].islower():
        # `bergbau- und energiepolitische`: a rare adjective compound after the conjunction,
        # much longer than the left word, which is no adjective or adverb itself.
        return (
            len(following) >= len(left) + 4
            and _is_modifier(following, lang)
            and _is_rare(following, lang)
            and not _is_modifier(left, lang)
            and _is_rare(left, lang)
        )
    return left[:1].isupper() and following[:1].isupper() and len(following) >= len(left)


# `Kupfer -, Zink - und Bleiminen` (also tokenised `Kupfer - , Zink - und`): only when the
# list ends in `X - und`/`X- und` (a dash closed before a comma, `widmen - dem Regieren -,
# sollte`, has no such ending).
_SUSPENDED_IN_LIST = regex.compile(
    r"(?<=\p{L}) +- *(?=, (?:\p{L}+ ?- *, )*\p{L}+ ?- (?:und|oder|sowie|bzw\.|and|or) )"
)


def _spaced_hyphen_edits(text: str, lang: str, kinds: Sequence[str]) -> list[Edit]:
    """Edits rewriting the spaced hyphens of the given kinds; all others stay as they are."""
    if " - " not in text and " ‐ " not in text and " ‑ " not in text:
        return []
    edits: list[Edit] = []
    spans = [match.span() for match in _SPACED_HYPHEN.finditer(text)]
    found = [
        classify_spaced_hyphen(
            text[max(0, start - _CONTEXT) : start], text[end : end + _CONTEXT], lang
        )
        for start, end in spans
    ]
    found = _pair_dashes(text, spans, found)
    for (start, end), kind in zip(spans, found, strict=True):
        before = text[max(0, start - _CONTEXT) : start]
        if kind not in kinds:
            continue
        if kind == COMPOUND:
            coupled = _WORD_SPACE_NUMBER.search(before[-100:])
            if coupled:  # `US-Section 232-Untersuchung` → `US-Section-232-…` (Durchkopplung)
                at = start - len(before[-100:]) + coupled.start(coupled.lastindex or 1)
                if not edits or edits[-1][1] <= at:
                    edits.append((at, at + 1, "-"))
        edits.append((start, end, _WRITTEN[kind]))
    return edits


_SENTENCE_END = regex.compile(r"[.!?;:]\s")


def _pair_dashes(text: str, spans: Sequence[tuple[int, int]], kinds: list[str]) -> list[str]:
    """A spaced hyphen we cannot tell is a dash when it closes (or opens) a dash pair.

    `The tariffs - which start in May - hit`: the first hyphen is a dash (before `which`), so
    the next one in the same sentence closes the parenthesis. Two hyphens neither of which
    can be told are a pair too (`The talks - held in Geneva - ended`): words on both sides
    of both, a phrase between them. Only two hyphens in the sentence, and never two
    coordinated compounds (`long - term and short - term`, see `_coordinated_compounds`).
    """
    if KEEP not in kinds:
        return kinds
    paired = list(kinds)
    for index, kind in enumerate(kinds):
        if kind != KEEP:
            continue
        for other in (index - 1, index + 1):
            if not 0 <= other < len(kinds) or kinds[other] not in (DASH, KEEP):
                continue
            low, high = sorted((spans[index], spans[other]))
            if not _alone_in_sentence(text, spans, low, high):
                continue
            if kinds[other] == KEEP and _coordinated_compounds(text, low, high):
                continue
            paired[index] = DASH
    return paired


# A sentence end inside a dash pair, but not the stop of a dotted abbreviation (`the U.S. and
# EU`, `U.K.`), which a phrase between two dashes can hold.
_PHRASE_END = regex.compile(r"(?<!(?<![\p{L}.])(?:\p{Lu}\.)+\p{Lu})[.!?;:]\s")


def _alone_in_sentence(
    text: str, spans: Sequence[tuple[int, int]], low: tuple[int, int], high: tuple[int, int]
) -> bool:
    """Are the hyphens at `low` and `high` the only two of their sentence, a phrase between?"""
    sentence_start = max(text.rfind(". ", 0, low[0]), text.rfind("? ", 0, low[0]), 0)
    between = text[low[1] : high[0]]
    rest = _SENTENCE_END.search(text, high[1])
    sentence_end = rest.start() if rest else len(text)
    hyphens_in_sentence = sum(
        sentence_start <= start and end <= sentence_end for start, end in spans
    )
    return hyphens_in_sentence == 2 and not _PHRASE_END.search(between) and " " in between


def _coordinated_compounds(text: str, low: tuple[int, int], high: tuple[int, int]) -> bool:
    """`A - B and C - D`: two compounds joined by a conjunction, not a phrase between dashes.

    Told by a shared part (`long - term and short - term`, `pre - war and pre - crisis`) or,
    when all four words are lowercase (`high - grade or low - cost`), by caution.

    >>> def spans(text):
    ...     first = text.find(" - ")
    ...     second = text.find(" - ", first + 1)
    ...     return (first, first + 3), (second, second + 3)
    >>> text = "Both long - term and short - term deals rose."
    >>> _coordinated_compounds(text, *spans(text))
    True
    >>> text = "Two producers - Albemarle and SQM - control output."
    >>> _coordinated_compounds(text, *spans(text))
    False
    """
    inner = text[low[1] : high[0]].split(" ")
    conjunctions = word_class("en", "conjunction") | word_class("de", "conjunction")
    if len(inner) != 3 or inner[1].lower() not in conjunctions:
        return False
    first = _core(text[: low[0]].rsplit(" ", 1)[-1])
    last = _core(text[high[1] :].split(" ", 1)[0])
    words = (first, _core(inner[0]), _core(inner[2]), last)
    return words[0] == words[2] or words[1] == words[3] or all(w.islower() for w in words)


# The space inside a compound's first part that Durchkopplung turns into a hyphen:
# `US-Section 232` (word with a hyphen, number) and `38 %` (number, percent sign).
_WORD_SPACE_NUMBER = regex.compile(r"(?:[\p{L}\p{N}]-\p{L}+( )\d[\d.,]*|\d( )%)$")


def _suspended_hyphen_edits(text: str, lang: str) -> list[Edit]:
    if " -" not in text:
        return []
    in_list = _pattern_edits(_SUSPENDED_IN_LIST, text, "-")
    paired = _spaced_hyphen_edits(text, lang, (SUSPENDED, REVERSE_SUSPENDED))
    return sorted(in_list + paired)


def suspended_hyphen(text: str, lang: str = "de") -> str:
    """Write a suspended hyphen (Ergänzungsstrich) against its word.

    >>> suspended_hyphen("Explorations -, Bergbau - und Raffinerierungsprojekte")
    'Explorations-, Bergbau- und Raffinerierungsprojekte'
    >>> suspended_hyphen("Kobalt - , Nickel - und Kupferpreise")
    'Kobalt-, Nickel- und Kupferpreise'
    >>> suspended_hyphen("Erdgas - und Stromnetze, Mineralhandel und - entwicklungssystem")
    'Erdgas- und Stromnetze, Mineralhandel und -entwicklungssystem'
    """
    return apply_edits(text, _suspended_hyphen_edits(text, lang))


# `10 -jährigen`, `10- jährigen`: a hyphen spaced on one side only, after a number.
_HALF_SPACED_NUMBER_HYPHEN = regex.compile(r"(?<=\d)(?: +-|- +)(?=(\p{Ll}+))")


# `25% -Anteil`, `25 % -Anteil`, `25% - owned`: a hyphen spaced on one side only after a percent
# sign; group 1 is the space before `%` (Durchkopplung writes `25-%-Anteil`), group 2 the word.
_HALF_SPACED_PERCENT_HYPHEN = regex.compile(r"(?<=\d)( ?)%(?: +-|- +)(?=(\p{L}+))")


def _half_spaced_percent_edits(text: str, lang: str) -> list[Edit]:
    """`25% -Anteil` → `25%-Anteil`: a noun (German) or a compound tail after `% -`.

    >>> _half_spaced_percent_edits("der 25% -Anteil und 10 % -Zölle", "de")
    [(6, 9, '%-'), (22, 26, '-%-')]
    """
    edits: list[Edit] = []
    for match in _HALF_SPACED_PERCENT_HYPHEN.finditer(text):
        word = match.group(2)
        noun = lang == "de" and word[:1].isupper()
        if not (noun or _is_compound_tail(word, lang)) or (match.group(1) and lang != "de"):
            continue
        edits.append((match.start(), match.end(), "-%-" if match.group(1) else "%-"))
    return edits


def _spaced_compound_hyphen_edits(text: str, lang: str) -> list[Edit]:
    edits = _spaced_hyphen_edits(text, lang, (COMPOUND,))
    if "- " in text or " -" in text:
        half = [
            (match.start(), match.end(), "-")
            for match in _HALF_SPACED_NUMBER_HYPHEN.finditer(text)
            if _is_compound_tail(match.group(1), lang)
        ]
        if "%" in text:
            half = _merge_edits(half, _half_spaced_percent_edits(text, lang))
        if half:
            edits = _merge_edits(edits, half)
    return edits


def spaced_compound_hyphen(text: str, lang: str = "de") -> str:
    """Close the spaces MT put around a compound's hyphen.

    >>> spaced_compound_hyphen("ein 10 - jähriger Vertrag, die G7 - Verbündeten")
    'ein 10-jähriger Vertrag, die G7-Verbündeten'
    >>> spaced_compound_hyphen("ein Closed-Loop - Layout, die US-Section 232 - Untersuchung")
    'ein Closed-Loop-Layout, die US-Section-232-Untersuchung'
    >>> spaced_compound_hyphen("eine 38 % - Beteiligung für 5- jährige Laufzeit")
    'eine 38-%-Beteiligung für 5-jährige Laufzeit'
    >>> spaced_compound_hyphen("der 25% -Anteil des Staates")
    'der 25%-Anteil des Staates'
    """
    return apply_edits(text, _spaced_compound_hyphen_edits(text, lang))


def _numeric_range_edits(text: str, lang: str) -> list[Edit]:
    return _spaced_hyphen_edits(text, lang, (RANGE, SPACED_RANGE))


def numeric_range(text: str, lang: str = "de") -> str:
    """A spaced hyphen between numbers is a range: an en dash, closed up between plain numbers.

    >>> numeric_range("etwa 50.000 - 80.000 Stellen, 20% - 30% weniger, 20 % - 30 %")
    'etwa 50.000–80.000 Stellen, 20%–30% weniger, 20 % – 30 %'
    """
    return apply_edits(text, _numeric_range_edits(text, lang))


def _spaced_dash_edits(text: str, lang: str) -> list[Edit]:
    return _spaced_hyphen_edits(text, lang, (DASH,))


def spaced_dash(text: str, lang: str = "de") -> str:
    """A spaced hyphen used as a dash becomes a spaced en dash.

    >>> spaced_dash("Die Preise - so Händler - bleiben hoch")
    'Die Preise – so Händler – bleiben hoch'
    """
    return apply_edits(text, _spaced_dash_edits(text, lang))


# ---------------------------------------------------------------------------
# Quotes

_DOUBLE_QUOTES = '"„“”‟'
_SINGLE_QUOTES = "'‚‘’‛"
_OPEN_CONTEXT = "([{/–—-:„‚"
_AFTER_CLOSER = ".,;:!?)]}"
_QUOTE_CHARS = regex.compile(r"[\"„“”‟'‚‘’‛]")
# Markup/data, not prose: `href="…"`, `{"key": …`, `["a", …`.
_MARKUP_QUOTES = regex.compile(r"=\"|[{\[]\"|\"\s*:\s*[\"{\[\d]")
# Word-start elisions that look like an opening single quote: `'s`, `'ne`, `'90er`.
_ELISION = regex.compile(r"(?:s|n|ne|nen|em|t|til|cause)\b|\d")
_MAX_SINGLE_QUOTED = 80

OPENER, CLOSER, FREE, NONE = "open", "close", "free", "none"


def _quote_role(text: str, at: int, singles: bool) -> str:
    char = text[at]
    before = text[at - 1] if at else ""
    after = text[at + 1] if at + 1 < len(text) else ""
    if char in "„‚" and not (before.isalnum() and not after.isalnum()):
        return OPENER  # (unless placed like a closer: `Wort„,`)
    if singles and before.isalnum() and after.isalnum():
        return NONE  # apostrophe: geht's, Trump's
    if before == "=":
        return NONE
    opens = (not before or before.isspace() or before in _OPEN_CONTEXT) and bool(after)
    opens = opens and not after.isspace() and after not in _AFTER_CLOSER
    closes = (
        bool(before)
        and not before.isspace()
        and (not after or after.isspace() or not after.isalnum())
    )
    if opens and not (singles and _ELISION.match(text, at + 1)):
        return OPENER
    if closes:
        return CLOSER
    if before.isspace() and (not after or after.isspace() or after in _AFTER_CLOSER):
        return FREE  # `Schritt ".`: a closing quote MT spaced off
    return NONE


def _pair_quote_edits(
    text: str, chars: str, opener: str, closer: str, singles: bool = False
) -> list[Edit]:
    """Edits writing provably paired quotes among `chars` as `opener`…`closer`.

    A pair is an opening-position quote followed, as the next quote of its kind, by a
    closing-position one (or a free-standing one, whose stray space is then removed).
    Anything else, e.g. the one left over on a line with an odd count, is left alone.
    """
    positions = [m.start() for m in _QUOTE_CHARS.finditer(text) if m.group(0) in chars]
    if len(positions) < 2:
        return []
    roles = [_quote_role(text, at, singles) for at in positions]
    edits: list[Edit] = []
    index = 0
    while index + 1 < len(positions):
        start, end = positions[index], positions[index + 1]
        if roles[index] == OPENER and roles[index + 1] in (CLOSER, FREE):
            if singles and end - start > _MAX_SINGLE_QUOTED:
                index += 1
                continue
            inner_start = start + 1
            while inner_start < end and text[inner_start] == " ":
                inner_start += 1  # `„ Critical` → `„Critical`
            inner_end = end
            while inner_end > inner_start and text[inner_end - 1] == " ":
                inner_end -= 1
            if inner_end == inner_start:
                index += 1
                continue
            edits.append((start, inner_start, opener))
            edits.append((inner_end, end + 1, closer))
            index += 2
        else:
            index += 1
    return [edit for edit in edits if text[edit[0] : edit[1]] != edit[2]]


def _merge_edits(first: list[Edit], second: list[Edit]) -> list[Edit]:
    """`first` plus the edits of `second` that do not overlap any of them, sorted."""
    kept = [
        edit
        for edit in second
        if all(edit[1] <= other[0] or other[1] <= edit[0] for other in first)
    ]
    return sorted(first + kept)


_Pair = tuple[str, str] | None


def _quote_edits(text: str, double: _Pair, single: _Pair) -> list[Edit]:
    """Edits for double quotes (written as `double`) and single ones; None leaves a kind."""
    double_edits = _pair_quote_edits(text, _DOUBLE_QUOTES, *double) if double else []
    single_edits = _pair_quote_edits(text, _SINGLE_QUOTES, *single, singles=True) if single else []
    return _merge_edits(double_edits, single_edits)


def _german_quotes_edits(text: str) -> list[Edit]:
    if not _QUOTE_CHARS.search(text) or _MARKUP_QUOTES.search(text):
        return []
    double: _Pair = ("„", "“")
    single: _Pair = ("‚", "‘")
    if "«" in text or "»" in text:
        double = None  # «…»/»…« style: kept
    if "‹" in text or "›" in text:
        single = None
    return _quote_edits(text, double, single)


def german_quotes(text: str) -> str:
    """Straight, English or mismatched quotes in German text become „…“ and ‚…‘.

    Lines with «…»/»…« (Swiss/French or book style) keep them; apostrophes are not quotes;
    a quote that cannot be paired on its line is left alone.

    >>> german_quotes('Trumps Slogan „America First" und „Critical Minerals 2.0".')
    'Trumps Slogan „America First“ und „Critical Minerals 2.0“.'
    >>> print(german_quotes('Der Markt habe "versagt", sagte er. Geht\\'s um \\'Preise\\'?'))
    Der Markt habe „versagt“, sagte er. Geht's um ‚Preise‘?
    >>> german_quotes('Er nannte es "absurd und ging.')
    'Er nannte es "absurd und ging.'
    """
    return apply_edits(text, _german_quotes_edits(text))


def _english_quotes_edits(text: str) -> list[Edit]:
    if not any(char in text for char in "„“”‟‚‛") or _MARKUP_QUOTES.search(text):
        return []
    double: _Pair = ("“", "”")
    single: _Pair = ("‘", "’")
    if "«" in text or not any(char in text for char in "„“”‟"):
        double = None  # only straight quotes: a consistent style, kept
    if not any(char in text for char in "‚‛"):
        single = None
    return _quote_edits(text, double, single)


def english_quotes(text: str) -> str:
    """Mismatched or German quotes in English text become “…” (and ‘…’).

    A line that only uses straight quotes keeps them (a consistent house style).

    >>> english_quotes('the „America First" slogan and “Critical Minerals 2.0"')
    'the “America First” slogan and “Critical Minerals 2.0”'
    >>> english_quotes('the "America First" slogan')
    'the "America First" slogan'
    """
    return apply_edits(text, _english_quotes_edits(text))


# A double quote MT spaced off between a word and closing punctuation: `(SRR "),`. Not after a
# number (`5 " bis 7 ".` are inches).
_FREE_QUOTE = regex.compile(r"(?<=[^\s\d]) +[\"“”](?=[)\].,;:!?])")


def _stray_quote_edits(text: str) -> list[Edit]:
    if '"' not in text and "“" not in text and "”" not in text:
        return []
    edits: list[Edit] = []
    for match in _FREE_QUOTE.finditer(text):
        if not _quote_is_open(text, match.end() - 1):
            edits.append((match.start(), match.end(), ""))
    return edits


def _quote_is_open(text: str, at: int) -> bool:
    """Does a double quote before `at` open a quotation that nothing has closed yet?"""
    is_open = False
    for match in _QUOTE_CHARS.finditer(text, 0, at):
        if match.group(0) not in _DOUBLE_QUOTES:
            continue
        role = _quote_role(text, match.start(), False)
        if role == OPENER and not is_open:
            is_open = True
        elif role in (CLOSER, FREE) and is_open:
            is_open = False
    return is_open


def stray_quote(text: str) -> str:
    """Remove a double quote MT left behind with nothing to close: spaced off after a word,
    before closing punctuation, and no quotation open before it on the line.

    A quote that closes a quotation (``"Wir warten ab ".``) is paired by the quote rules
    instead; one glued to its word (``Ende",``) may close a quotation from an earlier line
    and is kept, as are inch marks (``5 " bis 7 "``).

    >>> stray_quote('die „Strategic Resilience Reserve“ vor. SRR "), die Einrichtung')
    'die „Strategic Resilience Reserve“ vor. SRR), die Einrichtung'
    >>> stray_quote('He said "we wait ". And "more ".')
    'He said "we wait ". And "more ".'
    """
    return apply_edits(text, _stray_quote_edits(text))


# A German word right after a comma or semicolon inside a sentence: `…usw., Es ermächtigt`.
_AFTER_CLAUSE_MARK = regex.compile(r"(?<=[\p{L}\d.)\]“\"'’][,;] )(\p{Lu}\p{Ll}+)(?= (\S+))")


def _capital_after_comma_edits(text: str) -> list[Edit]:
    if ", " not in text and "; " not in text:
        return []
    always = word_class("de", "comma_lowercase")
    articles = word_class("de", "determiner") - word_class("de", "courtesy_capital")
    edits: list[Edit] = []
    for match in _AFTER_CLAUSE_MARK.finditer(text):
        word, following = match.group(1), match.group(2)
        lower = word.lower()
        # An article is lowered only before a lower-case word, a quote or a number
        # (`, Das „2026 …`, `, Die neue Regel`): before a capital it may start a title
        # (`, Die Welt berichtete`).
        lowered = lower in always or (
            lower in articles and not following[:1].isupper() and following[:1] not in "-–"
        )
        if (
            lowered
            and _after_clause(text, match.start() - 2)
            and not _quote_is_open(text, match.start())
        ):
            edits.append((match.start(1), match.start(1) + 1, word[0].lower()))
    return edits


_CLAUSE_MARK = regex.compile(r"[,;:]")
_LOWER_WORD = regex.compile(r"(?<!\p{L})\p{Ll}{2,}")


def _after_clause(text: str, comma: int) -> bool:
    """Does a clause (a stretch with a lower-case word) end at the comma at `comma`?

    In a list of names (`Adolph, Zur Mühlen`) nothing is lower case, and a capital there
    belongs to a name.
    """
    start = max((m.end() for m in _CLAUSE_MARK.finditer(text, 0, comma)), default=0)
    return _LOWER_WORD.search(text, start, comma) is not None


def capital_after_comma(text: str) -> str:
    """Lower a German function word that MT capitalised after a comma or semicolon.

    MT that translated a source sentence boundary as a comma keeps the capital of the next
    sentence's first word: ``…usw., Es ermächtigt``. German never capitalises a pronoun,
    conjunction, preposition or article inside a sentence; nouns, names and the courtesy
    ``Sie``/``Ihre`` keep theirs, and so does anything inside a quotation.

    >>> capital_after_comma("dem Defense Production Act usw., Es ermächtigt die Regierung")
    'dem Defense Production Act usw., es ermächtigt die Regierung'
    >>> capital_after_comma("in Bezug auf die Gesetzgebung, Das „2026 Act“ schlägt vor")
    'in Bezug auf die Gesetzgebung, das „2026 Act“ schlägt vor'
    >>> capital_after_comma("wie die Zeitung berichtete, Die Welt sprach von Sie, Ihre Partner")
    'wie die Zeitung berichtete, Die Welt sprach von Sie, Ihre Partner'
    >>> capital_after_comma("Aufstellung: Hecker, Adolph, Zur Mühlen, Kröger")
    'Aufstellung: Hecker, Adolph, Zur Mühlen, Kröger'
    """
    return apply_edits(text, _capital_after_comma_edits(text))


# ---------------------------------------------------------------------------
# The step


def _for(lang: str, finder: Callable[[str, str], list[Edit]]) -> EditFinder:
    return lambda text: finder(text, lang)


#: Rules per language as (name, edit finder), in the order they run. Spacing first (the
#: hyphen rules read tokens), then hyphens (suspended before compound before ranges before
#: dashes: the most specific evidence wins), then quotes (`„…“-Abkommen` is decided by then).
GERMAN_RULES: tuple[tuple[str, EditFinder], ...] = (
    ("collapse_spaces", _collapse_spaces_edits),
    ("spaced_apostrophe", _spaced_apostrophe_edits),
    ("space_inside_brackets", _space_inside_brackets_edits),
    ("space_inside_quotes", _space_inside_quotes_edits),
    ("suspended_hyphen", _for("de", _suspended_hyphen_edits)),
    ("spaced_compound_hyphen", _for("de", _spaced_compound_hyphen_edits)),
    ("numeric_range", _for("de", _numeric_range_edits)),
    ("spaced_dash", _for("de", _spaced_dash_edits)),
    ("space_before_punct", _space_before_punct_edits),
    ("missing_space_after_punct", _missing_space_after_punct_edits),
    ("german_quotes", _german_quotes_edits),
    ("stray_quote", _stray_quote_edits),
    ("capital_after_comma", _capital_after_comma_edits),
)
ENGLISH_RULES: tuple[tuple[str, EditFinder], ...] = (
    ("collapse_spaces", _collapse_spaces_edits),
    ("spaced_apostrophe", _spaced_apostrophe_edits),
    ("space_inside_brackets", _space_inside_brackets_edits),
    ("space_inside_quotes", _space_inside_quotes_edits),
    ("spaced_compound_hyphen", _for("en", _spaced_compound_hyphen_edits)),
    ("numeric_range", _for("en", _numeric_range_edits)),
    ("spaced_dash", _for("en", _spaced_dash_edits)),
    ("space_before_punct", _space_before_punct_edits),
    ("space_before_percent", _space_before_percent_edits),
    ("missing_space_after_punct", _missing_space_after_punct_edits),
    ("english_quotes", _english_quotes_edits),
    ("stray_quote", _stray_quote_edits),
)
NEUTRAL_RULES: tuple[tuple[str, EditFinder], ...] = (
    ("collapse_spaces", _collapse_spaces_edits),
    ("space_inside_brackets", _space_inside_brackets_edits),
    ("space_before_punct", _space_before_comma_stop_edits),
)
_QUOTE_RULES = frozenset({"german_quotes", "english_quotes", "stray_quote"})


def rules_for(lang: str, fix_quotes: bool = True) -> tuple[tuple[str, EditFinder], ...]:
    """The (name, edit finder) rules the step runs for `lang` (``de-CH`` counts as ``de``).

    >>> [name for name, _ in rules_for("fr")]
    ['collapse_spaces', 'space_inside_brackets', 'space_before_punct']
    """
    base = lang.split("-")[0].split("_")[0].lower()
    rules = {"de": GERMAN_RULES, "en": ENGLISH_RULES}.get(base, NEUTRAL_RULES)
    if not fix_quotes:
        rules = tuple(rule for rule in rules if rule[0] not in _QUOTE_RULES)
    return rules


# Inline code and URLs are not prose: no rule edits inside them.
_PROTECTED = regex.compile(r"`[^`]*`|\b(?:https?|ftp)://\S+")


def _outside_protected(text: str, edits: list[Edit]) -> list[Edit]:
    spans = [match.span() for match in _PROTECTED.finditer(text)]
    if not spans:
        return edits
    return [
        (start, end, new)
        for start, end, new in edits
        if not any(
            (start < span_end and end > span_start) or span_start < start < span_end
            for span_start, span_end in spans
        )
    ]


#: One fix can expose another (a quote pair fixed on a later rule's output); the rules run
#: again on a changed line until it is stable, like ftfy's repeated passes.
MAX_ROUNDS = 3


def apply_rules(text: str, rules: Sequence[tuple[str, EditFinder]]) -> tuple[str, list[Change]]:
    """Run `rules` over `text` until nothing changes (at most `MAX_ROUNDS` rounds).

    >>> apply_rules("a  ( b )", rules_for("fr"))[1][0]
    Change(rule='collapse_spaces', start=1, end=3, before='  ', after=' ')
    """
    changes: list[Change] = []
    for _ in range(MAX_ROUNDS):
        changed = False
        for name, find_edits in rules:
            edits = find_edits(text)
            if edits and ("`" in text or "://" in text):
                edits = _outside_protected(text, edits)
            if edits:
                changes.extend(_edits_to_changes(name, text, edits))
                text = apply_edits(text, edits)
                changed = True
        if not changed:
            break
    return text, changes


def fix_typography(text: str, lang: str = "de") -> str:
    """Apply every typography rule for `lang` to `text` (one line or paragraph).

    >>> fix_typography('Die Preise - so Händler - bleiben ( OCS ) .', "de")
    'Die Preise – so Händler – bleiben (OCS).'
    >>> fix_typography('Der Aufruf `a - b  "c"` bleibt , wie er ist .', "de")
    'Der Aufruf `a - b  "c"` bleibt, wie er ist.'
    """
    return apply_rules(text, rules_for(lang))[0]


def typography(text: str, context: StepContext) -> tuple[str, list[Change]]:
    """The `typography` step: language-aware rules, every edit explained."""
    return apply_rules(text, rules_for(context.lang, context.config.fix_quotes))


TYPOGRAPHY_STEP = FunctionStep("typography", typography)
