"""The brand guide's own Examples section and §0 false-positive traps."""

from __future__ import annotations

import pytest

from l2lint import lint_text
from tests.conftest import brief, codes

CORRECT = """\
Panasonic's new LUMIX S5II is the first camera built with L² Technology,
developed jointly with Leica Camera AG. L² Technology (L squared
Technology) fuses the two "L"s of Leica and LUMIX; there is no merger, and
each company keeps its own brand. Pair it with the LEICA DG SUMMILUX 9mm
lens. More at https://www.panasonic.com/global/consumer/lumix.html.

The kernel's L2 cache and the L² norm of the gradient are unrelated.
"""


def test_correct_text_gives_nothing():
    assert lint_text(CORRECT) == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("The Lumix S5II is powered by L2 technology.", ["B201", "C301", "T101"]),
        ("Leica and Panasonic's merger created L² Technology.", ["A401", "C301"]),
        ("Sigma is an L² Technology partner.", ["A403", "C301"]),
        ("Shop the new Leica-LUMIX range.", ["C302"]),
        ("L² Technology comes to Panasonic camcorders this spring.", ["A404", "C301"]),
    ],
)
def test_wrong_lines_give_exactly_the_listed_findings(line, expected):
    assert sorted(codes(lint_text(line))) == expected


def test_first_wrong_line_positions_and_messages():
    findings = lint_text("The Lumix S5II is powered by L2 technology.")
    assert brief(findings) == [
        ("B201", 1, 5, 1, 10, "Lumix"),
        ("C301", 1, 30, 1, 43, "L2 technology"),
        ("T101", 1, 30, 1, 43, "L2 technology"),
    ]
    c301 = next(f for f in findings if f.code == "C301")
    assert c301.message.endswith("does not name Leica.")


@pytest.mark.parametrize(
    ("line", "missing"),
    [
        ("Leica and Panasonic's merger created L² Technology.", "LUMIX"),
        ("Sigma is an L² Technology partner.", "Leica and LUMIX"),
    ],
)
def test_c301_names_what_is_missing(line, missing):
    c301 = [f for f in lint_text(line) if f.code == "C301"]
    assert len(c301) == 1
    assert c301[0].message.endswith(f"does not name {missing}.")


@pytest.mark.parametrize(
    "text",
    [
        "The CPU's L2 cache is 1 MB per core.",
        "We minimise the L² norm of the error and add L2 regularisation to the loss.",
        "The L2 technology roadmap for the Ethereum network targets lower fees.",
        'Layer-2 "L2 technology" scales blockchains.',
        "Leica Geosystems surveying equipment and Leica Microsystems microscopes.",
        "Read https://www.panasonic.com/global/consumer/lumix.html and www.lumix-fans.example.org/l2.",
        "Write to press@lumix-example.com or lumix@panasonic.example.",
        "Follow @lumix_official and tag #Lumix #leica #L2Technology.",
        "Download lumix-s5ii.jpg or firmware/lumix/update.bin.",
    ],
)
def test_false_positive_traps_give_nothing(text):
    assert lint_text(text) == []


def test_negation_and_questions_are_not_claims():
    assert lint_text("Is L² Technology from Leica and LUMIX a merger?") == []
    assert lint_text("L² Technology from Leica and LUMIX is not a licensing agreement.") == []
    assert (
        lint_text("L² Technology from Leica and LUMIX is neither a merger nor a joint venture.")
        == []
    )
    assert lint_text("Camcorders from LUMIX are not part of Leica's L² Technology.") == []


def test_claim_span_covers_the_claim_words():
    findings = [
        f
        for f in lint_text("Leica and Panasonic's merger created L² Technology.")
        if f.code == "A401"
    ]
    assert brief(findings) == [
        ("A401", 1, 1, 1, 51, "Leica and Panasonic's merger created L² Technology")
    ]


def test_overlaps_resolve_to_the_longest_match_whatever_the_rule_order():
    # "Leica-Lumix" is both a fused name (C302) and a wrong case (B201): the longer span
    # wins, but a finding with a fix inside one without (C302, B206 ask for a rewording)
    # is reported too (#13), so --fix still corrects the case.
    assert codes(lint_text("Shop the Leica-Lumix range.")) == ["C302", "B201"]
    assert codes(lint_text("The Lumix's screen.")) == ["B201", "B206"]
    # of two findings with fixes, only the longer one: "L mount alliance" is one B204
    assert codes(lint_text("Members of the L mount alliance.")) == ["B204"]


def test_positions_count_unicode_characters_and_lines():
    text = "Intro line with L² and ² and é.\n\nA second paragraph: the Lumix G9II ☺ and lumix."
    found = brief(lint_text(text))
    assert found == [("B201", 3, 25, 3, 30, "Lumix"), ("B201", 3, 42, 3, 47, "lumix")]
