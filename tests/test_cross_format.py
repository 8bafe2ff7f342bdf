"""Same copy, same findings, in every format (#13, #19).

Each case is rendered as .txt, .md, .html, .docx, .mdx, .pptx, .pdf, .xlf and .po and
checked through the CLI; the findings, as codes at prose positions (block, line in
block, column), must be exactly the expected ones in every format where the case applies.
CR-only and CRLF line endings must not move them.
"""

from __future__ import annotations

import pytest

from tests.crossformat import FORMATS, findings

P = "paragraph"

# name: (blocks, expected [(code, block, line, column)])
CASES = {
    # sentences: an abbreviation does not end a sentence; the negation still holds
    "fig-abbreviation": (
        [(P, ["L² Technology is not, as Fig. 2 shows, a merger of Leica and LUMIX."])],
        [],
    ),
    "sec-abbreviation": (
        [
            (
                P,
                [
                    "L² Technology is neither a merger nor, as Sec. 2 explains, a joint venture of Leica and LUMIX."
                ],
            )
        ],
        [],
    ),
    "approx-vol-abbreviations": (
        [(P, ["Leica and LUMIX did not merge (see vol. 3, approx. p. 20, cf. Ch. 4) in 2022."])],
        [],
    ),
    # an ellipsis before a capital ends the claim sentence; only "Really?" asks
    "ellipsis-dots": (
        [(P, ["Leica and Panasonic merged in 2022... Really?"])],
        [("A401", 0, 0, 1)],
    ),
    "ellipsis-unicode": (
        [(P, ["Leica and Panasonic merged in 2022… Really?"])],
        [("A401", 0, 0, 1)],
    ),
    "ellipsis-then-claim": (
        [(P, ["Is it true? Well… Panasonic acquired Leica last year, says one blog."])],
        [("A401", 0, 0, 19)],
    ),
    # a number is not a negation; nor are "not only" and "no doubt"
    "no-dot-number": (
        [(P, ["Leica and Panasonic merged in 2022, said blog No. 1."])],
        [("A401", 0, 0, 1)],
    ),
    "not-only": (
        [(P, ["Leica and Panasonic formed not only a partnership but a joint venture."])],
        [("A401", 0, 0, 1)],
    ),
    "no-doubt": (
        [(P, ["There is no doubt that Leica and Panasonic merged."])],
        [("A401", 0, 0, 24)],
    ),
    # a negation in another clause does not cancel the claim
    "negation-other-clause": (
        [(P, ["It isn't cheap, but the merger of Leica and Panasonic made it possible."])],
        [("A401", 0, 0, 25)],
    ),
    "negation-colon": (
        [(P, ["Leica did not wait: Leica and Panasonic merged their labs."])],
        [("A401", 0, 0, 1)],
    ),
    # claim words by lemma with words in between
    "newly-created-brand": (
        [
            (
                P,
                [
                    "Leica and Panasonic will put the newly created brand, L² Technology, on future LUMIX bodies."
                ],
            )
        ],
        [("A401", 0, 0, 1)],
    ),
    "newly-formed-joint-company": (
        [(P, ["The newly formed joint company of Leica and Panasonic sells LUMIX bodies."])],
        [("A401", 0, 0, 5)],
    ),
    # brand knowledge
    "lumix-engine": (
        [
            ("heading", ["Build notes"]),
            (P, ["Lumix Engine renders the scene from the player camera; see the video tutorial."]),
        ],
        [],
    ),
    "leica-microsystems": (
        [
            (
                P,
                [
                    "The LEICA MICROSYSTEMS scope and a leica Geosystems total station, next to a LUMIX camera."
                ],
            )
        ],
        [],
    ),
    "l2-cache": (
        [(P, ["The LUMIX camera supports L2 and L3 cache modes."])],
        [],
    ),
    "l2-ethernet": (
        [(P, ["LUMIX cameras ship with an L2 Ethernet switch driver and an L2 VPN client."])],
        [],
    ),
    "pana-leica": (
        [
            (
                P,
                [
                    "My favourite lens is the PanaLeica 42.5mm, and my friend swears by her Pana-Leica zoom."
                ],
            )
        ],
        [("C302", 0, 0, 26), ("C302", 0, 0, 72)],
    ),
    "gloss-quoted-name": (
        [
            (
                P,
                [
                    "Both firms market the idea as “L² Technology” (L squared Technology) for Leica and LUMIX."
                ],
            )
        ],
        [],
    ),
    "gloss-or": (
        [(P, ["Leica and LUMIX promote L² Technology (or L squared Technology) at trade fairs."])],
        [],
    ),
    "gloss-pronounced": (
        [
            (
                P,
                [
                    "Leica and LUMIX promote “L² Technology” (pronounced “L-squared Technology”) at fairs."
                ],
            )
        ],
        [],
    ),
    "file-names-any-case": (
        [(P, ["Download Lumix-S5II.jpg and Lumix-S9.JPG and Lumix-G9.PDF today, LUMIX fans."])],
        [],
    ),
    "domains-any-case": (
        [
            (
                P,
                [
                    "Shop at WWW.LUMIX.COM/Lumix-S5II, Shop.Lumix.COM or lumix.camera; the Lumix S9 is there."
                ],
            )
        ],
        [("B201", 0, 0, 71)],
    ),
    # a list is one context
    "list-context": (
        [
            ("heading", ["Notes"]),
            (
                "list",
                [
                    "I carried the 20mm lens all day.",
                    "Nothing else.",
                    "Next time I will compare two micro 4/3 bodies.",
                ],
            ),
        ],
        [("B205", 1, 2, 30)],
    ),
    "list-context-intro": (
        [
            (P, ["What I packed for the LUMIX trip:"]),
            ("list", ["A small bag.", "Spare batteries.", "Two MFT primes."]),
        ],
        [("B205", 1, 2, 5)],
    ),
    # #13 follow-ups: invisible characters inside words are not part of the text; a
    # gloss protects only itself; pseudo-negations; a cache size is not the brand
    "invisible-characters": (
        [
            (
                P,
                [
                    "Leica and LUMIX present L² Tech\u00adnology, the Lu\u200bmix S9 and the L\u2011Mount."
                ],
            )
        ],
        [("B201", 0, 0, 45)],
    ),
    "gloss-after-wrong-name": (
        [(P, ["L2 Technology (L squared Technology) is new. It unites Leica and LUMIX."])],
        [("T101", 0, 0, 1)],
    ),
    "pseudo-negation-no-question": (
        [(P, ["There is no question that Leica and Panasonic merged."])],
        [("A401", 0, 0, 27)],
    ),
    "l2-cache-size": (
        [(P, ["Inside the LUMIX S5II, the image processor has 2 MB of L2 and 8 MB of L3."])],
        [],
    ),
    "list-no-context": (
        [("heading", ["Groceries"]), ("list", ["Bread.", "Milk.", "M43 is the road home."])],
        [],
    ),
}


