"""The real-copy regression set (#13): every document gives exactly its expected findings.

`python -m tests.realcopy_score` prints precision and recall over the same set.
"""

from __future__ import annotations

import pytest

from tests.realcopy_score import actual, documents

DOCUMENTS = {d["name"]: d for d in documents()}


def test_the_set_is_large_enough_and_names_are_unique():
    assert len(DOCUMENTS) == len(documents()) >= 60


@pytest.mark.parametrize("language", ["de", "ja"])
def test_each_language_has_twenty_documents_with_claims_negations_and_questions(language):
    """#18: at least 20 short documents per language, some negated, some questions."""
    names = [n for n, d in DOCUMENTS.items() if d.get("language") == language]
    assert len(names) >= 20
    assert any("question" in n for n in names)
    assert any(not DOCUMENTS[n]["expected"] for n in names)
    assert any(DOCUMENTS[n]["expected"] for n in names)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_document_findings_exactly(name, tmp_path):
    document = DOCUMENTS[name]
    assert actual(document, tmp_path) == sorted(document["expected"])
