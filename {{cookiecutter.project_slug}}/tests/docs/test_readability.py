"""The customer overview reads at school grade 6 or below (Flesch-Kincaid).

The names from the questionnaire are swapped for a one-syllable word first: the grade
measures our sentences, not the length of a customer's or vendor's name.
"""

from __future__ import annotations

import textstat  # type: ignore[import-untyped]

from {{ cookiecutter.__package_name }}.constants import (
    CUSTOMER_NAME,
    INTEGRATION_NAME,
    VENDOR_NAME,
)

from tests.docs.markdown import plain_text, read_doc

MAX_GRADE = 6.0


def overview_text() -> str:
    text = plain_text(read_doc("customer-overview.md"))
    for name in sorted({INTEGRATION_NAME, CUSTOMER_NAME, VENDOR_NAME}, key=len, reverse=True):
        text = text.replace(name, "Acme")
    return text


def test_customer_overview_reads_at_grade_six_or_below() -> None:
    text = overview_text()
    grade = float(textstat.flesch_kincaid_grade(text))
    assert grade <= MAX_GRADE, f"Flesch-Kincaid grade {grade:.1f} > {MAX_GRADE}: shorter words"


def test_customer_overview_keeps_sentences_short() -> None:
    sentences = [s for s in overview_text().replace("!", ".").split(". ") if s]
    longest = max(sentences, key=lambda sentence: len(sentence.split()))
    assert len(longest.split()) <= 25, longest