# (case, format) pairs where a case cannot hold, and why: translation units are separate
# strings, shown wherever the application puts them, so no unit is another's context.
NOT_APPLICABLE = {
    (name, fmt): "translation units are independent strings: a list is no context there"
    for name in ("list-context", "list-context-intro")
    for fmt in ("xlf", "po")
}
# (case, format) pairs that should hold but do not yet (strict: a fix turns them green).
KNOWN_GAPS: dict[tuple[str, str], str] = {}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_same_findings_in_every_format(name, fmt, tmp_path, request):
    if (name, fmt) in NOT_APPLICABLE:
        pytest.skip(NOT_APPLICABLE[name, fmt])
    if (name, fmt) in KNOWN_GAPS:
        request.applymarker(pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[name, fmt]))
    blocks, expected = CASES[name]
    assert findings(blocks, fmt, tmp_path) == sorted(
        expected, key=lambda t: (str(t[1]), str(t[2]), t[3], t[0])
    )


LINE_ENDINGS = {"cr-only": "\r", "crlf": "\r\n"}
ENDINGS_CASE = [
    ("heading", ["LUMIX"]),
    (P, ["Lumix S5II."]),
    (P, ["The Lumix S9 is small, and leica optics are in it."]),
]


@pytest.mark.parametrize("fmt", ["txt", "md", "html", "mdx", "xlf", "po"])
@pytest.mark.parametrize("ending", sorted(LINE_ENDINGS))
def test_line_endings_do_not_move_findings(ending, fmt, tmp_path):
    expected = findings(ENDINGS_CASE, fmt, tmp_path)
    assert [c for c, *_ in expected] == ["B201", "B201", "B202"]
    assert findings(ENDINGS_CASE, fmt, tmp_path, LINE_ENDINGS[ending]) == expected


# German and Japanese copy (#18): declared as the format allows (HTML `lang`, front
# matter, Word's language), detected in plain text; the same findings everywhere.
LANGUAGE_CASES = {
    "de-merger-claim": (
        "de",
        [
            ("heading", ["Leica und LUMIX"]),
            (P, ["Die L2-Technologie ist das Ergebnis der Fusion von Leica und Panasonic."]),
        ],
        [("A401", 1, 0, 5), ("T101", 1, 0, 5)],
    ),
    "de-negated-after": (
        "de",
        [
            (
                P,
                [
                    "Leica und Panasonic entwickeln die L² Technology für Leica und LUMIX; eine Fusion ist das nicht."
                ],
            )
        ],
        [],
    ),
    "de-question": (
        "de",
        [(P, ["Ist die L² Technology von Leica und LUMIX eine Fusion?"])],
        [],
    ),
    "ja-merger-claim": (
        "ja",
        [(P, ["パナソニックはLumix S9を発表しました。L2テクノロジーはライカとの合併の成果です。"])],
        [("A401", 0, 0, 24), ("B201", 0, 0, 8), ("T101", 0, 0, 24)],
    ),
    "ja-negated-gloss": (
        "ja",
        [
            (
                P,
                [
                    "パナソニックとライカはL² Technology（エル スクエア テクノロジー）を共同開発し、LUMIXに搭載します。合併ではありません。"
                ],
            )
        ],
        [],
    ),
    "ja-question": (
        "ja",
        [(P, ["ライカとLUMIXのL² Technologyはライセンス契約ですか。"])],
        [],
    ),
    "ja-licence-claim": (
        "ja",
        [(P, ["ライカとLUMIXのL² Technologyはライセンス契約です。"])],
        [("A402", 0, 0, 11)],
    ),
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", sorted(LANGUAGE_CASES))
def test_german_and_japanese_same_findings_in_every_format(name, fmt, tmp_path):
    language, blocks, expected = LANGUAGE_CASES[name]
    assert findings(blocks, fmt, tmp_path, language=language) == sorted(
        expected, key=lambda t: (str(t[1]), str(t[2]), t[3], t[0])
    )
