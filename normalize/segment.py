"""Sentence segmentation of German and English news paragraphs, with character offsets.

`segment_text(paragraph, lang)` returns `Sentence(start, end, text)` records with
`text == paragraph[start:end]`; sentences exclude the whitespace around them, so the
sentences and the whitespace between them give back the paragraph.

A boundary candidate is a run of `.`, `!`, `?` or `…`, with any closing quotes or
brackets right after it. Whether it ends a sentence is decided from the word before it
and the word after it:

* the abbreviation lexicon: SoMaJo's lists (read from the installed package) without
  entries that are frequent words (wordfreq), plus `data/segment_abbreviations.tsv`;
* word classes in `data/segment_words.tsv`: typical sentence-starting words (the
  evidence that a period after an abbreviation, initial or number ends the sentence),
  German month names, words before ordinals and nouns after them (`am 4. Februar`,
  `im 3. Quartal`, `feiern 50. Geburtstag`);
* list items, at the sentence start, after a colon or dash, or continuing an inline
  list (`1. Aktivieren Sie …`, `Länder: 1. Kanada 2. Mexiko`), are not sentence ends;
  neither are bracketed interjections (`(!)`, `(sic!)`) and omissions (`[…]`);
* sentences glued together by MT (`zugewiesen.(2 …`, `Mineralien.Die …`, `Tag“.Die`,
  `45 %.Das`, `2.000 t.Bis`, `31.12.2030.Danach`) are split, and a closing quote that MT
  set off with spaces (`Reserven. " Ziel`) stays with the sentence it closes;
* in a paragraph that is a dash list (`- Kupfer: plus 3 %. - Nickel: …`) each dash
  starts a sentence, and an all-caps heading of two or more words glued to the first
  sentence (`SELTENE ERDEN Peking verschärft …`) is a sentence of its own.

No model is loaded; the lexicon is built once per language and cached.
"""

from __future__ import annotations

import csv
import functools
import importlib.resources
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import regex

#: Languages with their own rules; any other language uses both lexicons.
SUPPORTED_LANGS: tuple[str, ...] = ("de", "en")

# A SoMaJo abbreviation whose stem is at least this frequent as a word (Zipf scale)
# can also be a sentence's last word ("found.", "Gen."), so it is not trusted.
_AMBIGUOUS_ZIPF = 4.0

# Look at most this far back for the word before a period (bounds the work on
# pathological input such as a megabyte without spaces), and join at most this many
# parts of a spaced abbreviation ("i. d. R.").
_MAX_TOKEN = 200
_MAX_CHAIN = 6

