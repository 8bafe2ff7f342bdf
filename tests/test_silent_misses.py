"""#14 "nothing silent": misses that passed without a word, through the CLI.

Invisible characters inside a brand name, a broken or non-regular pyproject.toml,
symbolic link loops, and an unknown `language` in the configuration.
"""

from __future__ import annotations

import pytest

from tests.clirunner import run

LUMIX = "B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]"


# ------------------------------------------------ invisible characters inside names


@pytest.mark.parametrize(
    ("name", "content", "positions"),
    [
        ("shy1.txt", b"The Lu\xc2\xadmix S5II.\n", ["1:5"]),  # soft hyphen
        ("shy1.md", b"The Lu\xc2\xadmix S5II.\n", ["1:5"]),
        ("shy.html", b"<p>The Lu&shy;mix S5II.</p>\n", ["1:8"]),
        ("zwsp.txt", b"The Lu\xe2\x80\x8bmix S5II.\n", ["1:5"]),  # zero-width space
        # variants: a numeric entity and a word joiner; a BOM and a ZWJ in Markdown
        ("ent.html", b"<p>Lu&#173;mix and Lu&NoBreak;mix.</p>\n", ["1:4", "1:20"]),
        ("mixed.md", b"# Title\n\nThe *Lu*\xef\xbb\xbfmi\xe2\x80\x8dx S5II.\n", ["3:6"]),
    ],
)
def test_an_invisible_character_never_hides_a_name(name, content, positions, tmp_path):
    (tmp_path / name).write_bytes(content)
    result = run(["check", "--no-cache", name], cwd=tmp_path)
    lines = [line for line in result.stdout.splitlines() if ": B" in line]
    assert lines == [f"{name}:{at}: {LUMIX}" for at in positions]
    assert result.exit_code == 1
