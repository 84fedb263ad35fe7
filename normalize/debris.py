"""Article debris: find what publishers and scrapers add around an article, keep it as metadata.

Disclaimers, related-article lists, photo credits, author/date/source lines, markdown
link residue, newsletter and share prompts are not article text. `find_debris` takes
them out of the lines and returns them as `DebrisItem`s (kind, original line number,
text), so nothing is silently dropped: every line that leaves the text is in the
metadata, and every edit inside a line is a `Change` (rule ``debris.<kind>``).

The patterns are data, one file per language in ``normalize/data/debris_<lang>.tsv``
(format documented at the top of each file). All languages' patterns apply to every
article, since a German page often carries English credits. Besides the scopes described
there, `section` is a header that, alone on its line, takes the next prose paragraph (an
author box), and `label` is a line whose next line, if short and one sentence, is the
same debris (an ad label, then the ad's text).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import regex

from .changes import Change
from .clean import LineChange
from .structure import MARKDOWN_EMPHASIS

#: Languages with a debris pattern file, in the order their patterns are tried.
DEBRIS_LANGUAGES: tuple[str, ...] = ("de", "en")
SCOPES = ("line", "prefix", "header", "item", "inline", "section", "label")
_WHOLE_LINE_SCOPES = frozenset({"line", "header", "item", "section", "label"})
# A "label" line ("Anzeige", "Advertisement") takes the next line if it is this short, one
# sentence at most, not a statement ending in a full stop (the ad's text: "Jetzt Depot
# eröffnen und 0 € Ordergebühr sichern*", "Jetzt testen!"; a news sentence stays).
_MAX_LABELLED_WORDS = 20
# ... and if it calls to action as ads do (a section heading after a lost ad image stays).
_CALL_TO_ACTION = regex.compile(
    r"[!*€$%]|\b(jetzt|hier|gratis|kostenlos|sichern|testen|bestellen|entdecken|informieren|"
    r"erfahren|sparen|eröffnen|anmelden|now|free|shop|buy|learn|sign up|try|get|save)\b",
    regex.IGNORECASE,
)
_INNER_SENTENCE_BREAK = regex.compile(r"\p{Ll}{2}[.!?]\s+\p{Lu}")
# Kinds that a short line right under an image has as the image's caption ("© AFP" is
# the photo's credit there, not the page's copyright).
_CAPTION_KINDS = frozenset({"copyright", "source"})
# A section label above the title ("Nickel | Indonesien", "MINING DIGEST | RARE EARTHS"):
# names only, each part at most this many words.
_MAX_LABEL_PART_WORDS = 3
_SECTION_LABEL_KIND = "tags"

# A list line: bullet or number, then text. Items of a related-articles list look like this.
_LIST_MARKER = regex.compile(r"^\s*(?:[-*•·–—]|\d{1,3}[.)])\s+\S")
# An unmarked line that follows a list header is taken as a list item only if it is
# this short and does not end like a sentence (headlines rarely do).
_MAX_UNMARKED_ITEM_WORDS = 25
# "- SunSirs: headline": a list item that names its source first.
_HEADLINE_SOURCE = regex.compile(
    r"^\s*(?:[-*•·–—]|\d{1,3}[.)])\s+(?P<source>\p{Lu}[\p{L}\p{N}.&' -]{1,30}?)\s*:\s+\S"
)
_SENTENCE_END = regex.compile(r"[.!?…:;]\s*$")
# An unmarked line under a list header ends its list when it ends like a statement; a
# headline may be a question ("Wie viel Lithium steckt im Oberrheingraben?").
_STATEMENT_END = regex.compile(r"[.!…:;]\s*$")
# Markdown marks around a debris line ("## Weitere Nachrichten", "> Quelle: dpa"); with
# emphasis ("**Stand:** 2026", "*Bildnachweis: Archiv*") the patterns are matched without them.
_MARKDOWN_LINE_MARK = regex.compile(r"^(?:#{1,6}|>)\s+")
# An icon before a debris line ("🔔 Eilmeldungen als Push-Nachricht erhalten", "⏱ 4 Min.");
# not ©, ® (the copyright patterns need them).
_LEADING_ICONS = regex.compile(
    r"^(?:(?![©®℗])[\p{So}\p{Sk}\N{VARIATION SELECTOR-16}\N{ZERO WIDTH JOINER}])+\s*"
)
# A markdown link is seen as its text ("Teilen: [Facebook](https://…) | [X](…)").
_MARKDOWN_LINK = regex.compile(r"\[(?P<text>[^\]\n]{1,300})\]\([^)\s]*\)")
# Lines between two disclaimer lines belong to the disclaimer, up to this many.
_SANDWICH_KIND = "disclaimers"
_MAX_SANDWICHED_LINES = 3
_MAX_SANDWICHED_WORDS = 25  # disclaimer sentences are short; article paragraphs are not
# A "section" header with nothing after it ("Über den Autor") takes the next prose
# paragraph (an author bio), if it is at most this long.
_MAX_SECTION_WORDS = 80
# A metadata line of several parts ("Von Henrik Saar | 4. Juni 2026 | 3 Min. Lesezeit",
# "Minenwoche · 23.07.2026"): the separators between parts, and what a part that no
# pattern knows may look like to count as a name (publisher, section, agency).
_METADATA_SEPARATOR = regex.compile(r"\s+[|·•]\s+")
_NAME_PART = regex.compile(
    r"^(?:\p{Lu}[\p{L}\p{N}.&'’/-]*|[&+]|und|and|of|der|des|de)"
    r"(?:\s+(?:\p{Lu}[\p{L}\p{N}.&'’/-]*|[&+]|und|and|of|der|des|de)){0,3}"
    r"(?:\s*\([\p{L}\p{N}./-]{1,12}\))?$"
)
_NAME_PART_KIND = "source"
# One part at least must be one of these ("Year | Output | Share" is a table header).
_METADATA_LINE_KINDS = frozenset({"author", "date", "reading_time"})
# An author's name in a byline ("Von Dr. Anna Müller-Lang", "By Priya Raman, Reporter"):
# two or three capitalised words, after the words that introduce it.
_BYLINE_NAME = regex.compile(
    r"(?<![\p{L}.])(?:(?:Dr|Prof)\.\s+)?(?P<name>\p{Lu}[\p{Ll}'’-]+(?:[ -]\p{Lu}[\p{Ll}'’-]+){1,2})"
)
_BYLINE_WORDS = frozenset(
    [
        "von",
        "by",
        "ein",
        "eine",
        "beitrag",
        "bericht",
        "gastbeitrag",
        "autor",
        "autorin",
        "text",
        "redaktion",
        "und",
        "and",
        "über",
        "about",
        "reporting",
        "editing",
        "written",
    ]
)
_BYLINE_SEGMENT = regex.compile(r"[,|·;–]")
# Kinds whose text a publisher wraps over several lines ("… keine Haftung für Verluste,"
# / "die aus der Nutzung … entstehen.").
_WRAPPED_KINDS = frozenset({"disclaimers", "copyright", "prompts", "source"})
_BREAKS_OFF = regex.compile(r"(?:[,;]|\p{Ll})$")  # a line that ends mid-sentence
_LOWERCASE_WORD = regex.compile(r"^\p{Ll}+\b(?![\p{Lu}\p{N}])")
_MAX_BIO_WORDS = 80
_IMAGE = regex.compile(r"^!\[")
# A bio starts with the name and goes on in lowercase ("Théo Mukendi berichtet …").
_BIO_START = r"^(?:(?:Dr|Prof)\.\s+)?{name}\s+(?:\([^)]{{1,40}}\)\s+)?\p{{Ll}}"


@dataclass(frozen=True)
class DebrisPattern:
    """One row of a debris file."""

    kind: str
    scope: str
    max_words: int
    pattern: regex.Pattern[str]
    origin: str  # "debris_de.tsv:12"
    note: str = ""

    def fits(self, text: str, words: int | None = None) -> bool:
        """Whether `text` (of `words` words, if already counted) is short enough."""
        if self.max_words == 0:
            return True
        return (len(text.split()) if words is None else words) <= self.max_words


# A short line right under an image line (no blank line between) is the image's caption.
_CAPTION = DebrisPattern(
    "photo_credits", "line", 30, regex.compile(r"\S"), "caption under an image line"
)


@dataclass(frozen=True)
class DebrisItem:
    """A piece of debris taken out of the text: its kind, 1-based line, text and pattern."""

    kind: str
    line: int
    text: str
    origin: str
    target: str | None = None  # the URL of a link
    extra: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        record: dict[str, Any] = {"line": self.line, "text": self.text, "pattern": self.origin}
        if self.target is not None:
            record["target"] = self.target
        record.update(self.extra)
        return record


@dataclass(frozen=True)
class DebrisResult:
    """Lines with debris taken out ("" for a removed line), the debris, and the edits."""

    lines: tuple[str, ...]
    items: tuple[DebrisItem, ...]
    changes: tuple[LineChange, ...]
    removed_lines: frozenset[int]

    def metadata(self, earlier: Iterable[DebrisItem] = ()) -> dict[str, list[dict[str, Any]]]:
        """Debris grouped by kind, in line order (with `earlier` items found in the edits
        of earlier steps): the article's metadata."""
        grouped: dict[str, list[dict[str, Any]]] = {}
        for item in sorted([*earlier, *self.items], key=lambda item: item.line):
            grouped.setdefault(item.kind, []).append(item.to_dict())
        return grouped


