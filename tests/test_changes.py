"""Change records: every explanation must replay exactly from input to output."""

from __future__ import annotations

import regex
from hypothesis import given
from hypothesis import strategies as st

from normalize.changes import Change, apply_fixers, diff_changes, replay_changes, sub_explained

TEXT = st.text(alphabet="ab äÃ©-–„“\"' .,", max_size=40)


@given(TEXT, TEXT)
def test_diff_changes_replay_to_the_new_text(before: str, after: str) -> None:
    changes = diff_changes("rule", before, after)
    assert replay_changes(before, changes) == after
    assert all(change.rule == "rule" for change in changes)
    assert (changes == []) == (before == after)


def test_diff_changes_are_minimal_and_local() -> None:
    changes = diff_changes("dash", "Preise - so Händler - bleiben", "Preise – so Händler – bleiben")
    assert [(c.before, c.after) for c in changes] == [("-", "–"), ("-", "–")]
    assert changes[0].start == 7


def test_apply_fixers_attributes_each_change_to_its_rule() -> None:
    text, changes = apply_fixers(
        "a  b ( c )",
        [
            ("collapse", lambda s: regex.sub(r" {2,}", " ", s)),
            ("brackets", lambda s: s.replace("( c )", "(c)")),
        ],
    )
    assert text == "a b (c)"
    assert {c.rule for c in changes} == {"collapse", "brackets"}
    assert replay_changes("a  b ( c )", changes) == text


@given(st.text(alphabet="x y", max_size=30))
def test_sub_explained_matches_plain_sub(text: str) -> None:
    pattern = regex.compile(r" +")
    new, changes = sub_explained(pattern, lambda m: " ", text, "spaces")
    assert new == pattern.sub(" ", text)
    assert replay_changes(text, changes) == new


def test_replay_refuses_a_change_that_does_not_fit() -> None:
    try:
        replay_changes("abc", [Change("r", 0, 1, "x", "y")])
    except ValueError as error:
        assert "does not fit" in str(error)
    else:
        raise AssertionError("a wrong change was replayed")


LONG_TEXT = st.text(alphabet="abc äÃ©-–„“ .,", min_size=150, max_size=400)


EDITS = st.lists(st.tuples(st.integers(0, 399), st.sampled_from(["", "x", "  ", "–"])), max_size=8)


@given(LONG_TEXT, EDITS)
def test_long_regions_diff_by_tokens_and_still_replay(
    before: str, edits: list[tuple[int, str]]
) -> None:
    chars = list(before)
    for index, replacement in edits:
        if index < len(chars):
            chars[index] = replacement
    after = "".join(chars)
    changes = diff_changes("rule", before, after)
    assert replay_changes(before, changes) == after
    assert sum(len(c.before) for c in changes) <= len(before)
