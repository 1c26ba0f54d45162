"""Researcher workflow: suggest comments to label, move them through Label Studio or a
spreadsheet and back into the corpus format, measure agreement between annotators, and audit
a labelled corpus for likely label errors.

Modules: `active` (which comments to label next), `annotations` (the merge into corpus
records), `agreement`, `audit`, and `label_cli` (the command-line front end). The files
exchanged with annotators (claimcheck.io.labelstudio, claimcheck.io.sheets, and their shared
types in claimcheck.io.labelling) live in io: `claimcheck adapt` reads them too, and the core
never imports a front end.
"""
