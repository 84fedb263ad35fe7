"""Article structure: title, subtitle, lead, headings, paragraphs and list items from cleaned lines.

`find_structure` reads an article's lines (already cleaned, debris already taken out)
and returns `Block`s. A block does not copy or rewrite text: it points at spans of
the lines (`segments`), so list bullets and markdown heading marks simply stay
outside the block, and the text can always be traced back to its line.

Scrapers often lose the break between a heading and the first sentence after it
(``KI-Boom befeuert MetallwendeDie USA investieren …``). `find_glued_heading` splits
such a line on evidence, not on a list of headings: a lowercase→uppercase change
inside a token whose left part is a known word (or a compound of known words, by
wordfreq) and whose right part starts a sentence (a function word, or a frequent
word), while the token as a whole is not a known word (``YouTube``, ``PayPal``).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import regex
from wordfreq import zipf_frequency

from .changes import Change, sub_explained
from .clean import LineChange

#: Block kinds, in the order they usually appear.
BLOCK_KINDS = ("title", "subtitle", "lead", "heading", "paragraph", "list_item")


#: Closed-class words that begin sentences (articles, pronouns, determiners, prepositions,
#: conjunctions, sentence adverbs). A capitalised one glued to a lowercase word is the
#: start of a new sentence, not the tail of a compound.
def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


SENTENCE_STARTERS: dict[str, frozenset[str]] = {
    "de": _word_set(
        """der die das dem den des ein eine einer eines einem einen kein keine keinen
        dies diese dieser dieses diesen jene jener jenes ich du er sie es wir ihr man
        mein meine unser unsere sein seine ihre ihr wer was wie wo wann warum welche
        welcher welches im in am an auf aus bei mit nach seit von vom zu zum zur für
        gegen ohne um über unter vor hinter neben zwischen durch trotz während wegen
        laut dank und aber doch denn sondern oder als wenn ob obwohl nachdem weil da
        damit dabei dazu daher deshalb deswegen dennoch jedoch zudem außerdem auch
        nun jetzt heute gestern morgen bereits schon noch erst so zwar bisher derzeit
        inzwischen mittlerweile zunächst zuletzt vor allem nicht nur alle viele einige
        mehrere beide jeder jede jedes bis ab gemäß angesichts infolge statt anstatt
        außer hier dort dann danach zuvor trotzdem allerdings ebenfalls gleichzeitig
        somit sobald falls indem wobei sowohl weder entweder"""
    ),
    "en": _word_set(
        """the a an this that these those it its he she they we you i his her their
        our my in on at by for from with after before during since as if when while
        although though because but and or yet so however meanwhile now today
        yesterday already still also there here what who how why where which according
        despite amid under over between among into about against until then both some
        many most all only even more several each every another such"""
    ),
}
# A frequent word (zipf) after the glue point also starts a sentence ("…WeltmarktChina
# investiert …"); compound tails are rarely this frequent *and* capitalised mid-token.
_FREQUENT_STARTER_ZIPF = 4.5
# A less frequent capitalised word (a place or an agency: "…StrategieTokio setzt …") starts
# a sentence only with more evidence: a heading of several words before it and a clause
# of many words after it, going on in lowercase ("Tokio setzt …").
_NAME_STARTER_ZIPF = 3.0
_NAME_MIN_HEADING_WORDS = 2
_NAME_MIN_REST_WORDS = 8
# Both halves of a compound must be at least this frequent to count as known words.
_COMPOUND_PART_ZIPF = 2.5
_MIN_COMPOUND_PART = 3
_GERMAN_LINKING = ("s", "es", "n", "en")
_SPLIT_RULE = "structure.glued_heading"
_MAX_HEADING_WORDS = 15
_MAX_HEADING_CHARS = 140
_MAX_TITLE_WORDS = 25
_MAX_NUMBERED_HEADING_WORDS = 20

_GLUE_POINT = regex.compile(r"(?<=\p{Ll}|\p{N})(?=[„»«“\"]?\p{Lu}\p{Ll})")
# Other shapes of glue, each with its own evidence (see `find_glued_heading_span`):
# an acronym ending a heading ("Strategie der EUDie …"), a quoted heading
# ("„Kein Grund zur Panik“Der …"), a question ("Wer profitiert?Vor allem …") and a
# number starting the sentence ("Die Zahlen hinter der Quote18 Unternehmen …").
_ACRONYM_GLUE = regex.compile(r"^(?P<left>\p{Lu}{2,5})(?=\p{Lu}\p{Ll})")
# An all-caps heading glued to a capitalised word ("WIDERSTAND IN LOZNICAIn der Region …",
# "DER WEG ÜBER DIE STRASSEImmer mehr …"): the last capital before a lowercase letter.
_CAPS_GLUE = regex.compile(r"(?<=\p{Lu}{2})(?=[„»«“\"]?\p{Lu}\p{Ll})")
# A heading ending in a closing bracket ("Lithium (LCE)Die Preise …"): closed-class starter.
_PAREN_GLUE = regex.compile(r"(?<=\p{L}{2}\))(?=\p{Lu}\p{Ll})")
_MAX_PAREN_HEADING_WORDS = 8
_LOWERCASE = regex.compile(r"\p{Ll}")
_MIN_CAPS_HEADING_LETTERS = 6
# A new word (no known word, not a camel-case name part: long, lowercase after its first
# letter) starting a long clause after a heading of several words ("Europas neue
# StrategieFriendshoring heißt das Zauberwort …").
_MIN_NEW_WORD_LETTERS = 8
_CLOSING_QUOTE_GLUE = regex.compile(r"(?<=\p{L}[.!?]?[“”»«\"])(?=\p{Lu}\p{Ll})")
_QUESTION_GLUE = regex.compile(r"(?<=\p{Ll}[?!])(?=\p{Lu}\p{Ll})")
_NUMBER_GLUE = regex.compile(
    r"^(?P<left>\p{L}\p{Ll}{3,})(?P<number>\d{2,3}(?:[.,]\d{3})*(?:[.,]\d+)?|\d[.,]\d+)%?$"
)
# An acronym before the number ("Preise an der LME6 Prozent höher …"); chemical formulas
# (CO2, H2) have shorter acronyms and are known words.
_ACRONYM_NUMBER_GLUE = regex.compile(
    r"^(?P<left>\p{Lu}{3,5})(?P<number>\d{1,3}(?:[.,]\d{3})*(?:[.,]\d+)?)%?$"
)
# After an acronym glued to a number, the next word must be a quantity ("LME6 Prozent"),
# not a name's tail ("DAX40 Index").
_QUANTITY_WORDS = _word_set(
    """prozent prozentpunkte promille millionen milliarden billionen tausend tonnen
    kilogramm kilo dollar euro cent yuan pfund jahre monate tage wochen percent per cent
    percentage points million billion trillion thousand tonnes tons pounds dollars euros
    years months days weeks"""
)
_YEAR = regex.compile(r"^(?:19|20)\d\d$")
# A long compound noun starting the sentence ("…für die IndustrieEdelstahlhersteller in
# Italien suchen …"): camel-case names have short parts.
_MIN_COMPOUND_SUBJECT_LETTERS = 11
_DIGITS_TOKEN_START = regex.compile(r"^\p{N}{2,}")
_OPENING_QUOTE_START = regex.compile(r"^[„»«“\"]")
# A question glued to the next sentence, after a step put the space back
# ("Wer profitiert? Vor allem …"); the original line shows the glue.
_QUESTION_START = regex.compile(r"^(?P<question>[^.!?\n]{3,100}?[?!])\s(?=\p{Lu}\p{Ll})")
_MAX_QUESTION_WORDS = 10
_MIN_GLUED_SENTENCE_WORDS = 6
# A one-word heading glued to a name ("ExportkontrollenPeking begründet …"): only a long
# German word English does not know (camel-case brands are made of English words).
_MIN_SINGLE_HEADING_LETTERS = 7
_MAX_ENGLISH_ZIPF_OF_GERMAN_WORD = 1.0
# Opening quotation marks a quoted sentence may start with ("…im Pazifik„Wir wollen …").
_OPENING_QUOTES = '„»«“"'
# Quotes that open in English but close in German ("says“We …", "Markt“Die …"): glue before
# one only if the heading holds no quote mark that it could close.
_AMBIGUOUS_QUOTES = '“"'
_QUOTE_MARKS = regex.compile(r"[„“”»«\"]")
# A heading ending in a number ("Rekordjahr 2025Die Ausfuhren …"): only a closed-class
# sentence starter after the digits counts as glue ("A320Neo", "G7Gipfel" do not).
_NUMBER_END = regex.compile(r"\p{N}{2,}$")
_TOKEN = regex.compile(r"\S+")
_LETTERS = regex.compile(r"\p{L}+")
_MARKDOWN_HEADING = regex.compile(r"^\s*#{1,6}\s+")
_BULLET = regex.compile(r"^\s*[-*•·–—]\s+")
_BLOCKQUOTE = regex.compile(r"^\s*>\s+")
# **strong**, __strong__, *emphasis* or _emphasis_ around non-space text, not inside a word.
MARKDOWN_EMPHASIS = regex.compile(
    r"(?<![\w*])(?P<mark>\*\*|__|\*|_)(?=\S)(?P<text>[^*_\n]+?)(?<=\S)(?P=mark)(?![\w*])"
)
_NUMBERED = regex.compile(r"^\s*\d{1,3}(?:\.\d{1,3})*[.)]\s*(?=\S)")
_TERMINAL = regex.compile(r"[.!?:;,…]\s*$")
_SENTENCE_END = regex.compile(r"[.!?…][\"'“”»«)]*\s*$")
# A full stop after a word, then a capital: the line holds more than one sentence.
_INNER_SENTENCE_BREAK = regex.compile(r"\p{Ll}{2}[.!?]\s+\p{Lu}")
# A sentence end glued to the next capitalised word ("Boden.Preise"): the position after it.
_GLUED_SENTENCE_END = regex.compile(r"(?<=\p{Ll}{2}[.!?][\"'“”»«)]?)(?=\p{Lu}\p{Ll})")
_STARTS_LIKE_TEXT = regex.compile(r"^[\p{Lu}\p{N}\"'„“«»‚‘(\[]")


@dataclass(frozen=True)
class Block:
    """A structural unit of an article. `segments` are (line, start, end) spans of the
    article's final lines (1-based line numbers); `text` joins them with a space."""

    kind: str
    text: str
    segments: tuple[tuple[int, int, int], ...]

    @property
    def line(self) -> int:
        return self.segments[0][0]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "segments": [list(s) for s in self.segments]}


