"""Import spaCy without its command-line interface.

`import spacy` runs `from .cli.info import info` (spaCy 3.x, `spacy/__init__.py`), and
`spacy.cli` imports every spaCy command and with them typer, weasel, requests and
httpx: about 350 modules, 0.1-0.15 s of CPU of a cold start's 0.45 s `import spacy`,
none of which tokenizing needs. `import_spacy` imports spaCy with a placeholder
`spacy.cli.info` whose `info` imports the real command when called, then removes the
placeholder, so a later `import spacy.cli` (by a user of the API) gets the real package.
A spaCy whose `__init__` needs more of `spacy.cli` (an ImportError) is imported in full.
"""

from __future__ import annotations

import sys
import types
from typing import Any

_CLI = "spacy.cli"
_INFO = "spacy.cli.info"


def _info(*args: Any, **kwargs: Any) -> Any:
    """spaCy's `spacy.info`, imported when called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def import_spacy() -> types.ModuleType:
    """The `spacy` module, imported without `spacy.cli` if it is not imported yet."""
    loaded = sys.modules.get("spacy")
    if loaded is not None:
        return loaded
    if _CLI in sys.modules or _INFO in sys.modules:  # someone is importing it for real
        import spacy

        return spacy
    cli = types.ModuleType(_CLI)
    cli.__path__ = []  # a package with no submodules of its own
    info = types.ModuleType(_INFO)
    info.info = _info  # type: ignore[attr-defined]
    stubs = {_CLI: cli, _INFO: info}
    sys.modules.update(stubs)
    try:
        import spacy
    except ImportError:
        spacy = None  # type: ignore[assignment]
    finally:
        for name, stub in stubs.items():
            if sys.modules.get(name) is stub:
                del sys.modules[name]
    if spacy is None:  # this spaCy needs more of its CLI while importing: import it whole
        import spacy
    elif getattr(spacy, "cli", None) is cli:
        del spacy.cli  # type: ignore[attr-defined]
    return spacy
