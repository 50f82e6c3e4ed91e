"""The audit trail: every change to a record, with its fields old -> new, in django-auditlog's
one table (auditlog.LogEntry). Each app declares which of its models are audited (its
AppConfig.ready calls `audit_register`); every service runs as its actor (`audited`), so a
management command records the user it was given, as a request records the signed-in user."""

import functools
from contextlib import contextmanager
from contextvars import ContextVar

from auditlog.context import auditlog_value, set_extra_data


def audit_register(app_config, models):
    """Register the app's models named in `models` (model name -> auditlog.register options:
    exclude_fields, mask_fields, mask_callable, m2m_fields). Called from AppConfig.ready, when
    the registry (which imports models) can be loaded."""
    from auditlog.registry import auditlog

    for name, options in models.items():
        auditlog.register(app_config.get_model(name), **options)


# The actor of the service running now, so a service calling another does not nest contexts.
_acting = ContextVar("audit_acting", default=None)


@contextmanager
def acting_as(actor):
    """Changes saved inside are recorded as made by `actor` (a user; None changes nothing).

    auditlog's set_actor leaves its value behind when it ends (a later save would find a stale
    actor) and drops the request's address; this keeps the address and restores exactly what
    was there before."""
    if actor is None or _acting.get() == actor:
        yield  # no one to name, or a service of the same actor is already running
        return
    outer = auditlog_value.get(None)
    extra = {key: value for key, value in (outer or {}).items() if key != "signal_duid"}
    saved, acting = auditlog_value.set(outer), _acting.set(actor)
    try:
        with set_extra_data({**extra, "actor": actor}):
            yield
    finally:
        _acting.reset(acting)
        auditlog_value.reset(saved)


def audited(service):
    """Run a service (keyword `actor`) as its actor, so the audit trail names the right person
    whoever calls it: a view, an import, a management command or a job."""

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        with acting_as(kwargs.get("actor")):
            return service(*args, **kwargs)

    return wrapper
