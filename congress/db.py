"""What a database error means for the person whose step caused it."""

# Lock conflicts PostgreSQL reports instead of waiting: deadlock, lock not available.
_POSTGRES_LOCK_CONFLICTS = {"40P01", "55P03"}


def lock_conflict(error):
    """A write lock not obtained: SQLite's busy timeout ("database is locked") ran out, or
    PostgreSQL broke a deadlock. Someone else's step won; trying again is the remedy."""
    cause = error.__cause__
    return "database is locked" in str(error) or (
        getattr(cause, "sqlstate", None) in _POSTGRES_LOCK_CONFLICTS
    )
