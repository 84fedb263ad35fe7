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
        mehrere beide jeder jede jedes"""
    ),
    "en": _word_set(
        """the a an this that these those it its he she they we you i his her their
        our my in on at by for from with after before during since as if when while
        although though because but and or yet so however meanwhile now today
        yesterday already still also there here what who how why where which according
        despite amid under over between among into about against"""
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

_GLUE_POINT = regex.compile(r"(?<=\p{Ll}|\p{N})(?=[„»«]?\p{Lu}\p{Ll})")
# Opening quotation marks a quoted sentence may start with ("…im Pazifik„Wir wollen …").
_OPENING_QUOTES = "„»«"
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
        if any(len(h) >= _MIN_COMPOUND_PART and is_known_word(h, lang, _COMPOUND_PART_ZIPF)
               for h in heads):
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
        for glue in _GLUE_POINT.finditer(token):
            cut = glue.start()
            left_letters = _LETTERS.findall(token[:cut])
            quoted = token[cut] in _OPENING_QUOTES
            right_letters = _LETTERS.match(token, cut + quoted)
            if right_letters is None:
                continue
            right = right_letters.group(0)
            offset = token_match.start() + cut
            if quoted:
                # An opening quote glued to a known word opens a quoted sentence when
                # its first word starts sentences ("Wir", "Die"), not a quoted name.
                if not (left_letters and is_known_or_compound(left_letters[-1], lang)
                        and starts_sentence(right, lang)):
                    continue
            elif _NUMBER_END.search(token[:cut]):
                if not any(right.lower() in SENTENCE_STARTERS[code] for code in _languages(lang)):
                    continue
            else:
                if not left_letters:
                    continue
                left = left_letters[-1]
                if len(left) < _MIN_COMPOUND_PART or is_known_word(left + right, lang):
                    continue  # "McDonald", "YouTube", "PayPal" are words, not glue
                if not is_known_or_compound(left, lang):
                    continue
                closed_class = any(right.lower() in SENTENCE_STARTERS[code]
                                   for code in _languages(lang))
                if not closed_class and _follows_apposition(line[:token_match.start()]):
                    continue  # "Die Firma LithiumPeru plant …": a name, not a glued heading
                if not (starts_sentence(right, lang)
                        or _starts_clause_with_name(line, token_match.start(), offset, right,
                                                    lang)):
                    continue
            # The heading may itself follow a sentence without a space ("…im Boden.Preise").
            start = 0
            for glued_sentence in _GLUED_SENTENCE_END.finditer(line, 0, offset):
                start = glued_sentence.end()
            heading, rest = line[start:offset].strip(), line[offset:].strip()
            if (
                len(heading.split()) <= _MAX_HEADING_WORDS
                and len(heading) <= _MAX_HEADING_CHARS
                and not _TERMINAL.search(heading)
                and not (start == 0 and _INNER_SENTENCE_BREAK.search(heading))
                and len(rest.split()) >= 2
            ):
                return start, offset
    return None


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


def _starts_clause_with_name(line: str, token_start: int, offset: int, right: str,
                             lang: str) -> bool:
    """Whether a known, capitalised `right` (a name such as *Tokio*) glued at `offset`
    begins a clause: several heading words before the token, a long lowercase-continued
    clause after it.

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
        len(line[:token_start].split()) + 1 > _NAME_MIN_HEADING_WORDS
        and len(rest) >= _NAME_MIN_REST_WORDS
        and rest[1][:1].islower()
    )


def split_glued_headings(
    lines: Sequence[str], lang: str
) -> tuple[list[str], list[LineChange]]:
    """Break each glued heading off its line with a newline, explained as a Change.

    >>> split_glued_headings(["Vom Weißen Haus zum WeltmarktDer Vorstoß kam spät."], "de")[0]
    ['Vom Weißen Haus zum Weltmarkt\\nDer Vorstoß kam spät.']
    """
    out: list[str] = []
    changes: list[LineChange] = []
    for number, line in enumerate(lines, start=1):
        span = find_glued_heading_span(line, lang) if line.strip() else None
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
    """
    out: list[str] = []
    changes: list[LineChange] = []
    for number, line in enumerate(lines, start=1):
        if "*" in line or "__" in line:
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
                _Piece(number, start, end, line[start:end], marker, after_blank, split_part,
                       glued)
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
        # The rest of a split title line, or a short unpunctuated line under the title.
        candidate = groups[next_index][0] if next_index < len(kinds) else None
        if candidate is not None and kinds[next_index] == "heading" and (
            (candidate.split_part == 2 and groups[0][0].glued_heading)
            or not (candidate.marker or candidate.after_blank or candidate.split_part)
        ) and _next_is_text(kinds, next_index):
            kinds[next_index] = "subtitle"
            next_index += 1
    if next_index < len(kinds) and kinds[next_index] == "paragraph":
        kinds[next_index] = "lead"


def _next_is_text(kinds: list[str], index: int) -> bool:
    """Whether the block after `index` is running text (so `index` is not a section heading
    with nothing before it)."""
    return index + 1 < len(kinds) and kinds[index + 1] in ("paragraph", "heading", "list_item")
