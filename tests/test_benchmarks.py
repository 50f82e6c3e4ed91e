"""The benchmark commands run end to end at a small size, print their figures beside their
baselines, and leave the database as they found it. Their figures are for people (timed tests
would fail on a busy machine); these tests keep the commands working between the times someone
needs their numbers. bench_server is left out: it starts gunicorn on a database of its own."""

import io

import pytest
from django.core.management import call_command

from congress.models import Job
from deputies.models import Deputy
from elections.models import Election, Voter
from proposals.models import Proposal

# Not inside a test transaction: on PostgreSQL the commands VACUUM first (congress.benchmarks).
pytestmark = pytest.mark.django_db(transaction=True)


def run(*arguments):
    out = io.StringIO()
    call_command(*arguments, stdout=out)
    return out.getvalue()


def test_bench_voters_prints_the_import_beside_its_floors_and_the_stock_resource():
    text = run("bench_voters", "--rows", "300", "--repeat", "1", "--stock-rows", "30")
    for kind in ("csv", "xlsx"):
        assert f"{kind}: generated" in text
    assert text.count("× the floor") == 2 and text.count("into temporary tables") == 2
    assert "stock ModelResource: 30 voters" in text and "the xlsx import is" in text
    assert not Election.objects.exists() and not Voter.objects.exists()


def test_bench_documents_prints_ms_per_card_and_peak_memory():
    text = run("bench_documents", "--one", "--voters", "60", "--document", "cards")
    assert "cards      60 voters" in text and "ms per card" in text and "peak memory" in text
    assert not Voter.objects.exists() and not Job.objects.exists()


def test_bench_proposals_prints_queries_and_ratios_at_both_sizes():
    text = run("bench_proposals", "--items", "20", "--repeat", "1")
    assert "secretary's board (first page)" in text and "× login @20" in text
    assert not Proposal.objects.exists()


def test_bench_reports_prints_the_summary_beside_weasyprint_alone():
    text = run(
        "bench_reports",
        "--deputies",
        "60",
        "--suggestions",
        "10",
        "--activities",
        "5",
        "--repeat",
        "1",
    )
    assert text.splitlines()[0].split() == [
        "scale",
        "deputies",
        "suggestions",
        "activities",
        "seconds",
        "queries",
        "weasyprint",
        "ratio",
    ]
    assert "x2" in text and not Deputy.objects.exists()
