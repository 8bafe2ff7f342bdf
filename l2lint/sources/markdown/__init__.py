"""Markdown (CommonMark + GFM tables, strikethrough, task lists and footnotes): the prose
of a document, mapped back to the source.

pyromark (Python bindings of pulldown-cmark, https://github.com/pulldown-cmark) gives the
document as a flat stream of events, each with its source range in UTF-8 byte offsets, inline
events included. The reader follows the stream with a stack of open containers (no recursion,
so nesting depth is limited by memory only): a text event is checked against the source at
its offset and then taken from the source (a verbatim piece is exact by construction),
escapes and entities cover their markup, emphasis and link delimiters are simply not prose,
code spans, autolinks and images read as one space, raw inline tags as nothing, and inline
elements that hold no prose in HTML (`<code>`, `<kbd>`, `<script>`, `<style>`, ...:
`html.SKIP_TAGS`) as one space up to their end tag. A footnote reference (`[^label]`) is an
identifier and reads as nothing; the footnote's text is prose. Byte offsets become character
offsets without a per-byte table: ASCII text needs no conversion, text with few other
characters a short table of where they are, and any other text a cursor that follows the
walk (which visits the source in order, so the text is decoded about once).

Large inputs are parsed in chunks of about `CHUNK_SIZE` characters, so that the events of a
whole 50 MB file are never in memory at once. A chunk ends before a line that starts with a
non-space character after a blank line: there every open block (paragraph, list, quote,
table, HTML block of types 6 and 7) has ended, unless a fenced code block, an HTML comment or
a raw HTML block of types 1-5 (`<script`, `<pre`, `<style`, `<textarea`, `<?`, `<!X`,
`<![CDATA[`) is still open, which a line scanner tracks. As a safety net, a chunk whose last
top-level block runs into its trailing blank line (so it would have gone on) is parsed again
together with the next one. Only the first chunk may hold front matter. Known limit: a
reference link or footnote whose definition is in another chunk does not resolve, so it
reads as its literal text (`[LUMIX][ref]`).

Front matter (`---` YAML, `+++` TOML) is read here, not by the parser: its `title` and
`description` values are prose, and the parser gets the text with the front matter blanked.
"""

from l2lint.sources.markdown.reader import (
    MarkdownReader,
    RunsOn,
    read_markdown,
    read_markdown_slice,
    slice_cut,
    title_of,
)

__all__ = [
    "MarkdownReader",
    "RunsOn",
    "read_markdown",
    "read_markdown_slice",
    "slice_cut",
    "title_of",
]
