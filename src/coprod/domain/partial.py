"""A record read only in part: the fields a person gave that could be read, the others unread.

A form whose date does not exist or whose quantity is no number is refused for those fields,
but its other fields still say something the rules can judge: a company that does not exist,
a history out of order. ``partial`` makes such a record, an instance of the entity's class
whose unread fields raise ``Unread`` when a rule reads them; the registry then judges every
rule that needs none of them (``services/registry.problems_of``) and writes nothing. Each rule
stays where it is: whether it can be judged follows from the fields it reads, not from a list
kept beside it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from coprod.errors import InvalidInput

UNREAD = "_unread"  # the attribute of a partial record holding its unread fields


class Unread(InvalidInput):
    """A rule read a field that could not be read: the rule cannot be judged. The registry
    skips such a rule; should one escape, it is a refusal, never a crash."""

    def __init__(self, name: str) -> None:
        super().__init__(f"field {name!r} could not be read", code="form.unread", field=name)


def _guarded(self: Any, name: str) -> Any:
    """An attribute of a partial record; Unread for a field that could not be read."""
    if name in object.__getattribute__(self, UNREAD):
        raise Unread(name)
    return object.__getattribute__(self, name)


_CLASSES: dict[type[Any], type[Any]] = {}


def _partial_class(cls: type[Any]) -> type[Any]:
    """The class of the partial records of ``cls`` (a subclass: ``isinstance`` holds)."""
    made = _CLASSES.get(cls)
    if made is None:
        made = _CLASSES[cls] = type(
            f"Partial{cls.__name__}", (cls,), {"__getattribute__": _guarded}
        )
    return made


def partial(cls: type[Any], values: Mapping[str, Any], unread: Iterable[str]) -> Any:
    """A record of dataclass ``cls`` holding ``values``; the fields in ``unread`` (and any
    field ``values`` lacks) raise ``Unread`` when read. A record with every field read is a
    plain ``cls``."""
    names = [f.name for f in dataclasses.fields(cls)]
    missing = frozenset(unread) | {name for name in names if name not in values}
    if not missing & set(names):
        return cls(**{name: values[name] for name in names})
    record = object.__new__(_partial_class(cls))
    object.__setattr__(record, UNREAD, missing)
    for name in names:
        if name not in missing:
            object.__setattr__(record, name, values[name])
    return record


def hiding(record: Any, unread: Iterable[str]) -> Any:
    """``record`` with the fields ``unread`` unread (the placeholders a reader gave them
    hidden from the rules)."""
    cls = whole_class(type(record))
    values = {f.name: getattr(record, f.name) for f in dataclasses.fields(cls)}
    return partial(cls, values, unread)


def unread_of(record: Any) -> frozenset[str]:
    """The fields of ``record`` that could not be read (none for a whole record)."""
    try:
        found: frozenset[str] = object.__getattribute__(record, UNREAD)
    except AttributeError:
        return frozenset()
    return found


def whole_class(cls: type[Any]) -> type[Any]:
    """The entity class of a record's class (a partial record's: the class it is part of)."""
    return cls.__mro__[1] if cls.__dict__.get("__getattribute__") is _guarded else cls


def known(record: Any, name: str, default: Any = None) -> Any:
    """Field ``name`` of ``record``, ``default`` when it could not be read."""
    return default if name in unread_of(record) else getattr(record, name)
