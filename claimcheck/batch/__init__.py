"""Batch labelling of exported comment files."""