@functools.lru_cache(maxsize=65536)
def _zipf(word: str, lang: str) -> float:
    return zipf_frequency(word, lang)


def _languages(lang: str) -> tuple[str, ...]:
    return (lang,) if lang in SENTENCE_STARTERS else tuple(SENTENCE_STARTERS)


def is_known_word(word: str, lang: str, min_zipf: float = 0.0) -> bool:
    """Whether wordfreq knows `word` in `lang` (any of de/en for an unknown language).

    >>> is_known_word("Weltmarkt", "de"), is_known_word("MetallwendeDie", "de")
    (True, False)
    """
    return any(_zipf(word.lower(), code) > min_zipf for code in _languages(lang))


def is_known_or_compound(word: str, lang: str) -> bool:
    """A known word, or a compound of two known words (with a German linking -s-).

    >>> is_known_or_compound("Metallwende", "de"), is_known_or_compound("Xqzvw", "de")
    (True, False)
    """
    if is_known_word(word, lang):
        return True
    lowered = word.lower()
    for cut in range(_MIN_COMPOUND_PART, len(lowered) - _MIN_COMPOUND_PART + 1):
        head, tail = lowered[:cut], lowered[cut:]
        if not is_known_word(tail, lang, _COMPOUND_PART_ZIPF):
            continue
        heads = [head] + [head[: -len(link)] for link in _GERMAN_LINKING if head.endswith(link)]
        if any(
            len(h) >= _MIN_COMPOUND_PART and is_known_word(h, lang, _COMPOUND_PART_ZIPF)
            for h in heads
        ):
            return True
    return False


