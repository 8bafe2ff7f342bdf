"""The CI reporters: SARIF, GitHub annotations, JUnit XML and GitLab Code Quality.

Reports are built by hand (fixed rules and findings, so the golden files do not move when the
shipped pack changes) and once from `lint_text`, to check real findings render too.
Set L2LINT_UPDATE_GOLDEN=1 to rewrite the golden files, then review the diff by eye.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest

import l2lint
from l2lint.finding import Finding, Fix, Position, Severity
from l2lint.packs import Example, Pack, Rule, load_rule_set
from l2lint.report import FORMATS, Report, render
from l2lint.report import sarif as sarif_module
from l2lint.report.github import escape_data, escape_property, render_github
from l2lint.report.gitlab import render_gitlab
from l2lint.report.junit import render_junit
from l2lint.report.sarif import FINGERPRINT_KEY, render_sarif, short_description

DATA = Path(__file__).resolve().parent / "data"
GOLDEN = DATA / "golden"
SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text("utf-8"))
# RFC 3986 characters only: anything else must be percent-encoded.
URI_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")
EXAMPLE = "The Lumix S5II is powered by L2 technology."

_PACK = Pack(
    name="test-pack",
    path="test-pack.yaml",
    language="en",
    lexicon={},
    lexicon_sources={},
    contexts={},
    negation=None,  # type: ignore[arg-type]
)


def _rule(code, name, severity, message, rationale, examples, fix_kind="none", type_="term"):
    return Rule(
        code=code,
        name=name,
        type=type_,
        severity=severity,
        message=message,
        rationale=rationale,
        examples=examples,
        pack=_PACK,
        line=1,
        checker=SimpleNamespace(fix_kind=fix_kind),
    )


RULES = {
    "B201": _rule(
        "B201",
        "lumix-capitals",
        Severity.ERROR,
        "Write 'LUMIX' in capitals, not '{found}'.",
        "LUMIX is always written in capitals.",
        [Example("The Lumix S5II is here.", valid=False, fixed="The LUMIX S5II is here.")],
        fix_kind="safe",
    ),
    "C301": _rule(
        "C301",
        "co-branding-both-names",
        Severity.WARNING,
        "L² Technology stands for both brands. Name Leica and LUMIX.",
        'L² Technology fuses the "L"s of Leica and LUMIX; copy must name both.',
        [
            Example("The LUMIX S5II is powered by L² Technology.", valid=False),
            Example("L² Technology by Leica and LUMIX.", valid=True),
        ],
        type_="requires",
    ),
    "B205": _rule(
        "B205",
        "micro-four-thirds-spelling",
        Severity.SUGGESTION,
        "Write 'Micro Four Thirds', not '{found}'.",
        "Micro Four Thirds is the system's name; *abbreviations* blur it.",
        [Example("Shoot micro 4/3.", valid=False, fixed="Shoot Micro Four Thirds.")],
        fix_kind="unsafe",
    ),
}


def finding(
    path: str,
    code: str,
    start: tuple[int, int],
    end: tuple[int, int],
    found: str,
    message: str | None = None,
    fix: Fix | None = None,
    severity: Severity | None = None,
    offset: int = 0,
) -> Finding:
    rule = RULES.get(code)
    return Finding(
        path=path,
        code=code,
        name=rule.name if rule else code.lower(),
        severity=severity or (rule.severity if rule else Severity.WARNING),
        message=message or (rule.message.format(found=found) if rule else found),
        start=Position(*start),
        end=Position(*end),
        start_offset=offset,
        end_offset=offset + len(found),
        fix=fix,
        found=found,
    )


def hand_report() -> Report:
    """Two files with findings (one needing URI encoding), one clean file."""
    press = "docs/Press Release #1 café.md"
    findings = [
        finding("copy.txt", "B201", (1, 5), (1, 10), "Lumix", fix=Fix("LUMIX", safe=True)),
        finding("copy.txt", "C301", (1, 30), (1, 43), "L² Technology"),
        finding(
            press,
            "B205",
            (3, 7),
            (4, 6),
            "micro\nfour",
            message="Write 'Micro Four Thirds', not 'micro four'.",
            fix=Fix("Micro Four Thirds", safe=False),
            offset=40,
        ),
        finding(
            press,
            "B201",
            (7, 1),
            (7, 6),
            "lumix",
            message="50% off: Lumix, lumix\nand more",
            fix=Fix("LUMIX", safe=True),
            offset=90,
        ),
    ]
    return Report(findings, files=["copy.txt", press, "clean.txt"], rules=dict(RULES))


def linted_report() -> Report:
    findings = l2lint.lint_text(EXAMPLE, filename="copy.txt")
    return Report(findings, files=["copy.txt"], rules=load_rule_set().by_code())


def sarif(report: Report) -> dict:
    return json.loads(render_sarif(report))


def validate_sarif(log: dict) -> None:
    validator_class = jsonschema.validators.validator_for(SCHEMA)
    validator_class.check_schema(SCHEMA)
    validator = validator_class(SCHEMA, format_checker=validator_class.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


# --- SARIF ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make", [hand_report, linted_report, lambda: Report([])], ids=["hand", "linted", "empty"]
)
def test_sarif_validates_against_the_schema(make):
    log = sarif(make())
    validate_sarif(log)
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-schema-2.1.0.json")
    assert len(log["runs"]) == 1


def test_sarif_driver_lists_every_rule_with_metadata():
    report = linted_report()
    driver = sarif(report)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "l2lint"
    assert driver["version"] == l2lint.__version__
    assert driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == list(report.rules)
    levels = {"error": "error", "warning": "warning", "suggestion": "note"}
    for descriptor in driver["rules"]:
        rule = report.rules[descriptor["id"]]
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"]
        assert "{" not in descriptor["shortDescription"]["text"]
        assert descriptor["fullDescription"]["text"] == " ".join(rule.rationale.split())
        assert descriptor["help"]["text"].startswith(descriptor["fullDescription"]["text"])
        assert descriptor["help"]["markdown"]
        assert descriptor["defaultConfiguration"]["level"] == levels[rule.severity.value]
        assert rule.pack.name in descriptor["properties"]["tags"]


def test_sarif_help_shows_an_invalid_and_a_valid_example():
    rules = {r["id"]: r for r in sarif(hand_report())["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["B201"]["help"]["text"] == (
        "LUMIX is always written in capitals.\n\n"
        "- Invalid: The Lumix S5II is here.\n"
        "- Valid: The LUMIX S5II is here.\n\n"
        "Autofix: safe; l2lint can apply it without review."
    )
    # no fixed text: the first valid example stands in
    assert "- **Valid:** L² Technology by Leica and LUMIX." in rules["C301"]["help"]["markdown"]
    # prose is escaped for Markdown
    assert r"\*abbreviations\*" in rules["B205"]["help"]["markdown"]
    assert "*abbreviations*" in rules["B205"]["help"]["text"]


def test_sarif_short_description_is_the_first_sentence_or_the_name():
    assert short_description("One thing. Another thing.", "x") == "One thing."
    assert short_description("Write 'LUMIX', not '{found}'.", "lumix-capitals") == "lumix-capitals"
    assert short_description("", "name") == "name"
    rules = {r["id"]: r for r in sarif(hand_report())["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["C301"]["shortDescription"]["text"] == "L² Technology stands for both brands."


def test_sarif_results_point_at_rules_levels_and_regions():
    run = sarif(hand_report())["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert [(r["ruleId"], r["level"]) for r in run["results"]] == [
        ("B201", "error"),
        ("C301", "warning"),
        ("B205", "note"),
        ("B201", "error"),
    ]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"]
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in run["results"]]
    assert regions[2] == {"startLine": 3, "startColumn": 7, "endLine": 4, "endColumn": 6}
    for region in regions:
        assert set(region) == {"startLine", "startColumn", "endLine", "endColumn"}


def test_sarif_uris_are_relative_encoded_and_based_on_srcroot():
    run = sarif(hand_report())["runs"][0]
    assert "%SRCROOT%" in run["originalUriBaseIds"]
    uris = []
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location["uriBaseId"] == "%SRCROOT%"
        assert run["artifacts"][location["index"]]["location"]["uri"] == location["uri"]
        uris.append(location["uri"])
    assert uris[2] == "docs/Press%20Release%20%231%20caf%C3%A9.md"
    assert all(URI_CHARS.match(uri) and not uri.startswith("/") for uri in uris)
    # every file checked is an artifact, clean ones too
    assert [a["location"]["uri"] for a in run["artifacts"]][-1] == "clean.txt"


def test_sarif_normalizes_dot_slash_and_absolute_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    inside = str(tmp_path / "docs" / "a.md")
    outside = str(tmp_path.parent / "elsewhere" / "b c.md")
    findings = [
        finding("./copy.txt", "B201", (1, 1), (1, 6), "Lumix"),
        finding(inside, "B201", (1, 1), (1, 6), "Lumix"),
        finding(outside, "B201", (1, 1), (1, 6), "Lumix"),
    ]
    log = sarif(Report(findings, rules=dict(RULES)))
    validate_sarif(log)
    locations = [
        r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]
    ]
    assert locations[0]["uri"] == "copy.txt"
    assert locations[1]["uri"] == "docs/a.md"
    assert locations[2]["uri"] == Path(outside).as_uri()
    assert locations[2]["uri"].startswith("file:///") and "%20" in locations[2]["uri"]
    assert "uriBaseId" not in locations[2]


def _prints(report: Report) -> list[str]:
    return [r["partialFingerprints"][FINGERPRINT_KEY] for r in sarif(report)["runs"][0]["results"]]


def test_sarif_fingerprints_are_stable_and_distinct():
    first, second = _prints(hand_report()), _prints(hand_report())
    assert first == second
    assert len(set(first)) == len(first)
    assert all(re.fullmatch(r"[0-9a-f]{64}", p) for p in first)
    # two renders of real lint output agree too
    assert _prints(linted_report()) == _prints(linted_report())


def test_sarif_fingerprints_survive_line_shifts_and_rewrapping():
    before = [
        finding("a.md", "B201", (2, 1), (2, 6), "Lumix"),
        finding("a.md", "B201", (5, 3), (5, 8), "Lumix"),
        finding("a.md", "B205", (6, 1), (6, 11), "micro four"),
    ]
    after = [  # three lines added above; the last phrase now wraps
        finding("a.md", "B201", (5, 1), (5, 6), "Lumix"),
        finding("a.md", "B201", (8, 3), (8, 8), "Lumix"),
        finding("a.md", "B205", (9, 70), (10, 5), "micro\nfour"),
    ]
    assert _prints(Report(before, rules=dict(RULES))) == _prints(Report(after, rules=dict(RULES)))
    # same text twice in a file: different fingerprints; order of input does not matter
    prints = _prints(Report(before, rules=dict(RULES)))
    assert prints[0] != prints[1]
    assert _prints(Report(before[::-1], rules=dict(RULES))) == prints[::-1]
    # another file, another fingerprint
    moved = finding("b.md", "B201", (2, 1), (2, 6), "Lumix")
    assert _prints(Report([moved], rules=dict(RULES)))[0] != prints[0]


def test_sarif_fixes_replace_the_region():
    results = sarif(hand_report())["runs"][0]["results"]
    fix = results[0]["fixes"][0]
    change = fix["artifactChanges"][0]
    assert change["artifactLocation"] == {"uri": "copy.txt", "uriBaseId": "%SRCROOT%"}
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 1, "startColumn": 5, "endLine": 1, "endColumn": 10},
            "insertedContent": {"text": "LUMIX"},
        }
    ]
    assert fix["properties"] == {"safe": True}
    assert "fixes" not in results[1]
    assert "unsafe" in results[2]["fixes"][0]["description"]["text"]


def test_sarif_offers_no_text_fix_for_docx():
    docx = finding("brochure.docx", "B201", (1, 1), (1, 6), "Lumix", fix=Fix("LUMIX", safe=True))
    (result,) = sarif(Report([docx], rules=dict(RULES)))["runs"][0]["results"]
    assert "fixes" not in result


def test_sarif_describes_rules_missing_from_the_report():
    odd = finding("a.md", "Z999", (1, 1), (1, 2), "x", severity=Severity.SUGGESTION)
    log = sarif(Report([odd]))
    validate_sarif(log)
    run = log["runs"][0]
    (result,) = run["results"]
    descriptor = run["tool"]["driver"]["rules"][result["ruleIndex"]]
    assert descriptor["id"] == "Z999"
    assert descriptor["defaultConfiguration"]["level"] == "note"


def test_sarif_every_rule_links_its_documentation_page():
    driver = sarif(linted_report())["runs"][0]["tool"]["driver"]
    docs = Path(__file__).resolve().parent.parent / "docs" / "rules"
    for descriptor in driver["rules"]:
        code = descriptor["id"]
        assert descriptor["helpUri"] == (
            f"https://github.com/brand-tools/l2lint/blob/main/docs/rules/{code}.md"
        )
        assert (docs / f"{code}.md").is_file()


def test_sarif_information_uri_and_automation_id():
    run = sarif(hand_report())["runs"][0]
    assert run["tool"]["driver"]["informationUri"] == "https://github.com/brand-tools/l2lint#readme"
    assert "pypi.org" not in json.dumps(run)
    assert run["automationDetails"] == {"id": "l2lint/"}


def test_sarif_describes_the_unused_suppression_rule():
    unused = Finding(
        path="a.md",
        code="L001",
        name="unused-suppression",
        severity=Severity.WARNING,
        message="Unused suppression (B201): nothing here was reported; remove the comment.",
        start=Position(1, 1),
        end=Position(1, 40),
        start_offset=0,
        end_offset=39,
    )
    log = sarif(Report([unused], rules=dict(RULES)))
    validate_sarif(log)
    run = log["runs"][0]
    (result,) = run["results"]
    descriptor = run["tool"]["driver"]["rules"][result["ruleIndex"]]
    assert descriptor["id"] == "L001"
    assert descriptor["name"] == "unused-suppression"
    assert descriptor["fullDescription"]["text"].startswith(
        "A suppression comment that matches no finding hides nothing today"
    )
    assert descriptor["help"]["text"].startswith(descriptor["fullDescription"]["text"])
    assert "- Invalid: <!-- l2lint-disable-next-line B201 -->" in descriptor["help"]["text"]
    assert descriptor["helpUri"].endswith("/docs/rules/L001.md")
    assert descriptor["defaultConfiguration"] == {"level": "warning"}


# --- Markdown (job summaries) ----------------------------------------------------------


def test_markdown_lists_every_finding_and_marks_the_gate():
    report = hand_report()
    report.fail_on = Severity.WARNING
    uri = "https://github.com/brand-tools/l2lint/blob/main/docs/rules"
    assert render("markdown", report).splitlines() == [
        "<!-- l2lint-disable-file -->",
        "",
        "## l2lint",
        "",
        "4 findings (2 errors, 1 warning, 1 suggestion) in 2 files of 3 checked; 3 at or above `warning` fail the gate.",
        "",
        "| | severity | location | rule | message |",
        "|---|---|---|---|---|",
        f"| ❌ | error | copy.txt:1:5 | [B201]({uri}/B201.md) | Write 'LUMIX' in capitals, not 'Lumix'. |",
        f"| ❌ | warning | copy.txt:1:30 | [C301]({uri}/C301.md) | L² Technology stands for both brands. Name Leica and LUMIX. |",
        f"| ℹ️ | suggestion | docs/Press Release #1 café.md:3:7 | [B205]({uri}/B205.md) | Write 'Micro Four Thirds', not 'micro four'. |",
        f"| ❌ | error | docs/Press Release #1 café.md:7:1 | [B201]({uri}/B201.md) | 50% off: Lumix, lumix and more |",
    ]


def test_markdown_names_a_slide_or_page():
    from dataclasses import replace

    slide = replace(
        finding("deck.pptx", "B201", (3, 5), (3, 10), "Lumix"), locus="slide 2:shape 1:paragraph 3"
    )
    row = render("markdown", Report([slide])).splitlines()[-1]
    assert "| deck.pptx:slide 2:shape 1:paragraph 3:5 |" in row


def test_markdown_escapes_table_breakers_and_reports_a_clean_run():
    odd = finding("a|b.md", "B201", (1, 1), (1, 6), "Lumix", message="a | b <i>*c*</i>\n`d`")
    row = render("markdown", Report([odd])).splitlines()[-1]
    assert row.endswith("| a \\| b \\<i\\>\\*c\\*\\</i\\> \\`d\\` |")
    assert "a\\|b.md:1:1" in row
    assert render("markdown", Report([], files=["a.md", "b.md"])) == (
        "<!-- l2lint-disable-file -->\n\n## l2lint\n\nNo findings in 2 files.\n"
    )


# --- GitHub ------------------------------------------------------------------------------


def test_github_one_annotation_per_finding():
    assert render_github(linted_report()).splitlines() == [
        "::error file=copy.txt,line=1,col=5,endLine=1,endColumn=10,"
        "title=B201 lumix-capitals::Write 'LUMIX' in capitals, not 'Lumix'.",
        "::warning file=copy.txt,line=1,col=30,endLine=1,endColumn=43,"
        "title=C301 co-branding-both-names::"
        "L² Technology stands for both brands: this document does not name Leica.",
        "::error file=copy.txt,line=1,col=30,endLine=1,endColumn=43,"
        "title=T101 l2-technology-spelling::Write 'L² Technology', not 'L2 technology'.",
    ]


def test_github_escapes_data_and_properties():
    odd = finding(
        "docs/a,b:c%.md",
        "B205",
        (2, 3),
        (3, 4),
        "micro",
        message="50% off: Lumix, lumix\r\nnext line",
    )
    assert render_github(Report([odd])) == (
        "::notice file=docs/a%2Cb%3Ac%25.md,line=2,col=3,endLine=3,endColumn=4,"
        "title=B205 micro-four-thirds-spelling::50%25 off: Lumix, lumix%0D%0Anext line\n"
    )
    assert escape_data("a%b\nc:d,e") == "a%25b%0Ac:d,e"
    assert escape_property("a%b\nc:d,e") == "a%25b%0Ac%3Ad%2Ce"
    # `%` first, or `%0A` itself would be double-escaped
    assert escape_property("%0A\n") == "%250A%0A"


def test_github_prints_nothing_without_findings():
    assert render_github(Report([], files=["clean.txt"])) == ""


# --- JUnit -------------------------------------------------------------------------------


def test_junit_one_testcase_per_file_with_counts():
    root = ET.fromstring(render_junit(hand_report()))
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    for element in (root, suite):
        assert (element.get("tests"), element.get("failures"), element.get("errors")) == (
            "3",
            "2",
            "0",
        )
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [
        "copy.txt",
        "docs/Press Release #1 café.md",
        "clean.txt",
    ]
    assert {c.get("classname") for c in cases} == {"l2lint"}
    copy_case, press_case, clean_case = cases
    assert list(clean_case) == []
    (failure,) = copy_case.findall("failure")
    assert failure.get("message") == "2 findings (1 error, 1 warning)"
    assert failure.get("type") == "error"
    assert failure.text.splitlines() == [
        "1:5 B201 error: Write 'LUMIX' in capitals, not 'Lumix'.",
        "1:30 C301 warning: L² Technology stands for both brands. Name Leica and LUMIX.",
    ]
    assert press_case.find("failure").get("message") == "2 findings (1 error, 1 suggestion)"


def _junit_cases(report: Report) -> dict[str, tuple[str | None, str | None]]:
    """file -> (failure text, system-out text)."""
    root = ET.fromstring(render_junit(report))
    return {
        case.get("name"): (
            case.findtext("failure"),
            case.findtext("system-out"),
        )
        for case in root.iter("testcase")
    }


def test_junit_failures_are_the_findings_that_fail_the_gate():
    report = hand_report()
    report.fail_on = Severity.ERROR
    root = ET.fromstring(render_junit(report))
    assert (root.get("tests"), root.get("failures")) == ("3", "2")
    cases = _junit_cases(report)
    assert cases["copy.txt"] == (
        "1:5 B201 error: Write 'LUMIX' in capitals, not 'Lumix'.",
        "1:30 C301 warning: L² Technology stands for both brands. Name Leica and LUMIX.",
    )
    assert cases["docs/Press Release #1 café.md"] == (
        "7:1 B201 error: 50% off: Lumix, lumix\nand more",
        "3:7 B205 suggestion: Write 'Micro Four Thirds', not 'micro four'.",
    )
    assert cases["clean.txt"] == (None, None)


@pytest.mark.parametrize(
    ("fail_on", "failures"),
    [(Severity.SUGGESTION, "1"), (Severity.WARNING, "0"), (Severity.ERROR, "0")],
)
def test_junit_a_suggestion_fails_only_a_suggestion_gate(fail_on, failures):
    suggestion = finding("a.md", "B205", (1, 1), (1, 10), "micro 4/3")
    report = Report([suggestion], files=["a.md"], fail_on=fail_on)
    root = ET.fromstring(render_junit(report))
    assert root.get("failures") == failures
    failure, out = _junit_cases(report)["a.md"]
    line = "1:1 B205 suggestion: Write 'Micro Four Thirds', not 'micro 4/3'."
    assert (failure, out) == ((line, None) if failures == "1" else (None, line))


def test_junit_clean_run_and_unlisted_files():
    root = ET.fromstring(render_junit(Report([], files=["a.txt", "b.md"])))
    assert root.get("tests") == "2" and root.get("failures") == "0"
    assert root.find("testsuite/testcase/failure") is None
    # a finding in a file the report did not list still gets its test case
    lone = finding("x.md", "B201", (1, 1), (1, 6), "Lumix")
    root = ET.fromstring(render_junit(Report([lone])))
    assert [c.get("name") for c in root.iter("testcase")] == ["x.md"]
    assert root.get("failures") == "1"


def test_junit_escapes_markup_and_drops_characters_xml_cannot_hold():
    odd = finding("a&b<c>.md", "B201", (1, 1), (1, 6), "Lumix", message='<b>"x" & y\x0b</b>')
    text = render_junit(Report([odd], files=["a&b<c>.md"]))
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(text)
    case = root.find("testsuite/testcase")
    assert case.get("name") == "a&b<c>.md"
    assert case.find("failure").text == '1:1 B201 error: <b>"x" & y\ufffd</b>'


# --- GitLab ------------------------------------------------------------------------------


def test_gitlab_issues_and_severity_mapping():
    issues = json.loads(render_gitlab(hand_report()))
    assert [(i["check_name"], i["severity"]) for i in issues] == [
        ("B201", "critical"),
        ("C301", "major"),
        ("B205", "minor"),
        ("B201", "critical"),
    ]
    first = issues[0]
    assert first["description"] == "B201: Write 'LUMIX' in capitals, not 'Lumix'."
    assert first["location"] == {
        "path": "copy.txt",
        "positions": {"begin": {"line": 1, "column": 5}, "end": {"line": 1, "column": 10}},
    }
    assert issues[2]["location"]["path"] == "docs/Press Release #1 café.md"
    allowed = {"info", "minor", "major", "critical", "blocker"}
    assert {i["severity"] for i in issues} <= allowed


def test_gitlab_fingerprints_are_unique_and_stable():
    same = [
        finding("a.md", "B201", (1, 1), (1, 6), "Lumix"),
        finding("a.md", "B201", (2, 1), (2, 6), "Lumix"),  # identical but for the line
        finding("a.md", "B201", (2, 1), (2, 6), "Lumix"),  # an exact duplicate
        finding("b.md", "B201", (1, 1), (1, 6), "Lumix"),
    ]
    prints = [i["fingerprint"] for i in json.loads(render_gitlab(Report(same)))]
    assert len(set(prints)) == len(prints)
    assert all(re.fullmatch(r"[0-9a-f]{64}", p) for p in prints)
    assert prints == [i["fingerprint"] for i in json.loads(render_gitlab(Report(same)))]


def test_gitlab_fingerprint_is_the_sarif_fingerprint():
    issues = json.loads(render_gitlab(hand_report()))
    assert [i["fingerprint"] for i in issues] == _prints(hand_report())


@pytest.mark.parametrize("shift", [1, 7, 40])
def test_gitlab_fingerprints_survive_lines_added_above(shift):
    before = [
        finding("a.md", "B201", (2, 1), (2, 6), "Lumix"),
        finding("a.md", "B201", (5, 3), (5, 8), "Lumix"),
        finding("a.md", "B205", (6, 1), (6, 11), "micro four"),
    ]
    after = [
        finding(
            f.path,
            f.code,
            (f.start.line + shift, f.start.column),
            (f.end.line + shift, f.end.column),
            f.found,
        )
        for f in before
    ]
    prints = [i["fingerprint"] for i in json.loads(render_gitlab(Report(before)))]
    assert prints == [i["fingerprint"] for i in json.loads(render_gitlab(Report(after)))]
    assert len(set(prints)) == 3


def test_gitlab_empty_report_is_an_empty_array():
    assert json.loads(render_gitlab(Report([], files=["a.txt"]))) == []


# --- dispatch and golden files -----------------------------------------------------------


@pytest.mark.parametrize("fmt", ["sarif", "github", "junit", "gitlab"])
def test_render_dispatches_every_format(fmt):
    assert fmt in FORMATS
    renderers = {
        "sarif": render_sarif,
        "github": render_github,
        "junit": render_junit,
        "gitlab": render_gitlab,
    }
    assert render(fmt, hand_report()) == renderers[fmt](hand_report())


GOLDEN_FILES = {
    "sarif": "report.sarif",
    "github": "report.github.txt",
    "junit": "report.junit.xml",
    "gitlab": "report.gitlab.json",
}


@pytest.mark.parametrize("fmt", list(GOLDEN_FILES))
def test_golden(fmt, monkeypatch):
    # the golden SARIF must not change with each release
    monkeypatch.setattr(sarif_module, "__version__", "0.0.0-golden")
    output = render(fmt, hand_report())
    path = GOLDEN / GOLDEN_FILES[fmt]
    if os.environ.get("L2LINT_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(output, encoding="utf-8", newline="\n")
    assert output == path.read_text(encoding="utf-8")