def parse_debris_table(text: str, name: str) -> list[DebrisPattern]:
    """Parse a debris TSV file; raises ValueError naming the bad line.

    >>> rows = parse_debris_table("kind\\tscope\\tmax_words\\tpattern\\tnote\\n"
    ...                           "prompts\\tline\\t5\\t^teilen$\\tshare\\n", "x.tsv")
    >>> rows[0].kind, rows[0].scope, rows[0].origin
    ('prompts', 'line', 'x.tsv:2')
    """
    patterns: list[DebrisPattern] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip() or raw.startswith("#") or raw.startswith("kind\t"):
            continue
        columns = raw.split("\t")
        if len(columns) != 5:
            raise ValueError(f"{name}:{number}: expected 5 tab-separated columns")
        kind, scope, max_words, pattern, note = columns
        if scope not in SCOPES:
            raise ValueError(f"{name}:{number}: unknown scope {scope!r}")
        try:
            compiled = regex.compile(pattern, regex.IGNORECASE | regex.V0)
        except regex.error as error:
            raise ValueError(f"{name}:{number}: bad pattern ({error})") from None
        patterns.append(
            DebrisPattern(kind, scope, int(max_words), compiled, f"{name}:{number}", note)
        )
    return patterns


@functools.lru_cache(maxsize=4)
def load_patterns(langs: tuple[str, ...] = DEBRIS_LANGUAGES) -> tuple[DebrisPattern, ...]:
    """The shipped debris patterns of `langs`, in file order."""
    patterns: list[DebrisPattern] = []
    for lang in langs:
        name = f"debris_{lang}.tsv"
        text = resources.files("normalize").joinpath("data", name).read_text(encoding="utf-8")
        patterns.extend(parse_debris_table(text, name))
    return tuple(patterns)


