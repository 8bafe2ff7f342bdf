"""An empty file (no bytes, or only white space) of a structured format: nothing to
read, yet not broken. Readers return a document without prose and this notice."""

EMPTY_NOTICE = "empty file: nothing checked"
