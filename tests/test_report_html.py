"""The HTML report: one self-contained page, every finding highlighted exactly once.

Most tests parse the page with a strict stdlib parser (every end tag must close the
innermost open element, so mis-nested highlights fail loudly). The browser test loads
the page in headless Chromium and counts `.finding` elements in the DOM it built.
"""

from __future__ import annotations

import os
import re
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l2lint import lint_text
from l2lint.api import default_linter, lint_paths
from l2lint.finding import Finding, Fix, Position, Severity
from l2lint.report import Report
from l2lint.report.copyview import document_for
from l2lint.report.html_report import OPEN_BELOW_FILES, render_html
from l2lint.sources.decode import decode
from tests.browser import count_classes, dump_dom, find_chromium, png_size, screenshot
from tests.clirunner import run as cli_run
from tests.conftest import examples

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "report"
ARTIFACTS = REPO / "test-artifacts"

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'

# ---------------------------------------------------------------- a strict little DOM

VOID = {"br", "meta", "img", "input", "hr", "link", "wbr", "source", "area", "col", "base"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        return [
            n
            for n in self.iter()
            if (tag is None or n.tag == tag) and (cls is None or cls in n.classes)
        ]

    def by_id(self, ident: str) -> Node:
        matches = [n for n in self.iter() if n.attrs.get("id") == ident]
        assert len(matches) == 1, f"id {ident!r} found {len(matches)} times"
        return matches[0]

    def text(self, skip: str | tuple[str, ...] | None = None) -> str:
        """Text content; `skip` leaves out subtrees with that class or those classes
        (footnote refs, kind labels)."""
        skipped = {skip} if isinstance(skip, str) else set(skip or ())
        out = []
        for child in self.children:
            if isinstance(child, str):
                out.append(child)
            elif not skipped & set(child.classes):
                out.append(child.text(skip))
        return "".join(out)


class StrictTreeBuilder(HTMLParser):
    """Builds a tree and fails on any end tag that does not close the innermost element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        assert tag not in VOID, f"end tag for void element {tag}"
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(page: str) -> Node:
    builder = StrictTreeBuilder()
    builder.feed(page)
    builder.close()
    assert [n.tag for n in builder.stack] == ["#document"], "unclosed elements"
    return builder.root


def copy_text(pre: Node) -> str:
    """The source text shown in a `pre.copy`, without footnote refs (the parser keeps
    the newline that browsers drop right after `<pre>`)."""
    text = pre.text(skip="ref")
    assert text.startswith("\n")
    return text[1:]


def shown_blocks(copy: Node) -> list[tuple[str, str]]:
    """(kind, prose) of every block shown in a `div.copy`, without refs and labels."""
    return [
        (n.attrs["data-kind"], n.text(skip=("ref", "kind")))
        for n in copy.iter()
        if "blk" in n.classes
    ]


def reader_blocks(path: str, source: str) -> list[tuple[str, str]]:
    doc = document_for(path, source)
    assert doc is not None
    return [(b.kind, b.text) for b in doc.blocks]


def section_of(root: Node, path: str) -> Node:
    (section,) = [
        d for d in root.find_all("details", "file") if d.find_all("span", "path")[0].text() == path
    ]
    return section


def pieces_text(root: Node, n: int) -> str:
    """All text highlighted for finding n: its `.finding` mark plus any split-off parts."""
    marks = [m for m in root.iter() if m.attrs.get("id") == f"f-{n}"]
    marks += [m for m in root.iter() if m.attrs.get("data-of") == f"f-{n}"]
    return "".join(m.text(skip="ref") for m in marks)


# ---------------------------------------------------------------- building reports


def line_col(text: str, offset: int) -> Position:
    line = text.count("\n", 0, offset) + 1
    return Position(line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def make_finding(
    path: str,
    text: str,
    start: int,
    end: int,
    code: str = "B201",
    severity: Severity = Severity.ERROR,
    message: str = "Write 'LUMIX' in capitals.",
    fix: Fix | None = None,
    rationale: str = "",
) -> Finding:
    return Finding(
        path=path,
        code=code,
        name=f"rule-{code.lower()}",
        severity=severity,
        message=message,
        start=line_col(text, start),
        end=line_col(text, end),
        start_offset=start,
        end_offset=end,
        fix=fix,
        found=text[start:end],
        rationale=rationale,
    )


def rules() -> dict:
    return default_linter().rule_set.by_code()


def sources_of(paths: list[str]) -> dict[str, str]:
    """The decoded text the readers saw, which finding offsets point into."""
    return {p: decode(Path(p).read_bytes()).text for p in paths}


@pytest.fixture(scope="module")
def fixture_run():
    result = lint_paths([str(FIXTURES)])
    assert not result.errors
    report = Report(result.findings, result.files, rules(), sources=sources_of(result.files))
    return result, report, render_html(report)


# ---------------------------------------------------------------- the fixture folder


def test_fixture_folder_has_known_violations(fixture_run):
    result, _, _ = fixture_run
    assert len(result.findings) > 3
    assert len(result.files) == 4
    by_file = Counter(Path(f.path).name for f in result.findings)
    # clean-copy.txt is clean
    assert set(by_file) == {"social-posts.txt", "product-page.html", "press-release.md"}


def test_summary_counts(fixture_run):
    result, _, page = fixture_run
    root = parse(page)
    cards = [li.text() for li in root.find_all("ul", "cards")[0].find_all("li")]
    totals = Counter(f.severity for f in result.findings)
    assert cards[0] == f"{len(result.files)}files checked"
    assert cards[1] == "3with findings"
    assert cards[2:] == [
        f"{totals[Severity.ERROR]}E errors",
        f"{totals[Severity.WARNING]}W warnings",
        f"{totals[Severity.SUGGESTION]}S suggestions",
    ]
    rows = root.find_all("table", "rules")[0].find_all("tr")[1:]
    table = {
        r.find_all("code")[0].text(): (r.find_all("td")[1].text(), int(r.find_all("td")[3].text()))
        for r in rows
    }
    expected = Counter(f.code for f in result.findings)
    assert table == {code: (rules()[code].name, n) for code, n in expected.items()}
    counts = [n for _, n in table.values()]
    assert counts == sorted(counts, reverse=True)  # most frequent rule first


def test_file_list_is_worst_first_and_links_to_sections(fixture_run):
    result, _, page = fixture_run
    root = parse(page)
    links = root.find_all("table", "files")[0].find_all("a")
    # errors first: 4 > 3 > 2
    names = [Path(a.text()).name for a in links]
    assert names == ["social-posts.txt", "product-page.html", "press-release.md"]
    assert {a.text() for a in links} == {f.path for f in result.findings}
    for a in links:
        section = root.by_id(a.attrs["href"][1:])
        assert section.tag == "details" and "file" in section.classes
        assert section.find_all("span", "path")[0].text() == a.text()
    clean = root.find_all("details", "clean")[0]
    assert [Path(li.text()).name for li in clean.find_all("li")] == ["clean-copy.txt"]
    assert len(root.find_all("div", "copy")) == 3  # clean files are listed, not rendered


def test_one_highlight_per_finding_in_the_copy(fixture_run):
    result, report, page = fixture_run
    root = parse(page)
    marks = root.find_all(cls="finding")
    assert len(marks) == len(result.findings)
    assert all(m.tag == "mark" for m in marks)
    assert sorted(m.attrs["id"] for m in marks) == sorted(
        f"f-{n}" for n in range(1, len(result.findings) + 1)
    )
    assert not root.find_all("pre")
    for path in {f.path for f in result.findings}:
        (copy,) = section_of(root, path).find_all("div", "copy")
        # the prose as the reader saw it, block by block
        assert shown_blocks(copy) == reader_blocks(path, report.sources[path])
    by_location = {
        (m.attrs["data-code"], m.attrs["title"].split()[0]): m.text(skip="ref") for m in marks
    }
    for f in result.findings:
        loc = f"{f.path}:{f.start.line}:{f.start.column}"
        assert by_location[(f.code, loc)] == f.found  # the prose the rule matched


def test_nested_findings_in_fixture_are_both_highlighted(fixture_run):
    result, _, page = fixture_run
    root = parse(page)
    marks = {}
    for m in root.find_all(cls="finding"):
        marks[(m.attrs["data-code"], m.attrs["title"].split()[0])] = m

    def mark(f: Finding) -> Node:
        return marks[(f.code, f"{f.path}:{f.start.line}:{f.start.column}")]

    nested = [
        (outer, inner)
        for outer in result.findings
        for inner in result.findings
        if outer is not inner
        and outer.path == inner.path
        and outer.start_offset <= inner.start_offset
        and inner.end_offset <= outer.end_offset
        and (outer.end_offset - outer.start_offset) > (inner.end_offset - inner.start_offset)
    ]
    # "merger brings LEICA-LUMIX" (A401 > C302), "L2 technology**, … licensing" (A402 > T101)
    assert {(o.code, i.code) for o, i in nested} >= {("A401", "C302"), ("A402", "T101")}
    for outer, inner in nested:
        assert any(m is mark(inner) for m in mark(outer).iter())


def test_footnotes_have_location_message_fix_and_rationale(fixture_run):
    result, _, page = fixture_run
    root = parse(page)
    by_code = rules()
    notes = root.find_all("li", "note")
    assert len(notes) == len(result.findings)
    for note in notes:
        n = note.attrs["id"].removeprefix("n-")
        assert note.attrs["value"] == n
        loc = note.find_all("a", "loc")[0]
        assert loc.attrs["href"] == f"#f-{n}"
        mark = root.by_id(f"f-{n}")
        f = next(
            f
            for f in result.findings
            if f"{f.path}:{f.start.line}:{f.start.column}" == loc.text()
            and f.code == mark.attrs["data-code"]
        )
        text = note.text()
        assert f.message in text
        assert f"Why: {by_code[f.code].rationale}" in text
        assert f.message in mark.attrs["title"]
        assert by_code[f.code].rationale in mark.attrs["title"]
        if f.fix:
            assert note.find_all("ins")[0].text() == f.fix.replacement
            assert f"“{f.fix.replacement}”" in mark.attrs["title"]
        else:
            assert "Suggested" not in text and "Suggested" not in mark.attrs["title"]


def test_anchors_path_line_column_and_all_internal_links_resolve(fixture_run):
    result, _, page = fixture_run
    root = parse(page)
    locations = {a.text() for a in root.find_all("a", "loc")}
    assert locations == {f"{f.path}:{f.start.line}:{f.start.column}" for f in result.findings}
    assert any(loc.endswith("social-posts.txt:1:35") for loc in locations)  # "L2 technology"
    ids = [n.attrs["id"] for n in root.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids))
    for a in root.find_all("a"):
        assert a.attrs["href"].startswith("#")
        root.by_id(a.attrs["href"][1:])
    refs = root.find_all("sup", "ref")
    assert len(refs) == len(result.findings)


def test_severities_distinguishable_without_colour(fixture_run):
    result, _, page = fixture_run
    root = parse(page)
    letters = {"error": "E", "warning": "W", "suggestion": "S"}
    for mark in root.find_all(cls="finding"):
        sev = next(c.removeprefix("sev-") for c in mark.classes if c.startswith("sev-"))
        note = root.by_id("n-" + mark.attrs["id"].removeprefix("f-"))
        badge = note.find_all("span", "badge")[0]
        assert badge.text() == letters[sev] and f"sev-{sev}" in badge.classes
        assert f"[{sev}]" in mark.attrs["title"]
    assert {f.severity for f in result.findings} == set(Severity)  # fixture shows all three
    css = root.find_all("style")[0].text()
    for sev, style in (("error", "solid"), ("warning", "dashed"), ("suggestion", "dotted")):
        rule = re.search(rf"mark\.sev-{sev} \{{[^}}]*\}}", css).group(0)
        assert f"border-bottom-style: {style}" in rule


def test_page_is_self_contained_and_printable(fixture_run):
    _, _, page = fixture_run
    root = parse(page)
    assert not root.find_all("script") and not root.find_all("link")
    assert not any("src" in n.attrs for n in root.iter())
    assert "http://" not in page and "https://" not in page
    assert "url(" not in page and "@import" not in page
    assert "@media print" in page and "::details-content" in page
    assert root.find_all("meta")[0].attrs == {"charset": "utf-8"}


def test_files_with_findings_open_in_small_reports(fixture_run):
    _, _, page = fixture_run
    sections = parse(page).find_all("details", "file")
    assert sections and all("open" in d.attrs for d in sections)


# ---------------------------------------------------------------- escaping


def test_no_injection_from_copy_paths_messages_or_rationale():
    name = f"{SCRIPT}{IMG}.txt"
    text = f"The Lumix S5II {SCRIPT} is powered by L2 technology {IMG} &amp; more.\n"
    findings = lint_text(text, filename=name)
    assert len(findings) >= 2 and all(f.path == name for f in findings)
    start = text.index("<script>")
    evil = make_finding(
        name,
        text,
        start,
        start + len(SCRIPT),
        code="X<b>1",
        message=f"message {SCRIPT}{IMG}",
        fix=Fix(replacement=f"{IMG}</mark>", safe=False),
        rationale=f"rationale {SCRIPT}",
    )
    report = Report([*findings, evil], [name, f"clean{IMG}.txt"], rules(), sources={name: text})
    page = render_html(report)
    lowered = page.lower()
    assert "<script" not in lowered
    assert "<img" not in lowered
    assert "<b>" not in lowered
    root = parse(page)
    assert not root.find_all("script") and not root.find_all("img") and not root.find_all("b")
    assert not any(a.startswith("on") for n in root.iter() for a in n.attrs)
    assert len(root.find_all(cls="finding")) == len(findings) + 1
    (copy,) = root.find_all("div", "copy")
    assert shown_blocks(copy) == [("paragraph", text.strip())]  # the payload, as text
    assert root.find_all("span", "path")[0].text() == name
    assert f"{name}:1:16" in {a.text() for a in root.find_all("a", "loc")}
    (mark,) = [m for m in root.find_all(cls="finding") if m.attrs["data-code"] == "X<b>1"]
    assert mark.attrs["title"].count(SCRIPT) == 3  # path, message and rationale
    assert mark.text(skip="ref") == SCRIPT
    assert any(li.text() == f"clean{IMG}.txt" for li in root.find_all("li"))
    assert root.find_all("title")[0].text().startswith("l2lint report")


# ---------------------------------------------------------------- overlaps


def overlap_report() -> tuple[Report, str]:
    text = "0123456789abcdefghij\nsecond line"
    path = "overlap.txt"
    spans = [
        (0, 10, Severity.ERROR),  # outer
        (5, 15, Severity.WARNING),  # crosses the end of the outer one
        (5, 15, Severity.SUGGESTION),  # same span twice
        (2, 4, Severity.SUGGESTION),  # nested
        (3, 3, Severity.WARNING),  # zero width, inside the nested one
        (12, 30, Severity.ERROR),  # crosses a line break
        (28, 99, Severity.ERROR),  # runs past the end of the source
    ]
    findings = [make_finding(path, text, s, min(e, len(text)), severity=v) for s, e, v in spans]
    # offsets past the end of the source (a stale source) are clamped, not dropped
    findings.append(replace(make_finding(path, text, 25, 31), end_offset=99, code="B999"))
    return Report(findings, [path], {}, sources={path: text}), text


def test_overlapping_findings_get_one_highlight_each():
    report, text = overlap_report()
    root = parse(render_html(report))
    marks = root.find_all(cls="finding")
    assert len(marks) == len(report.findings)
    assert root.find_all(cls="finding-part"), "a crossing span is split into parts"
    assert shown_blocks(root.find_all("div", "copy")[0]) == [("paragraph", text)]
    for n in range(1, len(report.findings) + 1):
        assert root.by_id(f"f-{n}").attrs["title"]
    shown = sorted(pieces_text(root, n) for n in range(1, len(report.findings) + 1))
    clamp = sorted(text[f.start_offset : min(f.end_offset, len(text))] for f in report.findings)
    assert shown == clamp


@settings(max_examples=examples(150), deadline=None)
@given(
    text=st.text(alphabet="ab <>&\"'\n²", max_size=40),
    spans=st.lists(st.tuples(st.integers(0, 45), st.integers(0, 45)), min_size=1, max_size=8),
)
def test_any_spans_render_well_nested_with_one_highlight_each(text, spans):
    """In the prose (a plain-text paragraph is verbatim source) or quoted below it (a
    span in the blank lines between paragraphs, or across them), each span is shown as
    it is in the source; so it is in the source view of a deck read no more."""
    for path in ("p.txt", "gone.pptx"):
        findings = [
            make_finding(path, text, min(s, e, len(text)), min(max(s, e), len(text)))
            for s, e in spans
        ]
        page = render_html(Report(findings, [path], {}, sources={path: text}))
        root = parse(page)  # strict: fails on any mis-nested mark
        assert len(root.find_all(cls="finding")) == len(findings)
        if path == "p.txt":
            copies = root.find_all("div", "copy")
            assert [shown_blocks(c) for c in copies] in ([], [reader_blocks(path, text)])
        else:
            assert copy_text(root.find_all("pre", "copy")[0]) == text
        for n in range(1, len(findings) + 1):
            root.by_id(f"f-{n}")
        shown = sorted(pieces_text(root, n) for n in range(1, len(findings) + 1))
        assert shown == sorted(text[f.start_offset : f.end_offset] for f in findings)


def test_file_without_source_lists_its_findings_with_one_mark_each():
    text = "The Lumix S5II, powered by L2 technology."
    findings = lint_text(text, filename="gone.txt")
    root = parse(render_html(Report(findings, ["gone.txt"], rules())))
    assert not root.find_all("pre")
    assert "Source text not available" in root.text()
    notes = root.find_all("li", "note")
    assert len(notes) == len(findings) == len(root.find_all(cls="finding"))
    for note in notes:
        (mark,) = note.find_all(cls="finding")
        assert mark.attrs["id"] == "f-" + note.attrs["id"].removeprefix("n-")


# ---------------------------------------------------------------- ordering and scale


def test_worst_files_first():
    counts = {  # path: (errors, warnings, suggestions)
        "a.txt": (0, 0, 1),
        "b.txt": (1, 0, 0),
        "c.txt": (0, 2, 0),
        "d.txt": (1, 1, 0),
        "e.txt": (1, 0, 0),
        "f.txt": (0, 2, 1),
    }
    findings, sources = [], {}
    for path, numbers in counts.items():
        text = "x" * 20
        sources[path] = text
        k = 0
        for severity, how_many in zip(Severity, numbers, strict=True):
            for _ in range(how_many):
                findings.append(make_finding(path, text, k, k + 1, severity=severity))
                k += 2
    report = Report(findings, sorted(counts) + ["clean.txt"], {}, sources=sources)
    root = parse(render_html(report))
    order = ["d.txt", "b.txt", "e.txt", "f.txt", "c.txt", "a.txt"]
    assert [a.text() for a in root.find_all("table", "files")[0].find_all("a")] == order
    sections = [d.find_all("span", "path")[0].text() for d in root.find_all("details", "file")]
    assert sections == order
    ids = [int(m.attrs["id"][2:]) for m in root.find_all(cls="finding")]
    assert ids == sorted(ids)  # numbering follows the page


def test_two_thousand_files_stay_small_collapsed_and_indexed():
    copy = "Our new Lumix camera is powered by L2 technology. " * 10
    paths = [f"site/page-{i:04}.md" for i in range(2000)]
    findings = []
    for path in paths[::10]:  # 200 files with findings, 1,800 clean
        findings.append(make_finding(path, copy, 8, 13))
        findings.append(make_finding(path, copy, 35, 48, severity=Severity.WARNING))
    report = Report(findings, paths, rules(), sources=dict.fromkeys(paths, copy))
    began = time.perf_counter()
    page = render_html(report)
    elapsed = time.perf_counter() - began
    assert elapsed < 5
    assert len(page.encode()) < 2_000_000
    root = parse(page)
    sections = root.find_all("details", "file")
    assert len(sections) == 200 and not any("open" in d.attrs for d in sections)
    assert len(root.find_all("div", "copy")) == 200
    assert len(root.find_all("table", "files")[0].find_all("a")) == 200
    clean = root.find_all("details", "clean")[0]
    assert "open" not in clean.attrs and len(clean.find_all("li")) == 1800
    assert len(root.find_all(cls="finding")) == 400
    assert root.find_all("ul", "cards")[0].find_all("li")[0].text() == "2000files checked"


def test_open_threshold():
    def sections_open(n_files: int) -> set[bool]:
        paths = [f"f{i}.txt" for i in range(n_files)]
        text = "Lumix"
        report = Report([make_finding(paths[0], text, 0, 5)], paths, {}, sources={paths[0]: text})
        return {"open" in d.attrs for d in parse(render_html(report)).find_all("details")}

    assert sections_open(OPEN_BELOW_FILES - 1) == {True}
    assert sections_open(OPEN_BELOW_FILES) == {False}


def test_empty_report():
    root = parse(render_html(Report([], ["clean.txt"], {})))
    assert root.find_all("p", "lead")[0].text() == "No findings in 1 file."
    assert not root.find_all(cls="finding") and not root.find_all("table")


def test_registered_as_html_format():
    from l2lint import report as reporting

    if "html" not in reporting.FORMATS:
        pytest.skip("html format not registered in l2lint.report yet")
    text = "The Lumix S5II."
    findings = lint_text(text, filename="a.txt")
    page = reporting.render("html", Report(findings, ["a.txt"], rules(), sources={"a.txt": text}))
    assert len(parse(page).find_all(cls="finding")) == len(findings)


# ---------------------------------------------------------------- in a real browser


@pytest.fixture(scope="module")
def chromium() -> str:
    binary = find_chromium()
    if binary is None:
        message = "no Chromium installed: apt-get install chromium (or set L2LINT_CHROMIUM)"
        # .ci/run sets it: a skip there would hide that the browser tests never ran
        if os.environ.get("L2LINT_REQUIRE_BROWSER", "0") not in ("", "0"):
            pytest.fail(f"L2LINT_REQUIRE_BROWSER is set but {message}")
        pytest.skip(message)
    return binary


def test_browser_renders_one_highlight_per_finding(chromium, fixture_run, tmp_path):
    result, _, page = fixture_run
    assert len(result.findings) > 3
    out = tmp_path / "report.html"
    out.write_text(page, encoding="utf-8")
    dom = count_classes(dump_dom(chromium, out))
    assert dom.classes.get("finding", 0) == len(result.findings)
    assert dom.classes.get("note", 0) == len(result.findings)
    assert {f"f-{n}" for n in range(1, len(result.findings) + 1)} <= set(dom.ids)
    assert dom.tags.get("script", 0) == 0
    shot = screenshot(chromium, out, ARTIFACTS / "report-fixtures.png", width=1280, height=2000)
    assert png_size(shot) == (1280, 2000)


def test_browser_builds_no_injected_elements(chromium, tmp_path):
    name = f"{SCRIPT}{IMG}.txt"
    text = f"The Lumix S5II {SCRIPT}{IMG} is powered by L2 technology.\n"
    findings = lint_text(text, filename=name)
    out = tmp_path / "evil.html"
    out.write_text(
        render_html(Report(findings, [name], rules(), sources={name: text})), encoding="utf-8"
    )
    dom = count_classes(dump_dom(chromium, out))
    assert dom.tags.get("script", 0) == 0 and dom.tags.get("img", 0) == 0
    assert dom.classes.get("finding", 0) == len(findings) >= 2


def test_browser_shows_decks_pdfs_and_units_as_prose(chromium, tmp_path):
    copy_dir = REPO / "tests" / "data" / "formats" / "copy"
    names = ["deck.pptx", "release.pdf", "messages.po", "product.xlf", "launch.mdx"]
    folder = tmp_path / "copy"
    folder.mkdir()
    for name in names:
        (folder / name).write_bytes((copy_dir / name).read_bytes())
    (folder / "page.html").write_text(PAGE_HTML, encoding="utf-8")
    args = ["check", "--isolated", "--format", "html", "-o", "../r.html", "."]
    result = cli_run(args, folder)
    assert result.exit_code == 1, result.stderr
    findings = cli_run(["check", "--isolated", "--format", "json", "."], folder).json
    dom = count_classes(dump_dom(chromium, tmp_path / "r.html"))
    assert dom.classes.get("finding", 0) == len(findings) == 5 + 4 + 4 + 2 + 3 + 6
    assert dom.classes.get("unit", 0) == 3 + 2 + 4 + 3  # slides, pages, PO and XLIFF units
    assert dom.tags.get("script", 0) == 0 and dom.tags.get("pre", 0) == 0
    shot = screenshot(chromium, tmp_path / "r.html", ARTIFACTS / "report-formats.png")
    assert png_size(shot) == (1280, 2000)


def test_rule_table_shows_the_severities_findings_carry():
    text = "Lumix and Lumix"
    findings = [
        make_finding("a.txt", text, 0, 5),
        make_finding("a.txt", text, 10, 15, severity=Severity.WARNING),  # overridden by config
    ]
    root = parse(render_html(Report(findings, ["a.txt"], {}, sources={"a.txt": text})))
    (row,) = root.find_all("table", "rules")[0].find_all("tr")[1:]
    assert [b.text() for b in row.find_all("span", "badge")] == ["E", "W"]


# ---------------------------------------------------------------- the copy as its reader sees it

PAGE_HTML = """<!DOCTYPE html>
<html><head><title>Lumix news</title>
<script>var x = "<p>Lumix L2 technology</p>";</script>
<style>p::before { content: "Lumix"; }</style></head>
<body>
<h1>The new Lumix S5</h1>
<p>Powered by L<sup>2</sup> technology &amp; <em>Leica</em> optics.</p>
<ul><li>Lumix S-series</li><li>LUMIX lenses</li></ul>
<blockquote>Leica and Panasonic merged.</blockquote>
<img src="a.png" alt="A Lumix camera">
<!-- Lumix in a comment -->
</body></html>
"""

PAGE_MD = """---
title: Lumix launch
---
# Meet the Lumix S5

The camera uses L2 Technology.

- Lumix lenses
- LUMIX bodies

> Leica and Panasonic merged.

![A Lumix camera](cam.png)
"""


def marked(node: Node) -> str:
    """A block's prose with each highlight in [brackets]; refs and labels left out."""
    out = []
    for child in node.children:
        if isinstance(child, str):
            out.append(child)
        elif {"ref", "kind"} & set(child.classes):
            continue
        elif {"finding", "finding-part"} & set(child.classes):
            out.append(f"[{marked(child)}]")
        else:
            out.append(marked(child))
    return "".join(out)


def outline(copy: Node) -> list[str]:
    """One line per block, `tag: (Label) prose`, "- " for list items, "# Unit" heads."""
    lines: list[str] = []

    def walk(node: Node, prefix: str) -> None:
        for child in node.children:
            if not isinstance(child, Node):
                continue
            if "unit-head" in child.classes:
                lines.append(f"# {child.text()}")
            elif "blk" in child.classes:
                labels = [k.text() for k in child.find_all("span", "kind")]
                label = f"({labels[0]}) " if labels else ""
                lines.append(f"{prefix}{child.tag}: {label}{marked(child)}")
            else:
                walk(child, "- " if child.tag == "ul" else prefix)

    walk(copy, "")
    return lines


def html_report_of(tmp_path: Path, files: dict[str, str | bytes]) -> tuple[Node, list[dict]]:
    """The parsed `--format html` page and the `--format json` findings of the same run."""
    for name, content in files.items():
        if isinstance(content, bytes):
            (tmp_path / name).write_bytes(content)
        else:
            (tmp_path / name).write_text(content, encoding="utf-8")
    result = cli_run(["check", "--isolated", "--format", "html", "-o", "r.html", *files], tmp_path)
    assert result.exit_code == 1, result.stderr
    findings = cli_run(["check", "--isolated", "--format", "json", *files], tmp_path).json
    return parse((tmp_path / "r.html").read_text(encoding="utf-8")), findings


def note_positions(root: Node) -> list[tuple[str, str, int, int, str]]:
    """(path, code, line, column, locus) of every note, in page order."""
    out = []
    for note in root.find_all("li", "note"):
        path, line, column = note.find_all("a", "loc")[0].text().rsplit(":", 2)
        mark = root.by_id(note.attrs["id"].replace("n-", "f-"))
        loci = note.find_all("span", "locus")
        locus = loci[0].text()[1:-1] if loci else ""
        out.append((path, mark.attrs["data-code"], int(line), int(column), locus))
    return out


def json_positions(findings: list[dict]) -> set[tuple[str, str, int, int, str]]:
    return {(f["path"], f["code"], f["line"], f["column"], f.get("locus", "")) for f in findings}


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "page.html",
            PAGE_HTML,
            [
                "p: (Title) [Lumix] news",
                "h3: The new [Lumix] S5",
                "p: Powered by [L² technology] & Leica optics.",
                "- li: [Lumix] S-series",
                "- li: LUMIX lenses",
                "blockquote: [Leica and Panasonic merged].",
                "p: (Alt text) A [Lumix] camera",
            ],
        ),
        (
            "page.md",
            PAGE_MD,
            [
                "p: (Title) [Lumix] launch",
                "h3: Meet the [Lumix] S5",
                "p: The camera uses [L2 Technology].",
                "- li: [Lumix] lenses",
                "- li: LUMIX bodies",
                "blockquote: [Leica and Panasonic merged].",
                "p: (Alt text) A [Lumix] camera",
            ],
        ),
    ],
)
def test_a_page_reads_as_its_prose_with_highlights_and_source_positions(
    tmp_path, name, content, expected
):
    root, findings = html_report_of(tmp_path, {name: content})
    (copy,) = section_of(root, name).find_all("div", "copy")
    assert outline(copy) == expected
    shown = copy.text()
    for markup in ("DOCTYPE", "<script", "var x", "content:", "in a comment", "---", "cam.png"):
        assert markup not in shown
    assert not root.find_all("pre")
    positions = note_positions(root)
    assert set(positions) == json_positions(findings) and len(positions) == len(findings)
    for n, (path, code, line, column, _) in enumerate(positions, 1):
        mark = root.by_id(f"f-{n}")
        assert mark.attrs["title"].startswith(f"{path}:{line}:{column}  {code} ")


