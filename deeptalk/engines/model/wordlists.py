"""The model engines' word lists, read from words.yaml beside this module (each list stated once
there, with what it is for), and the one matcher for a list of whole words."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Iterable

import yaml

WORDS_FILE = Path(__file__).with_name("words.yaml")
WORDS: dict = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))


def whole_words(listed: Iterable[str]) -> re.Pattern[str]:
    """A list as whole words and phrases; a trailing * stands for any ending ("frustrat*")."""
    forms = [re.escape(w.strip()).replace(r"\*", r"\w*").replace(r"\ ", r"\s+") for w in listed]
    return re.compile(rf"\b(?:{'|'.join(forms)})\b", re.IGNORECASE)


def digest() -> str:
    """A digest of the lists words.yaml states (their values: a comment fixed there changes
    nothing), for the strategy's fingerprint and its version check."""
    listed = json.dumps(WORDS, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(listed.encode()).hexdigest()[:12]