def plain_line(line: str) -> str:
    """`line` without markdown heading and quote marks and emphasis, as debris patterns see it.

    >>> plain_line("**Stand:** 02.04.2026 | *Von Jonas Riedel*")
    'Stand: 02.04.2026 | Von Jonas Riedel'
    >>> plain_line("## Weitere Nachrichten"), plain_line("* * *")
    ('Weitere Nachrichten', '* * *')
    >>> plain_line("Teilen: [Facebook](https://facebook.com) | [X](https://x.com)")
    'Teilen: Facebook | X'
    >>> plain_line("🔔 Eilmeldungen als Push-Nachricht erhalten"), plain_line("© AFP")
    ('Eilmeldungen als Push-Nachricht erhalten', '© AFP')

    """
    line = _MARKDOWN_LINE_MARK.sub("", line.strip())
    line = _LEADING_ICONS.sub("", line)
    line = _MARKDOWN_LINK.sub(lambda match: match.group("text"), line)
    return MARKDOWN_EMPHASIS.sub(lambda match: match.group("text"), line).strip()


def _line_match(line: str, patterns: Sequence[DebrisPattern]) -> DebrisPattern | None:
    """The first line/header/item pattern that makes the whole line debris; a line ending
    in a colon that a header pattern knows is that header, so that it opens its list
    ("**Weiterlesen:**" is a list header, "Weiterlesen" alone a link).

    >>> _line_match("**Weiterlesen:**", load_patterns()).scope
    'header'
    """
    line = plain_line(line)
    words = len(line.split())
    wants_header = line.endswith(":")
    found = None
    for pattern in patterns:
        if (
            pattern.scope in _WHOLE_LINE_SCOPES
            and (found is None or pattern.scope == "header")
            and pattern.fits(line, words)
            and pattern.pattern.search(line)
        ):
            if found is None:
                found = pattern
            if pattern.scope == "header" or not wants_header:
                return pattern
    return found