DECK_OUTLINE = [
    "# Slide 1",
    "h4: The [Lumix] S1R II",
    "- li: Built with L² Technology by Leica and Panasonic.",  # a content placeholder: a list
    "- li: Developed with [L2 Technology].",
    "# Slide 2",
    "h4: Specifications",
    "p: (Table cell) Mount",
    "p: (Table cell) L-Mount",
    "p: (Table cell) Colour",
    "p: (Table cell) Leica look on every [Lumix] body",
    "p: [Leica and Panasonic merged] their camera teams.",
    "p: (Speaker notes) Say [L2 Technology] clearly.",
    "# Slide 3",
    "h4: Thank you",
    "- li: LUMIX and Leica, together.",
]
RELEASE_OUTLINE = [
    "# Page 1",
    "p: [Lumix] Newsroom - Press Release",  # the running header, read on its first page
    "p: Panasonic unveils the LUMIX S1R II",
    "p: Osaka, Japan - Panasonic today announced a full-frame camera built on "
    "[L2 Technology], the joint development collaboration with Leica Camera AG.",
    "p: The colour science of L² Technology is tuned with Leica.",
    "p: Panasonic Corporation - Page 1",
    "# Page 2",
    "p: Availability",
    "p: [Leica and Panasonic merged] their imaging divisions in 2024. "
    "The [Lumix] S1R II ships in March.",
]
PO_OUTLINE = [
    "# Translation unit, line 10",
    'p: The "[Lumix]" S1R II with [L2 Technology] by Leica',
    "# Translation unit, line 15",
    "p: [Leica and Panasonic merged] for %(product)s.",
    "# Translation unit, line 21",
    "p: %(n)d [Lumix] camera",
    "# Translation unit, line 22",
    "p: %(n)d LUMIX cameras",
]
XLF_OUTLINE = [
    "# Translation unit, line 7",
    "p: The [Lumix] S1R II",
    "# Translation unit, line 11",
    "p: Made with [L2 Technology] & colour by Leica and Panasonic.",
    "# Translation unit, line 15",
    "p: Model  in stock",  # a placeholder is not prose
]
MDX_OUTLINE = [
    "p: (Title) LUMIX S1R II launch",
    "h3: The [Lumix] S1R II",
    "p: Built with [L2 Technology] by Leica and Panasonic.",
    "p: Prices start at  for every [Lumix] body.",  # an {expression} is not prose
    "p: The Lumix name here is quoted from a 2008 catalogue.",
]


