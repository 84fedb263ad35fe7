"""`report.html`: one self-contained page per run, the page a reviewer opens first.

Run totals (changes by rule, terms applied, QA flags, debris kept) on top, then each
article side by side: the original with every changed character and every removed
line marked, the cleaned structure with changes and glossary terms highlighted (rule
on hover), and the translation. CSS and JavaScript are inlined from
``normalize/report/`` (no network, no CDN). All article text is HTML-escaped.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import resources
from string import Template
from typing import IO, Any

from .article import NO_MODEL_NOTE, Article, ArticleChange
from .textio import split_lines

#: Colour family of a rule, by the name of its step (text before the first dot or _).
RULE_FAMILIES = ("repair", "typography", "terms", "debris", "structure", "translate")
#: Articles shown in full; the rest of a big run is listed in the totals only.
DEFAULT_DETAIL_LIMIT = 200


@dataclass
class RunTotals:
    """Counts over all articles of a run, filled one article at a time."""

    articles: int = 0
    sentences: int = 0
    translated: int = 0
    changes_by_rule: Counter[str] = field(default_factory=Counter)
    terms_applied: Counter[str] = field(default_factory=Counter)
    glossary_hits: Counter[str] = field(default_factory=Counter)
    flags: Counter[str] = field(default_factory=Counter)
    debris: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)

    def add(self, article: Article) -> None:
        self.articles += 1
        self.languages[article.lang] += 1
        for located in article.changes:
            change = located.change
            rule = change.rule
            self.changes_by_rule[
                rule if rule.startswith(located.step) else f"{located.step}: {rule}"
            ] += 1
            if located.step == "terms":
                self.terms_applied[f"{change.before} → {change.after}"] += 1
        for hit in article.glossary_hits:
            self.glossary_hits[f"{hit['text']} ({hit['concept_id']})"] += 1
        for flag in article.qa_flags:
            self.flags[flag.code] += 1
        for kind, items in article.metadata.items():
            if kind != "input":
                self.debris[kind] += len(items)
        for pair in article.sentence_pairs():
            self.sentences += 1
            self.translated += pair.target is not None
        for note in article.notes:
            self.notes[note] += 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "sentences": self.sentences,
            "translated": self.translated,
            "changes_by_rule": dict(self.changes_by_rule.most_common()),
            "terms_applied": dict(self.terms_applied.most_common()),
            "glossary_hits": dict(self.glossary_hits.most_common()),
            "qa_flags": dict(self.flags.most_common()),
            "debris": dict(self.debris.most_common()),
            "languages": dict(self.languages.most_common()),
        }


def rule_family(label: str) -> str:
    """The colour family of a change label "step: rule …" (its step, if a known one).

    >>> rule_family("debris: debris.photo_credits"), rule_family("repair: ftfy"), rule_family("x")
    ('debris', 'repair', 'other')
    """
    head = label.split(":", 1)[0].split(".", 1)[0].strip()
    return head if head in RULE_FAMILIES else "other"


def _asset(name: str) -> str:
    return resources.files("normalize").joinpath("report", name).read_text(encoding="utf-8")


def esc(text: object) -> str:
    """HTML-escape anything shown on the page (text and attribute values).

    >>> esc('<script>alert("x")</script>')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
    """
    return html.escape(str(text), quote=True)


# --- highlighting: replay each line's changes, tracking which rule touched each char ---

Mark = str | None


@dataclass
class LineView:
    """A line's original and final text with, per character, the change that touched it."""

    original: str
    final: str
    original_marks: list[Mark]
    final_marks: list[Mark]
    removed_by: str | None  # the rule that removed the whole line, if any


