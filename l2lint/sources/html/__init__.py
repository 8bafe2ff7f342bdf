"""HTML: text nodes, `alt` and `title` attributes, with exact positions in the source.

The design splits two jobs that a hand-written tokenizer used to do at once:

* **The parser decides what the prose is.** selectolax's Lexbor backend, a real HTML5
  parser, builds the DOM a browser would: error recovery (implied and misnested tags,
  unclosed elements, foster parenting), comments, raw-text elements, entity decoding. The
  reader walks that tree: block elements split blocks, inline elements do not, `script`,
  `style`, `code`, `pre`, `kbd`, `samp`, `var`, `template` and `noscript` are skipped (read
  as one space), `<br>` and `<img>` read as a space, `alt` and `title` attributes become
  blocks of their own, `L<sup>2</sup>` reads "L²". It is parsed the way a browser with scripting on
  does, so `<noscript>` is never prose, and without DOM mutation events, so no text is
  cloned into `<selectedcontent>`.
* **The aligner (`aligner.Aligner`) maps it back to the source.** Lexbor exposes no offsets, so
  every text node, and every tag or attribute value whose position a block needs, is found
  in the source by scanning forward from a cursor. Nodes occur in source order; between two
  of them the source holds only markup (tags, comments, doctypes, ignored tags), whitespace
  the parser dropped, or NUL. Inside a text node each source character is the node's own
  character (verbatim, mapped one to one), a character reference (one non-verbatim segment
  spanning all of `&sup2;`), a CR LF or CR the parser turned into LF (kept in the prose as
  it is in the source), or a tag the parser ignored (stepped over). The markup rules the
  aligner needs are HTML5's tokenizer rules for where a tag or comment ends, nothing more.
  Comments are recorded as the cursor passes them (they are the `<!-- l2lint-disable … -->`
  suppressions), with their exact source ranges.

The aligner never raises and its map is exact by construction: a verbatim piece is always a
slice of the source. When a node is not where the cursor expects it (text that foster
parenting moved in front of a `<table>`, content the parser dropped, a tree built
differently than foreseen), the aligner looks further ahead for it and reserves what it
finds there, so the cursor can still read what comes in between (see `aligner.Aligner`). Failing
that (foster parenting can merge text from several table rows into one node), the node's
text is kept as a zero-width, non-verbatim segment where its first word is: it is still
linted and reported near the right place, but never auto-fixed.

Why not `html.parser.HTMLParser`: it reports (line, column) per event, and on arbitrary
input it can raise (`<![foo[`), leak markup into text at an unterminated comment or quote,
and it changed behaviour across 3.12/3.13 security releases.

The reader is also used by the Markdown reader for raw HTML blocks, through
`read_html_fragment` with a base offset and "holes" (container prefixes such as `> `
that belong to Markdown, not to the HTML).
"""

from __future__ import annotations

from l2lint.sources.html.nesting import MAX_DEPTH, MAX_FOSTERED, cap_depth
from l2lint.sources.html.reader import HtmlFragment, read_html, read_html_fragment
from l2lint.sources.html.tags import BLOCK_TAGS, SKIP_TAGS, script_text

__all__ = [
    "BLOCK_TAGS",
    "MAX_DEPTH",
    "MAX_FOSTERED",
    "SKIP_TAGS",
    "HtmlFragment",
    "cap_depth",
    "read_html",
    "read_html_fragment",
    "script_text",
]