def find_debris(
    lines: Sequence[str], patterns: Sequence[DebrisPattern] | None = None
) -> DebrisResult:
    """Take debris out of `lines` (one article, line by line), keeping it as metadata.

    >>> result = find_debris(["Die USA investieren.", "Foto: Jane Doe / Getty Images"])
    >>> result.lines
    ('Die USA investieren.', '')
    >>> result.metadata()["photo_credits"][0]["line"]
    2
    """
    patterns = load_patterns() if patterns is None else patterns
    prefix_patterns = [p for p in patterns if p.scope == "prefix"]
    inline_patterns = [p for p in patterns if p.scope == "inline"]
    out_lines: list[str] = []
    items: list[DebrisItem] = []
    changes: list[LineChange] = []
    removed: set[int] = set()
    open_list: DebrisPattern | None = None  # a header whose list items we are collecting
    list_gap = False  # a blank line since the last item of the open list
    open_section: DebrisPattern | None = None  # a header waiting for its paragraph
    continued: DebrisPattern | None = None  # the line before is debris that goes on
    after_image = False  # the line before was an image (its caption may follow)
    open_label: DebrisPattern | None = None  # an ad label whose text may follow

    for number, raw_line in enumerate(lines, start=1):
        stripped = raw_line.strip()
        if not stripped:
            out_lines.append(raw_line)
            list_gap = open_list is not None
            continued = None
            after_image = False
            continue

        parts = metadata_line_parts(stripped, patterns)
        if len({pattern.kind for _, pattern in parts if pattern is not None}) >= 2:
            # "14. August 2026 · Tokio/Seoul · Lesezeit 3 Min.": each part its own kind,
            # though a date pattern would take the whole line
            _remove_metadata_line(number, raw_line, parts, out_lines, items, changes, removed)
            continued, after_image, open_label = None, False, None
            continue
        pattern = _line_match(stripped, patterns)
        if continued is not None and _continues(stripped):
            # a hard-wrapped disclaimer: "…, " / "die aus der Nutzung …"; the rest of it
            # stays with it even if it looks like other debris ("von Wertpapieren dar.")
            pattern = continued
        continued = None
        if (
            after_image
            and (pattern is None or pattern.kind in _CAPTION_KINDS)
            and _CAPTION.fits(plain_line(stripped))
        ):
            pattern = _CAPTION
        after_image = False
        label, open_label = open_label, None
        if pattern is None and label is not None and _is_labelled(stripped):
            _remove_line(number, raw_line, label, out_lines, items, changes, removed)
            continue
        if pattern is None and open_section is not None:
            section, open_section = open_section, None
            if len(stripped.split()) <= _MAX_SECTION_WORDS and _SENTENCE_END.search(stripped):
                _remove_line(number, raw_line, section, out_lines, items, changes, removed)
                continue
        if open_list is not None and pattern is None:
            marked = bool(_LIST_MARKER.match(raw_line))
            short = len(stripped.split()) <= _MAX_UNMARKED_ITEM_WORDS and not _STATEMENT_END.search(
                stripped
            )
            if marked or (short and not list_gap):
                _remove_line(number, raw_line, open_list, out_lines, items, changes, removed)
                list_gap = False
                continue
            open_list = None

        if pattern is not None:
            _remove_line(number, raw_line, pattern, out_lines, items, changes, removed)
            plain = plain_line(stripped)
            rest = plain.split(":", 1)[1].strip() if ":" in plain else ""
            if pattern.scope == "header":
                # A header with a headline after it ("Lesen Sie auch: …") is a one-line list.
                open_list = None if rest else pattern
                list_gap = False
            elif pattern.scope == "section" and not rest:
                open_section = pattern
            elif pattern.scope == "label":
                open_label = pattern
            if (
                pattern.kind in _WRAPPED_KINDS
                and pattern.scope == "line"
                and _BREAKS_OFF.search(plain)
            ):
                continued = pattern
            continue

        if parts:
            _remove_metadata_line(number, raw_line, parts, out_lines, items, changes, removed)
            continue

        line = raw_line
        line = _take_prefix(number, line, prefix_patterns, items, changes)
        line = _take_inline(number, line, inline_patterns, items, changes)
        if not line.strip():
            removed.add(number)
            after_image = bool(_IMAGE.match(stripped))
        out_lines.append(line)

    _take_sandwiched(out_lines, items, changes, removed)
    _take_section_label(out_lines, items, changes, removed)
    _take_trailing_headline_list(out_lines, items, changes, removed)
    _take_author_bios(out_lines, items, changes, removed)
    items.sort(key=lambda item: item.line)
    return DebrisResult(tuple(out_lines), tuple(items), tuple(changes), frozenset(removed))


