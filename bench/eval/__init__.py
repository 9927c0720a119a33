"""Extraction evaluation on public gold corpora: ``python -m bench.eval`` (see __main__)."""
