"""Coverage-guided fuzzing of the readers with atheris (libFuzzer), where it installs.

atheris has wheels for Linux only (`pip install atheris`); the hypothesis targets in
test_fuzz.py run everywhere. The same checks as there, on bytes libFuzzer mutates:

    python tests/fuzz_atheris.py -atheris_runs=100000      # or -max_total_time=600

The first input byte picks the reader (text, Markdown, HTML, .docx); the rest is the file.
`test_fuzz.py::test_atheris_harness_runs` runs it briefly in CI when atheris is present.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import atheris  # noqa: E402

with atheris.instrument_imports():
    from tests.test_fuzz import check_docx, check_reader  # noqa: E402

FORMATS = ("text", "markdown", "html", "docx")


def one_input(data: bytes) -> None:
    if not data:
        return
    fmt = FORMATS[data[0] % len(FORMATS)]
    body = data[1:]
    if fmt == "docx":
        check_docx(body)
    else:
        check_reader(fmt, body.decode("utf-8", errors="replace"))


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