def _is_labelled(line: str) -> bool:
    """Whether `line`, right after an ad label, is the ad's text: short, one sentence, no
    statement ending in a full stop.

    >>> _is_labelled("Jetzt Depot eröffnen und 0 € Ordergebühr sichern*")
    True
    >>> _is_labelled("The ministry will announce the bidders in September, a spokesperson said.")
    False
    >>> _is_labelled("Preise auf Rekordhoch")  # a section heading after a lost ad image
    False
    """
    plain = plain_line(line)
    return (
        len(plain.split()) <= _MAX_LABELLED_WORDS
        and not _INNER_SENTENCE_BREAK.search(plain)
        and not plain.endswith(".")
        and _CALL_TO_ACTION.search(plain) is not None
    )


def is_section_label(line: str) -> bool:
    """Whether `line` is a section label of names only ("Nickel | Indonesien"): two parts
    or more between separators, each a short name.

    >>> is_section_label("Nickel | Indonesien"), is_section_label("MINING DIGEST | RARE EARTHS")
    (True, True)
    >>> is_section_label("Kupfer steigt | Zink fällt"), is_section_label("Lithium in Chile")
    (False, False)
    """
    pieces = [piece.strip() for piece in _METADATA_SEPARATOR.split(plain_line(line))]
    return len(pieces) >= 2 and all(
        piece
        and len(piece.split()) <= _MAX_LABEL_PART_WORDS
        and _NAME_PART.match(piece)
        and not any(word[:1].islower() for word in piece.split())
        for piece in pieces
    )


def _take_section_label(
    out_lines: list[str],
    items: list[DebrisItem],
    changes: list[LineChange],
    removed: set[int],
) -> None:
    """The first line of the article, if it is a label of names above a title line (the
    section and topic: "Nickel | Indonesien"), is a tag line, not the title."""
    content = [n for n, line in enumerate(out_lines, start=1) if line.strip()]
    if len(content) < 2:
        return
    number, title = content[0], plain_line(out_lines[content[1] - 1])
    if not is_section_label(out_lines[number - 1]) or _SENTENCE_END.search(title):
        return
    _take_line(
        number,
        _SECTION_LABEL_KIND,
        "section label above the title",
        out_lines,
        items,
        changes,
        removed,
    )


