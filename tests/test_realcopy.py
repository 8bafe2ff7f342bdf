"""The real-copy regression set (#13): every document gives exactly its expected findings.

`python -m tests.realcopy_score` prints precision and recall over the same set.
"""

from __future__ import annotations

import pytest

from tests.realcopy_score import actual, documents

DOCUMENTS = {d["name"]: d for d in documents()}


def test_the_set_is_large_enough_and_names_are_unique():
    assert len(DOCUMENTS) == len(documents()) >= 60


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_document_findings_exactly(name, tmp_path):
    document = DOCUMENTS[name]
    assert actual(document, tmp_path) == sorted(document["expected"])
