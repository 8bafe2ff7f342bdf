"""Loading, validating and compiling YAML rule packs.

A pack is data: a lexicon of named patterns, named contexts, negation cues and rules.
Every problem in a pack is reported as a `PackError` naming the file, the rule code
and the line, so a brand team can fix its own pack without reading Python.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from l2lint.finding import Severity
from l2lint.negation import NegationTerms
from l2lint.nlp import LemmaPhrase
from l2lint.patterns import CompiledPattern, PatternError, PatternSet, PatternSpec, compile_spec
from l2lint.regularfile import FileTooLargeError, NotRegularFileError, read_regular

if TYPE_CHECKING:  # the rule types import this module's Rule and PackCompiler
    from l2lint.ruletypes.base import Checker

LINE_KEY = "__line__"


class PackError(ValueError):
    """A rule pack that cannot be used, with the place to fix it."""

    def __init__(self, path: str, problem: str, code: str | None = None, line: int | None = None):
        where = path + (f":{line}" if line else "")
        who = f" rule {code}:" if code else ""
        super().__init__(f"{where}:{who} {problem}")
        self.path, self.problem, self.code, self.line = path, problem, code, line


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe YAML loader that remembers the line of every mapping."""


_MERGE_TAG = "tag:yaml.org,2002:merge"


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict:
    """A mapping with its 1-based line under LINE_KEY; raises ConstructorError for a key
    written twice or a key that is not a scalar (`? [a, b]`: a list or mapping as key).

    Merge keys (`<<: *anchor`) follow the YAML merge-key spec
    (https://yaml.org/type/merge.html): a key written in the mapping overrides a merged
    one, and of keys merged from several mappings the first listed wins; only keys
    written twice in the mapping itself are duplicates."""
    written = {id(key) for key, _ in node.value if key.tag != _MERGE_TAG}
    loader.flatten_mapping(node)  # merged pairs first, then the written ones
    mapping: dict[Any, Any] = {}
    merged: set[Any] = set()
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            kind = "list" if isinstance(key_node, yaml.SequenceNode) else "mapping"
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"a mapping key must be a plain value, not a {kind}",
                key_node.start_mark,
            )
        key = loader.construct_object(key_node, deep=True)
        if id(key_node) not in written:
            if key in mapping:
                continue  # merged from an earlier mapping of the list: that one wins
            merged.add(key)
        elif key in mapping and key not in merged:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        else:
            merged.discard(key)
        mapping[key] = loader.construct_object(value_node, deep=True)
    mapping[LINE_KEY] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != LINE_KEY}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


@dataclass(frozen=True)
class Example:
    """One example of a rule (`examples:` in the pack): `valid` copy yields no finding of
    the rule; invalid copy yields one (or exactly `count`), and `fixed` is the text after
    `--fix`, when given."""

    text: str
    valid: bool
    fixed: str | None = None
    count: int | None = None


@dataclass
class Rule:
    """A rule as the engine runs it: metadata plus a compiled rule-type checker."""

    code: str
    name: str
    type: str
    severity: Severity
    message: str
    rationale: str
    examples: list[Example]
    pack: Pack
    line: int
    checker: Checker
    summary: str = ""

    @property
    def fixable(self) -> str:
        """'safe', 'unsafe' or 'none': what `l2lint rules` shows."""
        return self.checker.fix_kind


@dataclass
class ContextSpec:
    """A named context (`contexts:` in the pack): a block is in it when one of the lexicon
    entries `mentions` matches in one of the `scope` places ("paragraph",
    "previous_paragraph", "title", "document", "list")."""

    mentions: list[str]
    scope: tuple[str, ...]


@dataclass(frozen=True)
class LanguageSection:
    """What a pack says about copy in one language (`languages:` in the pack).

    Sentence and negation data replace the pack's defaults for blocks in that
    language; `questions` are sentence endings that make a sentence a question;
    `messages` translate rule messages by rule code (absent: the English message)."""

    negation: NegationTerms | None = None
    abbreviations: tuple[str, ...] | None = None
    questions: tuple[str, ...] = ("?",)
    messages: dict[str, str] = field(default_factory=dict)