def _take_line(
    number: int,
    kind: str,
    origin: str,
    out_lines: list[str],
    items: list[DebrisItem],
    changes: list[LineChange],
    removed: set[int],
) -> None:
    """Take line `number` of `out_lines` out as debris of `kind` (found by `origin`)."""
    line = out_lines[number - 1]
    items.append(DebrisItem(kind, number, line.strip(), origin))
    changes.append(LineChange(number, Change(f"debris.{kind}", 0, len(line), line, "")))
    out_lines[number - 1] = ""
    removed.add(number)


def _continues(line: str) -> bool:
    """Whether `line` goes on from the line before (its first word is all lowercase): with
    a debris line before it that breaks off mid-sentence, it is part of the same debris.

    >>> _continues("die aus der Nutzung entstehen."), _continues("Die Preise steigen.")
    (True, False)
    >>> _continues("iPhone maker Apple signed a supply deal.")
    False
    """
    first = plain_line(line).split(maxsplit=1)[:1]
    return bool(first) and _LOWERCASE_WORD.match(first[0]) is not None


def metadata_line_parts(
    line: str, patterns: Sequence[DebrisPattern] | None = None
) -> list[tuple[str, DebrisPattern | None]]:
    """The parts of a metadata line made of several parts, each a byline, date, reading
    time … by itself or a short name, with at least one part a pattern knows; else [].

    >>> parts = metadata_line_parts("Minenwoche | 23.07.2026 | 2 Min.")
    >>> [(text, pattern.kind if pattern else None) for text, pattern in parts]
    [('Minenwoche', None), ('23.07.2026', 'date'), ('2 Min.', 'reading_time')]
    >>> metadata_line_parts("Kupfer | 9.500 Dollar | +2 %")
    []
    >>> metadata_line_parts("Year | Output | Share")  # a table header, though "Share" is a button
    []
    """
    patterns = load_patterns() if patterns is None else patterns
    plain = plain_line(line)
    pieces = [piece.strip() for piece in _METADATA_SEPARATOR.split(plain)]
    if len(pieces) < 2 or not all(pieces):
        return []
    parts: list[tuple[str, DebrisPattern | None]] = []
    for piece in pieces:
        pattern = _line_match(piece, [p for p in patterns if p.scope == "line"])
        if pattern is None and not _NAME_PART.match(piece):
            return []
        parts.append((piece, pattern))
    kinds = {pattern.kind for _, pattern in parts if pattern is not None}
    return parts if kinds & _METADATA_LINE_KINDS else []


def _remove_metadata_line(
    number: int,
    line: str,
    parts: Sequence[tuple[str, DebrisPattern | None]],
    out_lines: list[str],
    items: list[DebrisItem],
    changes: list[LineChange],
    removed: set[int],
) -> None:
    """Take out a line of several metadata parts: one item per part, one Change."""
    kind = next(pattern.kind for _, pattern in parts if pattern is not None)
    for text, pattern in parts:
        if pattern is None:
            items.append(DebrisItem(_NAME_PART_KIND, number, text, "name in a metadata line"))
        else:
            items.append(DebrisItem(pattern.kind, number, text, pattern.origin))
    changes.append(LineChange(number, Change(f"debris.{kind}", 0, len(line), line, "")))
    out_lines.append("")
    removed.add(number)


def byline_names(text: str) -> list[str]:
    """The author names in a byline.

    >>> byline_names("Ein Beitrag von Théo Mukendi, Kinshasa")
    ['Théo Mukendi']
    >>> byline_names("Von Dr. Felix Amrhein, Rohstoffkompass Research | 02.08.2026")
    ['Felix Amrhein']
    >>> byline_names("Reporting by Priya Raman; Editing by Tom Fischer")
    ['Priya Raman', 'Tom Fischer']
    """
    names = []
    for segment in _BYLINE_SEGMENT.split(plain_line(text)):
        first = segment.split()[:1]
        if not first or first[0].rstrip(":").lower() not in _BYLINE_WORDS:
            continue  # "…, Rohstoffkompass Research": a publisher, not the author
        for found in _BYLINE_NAME.finditer(segment):
            words = found.group("name").split()
            while words and words[0].lower() in _BYLINE_WORDS:
                words.pop(0)
            if len(words) >= 2:
                names.append(" ".join(words))
                break
    return names


