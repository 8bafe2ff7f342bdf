"""A folder of copy in every newer format (.pptx, .pdf, XLIFF 1.2 and 2.0, PO, MDX)
through the CLI: exact findings at exact positions, and --fix that keeps files valid."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from lxml import etree

from tests.clirunner import run

COPY = Path(__file__).parent / "data" / "formats" / "copy"

# (file, code, line, column, end line, end column, locus): for .pptx and .pdf the line is
# the reader's built source line (one per paragraph / text line), the locus says where.
EXPECTED = [
    ("deck.pptx", "B201", 1, 5, 1, 10, "slide 1:shape 1:paragraph 1"),
    ("deck.pptx", "T101", 3, 16, 3, 29, "slide 1:shape 2:paragraph 2"),
    ("deck.pptx", "B201", 8, 21, 8, 26, "slide 2:shape 2:cell 2,2:paragraph 1"),
    ("deck.pptx", "A401", 9, 1, 9, 27, "slide 2:shape 3.1:paragraph 1"),
    ("deck.pptx", "T101", 10, 5, 10, 18, "slide 2:notes:paragraph 1"),
    ("launch.mdx", "B201", 10, 7, 10, 12, ""),
    ("launch.mdx", "T101", 13, 14, 13, 27, ""),
    ("launch.mdx", "B201", 18, 64, 18, 69, ""),
    ("messages.po", "B201", 10, 15, 10, 20, ""),
    ("messages.po", "T101", 10, 35, 10, 48, ""),
    ("messages.po", "A401", 15, 2, 15, 28, ""),
    ("messages.po", "B201", 21, 18, 21, 23, ""),
    ("product.xlf", "B201", 7, 21, 7, 26, ""),
    ("product.xlf", "T101", 11, 27, 11, 40, ""),
    ("release.pdf", "B201", 1, 1, 1, 6, "page 1:line 1"),
    ("release.pdf", "T101", 3, 71, 4, 7, "page 1:line 3"),  # "L2 Tech-" / "nology"
    ("release.pdf", "A401", 9, 1, 9, 27, "page 2:line 3"),
    ("release.pdf", "B201", 10, 5, 10, 10, "page 2:line 4"),
    ("support.xliff", "A401", 7, 17, 7, 77, ""),
    ("support.xliff", "B201", 14, 25, 14, 30, ""),
]

TEXT_OUTPUT = """\
deck.pptx:slide 1:shape 1:paragraph 1:5: B201 error: Write 'LUMIX' in capitals, not 'Lumix'.
deck.pptx:slide 1:shape 2:paragraph 2:16: T101 error: Write 'L² Technology', not 'L2 Technology'.
deck.pptx:slide 2:shape 2:cell 2,2:paragraph 1:21: B201 error: Write 'LUMIX' in capitals, not 'Lumix'.
deck.pptx:slide 2:shape 3.1:paragraph 1:1: A401 error: """


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(COPY, target)
    return target


def test_folder_of_every_format_gives_exact_findings(copy):
    result = run(["check", "--isolated", "--format", "json", "."], cwd=copy)
    assert result.exit_code == 1, result.stderr
    found = [
        (f["path"], f["code"], f["line"], f["column"], f["end_line"], f["end_column"],
         f.get("locus", ""))
        for f in result.json
    ]  # fmt: skip
    assert found == EXPECTED
    assert result.stderr == ""


def test_text_output_names_slide_shape_and_paragraph(copy):
    result = run(["check", "--isolated", "deck.pptx", "release.pdf"], cwd=copy)
    assert result.stdout.startswith(TEXT_OUTPUT)
    assert (
        "release.pdf:page 1:line 3:71: T101 error: Write 'L² Technology', not 'L2 Technology'.\n"
        in result.stdout
    )


@pytest.mark.parametrize("name", ["launch.mdx", "messages.po", "product.xlf", "support.xliff"])
def test_text_formats_report_the_files_own_lines_and_columns(name):
    """Each finding's line:column is where its words start in the file itself."""
    result = run(["check", "--isolated", "--format", "json", str(COPY / name)])
    lines = (COPY / name).read_text(encoding="utf-8").splitlines()
    assert result.json
    for finding in result.json:
        line = lines[finding["line"] - 1]
        at = line[finding["column"] - 1 :]
        assert at.startswith(("Lumix", "L2 Technology", "Leica and Panasonic merged")), at


