"""One error hierarchy for the whole platform.

Services raise these with a message a person can act on: which file, line, field or record,
and what is wrong. The API maps them to status codes in one place (``http/errors.py``); the CLI
turns them into a message on stderr and a non-zero exit code.
A refusal may also carry a stable ``code``, the ``field`` it is about and the ``params`` its
sentence names: the pages write it in the reader's language beside that field
(``coprod.web.refusals``); the API's ``{"error", "detail"}`` stays the English message. A
refusal of several problems at once (a record with two fields wrong, an import's refused
records) holds each as a refusal of its own, with its own code, field and parameters
(``problems``; ``each()``): the pages and the API's answer say every one, not only the
first, whose code the refusal itself carries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class CoprodError(Exception):
    """Base of every error coprod raises on purpose."""

    exit_code = 1
    http_status = 400

    def __init__(
        self,
        message: str,
        *,
        location: str | None = None,
        code: str | None = None,
        field: str | None = None,
        params: Mapping[str, str] | None = None,
        problems: Sequence[CoprodError] = (),
    ) -> None:
        self.message = message
        self.location = location
        # What the pages translate (the API and the CLI show ``message``): a stable code of
        # the refusal, the field it is about and the values its sentence names.
        self.code = code
        self.field = field
        self.params: dict[str, str] = dict(params or {})
        self.problems = tuple(problems)  # each problem of a refusal of several, in order
        super().__init__(f"{location}: {message}" if location else message)

    def each(self) -> tuple[CoprodError, ...]:
        """Every problem this refusal holds, each with its own code, field and parameters
        (itself when it holds none)."""
        return self.problems or (self,)

    def relabelled(self, message: str) -> CoprodError:
        """The same refusal (type, code, field, parameters) with ``message`` instead."""
        again = type(self).__new__(type(self))
        again.__dict__.update(self.__dict__)
        again.message = message
        again.args = (f"{self.location}: {message}" if self.location else message,)
        return again


class InvalidInput(CoprodError):
    """Input that breaks a rule: a bad field, a malformed file, an unknown enum value."""

    exit_code = 2
    http_status = 422


class NotFound(CoprodError):
    """A record that does not exist, or that the caller may not see."""

    exit_code = 3
    http_status = 404


class Conflict(CoprodError):
    """A duplicate, or a change that contradicts the stored state."""

    exit_code = 4
    http_status = 409


class StaleVersion(Conflict):
    """An update made against an out-of-date version of a record."""

    http_status = 412


class RuleViolation(CoprodError):
    """A domain rule refuses the change (a lifecycle step, delivered > ordered, ...)."""

    exit_code = 5
    http_status = 422


class Forbidden(CoprodError):
    """The caller is known but may not do this."""

    exit_code = 6
    http_status = 403


class Unauthenticated(CoprodError):
    """The caller is not logged in, or the credentials are wrong."""

    exit_code = 6
    http_status = 401


class Throttled(CoprodError):
    """Too many attempts in a short time (failed logins): wait and try again."""

    exit_code = 7
    http_status = 429


class ClusterUnavailable(CoprodError):
    """The Dask scheduler asked for cannot be reached, or the cluster cannot be started."""

    exit_code = 2
    http_status = 503