def starts_sentence(word: str, lang: str) -> bool:
    """Whether a capitalised `word` is evidence of a sentence start.

    >>> starts_sentence("Die", "de"), starts_sentence("Tube", "en")
    (True, False)
    """
    lowered = word.lower()
    codes = _languages(lang)
    if any(lowered in SENTENCE_STARTERS[code] for code in codes):
        return True
    return any(_zipf(lowered, code) >= _FREQUENT_STARTER_ZIPF for code in codes)


def find_glued_heading(line: str, lang: str) -> int | None:
    """The offset where a heading glued to the next sentence ends, or None.

    >>> line = "KI-Boom befeuert MetallwendeDie USA investieren massiv"
    >>> line[: find_glued_heading(line, "de")]
    'KI-Boom befeuert Metallwende'
    >>> find_glued_heading("Bestellt per PayPal oder auf YouTube gesehen", "de") is None
    True
    """
    span = find_glued_heading_span(line, lang)
    return None if span is None else span[1]


def find_glued_heading_span(line: str, lang: str) -> tuple[int, int] | None:
    """Where a glued heading starts and ends: after a sentence it may be glued to as well.

    >>> line = "Das Ende.Preise im FreifallDie Notierungen fielen stark."
    >>> start, end = find_glued_heading_span(line, "de")
    >>> line[start:end]
    'Preise im Freifall'
    """
    for token_match in _TOKEN.finditer(line):
        token = token_match.group(0)
        if "@" in token or "/" in token or token.startswith("#"):
            continue  # addresses and hashtags are camel-cased on purpose
        for cut, shape in _glue_candidates(token):
            offset = token_match.start() + cut
            if not _is_glue(line, token_match.start(), token, cut, shape, lang):
                continue
            # The heading may itself follow a sentence without a space ("…im Boden.Preise").
            start = _heading_start(line, offset)
            heading, rest = line[start:offset].strip(), line[offset:].strip()
            ends_ok = shape == "question" or not _TERMINAL.search(heading)
            if (
                len(heading.split()) <= _MAX_HEADING_WORDS
                and len(heading) <= _MAX_HEADING_CHARS
                and ends_ok
                and not (start == 0 and _INNER_SENTENCE_BREAK.search(heading))
                and len(rest.split()) >= 2
            ):
                return start, offset
    return None


def _glue_candidates(token: str) -> list[tuple[int, str]]:
    """Places inside `token` where a heading may be glued to the next sentence, with the
    shape of the glue: `quote` (an opening quote), `number_end` (after a number), `camel`
    (lowercase → uppercase), `acronym`, `caps` (an all-caps heading), `closing_quote`,
    `paren` (after a closing bracket), `question` or `number` (a letter → a number)."""
    found: list[tuple[int, str]] = []
    for glue in _GLUE_POINT.finditer(token):
        cut = glue.start()
        if token[cut] in _OPENING_QUOTES:
            found.append((cut, "quote"))
        elif _NUMBER_END.search(token[:cut]):
            found.append((cut, "number_end"))
        else:
            found.append((cut, "camel"))
    acronym = _ACRONYM_GLUE.match(token)
    if acronym:
        found.append((acronym.end(), "acronym"))
    found += [
        (glue.start(), "caps")
        for glue in _CAPS_GLUE.finditer(token)
        if glue.start() > 0 and not (acronym and glue.start() == acronym.end())
    ]
    found += [(glue.start(), "closing_quote") for glue in _CLOSING_QUOTE_GLUE.finditer(token)]
    found += [(glue.start(), "paren") for glue in _PAREN_GLUE.finditer(token)]
    found += [(glue.start(), "question") for glue in _QUESTION_GLUE.finditer(token)]
    number = _NUMBER_GLUE.match(token) or _ACRONYM_NUMBER_GLUE.match(token)
    if number:
        found.append((number.start("number"), "number"))
    return sorted(found)


