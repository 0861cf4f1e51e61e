"""The new and edit pages of any registry record: the form (``web/forms.py``), its rows
added and removed by submit buttons, and saving it through the registry's create or replace
use case. A refusal keeps the form as typed, each reason beside its input in the reader's
language and listed above the form (``web/refusals.py``), as the action forms do."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from coprod.domain import kinds, partial
from coprod.domain.bounds import DIGITS
from coprod.domain.kinds import Kind
from coprod.errors import CoprodError, InvalidInput, NotFound
from coprod.http.request import PageWork, RequestWork
from coprod.services.records import Where, read_without, to_entity
from coprod.services.registry import editing
from coprod.web import formatting as fmt
from coprod.web import forms
from coprod.web.actions import FormRefused, beside, judged_with
from coprod.web.refusals import refusal
from coprod.web.rendering import reader_of, render

router = APIRouter(include_in_schema=False)
# Refusals that end on an error page, not in the form: the caller may not change the kind.
NOT_IN_FORM = frozenset({"role.may_not_change"})


def _kind(plural: str) -> Kind[Any]:
    kind = kinds.BY_PLURAL.get(plural)
    if kind is None:
        raise NotFound(f"no kind of record called {plural!r}")
    return kind


def _page(
    request: Request,
    work: RequestWork,
    kind: Kind[Any],
    values: dict[str, str],
    *,
    key: str | None = None,
    refused: CoprodError | None = None,
) -> Response:
    """The form of a record of ``kind`` holding ``values``, with ``refused``'s reasons."""
    fields = forms.form_fields(kind.entity)
    errors, general = _placed(refused, values, forms.inputs_of(kind.entity, values), request)
    context = {
        "caller": work.caller,
        "kind": kind,
        "fields": fields,
        "values": values,
        "rows": {f.name: forms.rows_in(values, f.name) for f in fields if f.widget == "rows"},
        "errors": errors,
        "general": general,
        "key": key,
        "version": values.get("version", ""),
        "countries": any(f.widget in {"country", "party"} for f in fields),
        "months": fmt.month_names(reader_of(request).locale),
        "row_words": forms.row_words,
    }
    return render(request, "form.html", context, refused.http_status if refused else 200)


def _placed(
    refused: CoprodError | None, values: dict[str, str], inputs: set[str], request: Request
) -> tuple[dict[str, str], list[str]]:
    """Each reason of ``refused`` beside the input it concerns (a row's by the row the
    record's step was read from), or above the form."""
    errors: dict[str, str] = {}
    general: list[str] = []
    if refused is None:
        return errors, general
    reader = reader_of(request)
    # The form's own refusals name its inputs; the records format's and the domain's name
    # the record's fields (its n-th step), placed on the row that step was read from.
    read = isinstance(refused, FormRefused)
    for one in refused.each():
        said = refusal(one, reader)
        field = one.field if read or not one.field else forms.form_field(values, one.field)
        place = _input_of(field, inputs)
        if place is None:
            general.append(said)
        else:
            errors[place] = beside(errors.get(place), said)
    return errors, general


def _input_of(field: str | None, inputs: set[str]) -> str | None:
    """The input a refusal of the record's ``field`` belongs beside (a row's, or its
    field's), None for none."""
    if not field:
        return None
    for candidate in (field, field.split(".")[0]):
        if candidate in inputs:
            return candidate
    return None


def _in_form(error: CoprodError) -> bool:
    """Whether ``error`` is said beside the form (not an error page: the caller may not
    change these records, or the record is gone)."""
    if error.http_status in {401, 404} or error.code in NOT_IN_FORM:
        return False
    return not (error.http_status == 403 and error.field is None)


@router.get("/records/{plural}/new", response_class=HTMLResponse)
async def new_page(request: Request, work: PageWork, plural: str) -> Response:
    """An empty form for a new record."""
    await work.who()
    kind = _kind(plural)
    return _page(request, work, kind, forms.values_of(kind.entity, None, reader_of(request).locale))