# A blank line: a paragraph break, which always ends a sentence.
_BLANK_LINE = regex.compile(r"\n[^\S\n]*\n\s*")
# The non-space run ending where the match ends (a reverse search).
_TOKEN_BEFORE = regex.compile(r"(?r)\S+")
# A run of terminal punctuation and the closing quotes/brackets stuck to it.
_CANDIDATE = regex.compile(r"(?:[.!?…]+)[\"'”“’‘»«)\]]*")
_DASHES = ("-", "–", "—")
_CLOSERS = "\"'”“’‘»«)]"
_OPENERS = "\"'„“‘‚»«(["
_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}\-]*")
_NUMBER = regex.compile(r"\d{1,3}")
_YEAR = regex.compile(r"1[5-9]\d\d|2[01]\d\d")
_INTERJECTION = regex.compile(r"\s*\(\p{L}{0,4}")
_LIST_START = regex.compile(r"(?<![\d.,])1\.\s")
_ORDINAL = regex.compile(r"\d{1,3}\.")
_COORDINATORS = frozenset({"und", "oder", "bis", "bzw.", "sowie", "-", "–"})
_ABBREVIATION_COMPOUND = regex.compile(r"(?:\p{L}{1,6}\.-)+\p{L}{1,6}")
_YEAR_END = regex.compile(r"(?<![\d.,:/-])(?:1[5-9]|2[01])\d\d\Z")
_INITIAL = regex.compile(r"\p{L}")
_DOTTED = regex.compile(r"(?:\p{L}{1,3}\.)+\p{L}{0,3}")
_URL_LIKE = regex.compile(r"://|www\.|@", regex.IGNORECASE)
_WORD_END = regex.compile(r"(?r)\p{L}+\Z")
_LOWER_WORD = regex.compile(r"\p{Ll}{2,}")
_CAPITALISED_WORD = regex.compile(r"\p{Lu}\p{Ll}")
# Letters glued to a period after a number: a unit ("2.000 t.Bis", "450 GWh.Die").
_UNIT = regex.compile(r"\p{L}{1,4}")
_NUMBER_BEFORE = regex.compile(r"(?r)\d\s*\Z")
# A date or number with separators ending a glued sentence: "bis 31.12.2030.Danach"
_DOTTED_NUMBER = regex.compile(r"(?<![\p{L}\d.,])\d+(?:[.,]\d+)+\Z")
# Symbols that end a sentence-final amount: "auf 45 %.Das", "für 3 Mrd. $.Die"
_AMOUNT_SIGNS = "%‰€$£¥"
# A bullet-like dash starting the next sentence: "… 3 Prozent. - Nickel: …"
_BULLET_DASH = regex.compile(r"[-–—][^\S\n]+(?=[\"„“‘»«(]?\p{Lu})")
# An all-caps heading of two or more words glued to the paragraph's first sentence:
# "SELTENE ERDEN Peking verschärft …"; the next word is capitalised, not all caps.
_CAPS_HEADING = regex.compile(
    r"(\p{Lu}{2,}(?:-\p{Lu}{2,})*(?:[^\S\n]+\p{Lu}{2,}(?:-\p{Lu}{2,})*)+)"
    r"[^\S\n]+(?=[\"„“‘»«]?\p{Lu}\p{Ll})"
)
# A heading's words: at least this many letters in all, one word at least this long,
# each a word of the language at least this frequent (acronyms such as EXIM are not).
_HEADING_MIN_LETTERS = 8
_HEADING_MIN_LONGEST = 5
_HEADING_MIN_ZIPF = 2.5


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: `text == paragraph[start:end]`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Lexicon:
    """What the boundary rules know about one language."""

    abbreviations: dict[str, str]  # "Dr." / "z.B." -> title | abbrev | eos
    starters: frozenset[str]
    months: frozenset[str]
    ordinal_context: frozenset[str]
    ordinal_nouns: tuple[str, ...]  # word endings, lowercase
    german_ordinals: bool
    langs: tuple[str, ...] = SUPPORTED_LANGS  # whose word frequencies apply


def _data_rows(name: str) -> Iterator[list[str]]:
    """Rows of a TSV file in normalize/data/, without comments and the header."""
    text = importlib.resources.files("normalize").joinpath("data", name).read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    yield from csv.reader(lines[1:], delimiter="\t", quoting=csv.QUOTE_NONE)


def _somajo_abbreviations(lang: str) -> list[str]:
    """SoMaJo's abbreviations for `lang` that are not also frequent words."""
    from wordfreq import zipf_frequency

    text = ""
    for name in (f"abbreviations_{lang}.txt", f"single_token_abbreviations_{lang}.txt"):
        try:
            text += importlib.resources.files("somajo").joinpath("data", name).read_text("utf-8")
        except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover - broken install
            continue
        text += "\n"
    entries = []
    for line in text.splitlines():
        entry = line.strip()
        if not entry or entry.startswith("#") or not entry.endswith("."):
            continue
        stem = entry[:-1]
        if "." not in stem and zipf_frequency(stem.lower(), lang) >= _AMBIGUOUS_ZIPF:
            continue
        entries.append(entry)
    return entries


def load_lexicon(lang: str) -> Lexicon:
    """The lexicon for `lang` ("de", "de-CH", "en_US", …; anything else: both combined).

    >>> load_lexicon("de-AT") is load_lexicon("de")
    True
    >>> load_lexicon("fr").german_ordinals  # unknown language: both lexicons
    True
    """
    base = lang.replace("_", "-").split("-", 1)[0].lower()
    return _build_lexicon(base if base in SUPPORTED_LANGS else "*")


@functools.lru_cache(maxsize=4)
def _build_lexicon(lang: str) -> Lexicon:
    """The lexicon for "de", "en" or "*" (both), built once."""
    langs = (lang,) if lang in SUPPORTED_LANGS else SUPPORTED_LANGS
    abbreviations: dict[str, str] = {}
    for code in langs:
        for entry in _somajo_abbreviations(code):
            abbreviations[entry] = "abbrev"
    for row_lang, abbreviation, kind in _data_rows("segment_abbreviations.tsv"):
        if row_lang == "*" or row_lang in langs:
            abbreviations[abbreviation] = kind
    classes: dict[str, set[str]] = {
        "starter": set(),
        "month": set(),
        "ordinal_context": set(),
        "ordinal_noun": set(),
    }
    for row_lang, word_class, word in _data_rows("segment_words.tsv"):
        if row_lang in langs:
            classes[word_class].add(word)
    return Lexicon(
        abbreviations=abbreviations,
        starters=frozenset(classes["starter"]),
        months=frozenset(classes["month"]),
        ordinal_context=frozenset(classes["ordinal_context"]),
        ordinal_nouns=tuple(sorted(classes["ordinal_noun"])),
        german_ordinals="de" in langs,
        langs=langs,
    )


