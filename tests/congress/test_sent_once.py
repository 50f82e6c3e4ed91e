"""Create forms sent once (issue 25: five identical "new suggestion" posts made five drafts):
congress.services.form_sent_once keeps the form's one-time token with the record it creates,
and the same token sent again, even at the same moment, finds that record."""

import threading
import time
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from congress.models import SentForm, Term
from congress.services import form_sent_once
from tests.factories import TermFactory, UserFactory
from tests.proposals import test_races

# Connections of several threads on one test database (a file copy of SQLite's in-memory one).
shared_database = test_races.shared_database


def make_term(number=18):
    return lambda: TermFactory(number=number)


@pytest.mark.django_db
def test_the_same_token_sent_again_gives_the_first_record():
    user, token = UserFactory(), uuid.uuid4()
    term, created = form_sent_once(token=token, actor=user, create=make_term())
    assert created
    again, created = form_sent_once(token=token, actor=user, create=make_term(19))
    assert (again, created) == (term, False)
    assert Term.objects.count() == 1
    sent = SentForm.objects.get()
    assert (sent.token, sent.user, sent.record) == (token, user, term)


@pytest.mark.django_db
def test_a_refused_sending_leaves_the_token_free():
    user, token = UserFactory(), uuid.uuid4()

    def refused():
        TermFactory()
        raise ValidationError("refused")

    with pytest.raises(ValidationError):
        form_sent_once(token=token, actor=user, create=refused)
    assert not Term.objects.exists() and not SentForm.objects.exists()
    term, created = form_sent_once(token=token, actor=user, create=make_term())
    assert created and Term.objects.get() == term


@pytest.mark.django_db
def test_another_user_s_token_is_refused_in_chinese_and_shows_nothing():
    token = uuid.uuid4()
    form_sent_once(token=token, actor=UserFactory(), create=make_term())
    with pytest.raises(ValidationError) as refused:
        form_sent_once(token=token, actor=UserFactory(), create=make_term(19))
    assert refused.value.messages == ["这张表已经提交过了。请重新打开页面，填写一张新表。"]
    assert Term.objects.count() == 1


@pytest.mark.django_db
def test_without_a_token_every_sending_creates():
    user = UserFactory()
    for number in (18, 19):
        assert form_sent_once(token=None, actor=user, create=make_term(number))[1]
    assert Term.objects.count() == 2 and not SentForm.objects.exists()


@pytest.mark.usefixtures("shared_database")
def test_three_sendings_of_one_form_at_once_create_one_record():
    """Three taps at once: each request in its own thread and connection. The first to write
    the token holds its transaction open a moment (a slow create); the others wait on the
    token, then find its record. On PostgreSQL the unique key decides, on SQLite the write
    lock."""
    user, token = UserFactory(), uuid.uuid4()
    barrier = threading.Barrier(3)
    results, errors = [], []

    def send():
        def slow_create():
            time.sleep(0.3)
            return TermFactory(number=18)

        try:
            barrier.wait(timeout=30)
            record, created = form_sent_once(token=token, actor=user, create=slow_create)
            results.append((record.pk, created))
        except Exception as error:  # an IntegrityError or a lock error would be the fault
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert errors == []
    term = Term.objects.get()
    assert sorted(results, key=lambda r: not r[1]) == [(term.pk, True), *[(term.pk, False)] * 2]
