"""Did-you-mean: the known name closest to a misspelt one, for the findings' hints.

Imports nothing of the package.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable


def suggest(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean 'x'?)' suffix for the closest choice, or ''."""
    options = list(choices)
    match = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not match:
        match = [c for c in options if c.lower() == word.lower()][:1]
    if not match:
        # Abbreviations ('infra-ops' for 'infrastructure-operations'), when only one fits.
        found = [c for c in options if _abbreviates(word, c)]
        match = found if len(found) == 1 else []
    return f" (did you mean '{match[0]}'?)" if match else ""


def _abbreviates(short: str, long: str) -> bool:
    """Whether each part of ``short`` is an in-order abbreviation of the same part of ``long``."""
    parts, full = re.split(r"[-_.]", short.lower()), re.split(r"[-_.]", long.lower())
    if len(parts) != len(full) or short.lower() == long.lower():
        return False
    for part, word in zip(parts, full, strict=True):
        if not part or part[0] != word[0]:
            return False
        letters = iter(word)
        if not all(ch in letters for ch in part):
            return False
    return True
