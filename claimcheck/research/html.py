"""Safe HTML for the research pages: Jinja2 with autoescaping, and cue highlighting.

Comment text and thread ids are user content; everything from them reaches the page
escaped. The only markup built outside a template is `highlight_cues`, which escapes each
piece of text before wrapping cue spans in `<mark>`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape


def render_template(name: str, **context: Any) -> str:
    """Render `claimcheck/research/templates/<name>` with autoescaping on."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("claimcheck.research", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template(name).render(**context)


def highlight_cues(text: str, cues: Iterable[tuple[str, int, int]]) -> Markup:
    """`text` escaped, with each (family, start, end) cue span wrapped in a titled <mark>.

    Overlapping or out-of-range spans are clipped or skipped, never allowed to cut into
    the text twice, so the visible text is always exactly `text`.
    """
    pieces: list[str] = []
    cursor = 0
    for family, start, end in sorted(cues, key=lambda c: (c[1], c[2])):
        start, end = max(start, cursor), min(end, len(text))
        if start >= end:
            continue
        pieces.append(str(escape(text[cursor:start])))
        family_attr = escape(family)
        pieces.append(
            f'<mark class="cue cue-{family_attr}" title="{family_attr}">'
            f"{escape(text[start:end])}</mark>"
        )
        cursor = end
    pieces.append(str(escape(text[cursor:])))
    return Markup("".join(pieces))
