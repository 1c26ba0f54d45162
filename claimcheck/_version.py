"""claimcheck's version, the one place it is written.

Its own module so that code needing the version (bundle metadata, `--version`, the service's
OpenAPI document) never imports the package `__init__`; pyproject.toml reads it from here
(`[tool.setuptools.dynamic]`, read statically, nothing imported).
"""

__version__ = "0.1.0"