def _is_closed_class(word: str, lang: str) -> bool:
    return any(word.lower() in SENTENCE_STARTERS[code] for code in _languages(lang))


def _is_glue(line: str, token_start: int, token: str, cut: int, shape: str, lang: str) -> bool:
    """Whether the evidence for a glue of `shape` at `cut` in the token holds.

    >>> _is_glue("Strategie der EUDie Kommission setzt auf Chile", 14, "EUDie", 2,
    ...          "acronym", "de")
    True
    >>> _is_glue("Die EUBank investiert in Chile", 4, "EUBank", 2, "acronym", "de")
    False
    """
    offset = token_start + cut
    right_letters = _LETTERS.match(token, cut + (token[cut] in _OPENING_QUOTES))
    right = right_letters.group(0) if right_letters else ""
    left_letters = _LETTERS.findall(token[:cut])
    rest = line[offset:].split()
    if shape == "quote":
        # An opening quote glued to a known word opens a quoted sentence when its first
        # word starts sentences ("Wir", "Die"), not a quoted name. A » or « that closes a
        # quote opened before it («Wir brauchen Zeit»Die …) is a closing quote.
        before_quote = line[_heading_start(line, offset) : offset]
        if _closes_open_quote(before_quote, token[cut]):
            return False
        if token[cut] in _AMBIGUOUS_QUOTES and _QUOTE_MARKS.search(before_quote):
            return False
        return bool(
            right
            and left_letters
            and is_known_or_compound(left_letters[-1], lang)
            and starts_sentence(right, lang)
        )
    if shape in ("acronym", "closing_quote"):
        # "…der EUDie Kommission", "„Kein Grund zur Panik“Der Verband": only a closed-class
        # word after the glue; a quoted heading must be quoted from its start.
        if shape == "closing_quote" and not _OPENING_QUOTE_START.match(
            line[_heading_start(line, offset) : offset].strip()
        ):
            return False
        return _is_closed_class(right, lang) and len(rest) >= 2
    if shape == "question":
        heading = line[_heading_start(line, offset) : offset].split()
        return (
            2 <= len(heading) <= _MAX_QUESTION_WORDS
            and starts_sentence(right, lang)
            and len(rest) >= _MIN_GLUED_SENTENCE_WORDS
            and bool(_SENTENCE_END.search(line))
        )
    if shape == "number":
        return _number_glue(line, token_start, token, cut, lang)
    if shape == "caps":
        return _caps_heading_glue(line, offset, right, lang)
    if shape == "paren":
        # "Lithium (LCE)Die Preise …": a short heading from the line start, then a
        # closed-class sentence starter
        return (
            _heading_start(line, offset) == 0
            and len(line[:offset].split()) <= _MAX_PAREN_HEADING_WORDS
            and _is_closed_class(right, lang)
            and len(rest) >= _MIN_GLUED_SENTENCE_WORDS
        )
    if shape == "number_end":
        # "Rekordjahr 2025Die Ausfuhren …"; a heading ending in a year before a name or
        # noun needs a long clause after it ("Preise 2027Händler in Shanghai rechnen …").
        if _is_closed_class(right, lang):
            return True
        return (
            bool(_DIGITS_TOKEN_START.match(token))
            and bool(line[:token_start].split())
            and (
                _starts_clause_with_name(line, token_start, offset, right, lang, 1)
                or _year_before_sentence(line, token, cut, right, lang)
            )
        )
    # camel: lowercase → uppercase inside a word
    if not left_letters:
        return False
    left = left_letters[-1]
    if len(left) < _MIN_COMPOUND_PART or is_known_word(left + right, lang):
        return False  # "McDonald", "YouTube", "PayPal" are words, not glue
    if not is_known_or_compound(left, lang):
        return False
    before = line[:token_start].split()
    compound_subject = (
        # not after an article and a noun ("Die Firma MetallRecyclingwerke baut …")
        not (len(before) >= 2 and before[-1][:1].isupper() and before[-2].lower() in _ARTICLES)
        and _starts_clause_with_compound(line, token_start, offset, right, lang)
    )
    if (
        not _is_closed_class(right, lang)
        and not compound_subject
        and _follows_apposition(line[:token_start])
    ):
        return False  # "Die Firma LithiumPeru plant …": a name, not a glued heading
    return (
        compound_subject
        or starts_sentence(right, lang)
        or _starts_clause_with_name(line, token_start, offset, right, lang)
        or _lowercase_heading_end(line, token_start, token, left, lang)
        or _starts_clause_with_new_word(line, token_start, offset, right, lang)
        or (
            _is_german_heading_word(line, token_start, left, lang)
            and _starts_clause_with_name(line, token_start, offset, right, lang, 0)
        )
    )


