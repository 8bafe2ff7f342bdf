"""Split the Action's `args` input as a POSIX shell would, across every line.

Quotes group words ("--rules 'brand packs/extra.yaml'"), newlines separate words like
spaces, a backslash at the end of a line continues it, `#` starts a comment to the end of
the line; nothing is expanded or run.
Writes each word followed by a NUL byte to stdout; an unclosed quote is exit 2 with
one line on stderr. Splitting is `shlex.split` (Python's standard library).
"""

from __future__ import annotations

import shlex
import sys


def main(text: str) -> int:
    try:
        text = text.replace("\r\n", "\n").replace("\\\n", "")  # line continuations
        words = shlex.split(text, comments=True, posix=True)
    except ValueError as exc:
        print(f"l2lint action: args: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write("".join(word + "\0" for word in words))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ""))