def test_decks_pdfs_and_translation_files_read_as_slides_pages_and_units(tmp_path):
    copy_dir = REPO / "tests" / "data" / "formats" / "copy"
    names = ["deck.pptx", "release.pdf", "messages.po", "product.xlf", "launch.mdx"]
    root, findings = html_report_of(tmp_path, {n: (copy_dir / n).read_bytes() for n in names})
    expected = {
        "deck.pptx": DECK_OUTLINE,
        "release.pdf": RELEASE_OUTLINE,
        "messages.po": PO_OUTLINE,
        "product.xlf": XLF_OUTLINE,
        "launch.mdx": MDX_OUTLINE,
    }
    for name, lines in expected.items():
        (copy,) = section_of(root, name).find_all("div", "copy")
        assert outline(copy) == lines, name
    assert not root.find_all("pre") and not root.find_all("div", "outside")
    positions = note_positions(root)
    assert set(positions) == json_positions(findings) and len(positions) == len(findings)
    # a deck's or PDF's notes give the slide or page besides the built line and column
    assert ("deck.pptx", "T101", 10, 5, "slide 2:notes:paragraph 1") in positions
    assert ("release.pdf", "A401", 9, 1, "page 2:line 3") in positions
    mark = root.by_id(f"f-{positions.index(('release.pdf', 'A401', 9, 1, 'page 2:line 3')) + 1}")
    assert mark.attrs["title"].startswith("release.pdf:9:1 (page 2:line 3)  A401 ")