def _caps_heading_glue(line: str, offset: int, right: str, lang: str) -> bool:
    """An all-caps heading (no lowercase letter from where it starts to `offset`, two words
    or more, or one long word) glued to a sentence that starts with a sentence starter.

    >>> _caps_heading_glue("WIDERSTAND IN LOZNICAIn der Region demonstrierten Tausende.", 20,
    ...                    "In", "de")
    True
    >>> _caps_heading_glue("Die NATOAbwehr wurde verstärkt und neu aufgestellt.", 8,
    ...                    "Abwehr", "de")
    False
    """
    heading = line[_heading_start(line, offset) : offset].strip()
    letters = "".join(_LETTERS.findall(heading))
    return (
        bool(letters)
        and not _LOWERCASE.search(heading)
        and (len(heading.split()) >= 2 or len(letters) >= _MIN_CAPS_HEADING_LETTERS)
        and starts_sentence(right, lang)
        and len(line[offset:].split()) >= _MIN_GLUED_SENTENCE_WORDS - 2
    )


def _year_before_sentence(line: str, token: str, cut: int, right: str, lang: str) -> bool:
    """A heading ending in a year glued to a frequent word that starts a sentence of six
    words or more: "Zölle bis 2027Rund 99 Prozent der Einfuhren stammen aus Shaanxi."; not
    a model name after an article and a noun ("Das Modell 2027Plus kostet …").

    >>> _year_before_sentence("Zölle bis 2027Rund 99 Prozent der Einfuhren stammen aus China.",
    ...                       "2027Rund", 4, "Rund", "de")
    True
    >>> _year_before_sentence("Das Modell 2027Plus kostet mehr als sein Vorgänger.",
    ...                       "2027Plus", 4, "Plus", "de")
    False
    """
    before = line[: line.find(token)]
    return (
        bool(_YEAR.match(token[:cut]))
        and not _follows_apposition(before)
        and starts_sentence(right, lang)
        and len(line.split()) - len(before.split()) >= _MIN_GLUED_SENTENCE_WORDS
        and bool(_SENTENCE_END.search(line))
    )


def _lowercase_heading_end(line: str, token_start: int, token: str, left: str, lang: str) -> bool:
    """A heading ending in a lowercase known word glued to a capitalised one ("Why it
    mattersAntimony is used …"): camel-case names start with a capital (`iPhone`, `eBay`
    have short left parts); a sentence of six words or more follows.

    >>> _lowercase_heading_end("Why it mattersAntimony is used in flame retardants and glass.",
    ...                        7, "mattersAntimony", "matters", "en")
    True
    """
    rest = line[token_start + len(left) :].split()
    return (
        token.startswith(left)
        and left[:1].islower()
        and is_known_word(left, lang)
        and len(rest) >= _MIN_GLUED_SENTENCE_WORDS
        and bool(_SENTENCE_END.search(line))
    )


def _starts_clause_with_new_word(
    line: str, token_start: int, offset: int, right: str, lang: str
) -> bool:
    """Whether `right`, a word no list knows in any language (a new coinage, long and
    lowercase after its first letter, unlike the short parts of camel-case names), begins a
    long clause after a heading of two words or more, without commas (not an enumeration of
    names: "General Motors, TotalEnergies und …"), that does not end in a function word.

    >>> line = "Europas neue StrategieFriendshoring heißt das Zauberwort in Brüssel und Berlin."
    >>> _starts_clause_with_new_word(line, 13, 22, "Friendshoring", "de")
    True
    >>> _starts_clause_with_new_word("Daten von MetalMinerinsights zeigen seit Jahren "
    ...                              "steigende Preise für Kupfer.", 10, 15, "Minerinsights", "de")
    False
    """
    before = line[:token_start].split()
    rest = line[offset:].split()
    return (
        len(right) >= _MIN_NEW_WORD_LETTERS
        and right[1:].islower()
        and not is_known_word(right, "any", _NAME_STARTER_ZIPF)
        and len(before) >= _NAME_MIN_HEADING_WORDS
        and "," not in line[:offset]
        and not _is_closed_class(before[-1], lang)
        and len(rest) >= _NAME_MIN_REST_WORDS
        and rest[1][:1].islower()
        and bool(_SENTENCE_END.search(line))
    )


_QUOTE_PARTNERS = {"»": "«", "«": "»"}


def _closes_open_quote(before: str, mark: str) -> bool:
    """Whether `mark` (» or «, used both ways round) closes a quote opened in `before`.

    >>> _closes_open_quote("«Wir brauchen Zeit", "»"), _closes_open_quote("im Pazifik", "»")
    (True, False)
    """
    partner = _QUOTE_PARTNERS.get(mark)
    return partner is not None and before.count(partner) > before.count(mark)


def _starts_clause_with_compound(
    line: str, token_start: int, offset: int, right: str, lang: str
) -> bool:
    """Whether `right` is a long compound noun (known parts, not a known word) that begins
    a clause after a heading of two words or more: "Folgen für die IndustrieEdelstahlhersteller
    in Italien und Finnland suchen neue Lieferanten."

    >>> line = ("Folgen für die IndustrieEdelstahlhersteller in Italien und Finnland suchen "
    ...         "neue Lieferanten.")
    >>> _starts_clause_with_compound(line, 15, 24, "Edelstahlhersteller", "de")
    True
    >>> _starts_clause_with_compound("Die Firma LithiumPeru plant eine neue Mine in "
    ...                              "Chile und Peru.", 10, 17, "Peru", "de")
    False
    """
    rest = line[offset:].split()
    return (
        len(right) >= _MIN_COMPOUND_SUBJECT_LETTERS
        and len(line[:token_start].split()) >= _NAME_MIN_HEADING_WORDS
        and len(rest) >= _NAME_MIN_REST_WORDS
        and rest[1][:1].islower()
        and not is_known_word(right, lang)
        and is_known_or_compound(right, lang)
    )


