"""mtnorm's text pipeline: clean machine-translated news text, explain every change.

Public API::

    from normalize import clean_text, Change, CleanConfig
    result = clean_text("GÃ © camines und die DDR Kongo", lang="de")
    result.text, result.explain()

Translation (`translate`) and the article pipeline (`process_article`) are imported
lazily, so `import normalize` stays light and never imports Argos Translate.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

from .changes import Change, replay_changes
from .clean import CleanResult, LineChange, clean_text
from .config import CleanConfig
from .detect import Detection, detect
from .pipeline import DEFAULT_STEPS, Step, StepContext, available_steps, build_steps

# name -> module that defines it; loaded on first use.
_LAZY = {
    "translate": "normalize.translate",
    "segment_text": "normalize.segment",
    "segment_paragraphs": "normalize.segment",
    "Sentence": "normalize.segment",
    "process_article": "normalize.article",
    "Article": "normalize.article",
}


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'normalize' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module_name), name)
    # importing normalize.translate binds the submodule to the package's `translate`;
    # the public name is the function, so bind it over the submodule
    globals()[name] = value
    return value


__all__ = [
    "DEFAULT_STEPS",
    "Change",
    "CleanConfig",
    "CleanResult",
    "Detection",
    "LineChange",
    "Step",
    "StepContext",
    "__version__",
    "available_steps",
    "build_steps",
    "clean_text",
    "detect",
    "replay_changes",
    *_LAZY,
]