def segment_text(text: str, lang: str = "de") -> list[Sentence]:
    """Split one paragraph into sentences with offsets into `text`.

    Line breaks count as spaces (a hard-wrapped paragraph), but a blank line always
    ends a sentence.

    >>> paragraph = "Am 4. Februar kam Dr. Müller. Er sprach z. B. über Mrd. Euro."
    >>> [s.text for s in segment_text(paragraph)]
    ['Am 4. Februar kam Dr. Müller.', 'Er sprach z. B. über Mrd. Euro.']
    >>> segment_text("  Ja. Nein!")
    [Sentence(start=2, end=5, text='Ja.'), Sentence(start=6, end=11, text='Nein!')]
    >>> [s.text for s in segment_text("Ein Titel\\n\\nDer Text\\nläuft weiter.")]
    ['Ein Titel', 'Der Text\\nläuft weiter.']
    """
    lexicon = load_lexicon(lang)
    sentences: list[Sentence] = []
    start = 0
    for blank_line in _BLANK_LINE.finditer(text):
        sentences.extend(_segment_block(text, start, blank_line.start(), lexicon))
        start = blank_line.end()
    sentences.extend(_segment_block(text, start, len(text), lexicon))
    return sentences


def _segment_block(text: str, offset: int, stop: int, lexicon: Lexicon) -> list[Sentence]:
    """The sentences of `text[offset:stop]`, with offsets into `text`."""
    block = text[offset:stop] if offset or stop < len(text) else text
    sentences: list[Sentence] = []
    start = _skip_space(block, 0)
    for end in [*_boundaries(block, lexicon), len(block)]:
        last = end
        while last > start and block[last - 1].isspace():
            last -= 1
        if last > start:
            sentences.append(Sentence(offset + start, offset + last, block[start:last]))
        start = max(start, _skip_space(block, end))
    return sentences


def segment_paragraphs(lines: Iterable[str], lang: str = "de") -> Iterator[list[Sentence]]:
    """`segment_text` for each paragraph in `lines`, lazily.

    >>> [[s.text for s in p] for p in segment_paragraphs(["Eins. Zwei.", ""], "de")]
    [['Eins.', 'Zwei.'], []]
    """
    load_lexicon(lang)
    for line in lines:
        yield segment_text(line, lang)


def _skip_space(text: str, index: int) -> int:
    """The first index at or after `index` that is not whitespace."""
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def _boundaries(text: str, lexicon: Lexicon) -> Iterator[int]:
    """End offsets of the sentences in `text` (not counting the paragraph's end)."""
    sentence_start = _skip_space(text, 0)
    heading = _caps_heading_end(text, sentence_start, lexicon)
    if heading is not None:
        sentence_start = _skip_space(text, heading)
        yield heading
    for match in _CANDIDATE.finditer(text):
        end = match.end()
        if end >= len(text):
            return
        if _ends_sentence(text, match, sentence_start, lexicon):
            end = _stray_closing_quote(text, sentence_start, end)
            sentence_start = _skip_space(text, end)
            yield end


def _caps_heading_end(text: str, start: int, lexicon: Lexicon) -> int | None:
    """The end of an all-caps heading glued to the text that follows it, if any.

    >>> text = "SELTENE ERDEN Peking verschärft die Exportkontrollen."
    >>> text[: _caps_heading_end(text, 0, load_lexicon("de"))]
    'SELTENE ERDEN'
    >>> _caps_heading_end("US EXIM Chairman Reta Jo Lewis said so.", 0, load_lexicon("en")) is None
    True
    """
    match = _CAPS_HEADING.match(text, start)
    if match is None:
        return None
    words = regex.findall(r"\p{L}+", match[1])
    if sum(map(len, words)) < _HEADING_MIN_LETTERS or max(map(len, words)) < _HEADING_MIN_LONGEST:
        return None
    from wordfreq import zipf_frequency

    for word in words:
        if max(zipf_frequency(word.lower(), lang) for lang in lexicon.langs) < _HEADING_MIN_ZIPF:
            return None  # an acronym or a name: "EXIM", "USGS NMIC"
    return match.end(1)


