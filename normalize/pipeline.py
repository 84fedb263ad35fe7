"""The step contract: a text pipeline is an ordered list of named steps.

A step takes a text and a `StepContext` (the language and the config) and returns the
new text and the `Change` records explaining it. Steps know nothing of each other,
so one can be added, skipped or reordered without touching the rest. Steps are
registered by name in `STEP_FACTORIES`; `build_steps(names)` turns names into steps.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from .changes import Change
from .config import CleanConfig


@dataclass(frozen=True)
class StepContext:
    """What a step may know besides the text: the text's language and the config."""

    lang: str = "und"
    config: CleanConfig = field(default_factory=CleanConfig)


class Step(Protocol):
    """A named text transformation that explains itself."""

    name: str

    def __call__(self, text: str, context: StepContext) -> tuple[str, list[Change]]: ...


@dataclass(frozen=True)
class FunctionStep:
    """A step made from a plain function `(text, context) -> (text, changes)`."""

    name: str
    function: Callable[[str, StepContext], tuple[str, list[Change]]]

    def __call__(self, text: str, context: StepContext) -> tuple[str, list[Change]]:
        return self.function(text, context)


# name -> "module:attribute" of a step object; imported lazily so that a step's
# dependencies (the glossary, say) load only when the step is used.
STEP_FACTORIES: dict[str, str] = {
    "repair": "normalize.repair:REPAIR_STEP",
    "typography": "normalize.typography:TYPOGRAPHY_STEP",
    "terms": "normalize.terms:TERMS_STEP",
}

#: The steps `clean` runs by default, in order.
DEFAULT_STEPS: tuple[str, ...] = CleanConfig().steps


def available_steps() -> tuple[str, ...]:
    return tuple(STEP_FACTORIES)


def build_steps(names: Sequence[str]) -> list[Step]:
    """Resolve step names to step objects, in the order given.

    >>> [step.name for step in build_steps(["repair"])]
    ['repair']
    """
    steps: list[Step] = []
    for name in names:
        target = STEP_FACTORIES.get(name)
        if target is None:
            known = ", ".join(STEP_FACTORIES)
            raise ValueError(f"unknown step {name!r}; known steps: {known}")
        module_name, attribute = target.split(":")
        steps.append(getattr(importlib.import_module(module_name), attribute))
    return steps


def run_steps(text: str, steps: Sequence[Step], context: StepContext) -> tuple[str, list[Change]]:
    """Run `steps` over `text` in order, collecting every change."""
    changes: list[Change] = []
    for step in steps:
        text, step_changes = step(text, context)
        changes.extend(step_changes)
    return text, changes
