"""`l2lint server`: a Language Server (LSP 3.17, on pygls) speaking over stdio.

One module a job: `positions` (character offsets ↔ LSP positions), `profiles`
(configuration per document), `checking` (text → findings, fix all), `diagnostics`,
`actions` (code actions), `suppressing` (where a suppression comment goes), `hover`,
and `server` (the protocol wiring).
"""