def _stray_closing_quote(text: str, start: int, end: int) -> int:
    """Move a boundary past a closing quote set off by spaces (an MT artifact).

    The quote closes the sentence `text[start:end]` if that has an unclosed quote.

    >>> text = 'der "physischen Reserven. " Ziel ist es'
    >>> text[:_stray_closing_quote(text, 0, 25)]
    'der "physischen Reserven. "'
    >>> text = 'Er ging. " Wir gehen."'
    >>> text[:_stray_closing_quote(text, 0, 8)]
    'Er ging.'
    """
    quote = _skip_space(text, end)
    after = quote + 1
    if after >= len(text) or not text[after].isspace():
        return end
    sentence = text[start:end]
    if text[quote] == '"':
        unclosed = sentence.count('"') % 2 == 1
    elif text[quote] in "“”":
        unclosed = sentence.count("„") + sentence.count("“") > sentence.count("”") + (
            sentence.count("“") if "„" in sentence else 0
        )
    else:
        unclosed = False
    return after if unclosed else end


def _ends_sentence(
    text: str, match: regex.Match[str], sentence_start: int, lexicon: Lexicon
) -> bool:
    """Whether the candidate `match` ends the sentence that began at `sentence_start`."""
    terminator = match.group().rstrip(_CLOSERS)
    closed = len(terminator) < len(match.group())
    end = match.end()
    before = _token_before(text, match.start())
    if text[end].isspace():
        following = _skip_space(text, end)
        if following == len(text):
            return False  # only trailing whitespace: the paragraph's end
        return _ends_before(
            text, following, terminator, closed, before, match.start(), sentence_start, lexicon
        )
    return _glued_boundary(text, end, terminator, before, lexicon, match.start())


def _token_before(text: str, index: int) -> str:
    """The non-space run that ends at `index`, without its opening punctuation."""
    match = _TOKEN_BEFORE.match(text, max(0, index - _MAX_TOKEN), index)
    return match.group().lstrip(_OPENERS) if match else ""


def _next_word(text: str, index: int) -> str:
    """The word starting at `index`, after any opening quotes or brackets."""
    while index < len(text) and text[index] in _OPENERS:
        index += 1
    match = _WORD.match(text, index)
    return match.group() if match else ""


def _ends_before(
    text: str,
    following: int,
    terminator: str,
    closed: bool,
    before: str,
    terminator_start: int,
    sentence_start: int,
    lexicon: Lexicon,
) -> bool:
    """Decide a candidate followed by whitespace and then `text[following]`."""
    following = _after_bullet_dash(text, following)
    first = text[following]
    if first.islower() or first in ",;:)]…-–—":
        return False  # the sentence goes on: „Wann?“ fragte er / … dann
    word = _next_word(text, following)
    starter = word in lexicon.starters
    if terminator.startswith(("…", "..")) and text[terminator_start - 1 : terminator_start] in (
        "[",
        "(",
    ):
        return False  # […] marks an omission inside the sentence
    if terminator != ".":
        # !, ? and … end the sentence before anything but lowercase, except a bracketed
        # interjection: "um 300 (!) Prozent", "ein Minus (sic!) beim Gewinn"
        return not (
            closed
            and _INTERJECTION.fullmatch(text, _last_space(text, terminator_start), terminator_start)
        )
    if closed:
        opening = terminator_start - len(before) - 1
        if (
            lexicon.german_ordinals
            and _NUMBER.fullmatch(before)
            and text[opening : opening + 1] == "("
        ):
            return starter  # "Agüero (65.) 2:0 …": an ordinal in brackets
        return True  # „… .“ Der nächste Satz
    return _period_ends_sentence(
        text, before, terminator_start, word, starter, sentence_start, lexicon
    )


def _after_bullet_dash(text: str, index: int) -> int:
    """Skip a dash at `index` that marks a list item in a paragraph that is a dash list.

    The paragraph must itself begin with that dash ("- Kupfer: plus 3 Prozent. - Nickel:
    …"); elsewhere a dash after a period is read as continuing the sentence.

    >>> text = "- Kupfer: plus 3 Prozent. - Nickel: minus 2 Prozent."
    >>> text[_after_bullet_dash(text, 26):]
    'Nickel: minus 2 Prozent.'
    >>> _after_bullet_dash("Er kam. - Dann ging er.", 8)
    8
    """
    bullet = _BULLET_DASH.match(text, index)
    if bullet is None or not text.startswith(text[index], _skip_space(text, 0)):
        return index
    first = _BULLET_DASH.match(text, _skip_space(text, 0))
    return bullet.end() if first is not None else index


