"""A step that lost the race for the database's write lock gets a Chinese page saying to try
again (HTTP 409), not a server error; other database errors are not hidden."""

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from congress.middleware import BusyDatabaseMiddleware


class PostgresDeadlock(Exception):
    sqlstate = "40P01"


def deadlock():
    try:
        raise OperationalError("deadlock detected") from PostgresDeadlock()
    except OperationalError as error:
        return error


@pytest.fixture
def middleware():
    return BusyDatabaseMiddleware(lambda request: None)


@pytest.mark.parametrize(
    "error", [OperationalError("database is locked"), deadlock()], ids=["sqlite", "postgres"]
)
def test_a_lost_lock_is_a_chinese_page_saying_to_try_again(db, secretary, middleware, error):
    request = RequestFactory().post("/sessions/new/")
    request.user = secretary
    response = middleware.process_exception(request, error)
    assert response.status_code == 409
    assert "请刷新页面后重试" in response.content.decode()


def test_other_database_errors_are_not_hidden(db, secretary, middleware):
    request = RequestFactory().post("/sessions/new/")
    request.user = secretary
    assert middleware.process_exception(request, OperationalError("no such table: x")) is None