@dataclass
class Pack:
    """One loaded rule pack (a `rules/*.yaml` file): its lexicon, contexts, negation and
    sentence data, per-language sections and rules. `language` is the ISO 639-1 code of
    the copy it was written for."""

    name: str
    path: str
    language: str
    lexicon: dict[str, PatternSet]
    lexicon_sources: dict[str, list[PatternSpec]]
    contexts: dict[str, ContextSpec]
    # NegEx term lists, or (older packs) cue patterns any of which negates a sentence
    negation: NegationTerms | PatternSet
    rules: list[Rule] = field(default_factory=list)
    # words ending in "." that do not end a sentence before a digit or lower-case word
    abbreviations: tuple[str, ...] = ()
    # lemma phrases of lexicon entries (`phrases:`), by entry name
    lexicon_phrases: dict[str, tuple[LemmaPhrase, ...]] = field(default_factory=dict)
    # per-language sections (`languages:`), by ISO 639-1 code
    sections: dict[str, LanguageSection] = field(default_factory=dict)
    # sentence endings that make a sentence in the pack's own language a question
    questions: tuple[str, ...] = ("?",)

    def negation_for(self, language: str) -> NegationTerms | PatternSet:
        """The negation data for a block in `language` (ISO 639-1): the section's, else the
        pack's."""
        section = self.sections.get(language)
        return section.negation if section and section.negation else self.negation

    def abbreviations_for(self, language: str) -> tuple[str, ...]:
        """The sentence abbreviations for a block in `language`: the section's, else the
        pack's."""
        section = self.sections.get(language)
        if section and section.abbreviations is not None:
            return section.abbreviations
        return self.abbreviations

    def questions_for(self, language: str) -> tuple[str, ...]:
        """The question endings for a block in `language`: the section's (default "?"), else
        the pack's."""
        section = self.sections.get(language)
        return section.questions if section else self.questions

    def message_for(self, code: str, language: str, message: str) -> str:
        """The rule's message in `language` when the pack translates it, else `message`."""
        section = self.sections.get(language)
        return section.messages.get(code, message) if section else message

    @property
    def languages(self) -> list[str]:
        """The languages the pack reads: its own, then those it has sections for (every
        rule applies to each; what differs is sentence, negation and question data)."""
        return [self.language, *(c for c in self.sections if c != self.language)]


def builtin_rules_dir() -> Path:
    """The packs shipped with l2lint: inside the wheel, or `rules/` in a source checkout."""
    packaged = resources.files("l2lint") / "rules"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "rules"


def builtin_pack_paths() -> list[Path]:
    """The shipped pack files (`*.yaml` in `builtin_rules_dir`), sorted by path."""
    return sorted(builtin_rules_dir().glob("*.yaml"))


@cache
def pack_schema() -> dict:
    """The JSON Schema of a rule pack (`schema/rule-pack.schema.json`), read once."""
    text = (resources.files("l2lint") / "schema" / "rule-pack.schema.json").read_text("utf-8")
    return json.loads(text)


# Bounds on a pack, far above any real one (the shipped pack: about 40 kB, 4,000 YAML
# nodes, 40,000 characters of scalars): a pack file's size, and the size of its YAML
# document with every alias expanded (nodes, and characters of scalars), so that an
# alias bomb ("billion laughs", a kilobyte that expands past gigabytes) is refused
# before anything walks it.
MAX_PACK_BYTES = 1 << 20
MAX_EXPANDED_NODES = 200_000
MAX_EXPANDED_CHARS = 8 << 20
# The most characters a pack's patterns may hold in total once `{{references}}` are
# expanded (each pattern alone is bounded by `patterns.MAX_EXPANDED_PATTERN`): the
# shipped pack holds under 40,000; 20,000 patterns that each expand to 45,000 characters
# would otherwise compile for minutes and fill gigabytes.
MAX_PACK_EXPANDED = 4 << 20