def _period_ends_sentence(
    text: str,
    before: str,
    period: int,
    word: str,
    starter: bool,
    sentence_start: int,
    lexicon: Lexicon,
) -> bool:
    """Decide a period between the token `before` and the next `word`."""
    stem = before.rstrip(_CLOSERS)
    if stem != before:
        return True  # „Frieden“. Die …: a quote or bracket closed before the period
    if _NUMBER.fullmatch(stem) or _YEAR.fullmatch(stem):
        return _number_ends_sentence(text, stem, period, word, starter, sentence_start, lexicon)
    kind = _abbreviation_kind(text, stem, period, lexicon)
    if kind == "title":
        return False
    if kind == "eos":
        return bool(word[:1].isupper()) or not word
    if kind == "abbrev":
        return starter
    return True


def _abbreviation_kind(text: str, stem: str, period: int, lexicon: Lexicon) -> str | None:
    """title / abbrev / eos if `stem` + "." is an abbreviation or initial, else None."""
    key = stem + "."
    if _INITIAL.fullmatch(stem) or _DOTTED.fullmatch(stem):
        # Join a spaced multi-part abbreviation: "z. B." -> "z.B.", "J. D." -> "J.D."
        chain = key
        index = period - len(stem)
        parts = 1
        while (
            parts < _MAX_CHAIN and index >= 3 and text[index - 1] == " " and text[index - 2] == "."
        ):
            parts += 1
            previous = _token_before(text, index - 2)
            if not (_INITIAL.fullmatch(previous) or _DOTTED.fullmatch(previous)):
                break
            chain = previous + "." + chain
            index -= len(previous) + 2
        for candidate in (chain, key):
            kind = lexicon.abbreviations.get(candidate)
            if kind:
                return kind
        return "abbrev"  # initials and unknown dotted abbreviations
    kind = lexicon.abbreviations.get(key)
    if kind is None and key[:1].isupper():
        kind = lexicon.abbreviations.get(key[:1].lower() + key[1:])  # sentence-initial "Ca."
    if kind is None and _ABBREVIATION_COMPOUND.fullmatch(stem):
        kind = "abbrev"  # "Dr.-Ing.", "Reg.-Bez.": hyphenated abbreviations
    return kind


def _number_ends_sentence(
    text: str,
    number: str,
    period: int,
    word: str,
    starter: bool,
    sentence_start: int,
    lexicon: Lexicon,
) -> bool:
    """A period after digits: list item, German ordinal or end of sentence."""
    number_start = period - len(number)
    if _skip_space(text, sentence_start) >= number_start - 1 and not _YEAR.fullmatch(number):
        return False  # "1. Aktivieren Sie …": the number of a list item
    previous = _token_before(text, _last_space(text, number_start))
    if not _YEAR.fullmatch(number) and (previous.endswith(":") or previous in _DASHES):
        return False  # "drei Punkte: 1. Die Preise …", "… - 2. Kilian Peier"
    if _continues_enumeration(text, sentence_start, number_start, number):
        return False  # "Folgende Länder: 1. Kanada 2. Mexiko 3. Japan"
    if lexicon.german_ordinals and text[number_start - 1 : number_start] == "(":
        return False  # "(10. Minute)"
    if not word or word[0].isdigit():
        return bool(_YEAR.fullmatch(number))
    if starter or _YEAR.fullmatch(number) or not lexicon.german_ordinals:
        return True
    if word in lexicon.months or word.lower().endswith(lexicon.ordinal_nouns):
        return False  # am 4. Februar, feiern 50. Geburtstag
    if previous.lower() in lexicon.ordinal_context:
        return False  # im 3. Quartal
    if previous in _COORDINATORS and _ORDINAL.fullmatch(
        _token_before(text, _last_space(text, _last_space(text, number_start)))
    ):
        return False  # "bei jedem 2. oder 3. Gießen": a second ordinal
    # A genitive name before the number: "Trumps 2. Amtszeit", "Chinas 15. Fünfjahresplan"
    return not (previous[:1].isupper() and previous.endswith("s") and len(previous) > 3)