def test_fix_edits_targets_only_and_files_parse_again(copy):
    xlf_before = etree.parse(str(copy / "product.xlf"))
    result = run(["check", "--isolated", "--fix", "."], cwd=copy)
    assert result.exit_code == 1  # the merger claims have no fix
    assert "Fixed 9 findings in 4 files." in result.stdout
    assert "l2lint: notice: deck.pptx: not fixed: .pptx files are read-only" in result.stderr
    assert "l2lint: notice: release.pdf: not fixed: .pdf files are read-only" in result.stderr
    assert (copy / "deck.pptx").read_bytes() == (COPY / "deck.pptx").read_bytes()
    assert (copy / "release.pdf").read_bytes() == (COPY / "release.pdf").read_bytes()

    fixed_xlf = (copy / "product.xlf").read_text(encoding="utf-8")
    assert fixed_xlf == (COPY / "product.xlf").read_text(encoding="utf-8").replace(
        "<target>The Lumix S1R II</target>", "<target>The LUMIX S1R II</target>"
    ).replace("<target>Made with L2 Technology", "<target>Made with L² Technology")
    xlf_after = etree.parse(str(copy / "product.xlf"))
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    for path in ("//x:source", "//x:x", "//x:g", "//x:ph"):
        assert [etree.tostring(e) for e in xlf_after.xpath(path, namespaces=ns)] == [
            etree.tostring(e) for e in xlf_before.xpath(path, namespaces=ns)
        ]
    etree.parse(str(copy / "support.xliff"))

    catalog = polib.pofile(str(copy / "messages.po"))
    by_id = {e.msgid: e for e in catalog}
    hero = by_id["The LUMIX S1R II with L² Technology by Leica"]
    assert hero.msgstr == 'The "LUMIX" S1R II with L² Technology by Leica'
    assert by_id["%(n)d LUMIX camera"].msgstr_plural == {
        0: "%(n)d LUMIX camera",
        1: "%(n)d LUMIX cameras",
    }
    assert [e.msgstr for e in catalog.obsolete_entries()] == ["Old Lumix line"]
    assert catalog.metadata["Language"] == "en_GB"

    again = run(["check", "--isolated", "--format", "json", "."], cwd=copy)
    assert {
        (f["path"], f["code"]) for f in again.json if not f["path"].endswith((".pptx", ".pdf"))
    } == {
        ("messages.po", "A401"),
        ("support.xliff", "A401"),
    }


def test_mdx_fix_spares_props_and_expressions(copy):
    run(["check", "--isolated", "--fix", "launch.mdx"], cwd=copy)
    text = (copy / "launch.mdx").read_text(encoding="utf-8")
    assert '<Badge label="Lumix" />LUMIX body.' in text
    assert 'caption="Lumix"' in text and 'teaser: "Lumix with L2 Technology"' in text
    assert "  Built with L² Technology by Leica" in text
    assert "The Lumix name here is quoted" in text  # suppressed, so not fixed


def test_cached_results_keep_the_slide_and_page(copy):
    first = run(["check", "--isolated", "deck.pptx", "release.pdf"], cwd=copy)
    assert (copy / ".l2lint_cache").is_dir()
    second = run(["check", "--isolated", "deck.pptx", "release.pdf"], cwd=copy)
    assert second.stdout == first.stdout
    assert second.stdout.startswith(TEXT_OUTPUT)


def test_a_cache_record_keeps_the_locus(tmp_path):
    from l2lint.cache import ResultCache
    from l2lint.finding import Finding, Position, Severity

    finding = Finding(
        "d.pptx", "B201", "n", Severity.ERROR, "m", Position(3, 1), Position(3, 6), 10, 15,
        locus="slide 2:shape 1:paragraph 1",
    )  # fmt: skip
    cache = ResultCache(tmp_path, "config", {"B201": ("n", "m")}, secret=bytes(32))
    cache.put("ab" * 32, [finding], [])
    assert cache.get("ab" * 32) == ([finding], [])


def test_ci_annotations_name_the_slide_and_page(copy):
    github = run(["check", "--isolated", "--format", "github", "deck.pptx"], cwd=copy)
    assert github.stdout.splitlines()[0] == (
        "::error file=deck.pptx,line=1,col=5,endLine=1,endColumn=10,title=B201 lumix-capitals"
        "::slide 1:shape 1:paragraph 1: Write 'LUMIX' in capitals, not 'Lumix'."
    )
    gitlab = run(["check", "--isolated", "--format", "gitlab", "release.pdf"], cwd=copy)
    assert gitlab.json[0]["description"] == (
        "B201: page 1:line 1: Write 'LUMIX' in capitals, not 'Lumix'."
    )