def test_findings_outside_the_prose_are_quoted_under_it(tmp_path):
    page = "<p>The Lumix S5.</p>\n<!-- l2lint-disable T101 -->\n<p>LUMIX and Leica.</p>\n"
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    args = ["check", "--isolated", "--report-unused-disables", "--format", "html", "p.html"]
    root = parse(cli_run(args, tmp_path).stdout)
    (copy,) = root.find_all("div", "copy")
    assert outline(copy) == ["p: The [Lumix] S5.", "p: LUMIX and Leica."]
    (outside,) = root.find_all("div", "outside")
    quotes = [marked(li) for li in outside.find_all("li")]
    assert len(quotes) == 1 and quotes[0].startswith("[") and "l2lint-disable T101" in quotes[0]
    assert [(p[1], p[2]) for p in note_positions(root)] == [("B201", 1), ("L001", 2)]
    assert len(root.find_all(cls="finding")) == 2


def test_hostile_prose_in_a_page_is_shown_as_text():
    text = (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; The Lumix S5.</p>\n"
        '<img alt="&quot;&gt;&lt;img src=x onerror=alert(1)&gt; Lumix">\n'
    )
    findings = lint_text(text, filename="evil.html")
    root = parse(render_html(Report(findings, ["evil.html"], rules(), sources={"evil.html": text})))
    assert not root.find_all("script") and not root.find_all("img")
    assert not any(a.startswith("on") for n in root.iter() for a in n.attrs)
    (copy,) = root.find_all("div", "copy")
    assert outline(copy) == [
        "p: <script>alert(1)</script> The [Lumix] S5.",
        'p: (Alt text) "><img src=x onerror=alert(1)> [Lumix]',
    ]


