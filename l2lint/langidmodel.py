"""py3langid's detector restricted to the packs' languages, kept in the data cache.

py3langid ships its model as one LZMA-compressed NumPy archive (4.6 MB, 68 MB
unpacked, about 0.7 s of CPU to read); a run only needs the columns of the languages
the rule packs have sections for. The first run builds the detector with py3langid's
own `LanguageIdentifier.from_model_file` and `set_languages` and writes its arrays
uncompressed to the data cache (`l2lint.datacache`); later runs map the 39 MB
byte-transition table from disk (only the pages a text walks are read) and load the
rest, which takes milliseconds. The arrays are the ones py3langid computed, with the
same types, so every classification is the same as py3langid's own.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from l2lint import datacache

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier


def identifier(languages: tuple[str, ...]) -> LanguageIdentifier:
    """A py3langid `LanguageIdentifier` (normalised probabilities) that chooses among
    `languages` (ISO 639-1 codes py3langid knows). Raises ValueError for a code it
    does not know, as `set_languages` does."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    model = MODEL_DIR / MODEL_FILE
    try:
        stat = model.stat()
        name = datacache.key(
            "langid", str(model), stat.st_size, stat.st_mtime_ns, sorted(set(languages))
        )
    except OSError:
        name = None
    entry = datacache.lookup(name) if name else None
    if entry is not None:
        try:
            return _read(entry)
        except (OSError, ValueError, KeyError):
            pass  # a damaged entry: build from the package's model
    built = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    built.set_languages(list(languages))
    if name:
        datacache.store(name, lambda folder: _write(built, folder))
    return built


def _write(built: LanguageIdentifier, folder: Path) -> None:
    import numpy as np

    np.save(folder / "ptc.npy", np.ascontiguousarray(built.nb_ptc))
    np.save(folder / "pc.npy", np.asarray(built.nb_pc))
    np.save(folder / "nextmove.npy", _unsigned(built.tk_nextmove))
    np.save(folder / "row.npy", _unsigned(built.tk_row))
    np.save(folder / "output.npy", np.asarray(built.tk_output, dtype=np.int32))
    (folder / "classes.json").write_text(json.dumps(list(built.nb_classes)), encoding="utf-8")


def _unsigned(table):
    """A NumPy view of an unsigned stdlib `array` (py3langid keeps its DFA tables in them)."""
    import numpy as np

    return np.frombuffer(table, dtype=f"u{table.itemsize}")


def _read(folder: Path) -> LanguageIdentifier:
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    classes = json.loads((folder / "classes.json").read_text(encoding="utf-8"))
    nextmove = np.load(folder / "nextmove.npy", mmap_mode="r")
    row = np.load(folder / "row.npy")
    output = np.load(folder / "output.npy")
    return LanguageIdentifier(
        np.load(folder / "ptc.npy"),
        np.load(folder / "pc.npy"),
        classes,
        memoryview(nextmove),  # indexing yields Python ints, as py3langid's arrays do
        output.tolist(),
        norm_probs=True,
        tk_row=row.tolist(),
    )


@cache
def known_languages() -> frozenset[str]:
    """The language codes py3langid's model knows (its `nb_classes`: 140 ISO 639-1 or
    639-3 codes, "de", "ja", "yue" …), which a configured `language` may name. Read
    once from the model (about 0.7 s), then from the data cache (`classes.json`,
    milliseconds)."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    model = MODEL_DIR / MODEL_FILE
    try:
        stat = model.stat()
        name = datacache.key("langid-classes", str(model), stat.st_size, stat.st_mtime_ns)
    except OSError:
        name = None
    entry = datacache.lookup(name) if name else None
    if entry is not None:
        try:
            return frozenset(json.loads((entry / "classes.json").read_text(encoding="utf-8")))
        except (OSError, ValueError):
            pass  # a damaged entry: read the model again
    classes = sorted(set(LanguageIdentifier.from_model_file(MODEL_FILE).nb_classes))
    if name:

        def write(folder: Path) -> None:
            (folder / "classes.json").write_text(json.dumps(classes), encoding="utf-8")

        datacache.store(name, write)
    return frozenset(classes)