def read_pack_data(path: Path) -> dict:
    """Parse a pack file; YAML problems become PackErrors with the line.

    Raises PackError for a file that is missing, not a regular file (a FIFO, a device:
    never opened), larger than MAX_PACK_BYTES, not UTF-8, not YAML, or whose aliases
    expand past MAX_EXPANDED_NODES nodes or MAX_EXPANDED_CHARS characters.
    """
    label = str(path)
    try:
        raw = read_regular(path, MAX_PACK_BYTES)
    except FileNotFoundError:
        raise PackError(label, "rule pack not found") from None
    except NotRegularFileError as exc:
        raise PackError(label, f"{exc}; a rule pack must be a regular file") from None
    except FileTooLargeError as exc:
        raise PackError(label, f"rule pack {exc}") from None
    except OSError as exc:
        raise PackError(label, f"cannot read rule pack: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PackError(label, f"cannot read rule pack: {exc}") from None
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_expanded_size(node)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise PackError(
            label, f"invalid YAML: {problem}", line=mark.line + 1 if mark else None
        ) from None
    except _ExpansionError as exc:
        raise PackError(label, str(exc), line=exc.line) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise PackError(label, "a rule pack must be a YAML mapping with 'pack' and 'rules'")
    return data


class _ExpansionError(ValueError):
    """A YAML document too large once its aliases are expanded (or an alias that
    contains itself); `line` is 1-based."""

    def __init__(self, problem: str, line: int):
        super().__init__(problem)
        self.line = line


def _check_expanded_size(root: yaml.Node) -> None:
    """Raise _ExpansionError when the document under `root`, with every alias expanded
    in place, has more than MAX_EXPANDED_NODES nodes or MAX_EXPANDED_CHARS characters of
    scalars, or when an alias refers to a node that contains it.

    The composed graph shares one node per anchor, so this walks each node once and
    adds up its size times the number of places it appears (memoised per node, in time
    linear in the file); nothing is expanded to measure it. Iterative: a deep document
    cannot exhaust Python's stack.
    """
    sizes: dict[int, tuple[int, int]] = {}  # id(node) -> (nodes, characters) expanded
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_nodes.discard(key)
            nodes, chars = 1, 0
            for child in _children(node):
                child_nodes, child_chars = sizes[id(child)]
                nodes += child_nodes
                chars += child_chars
            sizes[key] = (nodes, chars)
            if nodes > MAX_EXPANDED_NODES or chars > MAX_EXPANDED_CHARS:
                raise _ExpansionError(
                    "YAML aliases expand to more than "
                    f"{MAX_EXPANDED_NODES:,} nodes or {MAX_EXPANDED_CHARS:,} characters; "
                    "a rule pack must not use aliases to multiply its size",
                    node.start_mark.line + 1,
                )
            continue
        if key in sizes:
            continue
        if isinstance(node, yaml.ScalarNode):
            sizes[key] = (1, len(node.value))
            continue
        if key in open_nodes:
            raise _ExpansionError(
                "a YAML alias refers to a node that contains it", node.start_mark.line + 1
            )
        open_nodes.add(key)
        stack.append((node, True))
        for child in _children(node):
            child_key = id(child)
            if child_key in open_nodes:
                raise _ExpansionError(
                    "a YAML alias refers to a node that contains it",
                    child.start_mark.line + 1,
                )
            if child_key not in sizes:
                stack.append((child, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def validate_pack_data(path: str, data: dict) -> None:
    """Check the pack against the shipped JSON schema; the first error is reported."""
    import jsonschema

    plain = _strip_lines(data)
    validator = jsonschema.Draft202012Validator(pack_schema())
    errors = sorted(validator.iter_errors(plain), key=lambda e: list(e.absolute_path))
    if not errors:
        _check_duplicate_codes(path, data)
        return
    error = _most_specific(errors[0])
    location = list(error.absolute_path)
    code, line = _locate(data, location)
    where = ".".join(str(p) for p in location) or "(top level)"
    raise PackError(path, f"{where}: {error.message}", code=code, line=line)


def _most_specific(error):
    """jsonschema's oneOf/allOf errors hide the real problem in their context."""
    while error.context:
        error = max(error.context, key=lambda e: len(e.absolute_path))
    return error


def _locate(data: dict, location: list) -> tuple[str | None, int | None]:
    """The rule code and best-known line for a path into the pack."""
    node: Any = data
    code, line = None, data.get(LINE_KEY)
    for part in location:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict):
            line = node.get(LINE_KEY, line)
            if "code" in node and isinstance(node["code"], str):
                code = node["code"]
    return code, line


def _check_duplicate_codes(path: str, data: dict) -> None:
    seen: dict[str, int] = {}
    for rule in data.get("rules", []):
        code = rule["code"]
        if code in seen:
            raise PackError(
                path,
                f"duplicate rule code (first defined on line {seen[code]})",
                code,
                rule.get(LINE_KEY),
            )
        seen[code] = rule.get(LINE_KEY, 0)


def parse_pattern(raw: Any, default_ignore_case: bool = True) -> PatternSpec:
    """A pattern entry of a pack (a string, or a mapping with `pattern` and options) as a
    PatternSpec; `default_ignore_case` applies when the entry does not say."""
    if isinstance(raw, str):
        return PatternSpec(pattern=raw, ignore_case=default_ignore_case)
    return PatternSpec(
        pattern=raw["pattern"],
        ignore_case=raw.get("ignore_case", default_ignore_case),
        context=raw.get("context"),
        boundary=raw.get("boundary", True),
        canonical=raw.get("canonical"),
        message=raw.get("message"),
        languages=_languages(raw.get("language")),
    )


def _languages(value: str | list[str] | None) -> tuple[str, ...]:
    """A pattern's `language:` (a code or a list of codes) as a tuple; () for all."""
    if not value:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


class PackCompiler:
    """Turns validated pack data into compiled pattern sets for one pack."""

    def __init__(self, path: str, data: dict, eager: bool = True):
        self.path = path
        self.data = data
        self.eager = eager
        self.lexicon_sources: dict[str, list[PatternSpec]] = {}
        self.lexicon: dict[str, PatternSet] = {}
        self.contexts: dict[str, ContextSpec] = {}
        self.lexicon_phrases: dict[str, tuple[LemmaPhrase, ...]] = {}
        self._code: str | None = None
        self._line: int | None = None
        self.expanded_size = 0  # characters of all patterns compiled so far, expanded

    def error(self, problem: str) -> PackError:
        """A PackError for `problem`, naming the pack, and the rule code and line being
        compiled, if any (the caller raises it)."""
        return PackError(self.path, problem, self._code, self._line)

    def compile(self, spec: PatternSpec) -> CompiledPattern:
        """One pattern compiled; raises PackError for an unknown context, a pattern that
        does not compile, or when the pack's patterns together expand to more than
        MAX_PACK_EXPANDED characters (counted before the regular expression is compiled)."""
        if spec.context and spec.context not in self.contexts:
            raise self.error(f"unknown context {spec.context!r} in pattern {spec.pattern!r}")
        try:
            compiled = compile_spec(spec, self.lexicon_sources, eager=False)
            self.expanded_size += len(compiled.key[0])
            if self.expanded_size > MAX_PACK_EXPANDED:
                raise self.error(
                    f"the pack's patterns expand to more than {MAX_PACK_EXPANDED:,} characters "
                    "in total (lexicon references repeated too often)"
                )
            if self.eager:
                compiled.compiled  # noqa: B018 - compile now to report errors at load time
            return compiled
        except PatternError as exc:
            raise self.error(str(exc)) from None

    def pattern_list(self, raws: list | None, ignore_case: bool = True) -> list[CompiledPattern]:
        """Each entry of `raws` (None: none) parsed and compiled; raises PackError as
        `compile`."""
        return [self.compile(parse_pattern(r, ignore_case)) for r in raws or []]

    def reference(self, ref: Any) -> PatternSet:
        """A lexicon name or an inline {patterns, exclude} mapping, as a PatternSet."""
        if isinstance(ref, str):
            if ref not in self.lexicon:
                raise self.error(f"unknown lexicon entry {ref!r}")
            return self.lexicon[ref]
        ignore_case = ref.get("ignore_case", True)
        return PatternSet(
            self.pattern_list(ref["patterns"], ignore_case),
            self.pattern_list(ref.get("exclude"), ignore_case),
            ref.get("label", ""),
        )

    def phrases(self, ref: Any) -> tuple[LemmaPhrase, ...]:
        """The lemma phrases of a lexicon name or an inline mapping (often none)."""
        if isinstance(ref, str):
            return self.lexicon_phrases.get(ref, ())
        return self.parse_phrases(ref.get("phrases"))

    def parse_phrases(self, raws: list[str] | None) -> tuple[LemmaPhrase, ...]:
        """Lemma phrases (`phrases:` entries, as `nlp.LemmaPhrase.parse` reads them); raises
        PackError for one that does not parse."""
        try:
            return tuple(LemmaPhrase.parse(raw) for raw in raws or [])
        except ValueError as exc:
            raise self.error(str(exc)) from None

    def negation(self, raw: Any) -> NegationTerms | PatternSet:
        """NegEx term lists (a mapping) or, in older packs, a list of cue patterns."""
        if isinstance(raw, dict):
            return NegationTerms.from_data(raw)
        return PatternSet(self.pattern_list(raw))

    def build_lexicon(self) -> None:
        """Compile the pack's `lexicon:` and `contexts:` into `lexicon`, `lexicon_phrases` and
        `contexts`. Raises PackError (with the entry's line) for a pattern that does not
        compile or a context that mentions an unknown entry."""
        entries = {k: v for k, v in (self.data.get("lexicon") or {}).items() if k != LINE_KEY}
        for name, entry in entries.items():
            ignore_case = entry.get("ignore_case", True)
            self.lexicon_sources[name] = [
                parse_pattern(p, ignore_case) for p in entry.get("patterns", [])
            ]
        for name, entry in (self.data.get("contexts") or {}).items():
            if name == LINE_KEY:
                continue
            self.contexts[name] = ContextSpec(
                mentions=list(entry["mentions"]),
                scope=tuple(entry.get("scope", ("paragraph", "previous_paragraph", "title"))),
            )
        for name, entry in entries.items():
            self._line = entry.get(LINE_KEY)
            ignore_case = entry.get("ignore_case", True)
            if entry.get("phrases"):
                self.lexicon_phrases[name] = self.parse_phrases(entry["phrases"])
            self.lexicon[name] = PatternSet(
                [self.compile(s) for s in self.lexicon_sources[name]],
                self.pattern_list(entry.get("exclude"), ignore_case),
                entry.get("label", name),
            )
        for name, context in self.contexts.items():
            for mention in context.mentions:
                if mention not in self.lexicon:
                    raise self.error(f"context {name!r} mentions unknown lexicon entry {mention!r}")
        self._line = None

    def set_rule(self, code: str | None, line: int | None) -> None:
        """Name the rule (code, 1-based line in the pack) that later errors refer to."""
        self._code, self._line = code, line


def _examples(raw: dict | None) -> list[Example]:
    examples: list[Example] = []
    for item in (raw or {}).get("invalid", []) or []:
        if isinstance(item, str):
            examples.append(Example(item, valid=False))
        else:
            examples.append(Example(item["text"], False, item.get("fixed"), item.get("count")))
    for item in (raw or {}).get("valid", []) or []:
        examples.append(Example(item if isinstance(item, str) else item["text"], valid=True))
    return examples


def _sections(compiler: PackCompiler, raw: dict) -> dict[str, LanguageSection]:
    sections = {}
    for code, entry in raw.items():
        negation = entry.get("negation")
        abbreviations = (entry.get("sentences") or {}).get("abbreviations")
        sections[code] = LanguageSection(
            negation=NegationTerms.from_data(negation) if negation else None,
            abbreviations=tuple(abbreviations) if abbreviations is not None else None,
            questions=tuple(entry.get("questions") or ("?",)),
            messages=dict(entry.get("messages") or {}),
        )
    return sections


def load_pack(path: Path, validate: bool = True) -> Pack:
    """Read, validate and compile one pack file."""
    from l2lint.ruletypes import RULE_TYPES

    label = str(path)
    data = read_pack_data(path)
    if validate:
        validate_pack_data(label, data)
    compiler = PackCompiler(label, data, eager=validate)
    compiler.build_lexicon()
    pack = Pack(
        name=data["pack"],
        path=label,
        language=data.get("language", "en"),
        lexicon=compiler.lexicon,
        lexicon_sources=compiler.lexicon_sources,
        contexts=compiler.contexts,
        negation=compiler.negation(_strip_lines(data.get("negation") or [])),
        abbreviations=tuple((data.get("sentences") or {}).get("abbreviations", ())),
        lexicon_phrases=compiler.lexicon_phrases,
        sections=_sections(compiler, _strip_lines(data.get("languages") or {})),
        questions=tuple(data.get("questions") or ("?",)),
    )
    for raw in data["rules"]:
        compiler.set_rule(raw.get("code"), raw.get(LINE_KEY))
        if raw.get("context") and raw["context"] not in compiler.contexts:
            raise compiler.error(f"unknown context {raw['context']!r}")
        config = _strip_lines(raw)
        rule = Rule(
            code=raw["code"],
            name=raw["name"],
            type=raw["type"],
            severity=Severity(raw["severity"]),
            message=raw["message"].strip(),
            rationale=" ".join((raw.get("rationale") or "").split()),
            examples=_examples(raw.get("examples")),
            pack=pack,
            line=raw.get(LINE_KEY, 0),
            checker=RULE_TYPES[raw["type"]](config, compiler),
            summary=" ".join((raw.get("summary") or "").split()),
        )
        pack.rules.append(rule)
    return pack


@dataclass
class RuleSet:
    """All loaded packs; codes are unique across packs."""

    packs: list[Pack]

    @property
    def rules(self) -> list[Rule]:
        """Every rule of every pack, in pack order."""
        return [rule for pack in self.packs for rule in pack.rules]

    def by_code(self) -> dict[str, Rule]:
        """The rules by code (codes are unique across packs)."""
        return {rule.code: rule for rule in self.rules}


def load_rule_set(extra: list[str] | tuple[str, ...] = (), builtin: bool = True) -> RuleSet:
    """The built-in packs (trusted, validated in the test suite) plus the user's packs."""
    packs = [load_pack(p, validate=False) for p in builtin_pack_paths()] if builtin else []
    for extra_path in extra:
        path = Path(extra_path)
        paths = sorted(path.glob("*.y*ml")) if path.is_dir() else [path]
        packs.extend(load_pack(p) for p in paths)
    seen: dict[str, str] = {}
    for pack in packs:
        for rule in pack.rules:
            if rule.code in seen and seen[rule.code] != pack.path:
                raise PackError(
                    pack.path,
                    f"rule code already defined in {seen[rule.code]}",
                    rule.code,
                    rule.line,
                )
            seen[rule.code] = pack.path
    return RuleSet(packs)