def test_a_deck_changed_since_the_run_is_shown_as_its_source(tmp_path):
    deck = REPO / "tests" / "data" / "formats" / "copy" / "deck.pptx"
    source = "The Lumix S1R II\nother text"  # not what the deck now on disk reads as
    path = tmp_path / "deck.pptx"
    path.write_bytes(deck.read_bytes())
    finding = make_finding(str(path), source, 4, 9)
    root = parse(render_html(Report([finding], [str(path)], rules(), sources={str(path): source})))
    assert not root.find_all("div", "copy")
    (pre,) = root.find_all("pre", "copy")
    assert copy_text(pre) == source and pieces_text(root, 1) == "Lumix"


@pytest.mark.parametrize(
    ("name", "content"), [("page.html", PAGE_HTML), ("page.md", PAGE_MD), ("p.mdx", PAGE_MD)]
)
def test_a_finding_without_its_block_is_placed_where_its_block_would_put_it(name, content):
    """Findings from the results cache carry only source offsets: placing them by the
    segment maps must find the block and prose span the engine had."""
    from l2lint.report.copyview import Placer

    findings = lint_text(content, filename=name)
    assert len(findings) == 6
    doc = document_for(name, content)
    placer = Placer(doc)
    for f in findings:
        assert f.block >= 0
        placed = placer.place(replace(f, block=-1, prose_start=0, prose_end=0))
        assert (placed.block, placed.start, placed.end) == (f.block, f.prose_start, f.prose_end)
        assert doc.blocks[placed.block].text[placed.start : placed.end] == f.found


