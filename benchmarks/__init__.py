"""Reproducible accuracy and speed measurements; results are written to docs/."""
