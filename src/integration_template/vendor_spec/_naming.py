"""Names from a spec: the vendor from info.title, the resource from the collection segment."""

from __future__ import annotations

import re

# Trailing words a spec title carries that are not the vendor's name ("Stripe API",
# "GitHub v3 REST API", "Square Connect API", "Twilio - Api").
_TITLE_NOISE = re.compile(
    r"(?:\s*[-:]\s*|\s+)(?:(?:rest|web|http|public|open)\s+)?(?:api|apis)"
    r"(?:\s+(?:v?\d+(?:\.\d+)*|reference|specification|documentation))?\s*$",
    re.IGNORECASE,
)
_VERSION_WORD = re.compile(r"\s+v\d+(?:\.\d+)*\s*$", re.IGNORECASE)
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|[^A-Za-z0-9]+")
_EXTENSION = re.compile(r"\.(?:json|xml)$", re.IGNORECASE)
IRREGULAR_PLURALS = {"people": "person", "children": "child", "men": "man", "women": "woman"}
UNCHANGED = frozenset({"news", "series", "species", "data", "status", "address", "analysis"})


def vendor_name(title: str) -> str:
    """info.title without 'The' in front or 'API' (and a version) behind it."""
    name = " ".join(title.split())
    for pattern in (_TITLE_NOISE, _VERSION_WORD, _TITLE_NOISE):
        shorter = pattern.sub("", name).strip()
        name = shorter or name
    shorter = _LEADING_THE.sub("", name).strip()
    return shorter or name


def snake(text: str) -> str:
    """Words of any spelling (camelCase, PascalCase, kebab-case, dots) as snake_case."""
    return "_".join(part.lower() for part in _WORD_BOUNDARY.split(text) if part)


def collection_word(segment: str) -> str:
    """The noun of a collection segment: 'Messages.json' -> 'messages',
    'conversations.list' -> 'conversations', 'payment-intents' -> 'payment_intents'."""
    bare = _EXTENSION.sub("", segment)
    if "." in bare:
        bare = bare.split(".", 1)[0]
    return snake(bare)


def singular(word: str) -> str:
    """English singular of a snake_case plural; only its last word changes."""
    head, _, last = word.rpartition("_")
    prefix = f"{head}_" if head else ""
    if last in IRREGULAR_PLURALS:
        return prefix + IRREGULAR_PLURALS[last]
    if last in UNCHANGED or last.endswith(("ss", "us", "is")):
        return word
    if last.endswith("ies") and len(last) > 4:
        return prefix + last[:-3] + "y"
    if last.endswith(("sses", "shes", "ches", "xes", "zes", "uses")):
        return prefix + last[:-2]
    if last.endswith("s") and len(last) > 1:
        return prefix + last[:-1]
    return word
