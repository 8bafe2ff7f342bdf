"""The shared sample copy: the findings a careful reader lists, at the right places, and no others.

The samples are copied from ../shared/samples into tests/data/samples so the suite stands alone;
a test checks the copies are still identical when ../shared is present.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clirunner import run
from tests.conftest import SAMPLES

DATA = Path(__file__).parent / "data" / "samples"

EXPECTED = {
    "not-our-brand.md": [],
    "press-release-s5ii.md": [
        # "the first LUMIX built with L2 technology" (brand context: LUMIX, camera)
        ("T101", 10, 61, 10, 74),
        # "The new Image Engine with L² technology"
        ("T101", 17, 27, 17, 40),
        # "the Lumix S 20-60mm kit lens"
        ("B201", 18, 38, 18, 43),
        # "the wide range of L mount lenses"
        ("B204", 19, 10, 19, 17),
        # not flagged: front matter keys, the gloss "(L squared Technology)", "there is no merger",
        # "a Leica-Panasonic merger; it is not one" (negated, and not a product brand),
        # the code block, the link URL and the e-mail address.
    ],
    "product-page.html": [
        # "Discover the Leica-LUMIX range"
        ("C302", 10, 19, 10, 30),
        # "L<sup>2</sup> technology": positions point into the HTML source
        ("T101", 10, 47, 10, 71),
        # "with the\n Lumix G9II"
        ("B201", 12, 6, 12, 11),
        # "Sigma is an L² Technology partner"
        ("A403", 12, 18, 12, 51),
        # alt="The Lumix S5II camera"
        ("B201", 13, 38, 13, 43),
        # link text "L2\n     Technologies"
        ("T103", 14, 72, 15, 18),
        # not flagged: <style>, <script>, the img src, the link href, <code>, "LEICA DG SUMMILUX"
    ],
    "social-posts.txt": [
        ("B201", 1, 15, 1, 20),  # "the Lumix S5II"; the hashtags #Lumix #Leica are left alone
        ("T101", 1, 38, 1, 58),  # "L-squared technology"
        ("A404", 2, 1, 2, 48),  # "L² Technology is coming to Panasonic camcorders"
        ("A401", 3, 1, 3, 55),  # "Leica and Panasonic's new joint venture, L² Technology"
        ("B205", 5, 7, 5, 16),  # "Micro 4/3"
        # line 4 is negated twice: "is not a licensing deal and there is no merger"
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_findings_exactly(name):
    result = run(["check", "--isolated", "--format", "json", name], cwd=DATA)
    got = [(f["code"], f["line"], f["column"], f["end_line"], f["end_column"]) for f in result.json]
    assert got == EXPECTED[name]
    assert result.exit_code == (1 if EXPECTED[name] else 0)


def test_whole_sample_folder_in_one_run():
    result = run(["check", "--isolated", "--format", "json", "."], cwd=DATA)
    assert sorted({f["path"] for f in result.json}) == sorted(k for k, v in EXPECTED.items() if v)
    assert len(result.json) == sum(len(v) for v in EXPECTED.values())


def test_copies_match_the_shared_samples():
    if not SAMPLES.is_dir():
        pytest.skip("../shared/samples is not present")
    for name in EXPECTED:
        assert (DATA / name).read_bytes() == (SAMPLES / name).read_bytes(), name