def _entity(
    kind: Kind[Any], form: dict[str, str], request: Request, where: Where
) -> tuple[Any, list[InvalidInput]]:
    """The record ``form`` describes (its dates in the reader's language, known once the
    caller is) as an entity of ``kind``, validated as the records format validates a file,
    and the refusal of each input that could not be read or that the format refuses (an
    empty required field, a date that does not exist, a text too long). With any, the
    entity is partial (``domain/partial.py``): the fields those inputs give are unread, the
    others read, so that the registry can still judge the rules that need none of them."""
    record, unread = forms.read_record(kind.entity, form, reader_of(request).locale)
    try:
        entity = to_entity(kind.entity, record, where)
    except InvalidInput as refused:
        problems = forms.with_format(unread, forms.placed(refused), form).problems
    else:
        if not unread:
            return entity, []
        problems = tuple(unread)
    given = [p for p in problems if isinstance(p, InvalidInput)]
    return read_without(kind.entity, record, given), given


def _judged(form: dict[str, str], entity: Any, refused: list[InvalidInput], save: Any) -> Any:
    """Run ``save`` (the registry's create or replace of ``entity``). When inputs were
    refused (``refused``), the entity is partial and the registry only judges it
    (``actions.judged_with``): each problem it finds comes back beside the input its field
    is read from."""
    if refused and not partial.unread_of(entity):
        raise FormRefused(refused)  # no field left unread: nothing to judge apart
    return judged_with(refused, save, lambda found: forms.inputs_named(found, form))


def _creating(kind: Kind[Any], form: dict[str, str], request: Request) -> Any:
    """The step that reads ``form`` and creates the record it describes."""

    def create(uow: Any) -> str:
        entity, refused = _entity(kind, form, request, Where(kind.plural))
        _judged(form, entity, refused, lambda: editing.create_record(uow, kind, entity))
        return str(entity.key)

    return create


@router.post("/records/{plural}/new")
async def create_from_form(request: Request, work: PageWork, plural: str) -> Response:
    """Create the record the form describes, or give the form back with one row more or
    less, or with the reasons it was refused (nothing kept then)."""
    form = {k: str(v) for k, v in (await request.form()).items()}
    kind = _kind(plural)
    return await _saved(request, work, kind, form, _creating(kind, form, request))


async def _saved(
    request: Request,
    work: PageWork,
    kind: Kind[Any],
    form: dict[str, str],
    step: Any,
    *,
    key: str | None = None,
) -> Response:
    """Run ``step`` on the posted ``form`` and go to the record it saved; or give the form
    back with one row more or less (nothing saved), or as typed with the reasons it was
    refused. ``key``: the record edited (``None``: the step creates one and gives its key)."""
    submitted = work.form(form.get("csrf_token"))
    changed = forms.row_change(kind.entity, form)
    if changed is not None:
        await submitted.who()
        return _page(request, work, kind, changed, key=key)
    try:
        saved = await submitted(step)
    except CoprodError as error:
        if not _in_form(error):
            raise
        return _page(request, work, kind, _kept(form), key=key, refused=error)
    return RedirectResponse(f"/records/{kind.plural}/{key or saved}", status_code=303)


def _kept(form: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in form.items() if k != "csrf_token"}


@router.get("/records/{plural}/{key}/edit", response_class=HTMLResponse)
async def edit_page(request: Request, work: PageWork, plural: str, key: str) -> Response:
    """The form to change a record, with the version it was read at."""
    kind = _kind(plural)
    entity, version = await work(editing.read_record, kind, key)
    values = forms.values_of(kind.entity, entity, reader_of(request).locale)
    return _page(request, work, kind, {**values, "version": str(version)}, key=key)


def _replacing(kind: Kind[Any], key: str, form: dict[str, str], request: Request) -> Any:
    """The step that reads ``form`` and replaces the record ``key`` by what it describes, at
    the version the form was read at."""

    def replace(uow: Any) -> int:
        version = form.get("version", "")
        if not DIGITS.fullmatch(version):
            raise InvalidInput("the form lost the version it was read at: reload it")
        typed = {**form, "key": key}  # the address names the record, whatever was posted
        entity, refused = _entity(kind, typed, request, Where(kind.plural, key=key))
        replaced: int = _judged(
            typed,
            entity,
            refused,
            lambda: editing.replace_record(uow, kind, key, entity, lambda: int(version)),
        )
        return replaced

    return replace


@router.post("/records/{plural}/{key}/edit")
async def update_from_form(request: Request, work: PageWork, plural: str, key: str) -> Response:
    """Save the form; a record changed since the form was read is refused (412), not lost:
    the form comes back as typed."""
    form = {k: str(v) for k, v in (await request.form()).items()}
    kind = _kind(plural)
    return await _saved(request, work, kind, form, _replacing(kind, key, form, request), key=key)
