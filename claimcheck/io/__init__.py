"""Readers and writers of comment files, and of the files exchanged with annotators
(labelling, labelstudio, sheets)."""
