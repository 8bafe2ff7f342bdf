"""Every input of #13 through the CLI, with exact positions, plus variants of each kind."""

from __future__ import annotations

import pytest

from tests.clirunner import run

# (file name, content, expected ["CODE line:col"])
INPUTS = [
    # false alarms
    (
        "gloss-closing-quote.txt",
        "Both firms market the idea as “L² Technology” (L squared Technology) for Leica and LUMIX.\n",
        [],
    ),
    (
        "gloss-quotes-inside.txt",
        'Leica and LUMIX now share a name, L² Technology ("L squared Technology"), in their adverts.\n',
        [],
    ),
    (
        "gloss-or.txt",
        "Leica and LUMIX promote L² Technology (or L squared Technology) at trade fairs.\n",
        [],
    ),
    (
        "gloss-pronounced.txt",
        "Leica and LUMIX promote “L² Technology” (pronounced “L-squared Technology”) at trade fairs.\n",
        [],
    ),
    (
        "gloss-read-as.html",
        "<p>Leica and LUMIX promote L<sup>2</sup> Technology (read as L squared Technology).</p>\n",
        [],
    ),
    (
        "gloss-not-after-name.txt",
        "Leica and LUMIX promote (L squared Technology) at trade fairs.\n",
        ["T102 1:26"],
    ),
    (
        "lumix-engine.md",
        "# Build notes\n\nLumix Engine renders the scene from the player camera; see the video tutorial for setup.\n",
        [],
    ),
    (
        "lumix-engine-and-camera.md",
        "# Notes\n\nLumix Engine runs on a PC, not on a Lumix camera.\n",
        ["B201 3:37"],
    ),
    ("l2-cache.txt", "The LUMIX camera supports L2 and L3 cache modes.\n", []),
    ("l2-ethernet.txt", "LUMIX cameras ship with an L2 Ethernet switch driver.\n", []),
    ("l2-bare-brand.txt", "Leica explains its L2 partnership with LUMIX.\n", ["T104 1:20"]),
    (
        "fig.txt",
        "L² Technology is not, as Fig. 2 shows, a merger of Leica and Panasonic.\n",
        ["C301 1:1"],
    ),
    (
        "fig.md",
        "# News\n\nL² Technology is not, as Fig. 2 shows, a merger of Leica and Panasonic.\n",
        ["C301 3:1"],
    ),
    (
        "fig.html",
        "<p>L² Technology is not, as Fig. 2 shows, a merger of Leica and Panasonic.</p>\n",
        ["C301 1:4"],
    ),
    (
        "sec.txt",
        "L² Technology is neither a merger nor, as Sec. 2 explains, a joint venture of Leica and Panasonic.\n",
        ["C301 1:1"],
    ),
    (
        "abbreviations.txt",
        "Leica and LUMIX did not merge (vol. 2, approx. 10 pages, etc., ca. 2022, Nos. 3-4, Ch. 5, Art. 6, pp. 7-8, cf. ver. 9).\n",
        [],
    ),
    (
        "file-names.txt",
        "Download Lumix-S5II.jpg and Lumix-S9.JPG and Lumix-G9.PDF today, LUMIX fans.\n",
        [],
    ),
    (
        "domains.txt",
        "Visit WWW.LUMIX.COM/Lumix-S5II, Shop.Lumix.COM and lumix.camera, LUMIX fans.\n",
        [],
    ),
    (
        "front-matter-tag.html",
        "---\ntitle: Weekend walk with a small camera\ntags:\n- M43\n- street\n---\n<p>I took my Olympus body and one lens.</p>\n",
        [],
    ),
    (
        "front-matter-title.html",
        "---\ntitle:\n  Lumix launch day\ntags:\n- lumix\n---\n<p>A camera day.</p>\n",
        ["B201 3:3"],
    ),
    (
        "front-matter-description.html",
        '---\ndescription: "The Lumix S9 in town"\n---\n<p>A camera day.</p>\n',
        ["B201 2:19"],
    ),
    (
        "front-matter-crlf.html",
        "---\r\ntitle: 'Lumix day'\r\ntags:\r\n- M43\r\n---\r\n<p>A camera day.</p>\r\n",
        ["B201 2:9"],
    ),
    # misses
    (
        "newly-created-brand.txt",
        "Leica and Panasonic will put the newly created brand, L² Technology, on future LUMIX bodies.\n",
        ["A401 1:1"],
    ),
    (
        "pana-leica.txt",
        "My favourite lens is the PanaLeica 42.5mm, and my friend swears by her Pana-Leica zoom.\n",
        ["C302 1:26", "C302 1:72"],
    ),
    ("ellipsis.txt", "Leica and Panasonic merged in 2022... Really?\n", ["A401 1:1"]),
    ("ellipsis-unicode.txt", "Leica and Panasonic merged in 2022… Really?\n", ["A401 1:1"]),
    ("no-1.txt", "Leica and Panasonic merged in 2022, said blog No. 1.\n", ["A401 1:1"]),
    (
        "list-context.md",
        "# Notes\n\n- I carried the 20mm lens all day.\n- Nothing else.\n- Next time I will compare two micro 4/3 bodies.\n",
        ["B205 5:32"],
    ),
    ("cr-only.txt", "LUMIX\r\rLumix S5II.\rThe Lumix S9.\r", ["B201 3:1", "B201 4:5"]),
    (
        "cr-only.html",
        "<h1>LUMIX</h1>\r\r<p>Lumix S5II.</p>\r<p>The Lumix S9.</p>\r",
        ["B201 3:4", "B201 4:8"],
    ),
    # Markdown reader faults (F01, F17, F20)
    pytest.param("code.md", "# LUMIX\n\nUse <code>Lumix</code> here.\n", []),
    pytest.param("kbd.md", "# LUMIX\n\nPress <kbd>Lumix</kbd> here.\n", []),
    pytest.param(
        "script.md",
        "# LUMIX\n\nA <script>var lumix = 1;</script> line, <style>.Lumix{}</style> here.\n",
        [],
    ),
    pytest.param(
        "footnote.md",
        "LUMIX notes.[^lumix-note]\n\n[^lumix-note]: See the LUMIX site.\n",
        [],
    ),
    pytest.param(
        "yaml-title.md",
        "---\ntitle:\n  Lumix launch day\n---\nA camera day.\n",
        ["B201 3:3"],
    ),
    ("cr-only.md", "# LUMIX\r\rLumix S5II.\rThe Lumix S9.\r", ["B201 3:1", "B201 4:5"]),
]


