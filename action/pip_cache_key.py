"""Print `dir=` and `key=` lines (for $GITHUB_OUTPUT) naming the pip cache of the l2lint Action.

Usage: python pip_cache_key.py [REQUIREMENT]. The key changes with the OS, the Python
version (major.minor), the requirement and this checkout's pyproject.toml, so a new
l2lint or a new dependency gets a fresh cache. Standard library only: it runs before
anything is installed.
"""

from __future__ import annotations

import hashlib
import platform
import subprocess
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    requirement = argv[1] if len(argv) > 1 else ""
    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    digest = hashlib.sha256(requirement.encode("utf-8") + b"\0")
    if not requirement and pyproject.is_file():
        digest.update(pyproject.read_bytes())
    cache_dir = subprocess.run(
        [sys.executable, "-m", "pip", "cache", "dir"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    print(f"dir={cache_dir}")
    print(f"key=l2lint-pip-{platform.system()}-py{python}-{digest.hexdigest()[:16]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
