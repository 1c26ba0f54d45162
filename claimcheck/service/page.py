"""The moderation page: one server-rendered template plus a small vanilla script and stylesheet.

Everything it needs ships in the package (no CDN), so it works on an offline machine.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from claimcheck.service.settings import ServiceSettings
from claimcheck.service.state import ServiceState, get_settings, get_state
from claimcheck.types import LABELS

HERE = Path(__file__).resolve().parent
TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))

#: Human names for the label buttons, in canonical label order.
LABEL_NAMES = {
    "evidence_citation": "Evidence citation",
    "opinion": "Opinion",
    "spam": "Spam",
    "testimonial": "Testimonial",
}

router = APIRouter(include_in_schema=False)


def render_page(
    request: Request, state: ServiceState, template: str, **context: Any
) -> HTMLResponse:
    """A page from templates/ with what _base.html and the scripts need: labels, model version."""
    version = state.classifier.version if state.classifier is not None else "not loaded"
    return TEMPLATES.TemplateResponse(
        request,
        template,
        {
            "labels": [(lab.value, LABEL_NAMES[lab.value]) for lab in LABELS],
            "model_version": version,
            **context,
        },
    )


@router.get("/", response_class=HTMLResponse)
async def moderation_page(
    request: Request,
    settings: Annotated[ServiceSettings, Depends(get_settings)],
    state: Annotated[ServiceState, Depends(get_state)],
) -> HTMLResponse:
    """Paste comments, see labels, cues and sentence colours, correct with one click."""
    return render_page(
        request,
        state,
        "index.html",
        max_batch=settings.max_batch,
        max_text_chars=settings.max_text_chars,
        classify_requires_key=settings.classify_requires_key,
    )


def install_page(app: FastAPI) -> None:
    """Mount the page at / and its assets at /static."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