def line_views(original: str, changes: Sequence[ArticleChange]) -> dict[int, LineView]:
    """Per line number, the original and final text with per-character change marks.

    >>> from normalize.changes import Change
    >>> views = line_views("a  b", [ArticleChange(1, "repair", Change("spaces", 1, 3, "  ", " "))])
    >>> views[1].final, views[1].final_marks[1]
    ('a b', 'repair: spaces: "  " → " "')
    >>> views[1].final_marks[0] == views[1].final_marks[2]  # white space: neighbours marked
    True
    """
    lines = [line.rstrip("\r") for line in split_lines(original)]
    by_line: dict[int, list[ArticleChange]] = {}
    for line_change in changes:
        by_line.setdefault(line_change.line, []).append(line_change)
    views: dict[int, LineView] = {}
    for number, line in enumerate(lines, start=1):
        text = line
        origin: list[int | None] = list(range(len(line)))
        marks: list[Mark] = [None] * len(line)
        original_marks: list[Mark] = [None] * len(line)
        removed_by = None
        for line_change in by_line.get(number, ()):
            change = line_change.change
            if text[change.start : change.end] != change.before:
                break  # does not replay (should not happen); stop marking this line
            step_rule = (
                change.rule
                if change.rule.startswith(line_change.step)
                else f"{line_change.step}: {change.rule}"
            )
            label = f"{step_rule}: {_quote(change.before)} → {_quote(change.after)}"
            touched = origin[change.start : change.end]
            if not touched:  # an insertion: mark the original characters around it
                touched = origin[max(change.start - 1, 0) : change.start + 1]
            for index in touched:
                if index is not None and original_marks[index] is None:
                    original_marks[index] = label
            if change.after == "" and change.start == 0 and change.end == len(text) and text:
                removed_by = change.rule
            new_marks: list[Mark] = [label] * len(change.after)
            text = text[: change.start] + change.after + text[change.end :]
            origin = origin[: change.start] + [None] * len(change.after) + origin[change.end :]
            marks = marks[: change.start] + new_marks + marks[change.end :]
            if not change.after.strip():  # deleted or white space: mark its neighbours
                for index in (change.start - 1, change.start + len(change.after)):
                    if 0 <= index < len(marks) and marks[index] is None:
                        marks[index] = label
        views[number] = LineView(line, text, original_marks, marks, removed_by)
    return views


def _quote(text: str) -> str:
    shown = text if len(text) <= 60 else text[:57] + "…"
    return '"' + shown.replace("\n", "⏎") + '"'


def render_runs(text: str, marks: Sequence[Mark], terms: Sequence[dict[str, Any] | None]) -> str:
    """`text` as HTML, with runs of equally marked characters wrapped in highlights.

    >>> render_runs("a<b", [None, "repair: r", "repair: r"], [None, None, None])
    'a<mark class="chg repair" title="repair: r">&lt;b</mark>'
    """
    out: list[str] = []
    start = 0
    for index in range(1, len(text) + 1):
        if index < len(text) and marks[index] == marks[start] and terms[index] is terms[start]:
            continue
        piece = esc(text[start:index])
        mark = marks[start]
        if mark is not None:
            family = rule_family(mark)
            piece = f'<mark class="chg {family}" title="{esc(mark)}">{piece}</mark>'
        term = terms[start]
        if term is not None:
            title = (
                f"glossary {term['concept_id']} ({term['status']}): "
                f"de {term['de']} · en {term['en']}"
            )
            piece = f'<span class="term {esc(term["status"])}" title="{esc(title)}">{piece}</span>'
        out.append(piece)
        start = index
    return "".join(out)


# --- page assembly ---