def _heading_start(line: str, offset: int) -> int:
    """Where a heading ending at `offset` starts: the line start, or after a sentence
    glued before it."""
    start = 0
    for glued_sentence in _GLUED_SENTENCE_END.finditer(line, 0, offset):
        if glued_sentence.end() < offset:
            start = glued_sentence.end()
    return start


def _is_german_heading_word(line: str, token_start: int, left: str, lang: str) -> bool:
    """A one-word heading glued to a name: the token starts the line, and its left part is a
    long German word that English does not know ("Exportkontrollen", not "Black", "Solar").

    >>> _is_german_heading_word("ExportkontrollenPeking begründet", 0, "Exportkontrollen", "de")
    True
    >>> _is_german_heading_word("BlackRock hat", 0, "Black", "de")
    False
    """
    return (
        lang == "de"
        and not line[:token_start].strip()
        and len(left) >= _MIN_SINGLE_HEADING_LETTERS
        and left == line[token_start : token_start + len(left)]
        and _zipf(left.lower(), "en") < _MAX_ENGLISH_ZIPF_OF_GERMAN_WORD
    )


def _number_glue(line: str, token_start: int, token: str, cut: int, lang: str) -> bool:
    """A heading glued to a sentence that starts with a number: "Die Zahlen hinter der
    Quote18 Unternehmen erhalten …", "Supply risks80 percent of …".

    The word before the number is a known word (or an acronym of three to five capitals,
    "an der LME6 Prozent"), not a name with a number (`Covid19`, `Windows11`, `iPhone16`,
    `Nd2Fe14B`, `CO2` stay); the number is no year; the heading has two
    words or more; a sentence of six words or more follows, in German with a capitalised
    noun after the number, in English after a lowercase heading word.

    >>> _number_glue("Die Zahlen hinter der Quote18 Unternehmen erhalten neue "
    ...              "Kontingente vom Staat.", 22, "Quote18", 5, "de")
    True
    >>> _number_glue("Microsoft bringt Windows11 im Herbst nach Europa und Asien.", 17,
    ...              "Windows11", 7, "de")
    False
    """
    left, number = token[:cut], token[cut:].rstrip("%")
    acronym = left.isupper()
    heading = line[:token_start].split()
    rest = line[token_start + cut :].split()
    if (
        _YEAR.match(number)
        or not heading
        or len(rest) < _MIN_GLUED_SENTENCE_WORDS
        or not _SENTENCE_END.search(line)
        or is_known_word(token, lang)
        or not (is_known_word(left, lang) if acronym else is_known_or_compound(left, lang))
        or (len(heading) < 2 and _follows_apposition(line[:token_start]))
        or (acronym and (len(heading) < 2 or rest[1].lower() not in _QUANTITY_WORDS))
    ):
        return False
    after = rest[1]
    if lang == "en":
        return (acronym or left.islower()) and after[:1].isalpha()
    return after[:1].isupper() and after[:1].isalpha()


# Articles: "die Firma XyzPeru", "der XyzBerlin" name a company or brand in apposition.
_ARTICLES = _word_set("der die das des dem den ein eine einer eines einem einen the a an")


def _follows_apposition(before: str) -> bool:
    """Whether the text before a token ends in an article, or an article and a noun, so that
    the token is a (camel-case) name: "Die Firma ", "Laut der Plattform ", "der ".

    >>> _follows_apposition("Die Firma "), _follows_apposition("Japans neue ")
    (True, False)
    """
    words = before.split()
    if words and words[-1].lower() in _ARTICLES:
        return True
    return len(words) >= 2 and words[-1][:1].isupper() and words[-2].lower() in _ARTICLES


def _starts_clause_with_name(
    line: str,
    token_start: int,
    offset: int,
    right: str,
    lang: str,
    min_words_before: int = _NAME_MIN_HEADING_WORDS - 1,
) -> bool:
    """Whether a known, capitalised `right` (a name such as *Tokio*) glued at `offset`
    begins a clause: several heading words before the token, a long lowercase-continued
    clause after it (`min_words_before`: words of the heading before the token).

    >>> line = "Japans neue StrategieTokio setzt seit Jahren auf eigene Quellen in Australien."
    >>> _starts_clause_with_name(line, 12, 21, "Tokio", "de")
    True
    >>> _starts_clause_with_name("Die StrategieTokio setzt auf Quellen.", 4, 13, "Tokio", "de")
    False
    """
    if not any(_zipf(right.lower(), code) >= _NAME_STARTER_ZIPF for code in _languages(lang)):
        return False
    rest = line[offset:].split()
    return (
        len(line[:token_start].split()) >= min_words_before
        and len(rest) >= _NAME_MIN_REST_WORDS
        and rest[1][:1].islower()
    )


