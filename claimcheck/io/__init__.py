"""Readers and writers of comment files."""
