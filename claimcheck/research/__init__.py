"""Researcher workflow: suggest comments to label, move them through Label Studio or a
spreadsheet and back into the corpus format, measure agreement between annotators, and audit
a labelled corpus for likely label errors.

Modules: `active` (which comments to label next), `labelstudio` and `sheets` (export and
import), `annotations` (the shared annotation type and the merge into corpus records),
`agreement`, `audit`, and `label_cli` (the command-line front end).
"""