def _take_author_bios(
    out_lines: list[str],
    items: list[DebrisItem],
    changes: list[LineChange],
    removed: set[int],
) -> None:
    """A paragraph that starts with the name of the article's author and goes on in
    lowercase ("Théo Mukendi berichtet als freier Journalist …") is the author's bio."""
    names = {name for item in items if item.kind == "author" for name in byline_names(item.text)}
    if not names:
        return
    starts = [regex.compile(_BIO_START.format(name=regex.escape(name))) for name in names]
    content = [n for n, line in enumerate(out_lines, start=1) if line.strip()]
    for number in content[1:]:  # never the title
        line = out_lines[number - 1]
        plain = plain_line(line)
        if (
            len(plain.split()) <= _MAX_BIO_WORDS
            and _SENTENCE_END.search(plain)
            and any(start.match(plain) for start in starts)
        ):
            _take_line(
                number, "author", "bio of the byline's author", out_lines, items, changes, removed
            )


def _take_sandwiched(
    out_lines: list[str],
    items: list[DebrisItem],
    changes: list[LineChange],
    removed: set[int],
) -> None:
    """A few lines between two disclaimer lines are part of the same disclaimer.

    Publishers' disclaimers run over several sentences, often one per line; the
    patterns recognise the typical ones, and what lies between two of them belongs
    to the same block even when no pattern knows its wording.
    """
    disclaimer_lines = {item.line for item in items if item.kind == _SANDWICH_KIND}
    if len(disclaimer_lines) < 2:
        return
    content = [n for n, line in enumerate(out_lines, start=1) if line.strip() or n in removed]
    for index, number in enumerate(content):
        if number in removed:
            continue
        run_end = index
        while run_end < len(content) and content[run_end] not in removed:
            run_end += 1
        before = content[index - 1] if index > 0 else None
        after = content[run_end] if run_end < len(content) else None
        if (
            before in disclaimer_lines
            and after in disclaimer_lines
            and run_end - index <= _MAX_SANDWICHED_LINES
            and all(
                len(out_lines[n - 1].split()) <= _MAX_SANDWICHED_WORDS
                for n in content[index:run_end]
            )
            # never the article itself: some text must remain outside the disclaimer
            and any(n not in removed for n in (*content[:index], *content[run_end:]))
        ):
            for sandwiched in content[index:run_end]:
                line = out_lines[sandwiched - 1]
                items.append(
                    DebrisItem(_SANDWICH_KIND, sandwiched, line.strip(), "between disclaimer lines")
                )
                changes.append(
                    LineChange(
                        sandwiched, Change(f"debris.{_SANDWICH_KIND}", 0, len(line), line, "")
                    )
                )
                out_lines[sandwiched - 1] = ""
                removed.add(sandwiched)
            disclaimer_lines.update(content[index:run_end])


def _take_trailing_headline_list(
    out_lines: list[str],
    items: list[DebrisItem],
    changes: list[LineChange],
    removed: set[int],
) -> None:
    """A list closing the article whose items all start with the same source name
    ("- SunSirs: …", "- Reuters: …") is a list of related headlines, dated or not."""
    content = [n for n, line in enumerate(out_lines, start=1) if line.strip()]
    run: list[int] = []
    for number in reversed(content):
        if not _LIST_MARKER.match(out_lines[number - 1]):
            break
        run.append(number)
    prefixes = {_source_prefix(out_lines[n - 1]) for n in run}
    if len(run) < 2 or len(prefixes) != 1 or None in prefixes:
        return
    for number in sorted(run):
        origin = "list of headlines from one source"
        _take_line(number, "related_articles", origin, out_lines, items, changes, removed)


def _source_prefix(line: str) -> str | None:
    found = _HEADLINE_SOURCE.match(line)
    return found.group("source").casefold() if found else None


