"""The explorer's data: every meta as compact JSON. (Being written.)"""

from __future__ import annotations


def index(portal, derived) -> bytes:
    return b"[]"