def test_a_cached_run_gives_the_same_report(tmp_path):
    (tmp_path / "page.html").write_text(PAGE_HTML, encoding="utf-8")
    (tmp_path / "page.md").write_text(PAGE_MD, encoding="utf-8")
    args = ["check", "--isolated", "--format", "html", "page.html", "page.md"]
    first = cli_run(args, tmp_path)
    assert (tmp_path / ".l2lint_cache").is_dir()
    second = cli_run(args, tmp_path)  # findings from the cache
    assert second.stdout == first.stdout
    assert len(parse(second.stdout).find_all("div", "copy")) == 2


def test_an_extension_mapped_to_a_format_is_shown_as_that_format(tmp_path):
    (tmp_path / "page.mkd").write_text(PAGE_MD, encoding="utf-8")
    args = ["check", "--isolated", "--extension", "mkd:markdown", "--format", "html", "page.mkd"]
    root = parse(cli_run(args, tmp_path).stdout)
    (copy,) = root.find_all("div", "copy")
    assert copy.attrs["data-format"] == "markdown"
    assert outline(copy)[:3] == [
        "p: (Title) [Lumix] launch",
        "h3: Meet the [Lumix] S5",
        "p: The camera uses [L2 Technology].",
    ]


PIECES = {
    "md": ["Lumix", "L2 Technology", "Leica", " ", "\n", "\n\n", "# ", "- ", "> ", "**", "*"]
    + ["![Lumix ", "](a.png)", "[LUMIX", "](u)", "&amp;", "`L2`", "<b>", "</b>"],
    "html": ["Lumix", "L2 Technology", "Leica", " ", "\n", "<p>", "</p>", "<h2>", "</h2>"]
    + ["<li>", "L<sup>2</sup> Technology", '<img alt="Lumix ', '">', "&amp;", "<!-- x -->"]
    + ["<script>Lumix</script>", "<em>", "</em>"],
}