CONTENT = {item[0]: item[1] for item in INPUTS if not hasattr(item, "marks")}


@pytest.mark.parametrize(("name", "content", "expected"), INPUTS)
def test_issue_input(name, content, expected, tmp_path):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8"))
    result = run(["check", "--isolated", "--no-cache", "--format", "json", str(path)])
    assert result.exit_code == (1 if expected else 0), result.stdout
    assert sorted(f"{f['code']} {f['line']}:{f['column']}" for f in result.json) == expected


@pytest.mark.parametrize(
    "name",
    ["gloss-closing-quote.txt", "gloss-or.txt", "gloss-pronounced.txt", "l2-ethernet.txt"],
)
def test_no_fix_touches_a_gloss_or_a_technical_l2(name, tmp_path):
    content = CONTENT[name]
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8"))
    result = run(["check", "--isolated", "--no-cache", "--fix", "--unsafe-fixes", str(path)])
    assert result.exit_code == 0
    assert path.read_bytes() == content.encode("utf-8")


def test_fix_in_html_front_matter_title_writes_exact_bytes(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(
        b"---\ntitle:\n  Lumix launch day\ntags:\n- lumix\n---\n<p>A camera day.</p>\n"
    )
    result = run(["check", "--isolated", "--no-cache", "--fix", str(path)])
    assert result.exit_code == 0
    assert path.read_bytes() == (
        b"---\ntitle:\n  LUMIX launch day\ntags:\n- lumix\n---\n<p>A camera day.</p>\n"
    )
