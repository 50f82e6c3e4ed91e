"""The published roll's closing note and signature never stand alone on its last page: the last
voters come along (as GB/T 9704-2012 7.3.5 wants the signature on a page with the text)."""

import re
from datetime import date
from types import SimpleNamespace

from congress.pdf import render_pdf
from tests.pdf_utils import pdf_text

ELECTION = SimpleNamespace(name="青山镇人大代表选举", election_day=date(2026, 11, 30))
DISTRICT = SimpleNamespace(name="第一选区", code="01", area="")
SIGNED = "青山镇人大代表选举选举委员会"
ROW = re.compile(r"^\s*\d+\s+张\d+", re.MULTILINE)


def roll_pages(voters, tmp_path):
    rows = [(f"张{i}", "男", "530102********1234", "河东村") for i in range(1, voters + 1)]
    pdf = render_pdf(
        "elections/pdf_roll.html",
        {"election": ELECTION, "district": DISTRICT, "voters": rows, "today": date(2026, 11, 10)},
    )
    return [page for page in pdf_text(pdf, tmp_path).split("\f") if page.strip()]


def test_the_signature_page_lists_voters(tmp_path):
    # How many rows the first page and a full page hold, read from a long roll.
    first, full = (len(ROW.findall(page)) for page in roll_pages(90, tmp_path)[:2])
    # Rolls whose rows end at or just above the foot of page 2, where the closing note and the
    # signature used to go over alone.
    for voters in range(first + full - 4, first + full + 1):
        last = roll_pages(voters, tmp_path)[-1]
        assert SIGNED in re.sub(r"\s+", "", last)
        assert ROW.search(last), (voters, last)
