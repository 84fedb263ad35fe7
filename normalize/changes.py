"""Explanations as data: the `Change` record and helpers that apply rules while recording them.

Every automatic edit mtnorm makes is a `Change(rule, start, end, before, after)`.
Offsets are in the text *as the rule received it*, so a list of changes replays in
order (`replay_changes`) from the input to the output, like a patch series.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import regex

#: A fix function: takes text, returns fixed text. One function per kind of fix.
Fixer = Callable[[str], str]

# Above this many characters in the changed region a character diff is too slow
# to be worth it; the change is then reported as one block.
_MAX_DIFF_REGION = 20_000
# Up to this size a changed region is diffed character by character directly.
_MAX_CHARACTER_DIFF = 200
# Word, space run or single other character: the units long regions are aligned on.
_TOKEN = regex.compile(r"\w+|\s+|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Change:
    """One edit: `rule` replaced `before` at `start:end` with `after`."""

    rule: str
    start: int
    end: int
    before: str
    after: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def shifted(self, offset: int) -> Change:
        """The same change with its offsets moved by `offset` characters."""
        return Change(self.rule, self.start + offset, self.end + offset, self.before, self.after)


def replay_changes(text: str, changes: Iterable[Change]) -> str:
    """Apply `changes` in order to `text`; raises ValueError if one does not fit.

    >>> replay_changes("a  b", [Change("spaces", 1, 3, "  ", " ")])
    'a b'
    """
    for change in changes:
        if text[change.start : change.end] != change.before:
            raise ValueError(f"change does not fit the text: {change}")
        text = text[: change.start] + change.after + text[change.end :]
    return text


def diff_changes(rule: str, before: str, after: str) -> list[Change]:
    """Describe how `before` became `after` as minimal changes attributed to `rule`.

    Changes are listed so that they replay in order (offsets account for earlier edits).

    >>> diff_changes("demo", "GÃ© camines", "Gécamines")
    [Change(rule='demo', start=1, end=4, before='Ã© ', after='é')]
    """
    if before == after:
        return []
    prefix = 0
    limit = min(len(before), len(after))
    while prefix < limit and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < limit - prefix
        and before[len(before) - 1 - suffix] == after[len(after) - 1 - suffix]
    ):
        suffix += 1
    old_mid = before[prefix : len(before) - suffix]
    new_mid = after[prefix : len(after) - suffix]
    if len(old_mid) + len(new_mid) > _MAX_DIFF_REGION:
        return [Change(rule, prefix, prefix + len(old_mid), old_mid, new_mid)]
    if len(old_mid) + len(new_mid) <= _MAX_CHARACTER_DIFF:
        return _character_diff(rule, old_mid, new_mid, prefix)
    # Long regions: align word tokens first (cheap), then diff characters only
    # inside the token blocks that differ; a character diff of a whole paragraph is
    # quadratic and dominated clean-up time.
    old_tokens = _TOKEN.findall(old_mid)
    new_tokens = _TOKEN.findall(new_mid)
    old_offsets = _offsets(old_tokens)
    new_offsets = _offsets(new_tokens)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    changes: list[Change] = []
    shift = prefix
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        old_block = old_mid[old_offsets[i1] : old_offsets[i2]]
        new_block = new_mid[new_offsets[j1] : new_offsets[j2]]
        changes.extend(_character_diff(rule, old_block, new_block, old_offsets[i1] + shift))
        shift += len(new_block) - len(old_block)
    return changes


def _offsets(tokens: Sequence[str]) -> list[int]:
    offsets = [0]
    for token in tokens:
        offsets.append(offsets[-1] + len(token))
    return offsets


def _character_diff(rule: str, old_mid: str, new_mid: str, shift: int) -> list[Change]:
    """Character-level changes turning `old_mid` (found at `shift`) into `new_mid`."""
    matcher = difflib.SequenceMatcher(None, old_mid, new_mid, autojunk=False)
    changes: list[Change] = []
    pending: tuple[int, int, int, int] | None = None
    # Merge edits separated by nothing, and report each block in edited-text offsets.
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            if pending:
                changes.append(_block(rule, old_mid, new_mid, pending, shift))
                shift += (pending[3] - pending[2]) - (pending[1] - pending[0])
                pending = None
            continue
        pending = (i1, i2, j1, j2) if pending is None else (pending[0], i2, pending[2], j2)
    if pending:
        changes.append(_block(rule, old_mid, new_mid, pending, shift))
    return changes


def _block(rule: str, old: str, new: str, span: tuple[int, int, int, int], shift: int) -> Change:
    i1, i2, j1, j2 = span
    return Change(rule, i1 + shift, i2 + shift, old[i1:i2], new[j1:j2])


def apply_fixers(text: str, fixers: Sequence[tuple[str, Fixer]]) -> tuple[str, list[Change]]:
    """Run each named str → str fixer in turn, recording what each one changed.

    >>> apply_fixers("a  b", [("collapse_spaces", lambda s: s.replace("  ", " "))])
    ('a b', [Change(rule='collapse_spaces', start=2, end=3, before=' ', after='')])
    """
    changes: list[Change] = []
    for name, fixer in fixers:
        fixed = fixer(text)
        if fixed != text:
            changes.extend(diff_changes(name, text, fixed))
            text = fixed
    return text, changes


def sub_explained(
    pattern: regex.Pattern[str],
    repl: Callable[[regex.Match[str]], str],
    text: str,
    rule: str,
) -> tuple[str, list[Change]]:
    """`pattern.sub(repl, text)` that also returns a Change per replaced match.

    >>> sub_explained(regex.compile(r" +"), lambda m: " ", "a   b", "spaces")
    ('a b', [Change(rule='spaces', start=1, end=4, before='   ', after=' ')])
    """
    parts: list[str] = []
    changes: list[Change] = []
    last = 0
    shift = 0
    for match in pattern.finditer(text):
        replacement = repl(match)
        before = match.group(0)
        parts.append(text[last : match.start()])
        parts.append(replacement)
        last = match.end()
        if replacement != before:
            start = match.start() + shift
            changes.append(Change(rule, start, start + len(before), before, replacement))
            shift += len(replacement) - len(before)
    if not changes:
        return text, []
    parts.append(text[last:])
    return "".join(parts), changes