@settings(max_examples=examples(120), deadline=None)
@given(data=st.data(), ext=st.sampled_from(sorted(PIECES)))
def test_every_finding_is_placed_where_its_rule_matched_it(data, ext):
    """With or without its block (a cached finding has offsets only), each finding is
    highlighted in the block and over the prose its rule matched."""
    from l2lint.report.copyview import Placer

    text = "".join(data.draw(st.lists(st.sampled_from(PIECES[ext]), max_size=30)))
    name = f"p.{ext}"
    findings = lint_text(text, filename=name)
    assert all(f.block >= 0 for f in findings)
    doc = document_for(name, text)
    placer = Placer(doc)
    for f in findings:
        for given_ in (f, replace(f, block=-1)):
            placed = placer.place(given_)
            assert doc.blocks[placed.block].text[placed.start : placed.end] == f.found
            assert doc.blocks[placed.block].source_span(placed.start, placed.end) == (
                f.start_offset,
                f.end_offset,
            )
    page = parse(render_html(Report(findings, [name], {}, sources={name: text})))
    assert len(page.find_all(cls="finding")) == len(findings)
    shown = sorted(pieces_text(page, n) for n in range(1, len(findings) + 1))
    assert shown == sorted(f.found for f in findings)


def test_after_fix_the_report_shows_the_fixed_prose_and_what_remains(tmp_path):
    (tmp_path / "page.html").write_text(PAGE_HTML, encoding="utf-8")
    args = ["check", "--isolated", "--fix", "--format", "html", "-o", "r.html", "page.html"]
    assert cli_run(args, tmp_path).exit_code == 1
    root = parse((tmp_path / "r.html").read_text(encoding="utf-8"))
    (copy,) = root.find_all("div", "copy")
    assert outline(copy) == [
        "p: (Title) LUMIX news",
        "h3: The new LUMIX S5",
        "p: Powered by L² Technology & Leica optics.",
        "- li: LUMIX S-series",
        "- li: LUMIX lenses",
        "blockquote: [Leica and Panasonic merged].",
        "p: (Alt text) A LUMIX camera",
    ]
    assert note_positions(root) == [("page.html", "A401", 9, 13, "")]
