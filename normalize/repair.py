"""Step `repair`: encoding repair (mojibake, spaced mojibake) and invisible debris.

One function per fix, each `str -> str`; `repair` runs them in this order, repeated
until nothing changes, and records every edit as `Change` records named after the fix:

``html_entities``      `&amp;` `&nbsp;` `&#8211;` → the characters they stand for
``mojibake_lost_byte`` `â€` whose last byte was lost or made ASCII (`â€ "` → `–`)
``ftfy:<plan>``        ftfy, when it re-decodes the whole line (its strongest evidence)
``double_mojibake``    UTF-8 read as Windows-1252 twice, spaced by a tokenizer inside
                       either layer (`BehÃƒ Â¶ rde`, `Ã ƒ Â ¶`, `donÃ¢â‚¬ â„¢t`)
``spaced_mojibake``    UTF-8 read as Windows-1252 whose pieces an MT tokenizer spaced
                       apart (`GÃ © camines` → `Gécamines`, `dâ € ™ Ivoire` → `d’Ivoire`),
                       and spaces left inside words after ftfy's repairs (`Ã¼ ber`)
``ftfy:<plan>``        ftfy again for what is left, with German-safe settings: curly
                       quotes kept, no full-width or line-break changes, no Unicode
                       normalization; rules are named after ftfy's own plan, e.g.
                       ``ftfy:encode(sloppy-windows-1252)+decode(utf-8)``
``stray_mojibake``     a glued `Ã¼` in otherwise clean text that ftfy refused to touch
``markdown_links``     `[Mining.com](#)` → `Mining.com`
``soft_hyphen``, ``zero_width``, ``control_chars``, ``nbsp_runs``   invisible debris
                       (tables in `data/repair_invisible.tsv`)

Spaced mojibake is decided by evidence. The byte sequence must decode as strict UTF-8
to a character in `data/repair_decoded_ranges.tsv`; for the "strong" ranges (`Ã`, `Â`,
`â€` + continuation) a valid sequence with a space inside is evidence enough, while
"weak" ones (leads such as `Ä` or `á` that are common in correct text, or a space read
as byte A0) and glued sequences ftfy refused must make words that wordfreq knows and
that are far more frequent than the broken ones. Word frequencies also decide, by
dynamic programming over the spaces next to repaired characters, whether a space was
inserted by the tokenizer (`französische`) or is a real word boundary (`Café und`).
A space is removed only to make a word wordfreq knows, or to join fragments that are no
common words on their own (`Fü chtorfer`, `Naberb ä umer`: names and rare compounds);
a restored symbol written against what follows loses the space after it (`° C`, table
`data/repair_attached_symbols.tsv`). A capital read from `Ã`, a space and a symbol at
the end of a word in capitals must make a known word (`GRÃ – NLAND`, `FPÃ –`), since
Portuguese capitals end in `Ã` (`IRMÃ – a`, `AMANHÃ “DECISIVO”` stay).
Most lines contain nothing suspicious; a single precompiled regex (`needs_repair`)
lets them through untouched without running ftfy.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from importlib.resources import files
from itertools import accumulate

import ftfy
import ftfy.bad_codecs  # registers the sloppy-windows-* codecs
import ftfy.fixes
from ftfy.chardata import CHARMAP_ENCODINGS

from .changes import Change, Fixer, apply_fixers, diff_changes
from .pipeline import FunctionStep, StepContext

_DATA = files("normalize") / "data"

# ftfy, minus what would damage correct German or any other text: straight quotes for
# „…“ (uncurl_quotes), full-width CJK punctuation made ASCII (fix_character_width), U+2028
# turned into a newline (fix_line_breaks), NFC rewriting correct decomposed text. HTML
# entities and control characters are separate, named fixes here.
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_character_width=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
    explain=True,
)

#: Languages whose word frequencies are consulted besides the text's own language:
#: names and loanwords in German news come mostly from these.
EVIDENCE_LANGUAGES: tuple[str, ...] = ("de", "en", "fr", "es", "pt", "it")
#: Log10 probability per character of a word wordfreq does not know (the rarest listed
#: words have zipf ≈ 1, i.e. log10 p ≈ -8). Per character, so that joining two unknown
#: words is never better than keeping them apart: a join needs a known joined word.
UNKNOWN_LOGPROB_PER_CHAR = -1.5
#: ... but never more than this for a short unknown word (cheaper than most known words).
UNKNOWN_LOGPROB_MAX = -6.0
#: Letters mixed with symbols (`Ã©camines`) are certainly not a word: twice as unlikely.
JUNK_FACTOR = 2.0
#: Weak decodings (lead characters common in correct text) need this many zipf units
#: (powers of ten) of improvement; strong ones just need to be more plausible.
WEAK_MARGIN = 3.0
#: A glued sequence ftfy refused needs this much improvement (ftfy knows more contexts).
STRAY_MARGIN = 2.0
#: Compounds: both parts at least this long and this frequent (zipf); German joins
#: the parts with these linking elements (`Arbeit-s-markt`, `Glühbirne-n-fabrik`).
COMPOUND_MIN_PART = 3
COMPOUND_MIN_ZIPF = 2.5
COMPOUND_LINKS: tuple[str, ...] = ("", "s", "es", "n", "en")
#: A compound nobody listed is less likely than its parts as two words (log10).
COMPOUND_PENALTY = 1.0
#: Joining fragments of an unknown word (`Fü chtorfer`) beats keeping them apart, whose
#: per-character score is the same, by this much per removed space.
FRAGMENT_BONUS = 0.1
#: ... where a fragment is a single letter or letters rarer than this (zipf): wordfreq
#: lists debris such as `fü` (2.9) or `ück` (1.5); real words of news text are commoner.
FRAGMENT_MAX_ZIPF = 3.0
#: At most this many pieces (parted by ambiguous spaces) are joined into one word.
MAX_JOINED_PIECES = 7


# --------------------------------------------------------------------------- tables


def _parse_codepoints(field: str) -> range:
    first, _, last = field.partition("-")
    return range(int(first, 16), int(last or first, 16) + 1)


def _read_tsv(name: str) -> Iterator[list[str]]:
    for line in (_DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


@dataclass(frozen=True)
class InvisibleTable:
    """`data/repair_invisible.tsv`: per rule, what to delete, space out, or delete in context."""

    remove: dict[str, dict[int, str | None]]
    joiners: frozenset[str]


@cache
def invisible_table() -> InvisibleTable:
    remove: dict[str, dict[int, str | None]] = {}
    joiners: set[str] = set()
    for codepoints, action, rule, *_note in _read_tsv("repair_invisible.tsv"):
        for codepoint in _parse_codepoints(codepoints):
            if action == "joiner":
                joiners.add(chr(codepoint))
            else:
                remove.setdefault(rule, {})[codepoint] = " " if action == "space" else None
    return InvisibleTable(remove, frozenset(joiners))


@cache
def attached_symbols() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """`data/repair_attached_symbols.tsv`: symbol → (language, what follows) pairs."""
    table: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for symbol, lang, pattern, *_note in _read_tsv("repair_attached_symbols.tsv"):
        table.setdefault(symbol, []).append((lang, re.compile(pattern)))
    return table


def attaches(symbol: str, following: str, lang: str | None) -> bool:
    """Whether a restored `symbol` is written against `following` (the text after the
    space that follows it) in `lang`.

    >>> attaches("°", "C schmilzt", "de"), attaches("£", "4.20", "en"), attaches("£", "4", "de")
    (True, True, False)
    """
    return any(
        (rule_lang == "*" or rule_lang == lang) and pattern.match(following)
        for rule_lang, pattern in attached_symbols().get(symbol, ())
    )


@cache
def decoded_ranges() -> tuple[tuple[range, str], ...]:
    """`data/repair_decoded_ranges.tsv`: (code point range, evidence level) pairs."""
    return tuple(
        (_parse_codepoints(codepoints), evidence)
        for codepoints, evidence, *_note in _read_tsv("repair_decoded_ranges.tsv")
    )


def decoded_evidence(char: str) -> str:
    """How much evidence repairing into `char` needs: "strong", "weak" or "none".

    >>> decoded_evidence("é"), decoded_evidence("ł"), decoded_evidence("中")
    ('strong', 'weak', 'none')
    """
    codepoint = ord(char)
    for codepoints, evidence in decoded_ranges():
        if codepoint in codepoints:
            return evidence
    return "none"


def _byte_table() -> dict[str, int]:
    """Character → byte for UTF-8 bytes misread as Windows-1252 (or Latin-1 for C1)."""
    table = {bytes([byte]).decode("sloppy-windows-1252"): byte for byte in range(0x80, 0x100)}
    for byte in range(0x80, 0xA0):
        table.setdefault(chr(byte), byte)
    return table


#: Each character that mojibake is made of, with the byte it stood for.
MOJIBAKE_BYTES: dict[str, int] = _byte_table()
_CONTINUATION = frozenset(c for c, b in MOJIBAKE_BYTES.items() if 0x80 <= b <= 0xBF)
#: Lead byte → number of continuation bytes that must follow.
_SEQUENCE_LENGTH = {
    **dict.fromkeys(range(0xC2, 0xE0), 1),
    **dict.fromkeys(range(0xE0, 0xF0), 2),
    **dict.fromkeys(range(0xF0, 0xF5), 3),
}
_LEADS = frozenset(c for c, b in MOJIBAKE_BYTES.items() if b in _SEQUENCE_LENGTH)
#: Leads whose sequence with byte A0 (NBSP, often turned into a space) is a common
#: character: Â+A0 = NBSP, Ã+A0 = à, Å+A0 = Š.
_A0_LEADS = frozenset("ÂÃÅ")


def _char_class(chars: Iterable[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]"


_LEAD_RE = re.compile(_char_class(_LEADS))
#: Leads of the outer layer of double mojibake: first bytes of the UTF-8 of a mojibake
#: character (`Ã` of `Ãƒ` for `Ã`, `â` of `â‚¬` for `€`), then a piece, then another.
_OUTER_LEADS = frozenset(
    bytes([char.encode("utf-8")[0]]).decode("sloppy-windows-1252") for char in MOJIBAKE_BYTES
)
_DOUBLE_RE = re.compile(
    f"{_char_class(_OUTER_LEADS)} ?{_char_class(_CONTINUATION)} ?{_char_class(_OUTER_LEADS)}"
)
#: `â€` whose third byte was lost (0x9D, undefined in Windows-1252, is dropped by many
#: tools) or made ASCII by an MT system that "normalised" quotes (`Preise â€ " so`).
#: A tokenizer may also have spaced its two pieces apart (`sell. â €`) when it stands alone,
#: but only at the end of the line or before a quote: `â €` + space is also `⠀` (E2 A0 80).
_LOST_BYTE_RE = re.compile(
    "(?<![\x80-\uffff])(?:â€(?: ?([\"'])|(?=$| [\x20-\x7e]| ?$))|(?<!\\w)â €(?: ?([\"'])|(?= ?$)))"
)
#: What `â€` + an ASCII quote stood for: the quote replaced a Windows-1252 quote
#: character, i.e. byte 0x93/0x94 (“ ”) or 0x91/0x92 (‘ ’); E2 80 93/94 are the en/em
#: dash (German news: the en dash, `–`), E2 80 91/92 the non-breaking/figure dash.
#: Nothing left after `â€` was 0x9D, the right double quote.
LOST_BYTE_MEANING: dict[str, str] = {'"': "–", "'": "-", "": "”"}


# ------------------------------------------------------------ fast path (prefilter)

#: Non-ASCII characters common in correct German, English and Western European news.
#: A line made of ASCII and these needs no repair unless two of them could form a UTF-8
#: sequence in one of ftfy's single-byte encodings (checked by `_SAFE_PAIR_RE`).
COMMON_CHARACTERS = "äöüÄÖÜßéèêëàâáçîïíôóûùúñÉÈÀÇ„“”‚‘’–—…«»€£§°·×©®™"


def _safe_pair_pattern() -> str:
    alternatives = []
    for encoding in CHARMAP_ENCODINGS:
        leads, continuations = set(), set()
        for char in COMMON_CHARACTERS:
            try:
                byte = char.encode(encoding)[0]
            except UnicodeEncodeError:
                continue
            if byte >= 0xC0:
                leads.add(char)
            elif 0x80 <= byte <= 0xBF:
                continuations.add(char)
        if leads and continuations:
            alternatives.append(f"{_char_class(leads)} ?{_char_class(continuations)}")
    return "|".join(sorted(set(alternatives)))


_NEEDS_REPAIR_RE = re.compile(
    "[^\t\x20-\x7e" + re.escape(COMMON_CHARACTERS) + "]|&[#A-Za-z]|\\]\\(|" + _safe_pair_pattern()
)


def needs_repair(text: str) -> bool:
    """Whether `text` has anything a repair fix could change (cheap; most lines don't).

    >>> needs_repair("Die Größe „der“ Maßnahme – 92 % über Plan"), needs_repair("GrÃ¶ÃŸe")
    (False, True)
    """
    return _NEEDS_REPAIR_RE.search(text) is not None


# ------------------------------------------------------------------ html entities

_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _unescape_entity(match: re.Match[str]) -> str:
    char = html.unescape(match.group(0))
    # An entity for a line break must not add a line: it becomes a space.
    return " " if char in ("\n", "\r", "\r\n") else char


def fix_html_entities(text: str) -> str:
    """Decode HTML character references, including double-escaped ones.

    Only complete references (with the closing `;`) are decoded, so `AT&T` or
    `&copy` inside a URL stay as they are.

    >>> fix_html_entities("Rohstoffe &amp; Energie&nbsp;&#8211; 5&amp;amp;6 AT&T")
    'Rohstoffe & Energie\\xa0– 5&6 AT&T'
    """
    for _ in range(3):  # `&amp;amp;` is escaped twice; more is not seen in practice
        fixed = _ENTITY_RE.sub(_unescape_entity, text)
        if fixed == text:
            break
        text = fixed
    return text


# ------------------------------------------------------------------ mojibake spans


@dataclass(frozen=True)
class MojibakeSpan:
    """`text[start:end]` are UTF-8 bytes misread as Windows-1252; they mean `decoded`."""

    start: int
    end: int
    decoded: str
    evidence: str
    spaced: bool  # a space inside the sequence was removed or read as byte A0


def _read_sequence(text: str, start: int) -> Iterator[tuple[int, bytes, bool, bool]]:
    """Ways to read a UTF-8 sequence starting at the lead character `text[start]`.

    Yields (end, bytes, spaced, used_a0), best readings first: continuation characters
    glued on, then separated by one inserted space, then a space standing for byte A0.
    """
    lead_byte = MOJIBAKE_BYTES[text[start]]
    needed = _SEQUENCE_LENGTH[lead_byte]

    def pieces(pos: int, left: int) -> Iterator[tuple[int, list[int], bool, bool]]:
        if left == 0:
            yield pos, [], False, False
            return
        char = text[pos] if pos < len(text) else ""
        if char in _CONTINUATION:
            for end, rest, spaced, a0 in pieces(pos + 1, left - 1):
                yield end, [MOJIBAKE_BYTES[char], *rest], spaced, a0
        if char == " " and pos + 1 < len(text) and text[pos + 1] in _CONTINUATION:
            following = MOJIBAKE_BYTES[text[pos + 1]]
            for end, rest, _spaced, a0 in pieces(pos + 2, left - 1):
                yield end, [following, *rest], True, a0
        if char == " " and needed == 1 and text[start] in _A0_LEADS:
            if pos + 1 == len(text) or not text[pos + 1].isalnum():
                yield pos + 1, [0xA0], True, True
            elif start > 0 and not text[start - 1].isspace():
                # NBSP and word space merged into one space at the end of a word: read
                # it as byte A0 and keep it as the boundary (`voilÃ tout` → `voilà tout`).
                yield pos, [0xA0], True, True

    for end, rest, spaced, used_a0 in pieces(start + 1, needed):
        yield end, bytes([lead_byte, *rest]), spaced, used_a0


def _in_capitals(text: str, start: int, decoded: str) -> bool:
    """Whether a capital read from a lead, a space and a symbol (`Ã –` → `Ö`) ends a
    word in capitals: Portuguese `IRMÃ – a`, `AMANHÃ “DECISIVO”` are correct text there."""
    return decoded.isupper() and start > 0 and text[start - 1].isupper()


def _readings(
    text: str, accept: Callable[[str, bool], bool]
) -> Iterator[tuple[int, int, str, bool, bool]]:
    """Non-overlapping UTF-8 sequences read as Windows-1252, spaced apart or not, whose
    decoding `accept(decoded, used_a0)` takes: (start, end, decoded, spaced, used_a0)."""
    position = 0
    while (match := _LEAD_RE.search(text, position)) is not None:
        start = match.start()
        position = start + 1
        for end, data, spaced, used_a0 in _read_sequence(text, start):
            try:
                decoded = data.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if accept(decoded, used_a0):
                yield start, end, decoded, spaced, used_a0
                position = end
                break


def _plausible(decoded: str, used_a0: bool) -> bool:
    if decoded_evidence(decoded) == "none":
        return False
    return not used_a0 or decoded.isalpha() or decoded == "\xa0"


def find_mojibake(text: str) -> list[MojibakeSpan]:
    """Non-overlapping UTF-8 sequences read as Windows-1252, spaced apart or not.

    A capital whose sequence has a space after the lead, at the end of a word in
    capitals, must make known words (`IRMÃ – a` is Portuguese, `GRÃ – NLAND` and
    `FPÃ –` are not): its evidence is "known".

    >>> [(s.start, s.end, s.decoded, s.spaced) for s in find_mojibake("GÃ © camines Ã¼ber")]
    [(1, 4, 'é', True), (13, 15, 'ü', False)]
    """
    spans: list[MojibakeSpan] = []
    for start, end, decoded, spaced, used_a0 in _readings(text, _plausible):
        evidence = decoded_evidence(decoded)
        if used_a0:
            evidence = "weak"
        elif spaced and decoded < "\u0800" and _in_capitals(text, start, decoded):
            evidence = "known"  # a two-byte sequence: the space follows the lead
        spans.append(MojibakeSpan(start, end, decoded, evidence, spaced))
    return spans


def _is_mojibake_char(decoded: str, used_a0: bool) -> bool:
    """Whether `decoded` is itself a character mojibake is made of (`Ãƒ` → `Ã`,
    `â‚¬` → `€`): the outer layer of double mojibake."""
    return decoded in MOJIBAKE_BYTES and not used_a0


def find_double_mojibake(text: str) -> list[MojibakeSpan]:
    """UTF-8 read as Windows-1252 twice (`BehÃƒÂ¶rde`), with spaces a tokenizer put
    inside or between the pieces of either layer (`BehÃƒ Â¶ rde`, `Ã ƒ Â ¶`).

    Each span covers the whole double sequence and means the original character; a
    sequence of mojibake characters that is itself valid UTF-8 does not occur in
    correct text, so the evidence is that of the original character's range.

    >>> [(s.start, s.end, s.decoded, s.spaced) for s in find_double_mojibake("BehÃƒ Â¶ rde")]
    [(3, 8, 'ö', True)]
    >>> [s.decoded for s in find_double_mojibake("donÃ¢ â‚ ¬â„¢t, Ã¶, Ã‚Â£5")]
    ['’', '£']
    """
    readings = list(_readings(text, _is_mojibake_char))
    spans: list[MojibakeSpan] = []
    index = 0
    while index < len(readings):
        start, end, lead, spaced, _a0 = readings[index]
        needed = _SEQUENCE_LENGTH.get(MOJIBAKE_BYTES[lead], 0)
        chain = readings[index + 1 : index + 1 + needed]
        data = [MOJIBAKE_BYTES[lead]]
        for next_start, next_end, char, next_spaced, _ in chain:
            gap = text[end:next_start]
            if char not in _CONTINUATION or gap not in ("", " "):
                break
            data.append(MOJIBAKE_BYTES[char])
            spaced = spaced or next_spaced or gap == " "
            end = next_end
        try:
            decoded = bytes(data).decode("utf-8") if len(data) == needed + 1 > 1 else ""
        except UnicodeDecodeError:
            decoded = ""
        evidence = decoded_evidence(decoded) if len(decoded) == 1 else "none"
        if evidence == "none":
            index += 1
            continue
        spans.append(MojibakeSpan(start, end, decoded, evidence, spaced))
        index += needed + 1
    return spans


# ------------------------------------------------------------- word-frequency evidence


@cache
def _wordfreq_languages(lang: str | None) -> tuple[str, ...]:
    """wordfreq languages to consult for text in `lang`; none when `lang` is None
    (`CleanConfig.use_word_frequencies=False`: every word counts as unknown, so no
    space is ever removed and only strong decodings are repaired)."""
    if lang is None:
        return ()
    from wordfreq import available_languages

    known = available_languages()
    return tuple(dict.fromkeys(code for code in (lang, *EVIDENCE_LANGUAGES) if code in known))


@lru_cache(maxsize=65536)
def _word_evidence(
    word: str, languages: tuple[str, ...], joints: frozenset[int] = frozenset()
) -> tuple[float, bool]:
    """(log10 probability, listed by wordfreq) of one whitespace-separated word.

    `joints` are offsets in `word` where a space was removed: a compound split there
    is two words, not evidence for the join (`Musks|überraschend`).
    """
    from wordfreq import zipf_frequency

    lead = _LEADING_PUNCTUATION_RE.match(word).end()  # type: ignore[union-attr]
    core = _EDGE_PUNCTUATION_RE.sub("", word).replace("’", "'")
    if not any(char.isalpha() for char in core):
        return 0.0, True  # punctuation and numbers are no evidence either way
    if "-" in core.strip("-") or "/" in core:
        # `43-Jährigen`, `Kupfer-/Goldmine`: each part is a word (or a number) of its own
        parts = [_word_evidence(part, languages) for part in re.split(r"[-/]+", core) if part]
        return sum(p[0] for p in parts), all(p[1] for p in parts)
    unknown = min(UNKNOWN_LOGPROB_MAX, UNKNOWN_LOGPROB_PER_CHAR * len(core))
    if not _WORD_RE.fullmatch(core):
        return JUNK_FACTOR * unknown, False  # letters mixed with symbols: `Ã©camines`
    best = max((zipf_frequency(core, lang) for lang in languages), default=0.0)
    if best > 0:
        return best - 9.0, True
    compound = _compound_logprob(core, languages, frozenset(j - lead for j in joints))
    return (compound, True) if compound is not None else (unknown, False)


def _compound_logprob(
    word: str, languages: tuple[str, ...], joints: frozenset[int] = frozenset()
) -> float | None:
    """Log probability of `word` as two listed words glued together (German compounds
    such as `Glühbirnenfabrik`), or None. Scored as the two words apart, less
    COMPOUND_PENALTY, so a compound never beats the same words with a space between.

    >>> _compound_logprob("Glühbirnenfabrik", ("de",)) is not None
    True
    >>> _compound_logprob("möglichenÜbernahmen", ("de",)) is None  # inner capital
    True
    """
    from wordfreq import zipf_frequency

    if not languages or len(word) < 2 * COMPOUND_MIN_PART:
        return None
    if not word.isalpha() or not word[1:].islower():
        return None
    word = word.lower()  # not casefold: `ß` must keep its offset
    best: float | None = None
    for cut in range(COMPOUND_MIN_PART, len(word) - COMPOUND_MIN_PART + 1):
        if cut in joints:
            continue
        head, tail = word[:cut], word[cut:]
        z_tail = max(zipf_frequency(tail, lang) for lang in languages)
        if z_tail < COMPOUND_MIN_ZIPF:
            continue
        for link in COMPOUND_LINKS:
            stem = head[: len(head) - len(link)] if link else head
            if not head.endswith(link) or len(stem) < COMPOUND_MIN_PART:
                continue
            z_head = max(zipf_frequency(stem, lang) for lang in languages)
            if z_head >= COMPOUND_MIN_ZIPF:
                score = (z_head - 9.0) + (z_tail - 9.0) - COMPOUND_PENALTY
                best = score if best is None else max(best, score)
    return best


def word_logprob(word: str, languages: tuple[str, ...]) -> float:
    """Log10 probability of `word` (best over `languages`); 0 for punctuation and numbers.

    >>> word_logprob("französische", ("de",)) > word_logprob("französ", ("de",))
    True
    """
    return _word_evidence(word, languages)[0]


def is_known_word(word: str, languages: tuple[str, ...]) -> bool:
    """Whether wordfreq lists `word` (punctuation and numbers need no listing).

    >>> is_known_word("Gécamines", ("de", "fr")), is_known_word("ofòs", ("en",))
    (True, False)
    """
    return _word_evidence(word, languages)[1]


_EDGE_PUNCTUATION_RE = re.compile(r"^[^\w]+|[^\w]+$")
_LEADING_PUNCTUATION_RE = re.compile(r"[^\w]*")
_WORD_RE = re.compile(r"(?:[^\W\d_]|['’.])+\Z|\d+")


def _text_logprob(text: str, languages: tuple[str, ...]) -> float:
    return sum(word_logprob(word, languages) for word in text.split())


def _is_wordlike(char: str) -> bool:
    return char.isalnum() or char in "'’" or unicodedata.category(char) == "Mn"


def _joins_words(decoded: str) -> bool:
    """Whether a repaired character can be inside a word (letters, apostrophes)."""
    return decoded.isalpha() or decoded in "’'"


# -------------------------------------------------------------- mojibake repair


@dataclass
class _Cluster:
    start: int
    end: int
    spans: list[MojibakeSpan]
    ambiguous: list[int]  # positions of spaces that may have been inserted


def _clusters(text: str, spans: Sequence[MojibakeSpan]) -> list[_Cluster]:
    """Group spans with the words they touch, through spaces that may be tokenizer spaces."""
    span_at = {span.start: span for span in spans}
    ends = {span.end for span in spans}
    starts = set(span_at)
    ambiguous: set[int] = set()
    for span in spans:
        if not _joins_words(span.decoded):
            continue
        before = span.start - 1
        if (
            before >= 1
            and text[before] == " "
            and (_is_wordlike(text[before - 1]) or before in ends)
        ):
            ambiguous.add(before)
        after = span.end
        if (
            after + 1 < len(text)
            and text[after] == " "
            and (_is_wordlike(text[after + 1]) or after + 1 in starts)
        ):
            ambiguous.add(after)
    clusters: list[_Cluster] = []
    # A cluster is whole whitespace-separated words: the spans' words and the words
    # they may be joined to.
    for span in spans:
        start, end = span.start, span.end
        while start > 0 and (not text[start - 1].isspace() or start - 1 in ambiguous):
            start -= 1
        while end < len(text) and (not text[end].isspace() or end in ambiguous):
            inner = span_at.get(end)
            end = inner.end if inner else end + 1
        if clusters and start <= clusters[-1].end:
            previous = clusters[-1]
            previous.end = max(previous.end, end)
            previous.spans.append(span)
        else:
            clusters.append(_Cluster(start, end, [span], []))
    # Hand each ambiguous space to its cluster in one sweep (both lists are sorted).
    positions = sorted(ambiguous)
    index = 0
    for cluster in clusters:
        while index < len(positions) and positions[index] < cluster.start:
            index += 1
        while index < len(positions) and positions[index] < cluster.end:
            cluster.ambiguous.append(positions[index])
            index += 1
    return clusters


def _pieces(text: str, cluster: _Cluster) -> list[str]:
    """The cluster's text with its spans decoded, cut at its ambiguous spaces."""
    pieces: list[str] = []
    current: list[str] = []
    spans = {span.start: span for span in cluster.spans}
    ambiguous = set(cluster.ambiguous)
    position = cluster.start
    while position < cluster.end:
        span = spans.get(position)
        if span is not None:
            current.append(span.decoded)
            position = span.end
            continue
        if position in ambiguous:
            pieces.append("".join(current))
            current = []
        else:
            current.append(text[position])
        position += 1
    pieces.append("".join(current))
    return pieces


_FIRST_SEGMENT_RE = re.compile(r"[^\W\d_]+")
_LAST_SEGMENT_RE = re.compile(r"[^\W\d_]+\Z")


def _is_fragment(segment: str, languages: tuple[str, ...]) -> bool:
    """A single letter, or letters wordfreq does not list or lists as rare (`fü`, `ück`)."""
    if len(segment) == 1:
        return True
    logprob, known = _word_evidence(segment, languages)
    return not known or logprob < FRAGMENT_MAX_ZIPF - 9.0


def _is_lone_letter(piece: str) -> bool:
    """A repaired small letter standing alone may be a word (`é`, `à`)."""
    return len(piece) == 1 and piece.islower() and not piece.isascii()


def are_word_fragments(pieces: Sequence[str], languages: tuple[str, ...]) -> bool:
    """Whether the pieces, cut at spaces next to repaired letters, are fragments of one
    word that wordfreq does not know (names, rare compounds): at every cut the letters
    on both sides (all pieces joined up to the cut, all after it) are single letters or
    no common word, and the right side goes on in lower case (`Musks|ü|berraschende`
    is no fragment: `überraschende` is a word). Known words on either side keep their
    space (`Café und`, `San é`); a lone repaired small letter is a fragment only inside
    (`Naberb ä umer`), never at an end. Only letters of Latin-1 (the languages whose
    word frequencies are consulted) make fragments.

    >>> are_word_fragments(["Fü", "chtorfer"], ("de",)), are_word_fragments(["Kl", "ück"], ("de",))
    (True, False)
    >>> are_word_fragments(["Naberb", "ä", "umer"], ("de",))
    True
    >>> are_word_fragments(["Musks", "ü", "berraschende"], ("de",))
    False
    >>> are_word_fragments(["Café", "und"], ("de",)), are_word_fragments(["Lö", "Kke"], ("de",))
    (False, False)
    """
    if not languages or _is_lone_letter(pieces[-1]) or _is_lone_letter(pieces[0]):
        return False  # a lone letter at either end may be a word (`Xqzvé ü`)
    for cut in range(1, len(pieces)):
        left, right = "".join(pieces[:cut]), "".join(pieces[cut:])
        tail = _LAST_SEGMENT_RE.search(left)
        head = _FIRST_SEGMENT_RE.match(right)
        if tail is None or head is None or not right[0].islower():
            return False
        if max(left[-1], right[0]) >= "\u0100":
            return False  # Latvian `Saeimā ievēlētās`: no word frequencies for the language
        if not (_is_fragment(tail.group(), languages) and _is_fragment(head.group(), languages)):
            return False
    return True


def _best_joining(pieces: Sequence[str], languages: tuple[str, ...]) -> tuple[str, float, int]:
    """Join neighbouring pieces into words so the words are most probable (dynamic
    programming over the cut points). A join must make a word wordfreq knows; on a tie
    the spaces stay. Returns (text, log probability, number of spaces removed)."""
    # best[i] = (score, -joins, words) for pieces[:i]
    best: list[tuple[float, int, list[str]]] = [(0.0, 0, [])]
    for end in range(1, len(pieces) + 1):
        options = []
        for start in range(max(0, end - MAX_JOINED_PIECES), end):
            word = "".join(pieces[start:end])
            bonus = 0.0
            if end - start > 1:
                joints = frozenset(accumulate(len(piece) for piece in pieces[start : end - 1]))
                if not _word_evidence(word, languages, joints)[1]:
                    # a space is removed only for a word wordfreq knows, or to join
                    # fragments that are no words on their own (`Fü chtorfer`)
                    if not are_word_fragments(pieces[start:end], languages):
                        continue
                    bonus = FRAGMENT_BONUS * (end - start - 1)
            score, negative_joins, words = best[start]
            # Rounded, so that equal scores reached in another order are a tie.
            options.append(
                (
                    round(score + _text_logprob(word, languages) + bonus, 6),
                    negative_joins - (end - start - 1),
                    [*words, word],
                )
            )
        best.append(max(options, key=lambda option: (option[0], option[1])))
    score, negative_joins, words = best[-1]
    return " ".join(words), score, -negative_joins


def _repair_cluster(
    text: str, cluster: _Cluster, languages: tuple[str, ...], spaced_only: bool
) -> str | None:
    """The best repair of the cluster, or None when the evidence is not good enough."""
    best_text, best_score, best_joins = _best_joining(_pieces(text, cluster), languages)
    spaced = any(span.spaced for span in cluster.spans) or best_joins > 0
    if spaced_only and not spaced:
        return None  # a plain glued sequence: ftfy's job, it knows more contexts
    if not languages:  # no word evidence: decoding validity alone, strong spans only
        strong = all(span.evidence == "strong" for span in cluster.spans)
        return best_text if spaced and strong else None
    broken_text = text[cluster.start : cluster.end]
    broken = _text_logprob(broken_text, languages)
    weak = any(span.evidence == "weak" for span in cluster.spans)
    if weak or not spaced or any(span.evidence == "known" for span in cluster.spans):
        # Lead characters that are common in correct text, or a glued sequence ftfy
        # refused, or a capital that may end a Portuguese word: the repaired words must
        # all be words wordfreq knows (and for the first two, far more probable).
        margin = (WEAK_MARGIN if weak else 0.0) if spaced else STRAY_MARGIN
        broken_words = set(broken_text.split())
        if not all(
            is_known_word(word, languages) for word in best_text.split() if word not in broken_words
        ):
            return None
    else:
        margin = 0.0
    if margin == 0.0 and any(span.spaced for span in cluster.spans):
        # A strong sequence (Ã, Â, â€ + continuation) with a space inside that decodes
        # as valid UTF-8 does not occur in correct text: evidence enough, also for
        # names wordfreq does not know (`LÃ ¶ kke` → `Lökke`, although `lã` is a word).
        return best_text
    return best_text if best_score > broken + margin else None


def _repair_mojibake(
    text: str, lang: str | None, spaced_only: bool, spans: list[MojibakeSpan] | None = None
) -> str:
    spans = find_mojibake(text) if spans is None else spans
    if not spans:
        return text
    languages = _wordfreq_languages(lang)
    parts: list[str] = []
    last = 0
    for cluster in _clusters(text, spans):
        repaired = _repair_cluster(text, cluster, languages, spaced_only)
        if repaired is None:
            continue
        parts.append(text[last : cluster.start])
        parts.append(repaired)
        last = cluster.end
        symbol = cluster.spans[-1]
        if (
            symbol.end == cluster.end
            and text[last : last + 1] == " "
            and attaches(symbol.decoded, text[last + 1 :], lang)
        ):
            last += 1  # `Â ° C` → `°C`: the tokenizer's space after a restored symbol
    parts.append(text[last:])
    return "".join(parts)


def join_repaired_words(before: str, after: str, lang: str | None = "und") -> str:
    """After a repair turned `before` into `after`, drop a space next to a repaired
    letter where word frequencies say the tokenizer inserted it (`Ã¼ ber` → `über`).

    >>> join_repaired_words("DÃ¼ rre und BrÃ¼ cke", "Dü rre und Brü cke")
    'Dürre und Brücke'
    >>> join_repaired_words("bei 5 Â° C", "bei 5 ° C")
    'bei 5 °C'
    """
    spans = []
    for change in diff_changes("repair", before, after):
        restored = change.after
        if not restored and after[change.start : change.start + 1] in attached_symbols():
            restored = after[change.start]  # `Â£` → `£` is a deletion of `Â`
        if restored and (restored.isalpha() or restored in "’'" or restored in attached_symbols()):
            end = change.start + len(restored)
            spans.append(MojibakeSpan(change.start, end, restored, "strong", True))
    return _repair_mojibake(after, lang, spaced_only=True, spans=spans)


def _lost_byte(match: re.Match[str]) -> str:
    return LOST_BYTE_MEANING[match.group(1) or match.group(2) or ""]


def fix_lost_bytes(text: str) -> str:
    """Repair `â€` whose third byte was lost or made ASCII (see `LOST_BYTE_MEANING`):
    `â€“` (en dash) with its `“` turned into `"` by an MT system, or `â€` + 0x9D (”),
    a byte many tools drop because Windows-1252 leaves it undefined.

    >>> fix_lost_bytes('Die Preise â€ " so Händler â€" bleiben hoch, sagte er.â€')
    'Die Preise – so Händler – bleiben hoch, sagte er.”'
    >>> fix_lost_bytes('He said: “We will not sell. â €')
    'He said: “We will not sell. ”'
    """
    if "€" not in text:
        return text
    return _LOST_BYTE_RE.sub(_lost_byte, text)


def fix_spaced_mojibake(text: str, lang: str | None = "und") -> str:
    """Repair UTF-8-as-Windows-1252 sequences whose pieces were spaced apart.

    Spaces inside a sequence are dropped; a space next to it is dropped only if word
    frequencies say it was inserted (`französische`), not a word boundary (`Café und`).

    >>> fix_spaced_mojibake("GÃ © camines, franzÃ ¶ sische CafÃ © und dâ € ™ Ivoire")
    'Gécamines, französische Café und d’Ivoire'
    >>> fix_spaced_mojibake("Ã¼ ber die GrÃ ¶ ÃŸ e")
    'über die Größe'
    """
    return _repair_mojibake(text, lang, spaced_only=True)


def fix_double_mojibake(text: str, lang: str | None = "und") -> str:
    """Repair UTF-8 read as Windows-1252 twice whose pieces a tokenizer spaced apart
    (glued double mojibake is ftfy's; spaces next to it are decided as in
    `fix_spaced_mojibake`).

    >>> fix_double_mojibake("Die BehÃƒ Â¶ rde in Th Ã ƒ Â ¼ ringen, donÃ¢â‚¬ â„¢t")
    'Die Behörde in Thüringen, don’t'
    """
    if not _DOUBLE_RE.search(text):
        return text
    return _repair_mojibake(text, lang, spaced_only=True, spans=find_double_mojibake(text))


def fix_stray_mojibake(text: str, lang: str | None = "und") -> str:
    """Repair a glued mojibake sequence ftfy left alone (it refuses some mixed text).

    >>> fix_stray_mojibake("Die Ã¼berraschende Ölförderung")
    'Die überraschende Ölförderung'
    >>> fix_stray_mojibake("Bremer/Mccoy – DrÃ¥ber")  # no evidence: left alone
    'Bremer/Mccoy – DrÃ¥ber'
    """
    return _repair_mojibake(text, lang, spaced_only=False)


# ------------------------------------------------------------------------- ftfy


def fix_known_mojibake(text: str) -> str:
    """ftfy with German-safe settings: „…“ and ‚…‘ stay, correct text is untouched.

    >>> fix_known_mojibake("franzÃ¶sische „Zölle“")
    'französische „Zölle“'
    """
    return ftfy.fix_text(text, _FTFY_CONFIG._replace(explain=False))


def _plan_groups(
    plan: Sequence[ftfy.ExplanationStep],
) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """Split ftfy's plan into named steps: one per encode…decode round trip or fixer."""
    group: list[ftfy.ExplanationStep] = []  # steps are (action, parameter) tuples
    for step in plan:
        group.append(step)
        if step.action == "encode" or step.action == "transcode":
            continue
        if step.action == "decode":
            name = "+".join(
                f"{s.action}({s.parameter})" if s.action != "transcode" else s.parameter
                for s in group
            )
        else:
            name = step.parameter if step.action == "apply" else f"{step.action}({step.parameter})"
        yield f"ftfy:{name}", [(s.action, s.parameter) for s in group]
        group = []


#: Full-width forms (U+FF01-FF5E) are correct in CJK text but debris in Latin text
#: (`Ningbo，China` from mojibake or Chinese press releases).
_FULLWIDTH_RE = re.compile("[\uff01-\uff5e]")
_CJK_RE = re.compile("[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


#: Encodings ftfy tries that are rare sources of mojibake in news text; their fixes must
#: not be a lone foreign-script guess inside a Latin line (see `_foreign_script_guess`).
RARE_ENCODINGS = frozenset({"macroman", "cp437"})


def _is_latin_letter(char: str) -> bool:
    return char.isalpha() and (char < "\u0250" or "\u1e00" <= char <= "\u1eff")


def _foreign_script_guess(text: str, fixed: str) -> bool:
    """Whether ftfy's fix only turned a few characters of a Latin-script line into
    letters of another script or rare Latin letters (`5 €Ä` read as MacRoman gives
    Arabic `ۀ`, `»Ä` gives `Ȁ`): a guess
    with no support in the line. Whole lines of Hebrew or Cyrillic mojibake, or lines
    where other repairs are Latin letters, are not affected. Applied to fixes through
    `RARE_ENCODINGS` only: Greek `γ` inside Latin text from Windows-1252 is real.

    >>> _foreign_script_guess("Preis 5 €Ä", "Preis 5 ۀ"), _foreign_script_guess("Ð”Ð°", "Да")
    (True, False)
    >>> _foreign_script_guess("A »Ä,", "A Ȁ,"), _foreign_script_guess("g√¢teaux", "gâteaux")
    (True, False)
    """
    changes = diff_changes("ftfy", text, fixed)
    new_letters = [char for change in changes for char in change.after if char.isalnum()]
    if all(char < "\u0180" or "\u1e00" <= char <= "\u1eff" for char in new_letters):
        return False  # European and Vietnamese letters (or no letters at all)
    kept = fixed
    for change in reversed(changes):
        kept = kept[: change.start] + kept[change.start + len(change.after) :]
    return any(_is_latin_letter(char) for char in kept)


def _closing_quote_guess(text: str, fixed: str) -> bool:
    """Whether ftfy's only repairs read a weak lead and the quote or bracket closing
    a word after it as one character (`aÄ„` → `aĄ`, `SELKÄ“ und` → `SELKē und`):
    in a short line that is all ftfy has to go on, and the text is more likely right.
    Real mojibake goes on after the pair (`WÄ„SKI`) or has other broken pieces.

    >>> _closing_quote_guess("A ,aÄ„", "A ,aĄ"), _closing_quote_guess("WÄ„SKI", "WĄSKI")
    (True, False)
    """
    changes = diff_changes("ftfy", text, fixed)
    for change in changes:
        end = change.start + len(change.before)
        if not (
            len(change.before) == 2
            and len(change.after) == 1
            and decoded_evidence(change.after) == "weak"
            and unicodedata.category(change.before[1]) in ("Pi", "Pf", "Ps", "Pe")
            and (end == len(text) or not text[end].isalnum())
        ):
            return False
    return bool(changes)


def ftfy_explained(text: str, whole_line_only: bool = False) -> tuple[str, list[Change]]:
    """ftfy's fix, with a `Change` per step of ftfy's own plan (`ftfy:<step>`).

    With `whole_line_only`, accept ftfy's result only when it re-decoded the whole
    line (the strongest evidence), not when it patched pieces (`decode_inconsistent_utf8`
    reads `franzÃ ¶ sische` as `franzà ¶ sische`; spaced mojibake must go first there).

    >>> fixed, changes = ftfy_explained("Ã¤rger")
    >>> fixed, [change.rule for change in changes]
    ('ärger', ['ftfy:encode(latin-1)+decode(utf-8)'])
    """
    fixed, plan = ftfy.fix_and_explain(text, _FTFY_CONFIG)
    if plan and _FULLWIDTH_RE.search(fixed) and not _CJK_RE.search(fixed):
        plan = [*plan, ftfy.ExplanationStep("apply", "fix_character_width")]
        fixed = ftfy.fixes.fix_character_width(fixed)
    if fixed == text or not plan:
        return text, []
    if any(step.parameter in RARE_ENCODINGS for step in plan) and _foreign_script_guess(
        text, fixed
    ):
        return text, []
    if _closing_quote_guess(text, fixed):
        return text, []
    if whole_line_only and any(
        step.action == "apply" and step.parameter == "decode_inconsistent_utf8" for step in plan
    ):
        return text, []
    changes: list[Change] = []
    current = text
    for rule, group in _plan_groups(plan):
        following = ftfy.apply_plan(current, group)
        changes.extend(diff_changes(rule, current, following))
        current = following
    if current != fixed:  # never seen; keep the record complete anyway
        changes.extend(diff_changes("ftfy", current, fixed))
    return fixed, changes


# ------------------------------------------------------------------ markdown links

_MARKDOWN_LINK_RE = re.compile(
    r"(?<!!)\[([^\[\]\n]{1,300})\]\(\s*([^()\s]*)(?:\s+\"[^\"]*\")?\s*\)"
)


def fix_markdown_links(text: str) -> str:
    """Keep only the text of markdown links: `[Mining.com](#)` → `Mining.com`.

    Placeholder targets (`#`, empty, relative paths) carry nothing. A real URL is not
    prose either: it is not translated, breaks sentence segmentation and is rarely
    wanted in parallel text, so it is dropped from the text too — the `Change` record
    (rule `markdown_links`, `before`) keeps it, so nothing is lost. Images (`![…](…)`)
    are left to the article module.

    >>> fix_markdown_links("berichtet [Mining.com](#), so [AGB](/agb) und [FT](https://ft.com)")
    'berichtet Mining.com, so AGB und FT'
    """
    if "](" not in text:
        return text
    return _MARKDOWN_LINK_RE.sub(r"\1", text)


# ------------------------------------------------------------------ invisible debris


def remove_soft_hyphens(text: str) -> str:
    """Drop soft hyphens (U+00AD), invisible hyphenation hints that break word lookup.

    >>> remove_soft_hyphens("Roh\\xadstoff\\xadpreise")
    'Rohstoffpreise'
    """
    table = invisible_table().remove["soft_hyphen"]
    return text.translate(table) if "\xad" in text else text


_LATIN_OR_COMMON = re.compile(r"[\x00-\u024f\u1e00-\u1eff\u2000-\u206f]")


def _joiner_is_debris(text: str, index: int) -> bool:
    """A ZWJ/ZWNJ between Latin letters, digits, punctuation or spaces does nothing."""
    neighbours = (text[index - 1] if index else "", text[index + 1 : index + 2])
    return all(not char or _LATIN_OR_COMMON.match(char) for char in neighbours)


def remove_zero_width(text: str) -> str:
    """Drop zero-width characters; keep joiners where they shape text (emoji, Persian).

    >>> remove_zero_width("Kobalt\\u200bpreis\\ufeff und Li\\u200dthium, 👨\\u200d👩")
    'Kobaltpreis und Lithium, 👨\\u200d👩'
    >>> remove_zero_width("می\\u200cخواهم")
    'می\\u200cخواهم'
    """
    table = invisible_table()
    text = text.translate(table.remove["zero_width"])
    if not any(joiner in text for joiner in table.joiners):
        return text
    kept = [
        char
        for index, char in enumerate(text)
        if char not in table.joiners or not _joiner_is_debris(text, index)
    ]
    return "".join(kept)


def remove_control_chars(text: str) -> str:
    """Drop control characters; those that separated text (form feed…) become a space.

    >>> remove_control_chars("Seite\\x0c2\\x07 und\\x1b Tab\\tbleibt")
    'Seite 2 und Tab\\tbleibt'
    """
    return text.translate(invisible_table().remove["control_chars"])


_NBSP_RUN_RE = re.compile("[ \xa0]{2,}")


def _collapse_run(match: re.Match[str]) -> str:
    return " " if "\xa0" in match.group(0) else match.group(0)


def collapse_nbsp_runs(text: str) -> str:
    """Replace runs of no-break spaces (HTML `&nbsp;&nbsp;` layout) with one space.

    A single no-break space is deliberate (`92\\xa0%`, `5\\xa0Mio.`) and kept; runs of
    plain spaces are the typography step's business.

    >>> collapse_nbsp_runs("92\\xa0% der\\xa0\\xa0\\xa0Produktion \\xa0 und")
    '92\\xa0% der Produktion und'
    """
    if "\xa0" not in text:
        return text
    return _NBSP_RUN_RE.sub(_collapse_run, text)


# ---------------------------------------------------------------------- the step


def _fixers(lang: str | None) -> list[tuple[str, Fixer]]:
    """The fixes in order; "ftfy" entries run `ftfy_explained` to name ftfy's steps."""
    return [
        ("html_entities", fix_html_entities),
        ("mojibake_lost_byte", fix_lost_bytes),
        ("ftfy-whole-line", fix_known_mojibake),
        ("double_mojibake", partial(fix_double_mojibake, lang=lang)),
        ("spaced_mojibake", partial(fix_spaced_mojibake, lang=lang)),
        ("ftfy", fix_known_mojibake),
        ("stray_mojibake", partial(fix_stray_mojibake, lang=lang)),
        ("markdown_links", fix_markdown_links),
        ("soft_hyphen", remove_soft_hyphens),
        ("zero_width", remove_zero_width),
        ("control_chars", remove_control_chars),
        ("nbsp_runs", collapse_nbsp_runs),
    ]


def _run_round(text: str, lang: str | None) -> tuple[str, list[Change]]:
    changes: list[Change] = []
    for name, fixer in _fixers(lang):
        if name.startswith("ftfy"):
            fixed, ftfy_changes = ftfy_explained(text, whole_line_only=name != "ftfy")
            changes.extend(ftfy_changes)
            if any("decode" in change.rule for change in ftfy_changes):
                # ftfy repaired glued sequences; spaces after them may be MT debris.
                joined = join_repaired_words(text, fixed, lang)
                changes.extend(diff_changes("spaced_mojibake", fixed, joined))
                fixed = joined
            text = fixed
        else:
            text, fixer_changes = apply_fixers(text, [(name, fixer)])
            changes.extend(fixer_changes)
    return text, changes


def repair_text(text: str, lang: str | None = "und") -> tuple[str, list[Change]]:
    """All repair fixes over one line, repeated until nothing changes (idempotence).

    `lang` is the text's language ("und" if unknown); None switches word-frequency
    evidence off.

    >>> repair_text("Kobaltpreise &amp; GÃ © camines\\u200b")[0]
    'Kobaltpreise & Gécamines'
    """
    if not needs_repair(text):
        return text, []
    changes: list[Change] = []
    for _ in range(4):  # a fix can reveal another (double-encoded mojibake); bounded
        fixed, round_changes = _run_round(text, lang)
        if fixed == text:
            break
        changes.extend(round_changes)
        text = fixed
        if not needs_repair(text):
            break
    return text, changes


def repair(text: str, context: StepContext) -> tuple[str, list[Change]]:
    """The `repair` step: encoding repair and invisible debris, explained."""
    return repair_text(text, context.lang if context.config.use_word_frequencies else None)


REPAIR_STEP = FunctionStep("repair", repair)