def debris_taken_earlier(
    original: Sequence[str],
    cleaned: Sequence[str],
    patterns: Sequence[DebrisPattern] | None = None,
) -> list[DebrisItem]:
    """Inline debris that an earlier step already took out of the text (e.g. link residue
    the repair step turned into plain text), so that it still reaches the metadata: a
    match in an original line that is no longer in the cleaned line.

    >>> items = debris_taken_earlier(["Laut [Mining.com](#) steigt der Preis."],
    ...                              ["Laut Mining.com steigt der Preis."])
    >>> items[0].kind, items[0].line, items[0].text, items[0].target
    ('links', 1, '[Mining.com](#)', '#')
    """
    patterns = load_patterns() if patterns is None else patterns
    inline_patterns = [p for p in patterns if p.scope == "inline"]
    items: list[DebrisItem] = []
    for number, (before, after) in enumerate(zip(original, cleaned, strict=False), start=1):
        if before == after:
            continue
        taken: list[tuple[int, int]] = []
        for pattern in inline_patterns:
            for match in pattern.pattern.finditer(before):
                overlaps = any(s < match.end() and match.start() < e for s, e in taken)
                if overlaps or match.group(0) in after or not pattern.fits(match.group(0)):
                    continue
                taken.append(match.span())
                target = match.groupdict().get("target")
                items.append(
                    DebrisItem(pattern.kind, number, match.group(0), pattern.origin, target)
                )
    return items


def _remove_line(
    number: int,
    line: str,
    pattern: DebrisPattern,
    out_lines: list[str],
    items: list[DebrisItem],
    changes: list[LineChange],
    removed: set[int],
) -> None:
    items.append(DebrisItem(pattern.kind, number, line.strip(), pattern.origin))
    changes.append(LineChange(number, Change(f"debris.{pattern.kind}", 0, len(line), line, "")))
    out_lines.append("")
    removed.add(number)


def _take_prefix(
    number: int,
    line: str,
    patterns: Sequence[DebrisPattern],
    items: list[DebrisItem],
    changes: list[LineChange],
) -> str:
    """Split off metadata glued to the start of a line (`` date 2026-01-18 Die USA …``)."""
    offset = len(line) - len(line.lstrip())
    for pattern in patterns:
        match = pattern.pattern.match(line[offset:])
        if match is None or not pattern.fits(match.group(0)):
            continue
        end = offset + match.end()
        items.append(DebrisItem(pattern.kind, number, match.group(0).strip(), pattern.origin))
        changes.append(LineChange(number, Change(f"debris.{pattern.kind}", 0, end, line[:end], "")))
        return line[end:]
    return line


def _take_inline(
    number: int,
    line: str,
    patterns: Sequence[DebrisPattern],
    items: list[DebrisItem],
    changes: list[LineChange],
) -> str:
    """Replace link and image residue inside a line by the text it should show."""
    for pattern in patterns:
        shift = 0
        parts: list[str] = []
        last = 0
        for match in pattern.pattern.finditer(line):
            if not pattern.fits(match.group(0)):
                continue
            groups = match.groupdict()
            keep = groups.get("keep") or ""
            items.append(
                DebrisItem(
                    pattern.kind,
                    number,
                    match.group(0).strip(),
                    pattern.origin,
                    groups.get("target"),
                )
            )
            start = match.start() + shift
            # "[Mining.com](#)" inside a sentence becomes "Mining.com"; residue
            # with nothing to keep would leave a double space, so eat one.
            end_in_line = match.end()
            if not keep and match.start() > 0 and line[match.start() - 1] == " ":
                start -= 1
                parts.append(line[last : match.start() - 1])
                before = line[match.start() - 1 : end_in_line]
            else:
                parts.append(line[last : match.start()])
                before = match.group(0)
            changes.append(
                LineChange(
                    number,
                    Change(f"debris.{pattern.kind}", start, start + len(before), before, keep),
                )
            )
            parts.append(keep)
            shift += len(keep) - len(before)
            last = end_in_line
        if parts:
            parts.append(line[last:])
            line = "".join(parts)
    return line