def find_spaced_question_heading(line: str, original: str, lang: str) -> int | None:
    """The end of a question heading that was glued to the next sentence in `original`
    and got its space back from an earlier step ("Wer profitiert?Vor allem …" cleaned to
    "Wer profitiert? Vor allem …"), or None. Without the original's glue, a question
    opening a paragraph is prose.

    >>> cleaned = "Wer profitiert? Vor allem Produzenten in Kanada könnten profitieren."
    >>> find_spaced_question_heading(cleaned, cleaned.replace("? ", "?"), "de")
    15
    >>> find_spaced_question_heading(cleaned, cleaned, "de") is None
    True
    """
    found = _QUESTION_START.match(line)
    if found is None:
        return None
    question = found.group("question")
    rest = line[found.end() :].split()
    words = question.split()
    glued = regex.escape(words[-1]) + regex.escape(rest[0]) if rest else ""
    if (
        not 2 <= len(words) <= _MAX_QUESTION_WORDS
        or not _STARTS_LIKE_TEXT.match(question)
        or len(rest) < _MIN_GLUED_SENTENCE_WORDS
        or not _SENTENCE_END.search(line)
        or not starts_sentence(rest[0].strip("„“\"'»«("), lang)
        or not regex.search(r"(?<!\S)" + glued, original)
    ):
        return None
    return found.end("question")


def split_glued_headings(
    lines: Sequence[str], lang: str, originals: Sequence[str] | None = None
) -> tuple[list[str], list[LineChange]]:
    """Break each glued heading off its line with a newline, explained as a Change.
    `originals` (the lines as they were input) show glue an earlier step has already
    spaced out (see `find_spaced_question_heading`).

    >>> split_glued_headings(["Vom Weißen Haus zum WeltmarktDer Vorstoß kam spät."], "de")[0]
    ['Vom Weißen Haus zum Weltmarkt\\nDer Vorstoß kam spät.']
    """
    out: list[str] = []
    changes: list[LineChange] = []
    for number, line in enumerate(lines, start=1):
        span = find_glued_heading_span(line, lang) if line.strip() else None
        if span is None and originals is not None and number <= len(originals):
            end = find_spaced_question_heading(line, originals[number - 1], lang)
            if end is not None:
                changes.append(LineChange(number, Change(_SPLIT_RULE, end, end + 1, " ", "\n")))
                out.append(line[:end] + "\n" + line[end + 1 :])
                continue
        if span is None:
            out.append(line)
            continue
        start, end = span
        if start:
            changes.append(LineChange(number, Change(_SPLIT_RULE, start, start, "", "\n")))
            line = line[:start] + "\n" + line[start:]
            end += 1
        changes.append(LineChange(number, Change(_SPLIT_RULE, end, end, "", "\n")))
        out.append(line[:end] + "\n" + line[end:])
    return out, changes


def strip_markdown_emphasis(lines: Sequence[str]) -> tuple[list[str], list[LineChange]]:
    """Remove markdown emphasis marks (``**fett**``, ``*kursiv*``, ``__x__``) from scraped
    markdown, explained as Changes; a lone ``*`` (a footnote mark) stays.

    >>> strip_markdown_emphasis(["Die **Preise** steigen *stark*, Fußnote*."])[0]
    ['Die Preise steigen stark, Fußnote*.']
    >>> strip_markdown_emphasis(["_Billige Importe setzen Produzenten unter Druck_"])[0]
    ['Billige Importe setzen Produzenten unter Druck']
    """
    out: list[str] = []
    changes: list[LineChange] = []
    for number, line in enumerate(lines, start=1):
        if "*" in line or "_" in line:
            line, line_changes = sub_explained(
                MARKDOWN_EMPHASIS, lambda m: m.group("text"), line, "structure.markdown_emphasis"
            )
            changes.extend(LineChange(number, change) for change in line_changes)
        out.append(line)
    return out, changes


def _word_count(text: str) -> int:
    return len(text.split())


def is_heading_like(text: str) -> bool:
    """Short, starts like text, no sentence punctuation at the end, one sentence at most.

    >>> is_heading_like("Amerikas verspätete Antwort auf Chinas Rohstoffstrategie")
    True
    >>> is_heading_like("Die USA investieren massiv.")
    False
    """
    return (
        0 < _word_count(text) <= _MAX_HEADING_WORDS
        and len(text) <= _MAX_HEADING_CHARS
        and bool(_STARTS_LIKE_TEXT.match(text))
        and not _TERMINAL.search(text)
        and not _INNER_SENTENCE_BREAK.search(text)
    )


@dataclass
class _Piece:
    """A non-empty stretch of one final line, with the marker (if any) cut off."""

    line: int
    start: int
    end: int
    text: str
    marker: str  # "markdown_heading", "bullet", "quote", "numbered" or ""
    after_blank: bool
    split_part: int  # 0 = whole line; else 1-based part of a line split at a glued heading
    glued_heading: bool = False  # the heading part of such a line


