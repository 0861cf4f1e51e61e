"""Rendering pages: the template environment, its filters and the common context."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape

from coprod.domain.bounds import is_web_url
from coprod.services.records import ENTITY_TYPES

LABELS = {t.plural: t.plural.replace("_", " ") for t in ENTITY_TYPES}


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    """A template rendered with the common context (the caller, the kinds of record)."""
    templates: Jinja2Templates = request.app.state.templates
    context = {"labels": LABELS, **context}
    return templates.TemplateResponse(request, name, context, status_code=status)


def show(value: Any) -> str:
    """A record value as text: money as "amount currency", lists comma-separated."""
    if isinstance(value, dict) and set(value) == {"amount", "currency"}:
        return f"{value['amount']} {value['currency']}"
    if isinstance(value, list):
        return ", ".join(show(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {show(v)}" for k, v in value.items() if v is not None)
    return "" if value is None else str(value)


def make_templates() -> Jinja2Templates:
    environment = Environment(
        loader=PackageLoader("coprod.web", "templates"),
        autoescape=select_autoescape(["html", "svg"]),
    )
    environment.filters["show"] = show
    # A link from a record is rendered only to an http(s) address, whatever the store holds.
    environment.tests["web_url"] = is_web_url
    return Jinja2Templates(env=environment)
