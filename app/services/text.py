"""Article text: HTML to clean text, and the keys that make a repeated post recognisable."""

from __future__ import annotations

import hashlib
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from inscriptis import get_text

# Query parameters that track a click rather than name a page.
_TRACKING_PREFIXES = ("utm_", "fbclid", "gclid", "mc_", "ref", "cmpid")


def html_to_text(html: str) -> str:
    """The readable text of an HTML document, paragraphs separated by blank lines."""
    text = get_text(html)
    paragraphs = [" ".join(line.split()) for line in text.splitlines()]
    return "\n\n".join(p for p in paragraphs if p)


def normalize_text(text: str) -> str:
    """NFC text with runs of white space collapsed: what the content hash is taken over."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def content_hash(text: str) -> str:
    """SHA-256 (hex) of the normalized text."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


def normalize_url(url: str) -> str:
    """A canonical form of an article URL: lower-case scheme and host, no default port,
    fragment or tracking parameters, sorted query, no trailing slash."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.port and not (
        (parts.scheme == "http" and parts.port == 80)
        or (parts.scheme == "https" and parts.port == 443)
    ):
        host = f"{host}:{parts.port}"
    query = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith(_TRACKING_PREFIXES)
    )
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), host, path, urlencode(query), ""))


def dedup_key(url: str | None, text: str) -> str:
    """The idempotency key: the normalized URL when there is one, else the content hash."""
    return f"url:{normalize_url(url)}" if url else f"sha256:{content_hash(text)}"
