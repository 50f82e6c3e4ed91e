"""The documents of the elections a township congress holds, drawn with WeasyPrint
(congress/pdf.py): the ballot paper of a post's next vote, the tally sheet of a vote, and the
announcement of those the session elected (公告) in the layout of official documents."""

from congress.pdf import render_pdf
from congress.selectors import township_name
from congress.text import official_date
from elections import congress_rules as cr
from elections import congress_selectors as selectors

BALLOT_TITLES = {
    cr.ROUND_PRELIMINARY: "预选票",
    cr.ROUND_FORMAL: "选举票",
    cr.ROUND_TIE: "再次投票选举票",
    cr.ROUND_FURTHER: "另行选举票",
}


def session_title(session, township):
    """青山镇第十八届人民代表大会第一次会议"""
    return f"{township}{session}"


def ballot_pdf(progress, *, request=None):
    """The ballot paper of the contest's next vote: its candidates in the order of the formal
    list (surname strokes, or preliminary votes; a preliminary ballot in surname strokes), a
    box for each mark, and a line per seat for another person."""
    contest, step = progress.contest, progress.next
    township = township_name()
    label = selectors.post_label(contest.post, township)
    preliminary = step.kind == cr.ROUND_PRELIMINARY
    return render_pdf(
        "elections/congress/ballot_pdf.html",
        {
            "session_title": session_title(contest.session, township),
            "title": f"{label}{BALLOT_TITLES[step.kind]}",
            "label": label,
            "step": step,
            "preliminary": preliminary,
            "write_in_lines": range(0 if preliminary else step.seats),
        },
        request=request,
    )


def tally_pdf(progress, round_, *, request=None):
    """The tally sheet (计票结果报告单) of one recorded vote, with its computed result."""
    township = township_name()
    contest = progress.contest
    return render_pdf(
        "elections/congress/tally_pdf.html",
        {
            "session_title": session_title(contest.session, township),
            "label": selectors.post_label(contest.post, township),
            "round": round_,
            "result": round_.result,
            "contest": contest,
        },
        request=request,
    )


def announcement_pdf(session, *, request=None):
    """The announcement (公告) of those the session elected: one paragraph per day of votes,
    signed by the session's presidium with the date of the last vote."""
    township = township_name()
    lines = selectors.announcement_lines(session, township)
    title = session_title(session, township)
    # An official document: written in Chinese, as the voter cards and rolls are.
    paragraphs = [
        f"{title}于{official_date(day)}选举"
        + "；".join(f"{'、'.join(names)}为{post}" for post, names in posts)
        + "。"
        for day, posts in lines
    ]
    last = lines[-1][0] if lines else session.end_date
    return render_pdf(
        "elections/congress/announcement_pdf.html",
        {
            "session_title": title,
            "paragraphs": paragraphs,
            "signature": f"{title}主席团",
            "date": official_date(last),
        },
        request=request,
    )
