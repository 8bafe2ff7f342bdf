"""Sentences as a reader sees them, NegEx-scoped negation and lemma phrases (#13),
with the shipped pack's data."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l2lint.negation import negated
from l2lint.nlp import LemmaPhrase, analyse, sentences
from l2lint.packs import PackError, builtin_pack_paths, load_pack
from tests.conftest import examples

PACK = load_pack(builtin_pack_paths()[0])


def split(text: str) -> list[str]:
    return [text[a:b] for a, b in sentences(text, "en", PACK.abbreviations)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "L² Technology is not, as Fig. 2 shows, a merger. It is joint work.",
            ["L² Technology is not, as Fig. 2 shows, a merger. ", "It is joint work."],
        ),
        ("See vol. 3, approx. 20 pages, cf. Ch. 4 and pp. 5-6.", None),
        ("Panasonic Co., Ltd. and Leica Camera AG signed it.", None),
        ("Ranked No. 1 by readers, etc. and more.", None),
        ("J. R. R. Tolkien shot at f/1.7 on a LUMIX.", None),
        ("They merged in 2022... Really?", ["They merged in 2022... ", "Really?"]),
        ("They merged in 2022… Really?", ["They merged in 2022… ", "Really?"]),
        ("Wait… what happened… nothing.", None),
        (
            "He said “Leica merged with Panasonic.” Then he left.",
            ["He said “Leica merged with Panasonic.” ", "Then he left."],
        ),
        ("Is it a merger? No. It is not.", ["Is it a merger? ", "No. ", "It is not."]),
    ],
)
def test_sentences(text, expected):
    assert split(text) == (expected if expected is not None else [text])


@given(st.text(alphabet=st.sampled_from(list('ab .…?!\n\r"”Fig.No1 ')), max_size=80))
@settings(max_examples=examples(200), deadline=None)
def test_sentences_cover_the_text_exactly_in_order(text):
    spans = sentences(text, "en", PACK.abbreviations)
    if not text:
        assert spans == ()
        return
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a < b for a, b in spans)
    assert all(spans[i][1] == spans[i + 1][0] for i in range(len(spans) - 1))


def claim_negated(sentence: str, word: str) -> bool:
    at = sentence.index(word)
    return negated(sentence, [(at, at + len(word))], PACK.negation)


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("L² Technology is not, as Fig. 2 shows, a merger.", "merger", True),
        ("Leica and Panasonic cooperate without merging.", "merging", True),
        ("Leica and Panasonic isn’t a merger.", "merger", True),
        ("Panasonic camcorders are not part of L² Technology.", "L² Technology", True),
        ("Camcorders are excluded from it.", "Camcorders", True),
        ("Some called it a merger; it is not one.", "merger", True),
        ("Leica and Panasonic merged, said blog No. 1.", "merged", False),
        ("It was not only a merger but more.", "merger", False),
        ("There is no doubt that they merged.", "merged", False),
        ("It is nothing but a merger.", "merger", False),
        ("It isn't cheap, but the merger made it possible.", "merger", False),
        ("Leica did not hesitate: the two companies merged.", "merged", False),
        ("It is not cheap; however, the merger happened.", "merger", False),
    ],
)
def test_negation_scope(sentence, word, expected):
    assert claim_negated(sentence, word) is expected


@pytest.mark.parametrize(
    ("phrase", "text", "found"),
    [
        ("merge|merger", "They merged, merge and are merging.", ["merged", "merge", "merging"]),
        (
            "new|newly|freshly *2 brand|company",
            "A newly created brand and the newly formed joint company.",
            ["newly created brand", "newly formed joint company"],
        ),
        ("new|newly *2 brand", "A new camera from the brand.", []),
        ("new|newly *2 brand", "The new, bold brand.", []),
        (
            "acquire|acquisition",
            "Panasonic acquired Leica; two acquisitions.",
            ["acquired", "acquisitions"],
        ),
    ],
)
def test_lemma_phrases(phrase, text, found):
    parsed = LemmaPhrase.parse(phrase)
    tokens = analyse(text).tokens
    assert [text[a:b] for a, b in parsed.find(tokens, text)] == found


@pytest.mark.parametrize("bad", ["*2 brand", "new *2", "new *x brand"])
def test_a_bad_phrase_is_a_one_line_pack_error(bad, tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "pack: p\nlexicon:\n  w:\n    phrases: ['" + bad + "']\n  l:\n    patterns: ['leica']\n"
        "rules:\n  - code: X1\n    name: x\n    type: claim\n    severity: error\n"
        "    message: m\n    when_any: [[l, w]]\n",
        encoding="utf-8",
    )
    with pytest.raises(PackError) as info:
        load_pack(pack)
    assert str(info.value).startswith(f"{pack}:")
    assert "\n" not in str(info.value)
