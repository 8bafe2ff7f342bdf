"""spaCy's lemma lookup table cut down to the lemmas the rule packs' phrases use.

spaCy's lookup lemmatizer reads a whole table from `spacy-lookups-data` (English:
about 185,000 forms, German: 355,000; 0.1-0.7 s of CPU to load), but a lemma only
matters to l2lint when it is a word of a lemma phrase (`nlp.LemmaPhrase`, which compares
a token's lemma and its own text with the phrase's words). So the table keeps the forms
whose lemma is such a word (`merged` -> `merge`), and a form it drops gets its own text
as lemma, which is what spaCy gives a word missing from the table: a phrase then
matches exactly where it matched with the full table. The cut table is built once per
set of phrase words and data file, and kept in the data cache (`l2lint.datacache`).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from l2lint import datacache

TABLE = "lemma_lookup"


def lemma_lookups(lemmatizer: Any, language: str, words: frozenset[str]) -> Any:
    """A spaCy `Lookups` for `lemmatizer.initialize(lookups=...)` holding the
    `lemma_lookup` table of `language` restricted to lemmas in `words` (lower-cased
    phrase words), or None (spaCy then loads its tables in full) when the lemmatizer is
    not spaCy's plain lookup lemmatizer (a language's own class could read other
    tables). Raises ValueError when the language has no lemma lookup table."""
    from spacy.lookups import Lookups
    from spacy.pipeline import Lemmatizer

    if type(lemmatizer).lookup_lemmatize is not Lemmatizer.lookup_lemmatize or list(
        lemmatizer.get_lookups_config("lookup")
    ) != [[TABLE], []]:
        return None
    lookups = Lookups()
    lookups.add_table(TABLE, restricted_table(language, words))
    return lookups


def restricted_table(language: str, words: frozenset[str]) -> dict[str, Any]:
    """{form: lemma} of the `lemma_lookup` table `spacy-lookups-data` registers for
    `language`, keeping only forms whose lemma (its first, when a list) lower-cased is in
    `words`. Raises ValueError when the language has no such table."""
    source = _source(language)
    try:
        stat = source.stat()
        name = datacache.key(
            "lemmas", language, str(source), stat.st_size, stat.st_mtime_ns, sorted(words)
        )
    except OSError:
        name = None
    entry = datacache.lookup(name) if name else None
    if entry is not None:
        try:
            table = json.loads((entry / "table.json").read_text(encoding="utf-8"))
            if isinstance(table, dict):
                return table
        except (OSError, ValueError):
            pass  # a damaged entry: build it again
    table = {form: lemma for form, lemma in _full_table(language).items() if _lemma(lemma) in words}
    if name:

        def write(folder: Path) -> None:
            text = json.dumps(table, ensure_ascii=False)
            (folder / "table.json").write_text(text, encoding="utf-8")

        datacache.store(name, write)
    return table


def _lemma(value: Any) -> str:
    """The lemma spaCy's lookup lemmatizer sets for a table value, lower-cased as l2lint
    compares it ("" when none)."""
    first = value if isinstance(value, str) else (value[0] if value else "")
    return first.lower() if isinstance(first, str) else ""


def _source(language: str) -> Path:
    """The file spaCy's `load_lookups` would read for the language's lemma table."""
    from spacy.util import registry

    if language not in registry.lookups:
        raise ValueError(f"no lemma tables for {language!r}")
    data = registry.lookups.get(language)
    if TABLE not in data:
        raise ValueError(f"no {TABLE} table for {language!r}")
    path = Path(str(data[TABLE]))
    if path.exists():
        return path
    return path.with_suffix(path.suffix + ".gz")


@cache
def _full_table(language: str) -> dict[str, Any]:
    """The language's whole table as spaCy's `load_lookups` reads it (kept for the
    process: later phrases need it again)."""
    from spacy.util import load_language_data, registry

    return dict(load_language_data(registry.lookups.get(language)[TABLE]))