def write_report(
    out: IO[str],
    articles: Callable[[], Iterable[Article]],
    totals: RunTotals,
    summary: dict[str, Any],
    options: dict[str, Any],
    detail_limit: int = DEFAULT_DETAIL_LIMIT,
) -> None:
    """Write the page for a run: totals, failures, notes, then the articles.

    `articles` returns a fresh iterator each call: the list of articles and their
    details are written in two passes, so no more than one article is in memory.
    """
    template = Template(_asset("report.html"))
    head, tail = template.safe_substitute(
        css=_asset("report.css"),
        js=_asset("report.js"),
        generated=esc(datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
        options=esc(" ".join(f"{k}={v}" for k, v in options.items())),
        totals=_totals_html(totals, summary),
    ).split("$articles", 1)
    out.write(head)
    out.write('<nav class="toc"><h2>Articles</h2><ol>')
    for number, article in enumerate(articles(), start=1):
        flags = len(article.qa_flags)
        badge = f'<span class="badge {"warn" if flags else "ok"}">{flags} flag(s)</span>'
        title = article.title or article.source.rsplit("/", 1)[-1]
        target = f'href="#a{number}"' if number <= detail_limit else ""
        out.write(
            f"<li><a {target}>{esc(title)}</a> <small>{esc(article.source)} · "
            f"{esc(article.lang)}</small> {badge}</li>"
        )
    out.write("</ol>")
    if totals.articles > detail_limit:
        out.write(
            f"<p class='note'>Details below for the first {detail_limit} of "
            f"{totals.articles} articles (see the JSON files for all).</p>"
        )
    out.write("</nav>")
    for number, article in enumerate(articles(), start=1):
        if number > detail_limit:
            break
        out.write(article_html(article, number))
    out.write(tail)


def _table(title: str, counter: Counter[str], empty: str, css: str = "") -> str:
    rows = "".join(
        f'<tr><td class="{css}">{esc(key)}</td><td class="num">{count}</td></tr>'
        for key, count in counter.most_common(40)
    )
    body = rows or f'<tr><td colspan="2" class="muted">{esc(empty)}</td></tr>'
    return f'<div class="card"><h3>{esc(title)}</h3><table>{body}</table></div>'


def _totals_html(totals: RunTotals, summary: dict[str, Any]) -> str:
    rules = Counter({f"{rule}": count for rule, count in totals.changes_by_rule.items()})
    numbers = (
        f'<div class="numbers">'
        f"<div><b>{totals.articles}</b>articles</div>"
        f"<div><b>{summary.get('skipped', 0)}</b>skipped (done before)</div>"
        f'<div class="{"bad" if summary.get("failed") else ""}"><b>{summary.get("failed", 0)}'
        f"</b>failed</div>"
        f"<div><b>{sum(totals.changes_by_rule.values())}</b>changes</div>"
        f"<div><b>{sum(totals.terms_applied.values())}</b>terms applied</div>"
        f"<div><b>{sum(totals.debris.values())}</b>debris kept</div>"
        f'<div class="{"bad" if totals.flags else ""}"><b>{sum(totals.flags.values())}</b>'
        f"QA flags</div>"
        f"<div><b>{totals.translated}/{totals.sentences}</b>sentences translated</div>"
        f"</div>"
    )
    parts = [numbers]
    failures = summary.get("failures") or []
    if failures:
        items = "".join(f"<li><b>{esc(f['source'])}</b>: {esc(f['error'])}</li>" for f in failures)
        parts.append(f'<div class="card failures"><h3>Failed articles</h3><ul>{items}</ul></div>')
    model_notes = [note for note in totals.notes if note.startswith(NO_MODEL_NOTE)]
    if model_notes:
        parts.append(
            '<div class="card notice"><h3>Not translated</h3><p>'
            f"{esc(model_notes[0])}</p><p>Add a model with <code>mtnorm models install "
            "FILE.argosmodel</code> and run again (finished steps are redone only for "
            "changed options).</p></div>"
        )
    cards = "".join(
        [
            _rule_table(rules),
            _table("Terms applied", totals.terms_applied, "no glossary replacements"),
            _table("QA flags", totals.flags, "no flags: nothing left to review"),
            _table("Debris kept as metadata", totals.debris, "no debris found"),
            _table("Glossary terms found", totals.glossary_hits, "no glossary terms found"),
            _table("Languages", totals.languages, "—"),
        ]
    )
    parts.append(f'<div class="cards">{cards}</div>')
    return "".join(parts)


def _rule_table(rules: Counter[str]) -> str:
    top = max(rules.values(), default=1)
    rows = "".join(
        f'<tr><td><span class="swatch {rule_family(rule)}"></span>{esc(rule)}</td>'
        f'<td class="num">{count}</td>'
        f'<td class="bar"><span style="width:{100 * count // top}%"></span></td></tr>'
        for rule, count in rules.most_common(40)
    )
    body = rows or '<tr><td class="muted">no changes</td></tr>'
    return f'<div class="card wide"><h3>Changes by rule</h3><table>{body}</table></div>'


def article_html(article: Article, number: int) -> str:
    """One article: header, metadata and flags, then original | cleaned | translation."""
    views = line_views(article.original, article.changes)
    hits_by_block: dict[int, list[dict[str, Any]]] = {}
    for hit in article.glossary_hits:
        hits_by_block.setdefault(hit["block"], []).append(hit)
    flags_by_block: dict[int, list[str]] = {}
    for flag in article.qa_flags:
        if flag.block is not None and flag.code not in flags_by_block.get(flag.block, []):
            flags_by_block.setdefault(flag.block, []).append(flag.code)

    original_rows = []
    for line_number, view in views.items():
        css = "line"
        title = ""
        if view.removed_by:
            css += " removed"
            title = f' title="{esc(view.removed_by)} (kept as metadata)"'
        body = render_runs(view.original, view.original_marks, [None] * len(view.original))
        original_rows.append(
            f'<div class="{css}"{title}><span class="ln">{line_number}</span>{body or "&nbsp;"}'
            "</div>"
        )

    cleaned_rows, translated_rows = [], []
    for index, block in enumerate(article.blocks):
        text, marks = _block_text_and_marks(block.segments, views)
        terms: list[dict[str, Any] | None] = [None] * len(text)
        for hit in hits_by_block.get(index, ()):
            for position in range(hit["start"], min(hit["end"], len(text))):
                terms[position] = hit
        flagged = flags_by_block.get(index)
        flag_html = (
            f'<span class="flag" title="{esc(", ".join(flagged))}">⚑ {esc(", ".join(flagged))}'
            "</span>"
            if flagged
            else ""
        )
        cleaned_rows.append(
            f'<div class="block {esc(block.kind)}{" flagged" if flagged else ""}">'
            f'<span class="kind">{esc(block.kind)} · l.{block.line}</span>'
            f"{render_runs(text, marks, terms)}{flag_html}</div>"
        )
        if article.target_lang:
            targets = [pair.target for pair in block.sentences if pair.target is not None]
            translation = " ".join(targets) if targets else ""
            translated_rows.append(
                f'<div class="block {esc(block.kind)}"><span class="kind">{esc(block.kind)}'
                f"</span>{esc(translation) if translation else '<span class=muted>—</span>'}"
                "</div>"
            )
    if not article.target_lang:
        translated_rows.append(
            "<p class='muted'>Not translated in this run (<code>--no-translate</code>).</p>"
        )
    meta_rows = "".join(
        f'<tr><td>{esc(kind)}</td><td class="num">{esc(item.get("line", ""))}</td>'
        f"<td>{esc(item.get('text', ''))}"
        f"{(' → ' + esc(item['target'])) if item.get('target') else ''}</td></tr>"
        if kind != "input"
        else "<tr><td>input</td><td></td><td>"
        f"{esc(', '.join(f'{k}: {v}' for k, v in item.items()))}</td></tr>"
        for kind, items in article.metadata.items()
        for item in items
    )
    flag_rows = "".join(
        f"<li><b>{esc(flag.code)}</b> {esc(flag.message)}"
        f"{' (block ' + str(flag.block) + ')' if flag.block is not None else ''}"
        f"{' — <q>' + esc(flag.excerpt) + '</q>' if flag.excerpt else ''}</li>"
        for flag in article.qa_flags
    )
    notes = "".join(f"<li>{esc(note)}</li>" for note in article.notes)
    title = article.title or article.source
    flagged_attr = "true" if article.qa_flags else "false"
    translation_head = (
        f"Translation ({esc(article.lang)}→{esc(article.target_lang)})"
        if article.target_lang
        else "Translation"
    )
    return f"""
<section class="article" id="a{number}" data-flagged="{flagged_attr}">
<header><h2>{number}. {esc(title)}</h2>
<p class="meta"><code>{esc(article.source)}</code> · language <b>{esc(article.lang)}</b>
({article.lang_confidence:.2f}) · {len(article.changes)} changes ·
{len(article.glossary_hits)} glossary terms · {len(article.qa_flags)} QA flags ·
steps: {esc(", ".join(article.steps))}</p></header>
<div class="details">
<details {"open" if meta_rows else ""}><summary>Metadata and debris ({
        sum(len(v) for v in article.metadata.values())
    })</summary>
<table class="metadata">{meta_rows or "<tr><td class=muted>none</td></tr>"}</table></details>
<details {"open" if flag_rows else ""}><summary>QA flags ({len(article.qa_flags)})</summary>
<ul class="flags">{flag_rows or "<li class=muted>none</li>"}</ul>
{f"<ul class='notes'>{notes}</ul>" if notes else ""}</details>
</div>
<div class="columns">
<div class="col original"><h3>Original</h3>{"".join(original_rows)}</div>
<div class="col cleaned"><h3>Cleaned</h3>{"".join(cleaned_rows)}</div>
<div class="col translation"><h3>{translation_head}</h3>{"".join(translated_rows)}</div>
</div>
</section>"""


def _block_text_and_marks(
    segments: Sequence[tuple[int, int, int]], views: dict[int, LineView]
) -> tuple[str, list[Mark]]:
    text_parts: list[str] = []
    marks: list[Mark] = []
    for index, (line, start, end) in enumerate(segments):
        view = views.get(line)
        if view is None:
            continue
        if index:
            text_parts.append(" ")
            marks.append(None)
        text_parts.append(view.final[start:end])
        marks.extend(view.final_marks[start:end])
    return "".join(text_parts), marks
