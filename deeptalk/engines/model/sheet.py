"""The fact sheet held to the persona: a line the model wrote that says what the persona's own
words rule out is put right before any answer reads it.

The one such line readers met is who decides. For a persona who owns the business or works alone
("Owns a small pet supplies shop", "Self-employed tiler", "a one-woman flower studio"), the 135M
model still writes "Decides: The owner, Helmut, decides everything on his own budget.", and the
customer, drawing on the sheet, then says "Helmut, my owner." (a demo reader's worst customer line).
Such a line becomes "{first name} decides alone."
"""

from __future__ import annotations

import re

from .wordlists import WORDS, whole_words

_OWNER_ROLE = whole_words(WORDS["owners"]["roles"])
_NOT_OWNER_ROLE = whole_words(WORDS["owners"]["not_roles"])
_OWNER_BACKGROUND = whole_words(WORDS["owners"]["backgrounds"])
_SELF = re.compile(r"^\s*(?:he|she|they|i)\b", re.IGNORECASE)


def owns_the_business(role: str, background: str) -> bool:
    """Whether the persona owns their business or works alone: no one above them decides."""
    owner_role = bool(_OWNER_ROLE.search(role)) and not _NOT_OWNER_ROLE.search(role)
    return owner_role or bool(_OWNER_BACKGROUND.search(background))


def decides(line: str, name: str, role: str, background: str) -> str:
    """The sheet's "Decides" line as the persona allows it: as written where they decide ("She
    decides alone.", "Rachel decides and pays…") or where someone above them may; else theirs alone."""
    first = name.split()[0] if name.strip() else ""
    if not owns_the_business(role, background) or _SELF.match(line) or (first and line.startswith(first)):
        return line
    return f"{first} decides alone." if first else "They decide alone."