def _pieces(lines: Sequence[str]) -> list[_Piece]:
    pieces: list[_Piece] = []
    after_blank = False
    for number, line in enumerate(lines, start=1):
        parts = line.split("\n")
        offset = 0
        for index, part in enumerate(parts):
            start, end = offset, offset + len(part)
            offset = end + 1
            stripped = part.strip()
            if not stripped:
                after_blank = True
                continue
            start += len(part) - len(part.lstrip())
            end -= len(part) - len(part.rstrip())
            marker = ""
            for name, pattern in (
                ("markdown_heading", _MARKDOWN_HEADING),
                ("bullet", _BULLET),
                ("quote", _BLOCKQUOTE),
            ):
                found = pattern.match(line, start, end)
                if found:
                    marker, start = name, found.end()
                    break
            else:
                if _NUMBERED.match(line, start, end):
                    marker = "numbered"
            split_part = 0 if len(parts) == 1 else index + 1
            # Two parts: heading, text; three: text, heading, text.
            glued = split_part == len(parts) - 1 and split_part > 0
            pieces.append(
                _Piece(number, start, end, line[start:end], marker, after_blank, split_part, glued)
            )
            after_blank = False
    return pieces


def _merge_wrapped(pieces: list[_Piece]) -> list[list[_Piece]]:
    """Group pieces into blocks: a hard-wrapped paragraph's lines join into one block."""
    groups: list[list[_Piece]] = []
    for piece in pieces:
        if groups:
            previous = groups[-1][-1]
            wrapped = (
                not piece.after_blank
                and not piece.marker
                and not previous.marker
                and piece.split_part == 0
                and previous.split_part == 0
                and piece.line == previous.line + 1
                and len(previous.text) >= 40
                and not _TERMINAL.search(previous.text)
                and not _SENTENCE_END.search(previous.text)
                and piece.text[:1].islower()
            )
            if wrapped:
                groups[-1].append(piece)
                continue
        groups.append([piece])
    return groups


def find_structure(lines: Sequence[str]) -> list[Block]:
    """Classify the non-empty stretches of `lines` as title, headings, paragraphs, ….

    A line containing "\\n" (a split glued heading) yields two blocks.

    >>> blocks = find_structure(["Kupfer wird knapp", "", "Die Preise steigen seit Mai.",
    ...                          "", "Neue Minen", "- Chile", "- Peru"])
    >>> [(b.kind, b.text) for b in blocks]  # doctest: +NORMALIZE_WHITESPACE
    [('title', 'Kupfer wird knapp'), ('lead', 'Die Preise steigen seit Mai.'),
     ('heading', 'Neue Minen'), ('list_item', 'Chile'), ('list_item', 'Peru')]
    """
    groups = _merge_wrapped(_pieces(lines))
    kinds = [_kind_without_position(group, groups, index) for index, group in enumerate(groups)]
    _assign_title_and_lead(groups, kinds)
    blocks: list[Block] = []
    for group, kind in zip(groups, kinds, strict=True):
        segments = tuple((p.line, p.start, p.end) for p in group)
        blocks.append(Block(kind, " ".join(p.text for p in group), segments))
    return blocks


def _kind_without_position(group: list[_Piece], groups: list[list[_Piece]], index: int) -> str:
    first = group[0]
    text = " ".join(p.text for p in group)
    if first.marker == "markdown_heading":
        return "heading"
    if first.marker == "bullet":
        return "list_item"
    if first.marker == "numbered":
        # A numbered line followed by running text is a section heading ("1. Aktivieren
        # Sie …"); a run of numbered lines is a list.
        following = groups[index + 1][0] if index + 1 < len(groups) else None
        if (
            following is not None
            and not following.marker
            and _word_count(text) <= _MAX_NUMBERED_HEADING_WORDS
            and len(following.text) > len(text)
            and not _INNER_SENTENCE_BREAK.search(text)
        ):
            return "heading"
        return "list_item"
    if first.marker == "quote":
        return "paragraph"
    if first.glued_heading or is_heading_like(text):
        return "heading"
    return "paragraph"


def _assign_title_and_lead(groups: list[list[_Piece]], kinds: list[str]) -> None:
    if not kinds:
        return
    first_text = " ".join(p.text for p in groups[0])
    next_index = 0
    if (kinds[0] == "heading" and groups[0][0].marker != "numbered") or (
        kinds[0] == "paragraph"
        and _word_count(first_text) <= _MAX_TITLE_WORDS
        and not _SENTENCE_END.search(first_text)
    ):
        kinds[0] = "title"
        next_index = 1
        # The rest of a split title line, or a short unpunctuated line under the title (in
        # markdown, where a blank line separates every block, also after a blank line: its
        # section headings are marked with #).
        candidate = groups[next_index][0] if next_index < len(kinds) else None
        markdown_title = groups[0][0].marker == "markdown_heading"
        if (
            candidate is not None
            and kinds[next_index] == "heading"
            and (
                (candidate.split_part == 2 and groups[0][0].glued_heading)
                or not (
                    candidate.marker
                    or (candidate.after_blank and not markdown_title)
                    or candidate.split_part
                )
            )
            and _next_is_text(kinds, next_index)
            # after a blank line, only right above running text ("**Das Wichtigste in
            # Kürze**" above a list is a heading)
            and (not candidate.after_blank or kinds[next_index + 1] == "paragraph")
        ):
            kinds[next_index] = "subtitle"
            next_index += 1
    if next_index < len(kinds) and kinds[next_index] == "paragraph":
        kinds[next_index] = "lead"


def _next_is_text(kinds: list[str], index: int) -> bool:
    """Whether the block after `index` is running text (so `index` is not a section heading
    with nothing before it)."""
    return index + 1 < len(kinds) and kinds[index + 1] in ("paragraph", "heading", "list_item")