def _continues_enumeration(text: str, sentence_start: int, number_start: int, number: str) -> bool:
    """Whether `number` is the next item of a list that began with "1." in this sentence.

    The list must begin at the sentence start or after a colon, so that dates such as
    "am 1. Mai … auf 2." do not count.

    >>> text = "Länder: 1. Kanada 2. Mexiko"
    >>> _continues_enumeration(text, 0, 18, "2")
    True
    >>> _continues_enumeration("Am 1. Mai stieg er auf 2. Dann", 0, 23, "2")
    False
    """
    value = int(number)
    if not 2 <= value <= 50:
        return False
    start = max(sentence_start, number_start - 2000)
    first = _LIST_START.search(text, start, number_start)
    if first is None or (
        first.start() > start and not text[start : first.start()].rstrip().endswith(":")
    ):
        return False
    return (
        regex.search(rf"(?<![\d.,]){value - 1}\.\s", text, pos=first.start(), endpos=number_start)
        is not None
    )


def _last_space(text: str, index: int) -> int:
    """The index of the whitespace run before `index` (0 if none)."""
    limit = max(0, index - _MAX_TOKEN)
    while index > limit and not text[index - 1].isspace():
        index -= 1
    while index > limit and text[index - 1].isspace():
        index -= 1
    return index


def _glued_boundary(
    text: str,
    end: int,
    terminator: str,
    before: str,
    lexicon: Lexicon | None = None,
    start: int | None = None,
) -> bool:
    """A boundary with no space after it: "zugewiesen.(2 Milliarden" / "Ende.Die".

    `start` is where the terminator begins (default: `end - len(terminator)`). The
    word before may be closed by a quote or bracket ("Tag“.Die", "Gallium).“Das"),
    be an all-caps word ("ROHSTOFFE.Die"), an amount's sign or unit ("45 %.Das",
    "2.000 t.Bis"), or a date or number ("31.12.2030.Danach"); an abbreviation that
    never ends a sentence does not count.

    >>> _glued_boundary("zugewiesen.(2", 11, ".", "zugewiesen")
    True
    >>> _glued_boundary("Mining.com", 7, ".", "Mining")
    False
    >>> _glued_boundary("einem „Tag“.Die", 12, ".", "Tag“")
    True
    >>> _glued_boundary("bei 45 %.Das", 9, ".", "%")
    True
    >>> _glued_boundary("bis 31.12.2030.Danach", 15, ".", "31.12.2030")
    True
    """
    stem = before.rstrip(_CLOSERS)
    dotted_number = _DOTTED_NUMBER.search(stem) is not None
    if terminator.startswith(("…", "..")) or _URL_LIKE.search(before):
        return False  # domain and URL parts
    if "." in before and not dotted_number:
        return False  # U.S.Army, E.ON
    if _WORD_END.search(stem) is None:
        if not (dotted_number or _YEAR_END.search(stem) or stem.endswith(tuple(_AMOUNT_SIGNS))):
            return False  # only "im Jahr 2025.Die" among words ending in digits
    else:
        word_end = (end - len(terminator) if start is None else start) - len(before) + len(stem)
        if not _glued_word_ends(text, word_end, stem):
            return False
        if lexicon is not None and lexicon.abbreviations.get(stem + ".") == "title":
            return False  # "Nr.Die" is no sentence end
    after = text[end : end + _MAX_TOKEN].split(None, 1)[0]
    if after[0] in "(„" and len(after) > 1 and after[1].isalnum():
        return True  # "zugewiesen.(2 Milliarden", "sagte er.„Wir"
    return bool(_CAPITALISED_WORD.match(after)) and not _URL_LIKE.search(after)


def _glued_word_ends(text: str, word_end: int, stem: str) -> bool:
    """Whether the word ending `stem` (at `word_end` in `text`) can end a glued sentence.

    A lowercase word, an all-caps word of three or more letters, or a short unit
    after a number.

    >>> _glued_word_ends("liegt bei 2.000 t", 17, "t"), _glued_word_ends("Nr. A", 5, "A")
    (True, False)
    """
    if _LOWER_WORD.search(stem):
        return True
    if len(stem) >= 3 and stem.isalpha() and stem.isupper():
        return True  # "ROHSTOFFPOLITIK.Die", "der IEA.Die"
    if _UNIT.fullmatch(stem):
        return _NUMBER_BEFORE.search(text, 0, word_end - len(stem)) is not None
    return False
