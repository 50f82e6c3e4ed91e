"""Published documents of an election as PDFs: the roll of each district (公布选民名单) and the
voter cards (选民证), for one district or the whole township.

They are posted or handed out, so ID numbers are always masked. A township's documents take
minutes, so they are made by a job (elections.jobs) and handed out from the job's page.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress import idnumbers
from congress.pdf import fonts
from elections import rules, selectors

CARDS_PER_PAGE = 6
ROLL, CARDS = "roll", "cards"
TITLES = {ROLL: gettext_lazy("Voter roll"), CARDS: gettext_lazy("Voter cards")}
FILE_WORDS = {ROLL: "选民名单", CARDS: "选民证"}
PROGRESS_PHASES = {"districts": gettext_lazy("%(done)s of %(total)s districts done")}


def _polling_station(district):
    lines = [line.strip() for line in district.polling_stations.splitlines() if line.strip()]
    return lines[0] if lines else ""


def _one_line(text):
    """Text for a line of the roll, whose columns are tab stops."""
    return " ".join(text.split())


def roll_publication_date(election):
    """The date the published roll is signed with: the day it was recorded as published, or
    until then the latest day the law allows (20 days before election day), never the day the
    PDF happens to be made."""
    if election.roll_published_on:
        return election.roll_published_on
    return dict(rules.timeline(election.election_day))["roll_published"]


def roll_context(district):
    voters = [
        (
            _one_line(voter.name),
            voter.get_gender_display(),
            idnumbers.mask(voter.id_number),
            _one_line(voter.address),
        )
        for voter in selectors.district_roll(district=district)
    ]
    return {
        "district": district,
        "election": district.election,
        "voters": voters,
        # pdf_roll.html signs the roll with "today": the publication date.
        "today": roll_publication_date(district.election),
    }


def cards_context(district):
    station = _polling_station(district)
    cards = [
        {
            "name": voter.name,
            "number": selectors.voter_card_number(district=district, position=position),
            "id_number": idnumbers.mask(voter.id_number),
            "station": station,
        }
        for position, voter in enumerate(selectors.district_roll(district=district), start=1)
    ]
    pages = [cards[i : i + CARDS_PER_PAGE] for i in range(0, len(cards), CARDS_PER_PAGE)]
    return {"district": district, "election": district.election, "pages": pages}


TEMPLATES = {
    ROLL: ("elections/pdf_roll.html", roll_context),
    CARDS: ("elections/pdf_cards.html", cards_context),
}


def document_pdf(document, districts, *, progress=None):
    """The PDF (bytes) of `document` for `districts`, one after the other, each district
    starting on a new page; `progress(phase, done, total)` after each district."""
    from weasyprint import HTML  # heavy; loaded by the worker only when a document is made

    if not districts:
        raise ValidationError(_("The election has no districts yet."))
    template, context_of = TEMPLATES[document]
    extra = {"pdf_fonts": fonts()}
    rendered = []
    for done, district in enumerate(districts, start=1):
        html = render_to_string(template, {**context_of(district), **extra})
        rendered.append(HTML(string=html, base_url=str(settings.BASE_DIR)).render())
        if progress:
            progress("districts", done, len(districts))
    pages = [page for doc in rendered for page in doc.pages]
    return rendered[0].copy(pages).write_pdf()


def document_filename(document, election, district=None):
    place = district.name if district else _("whole township")
    return f"{election.name}-{place}-{FILE_WORDS[document]}.pdf"
