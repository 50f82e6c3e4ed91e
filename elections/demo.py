"""Demo data of the elections app, called by `seed_demo` after the deputies' demo data.

The general election that elected the demo term: held three weeks before the term began, for
the township's population (seat quota by rules.seat_quota), in the 22 districts the deputies'
roster names (第1选区 … 第22选区), each covering part of a demo village. Every district elects
as many deputies as the roster has in office there (2 or 3), so the winners ARE the roster's
deputies: candidates carry their names and birth dates, and results_confirm links each
winner to the existing deputy record instead of creating a second one. The roll has about
3,300 voters with valid ID numbers (bulk_create); one district (第8选区) filled its last seat
only in a second round (另行选举).

Idempotent: the election, districts and candidates are matched by their names; voters are
written only when the election has none; results and the confirmation only while the results
are unconfirmed. The name generator is called the same number of times on every run, so the
apps seeded after this one get the same names.
"""

import random
from datetime import time, timedelta

from django.db.models import Count
from django.utils import timezone
from stdnum.cn import ric

from congress import names
from congress.models import TownshipProfile
from congress.roles import Role
from deputies.models import Deputy, DeputyStatus
from elections import rules, selectors, services
from elections.models import Candidate, District, Election, Voter

ELECTION_NAME = "青山镇第十八届人民代表大会代表选举"
DAYS_BEFORE_TERM = 21
VOTERS_PER_DISTRICT = 150
SECOND_ROUND_DISTRICT = "第8选区"
REGION_CODE = "522631"  # 6-digit administrative code used for the demo ID numbers
LOSING_WORKPLACES = [
    "{village}村民",
    "{village}个体工商户",
    "镇农业服务中心职工",
    "{village}种植户",
]


def seed(*, term, accounts, names):
    rng = random.Random(18)
    profile = TownshipProfile.objects.get(pk=1)
    villages = [v for v in profile.villages.splitlines() if v.strip()]
    election_day = term.start_date - timedelta(days=DAYS_BEFORE_TERM)
    election, _ = Election.objects.update_or_create(
        name=ELECTION_NAME,
        defaults={
            "kind": Election.Kind.GENERAL,
            "election_day": election_day,
            "population": profile.population,
            "seats_override": None,
            "term": term,
            "roll_published_on": election_day - timedelta(days=rules.ROLL_PUBLISHED_DAYS_BEFORE),
            "initial_candidates_published_on": election_day
            - timedelta(days=rules.INITIAL_CANDIDATES_DAYS_BEFORE),
            "formal_candidates_published_on": election_day
            - timedelta(days=rules.FORMAL_CANDIDATES_DAYS_BEFORE),
        },
    )

    deputies_by_district = {}
    for deputy in Deputy.objects.filter(status=DeputyStatus.IN_OFFICE).order_by("pk"):
        deputies_by_district.setdefault(deputy.district, []).append(deputy)
    district_names = sorted(
        (name for name in deputies_by_district if name), key=lambda n: int(n[1:-2])
    )

    districts = []
    for index, name in enumerate(district_names):
        village = villages[index * len(villages) // len(district_names)]
        groups = f"{index % 2 * 4 + 1}-{index % 2 * 4 + 4}组"
        deputies = deputies_by_district[name][: rules.DISTRICT_MAX_SEATS]
        population = rng.randrange(1300, 1700) * len(deputies) // 2
        district, _ = District.objects.update_or_create(
            election=election,
            name=name,
            defaults={
                "code": f"{index + 1:02d}",
                "area": f"{village}{groups}",
                "population": population,
                "seats": len(deputies),
                "polling_stations": f"{village}村民委员会\n{village}文化活动室",
                "mobile_boxes": 1 if index % 3 == 0 else 0,
            },
        )
        districts.append((district, village, deputies))

    # The roll: names are drawn on every run (see the module docstring).
    roll = []
    serial = 0
    for district, village, _deputies in districts:
        for _ in range(VOTERS_PER_DISTRICT):
            serial += 1
            name = names()
            age_days = rng.randrange(18 * 366, 88 * 365)
            born = election_day - timedelta(days=age_days)
            male = rng.random() < 0.51
            roll.append((district, village, name, born, male, serial))
    if not election.voters.exists():
        Voter.objects.bulk_create(
            [
                _voter(election, district, village, name, born, male, serial)
                for district, village, name, born, male, serial in roll
            ],
            batch_size=1000,
        )

    # Candidates: the deputies the roster has, plus the others of the formal list.
    candidates = {}
    for district, village, deputies in districts:
        low, _high = rules.candidate_range(district.seats)
        extra = max(low, district.seats + 1) - district.seats
        if district.name == SECOND_ROUND_DISTRICT:
            extra = 2
        losers = [(names(), rng.random() < 0.5, rng.randrange(1965, 1995)) for _ in range(extra)]
        rows = []
        for deputy in deputies:
            rows.append(
                _candidate(
                    district,
                    deputy.name,
                    deputy.gender,
                    deputy.birth_date,
                    deputy.workplace,
                    party=True,
                )
            )
        for number, (name, male, year) in enumerate(losers):
            rows.append(
                _candidate(
                    district,
                    name,
                    "M" if male else "F",
                    election_day.replace(year=year, day=1),
                    rng.choice(LOSING_WORKPLACES).format(village=village),
                    party=number % 2 == 0,
                )
            )
        candidates[district.pk] = rows

    if election.results_confirmed_at is None:
        actor = accounts[Role.ELECTION_STAFF]
        _results(election, districts, candidates, rng, actor)
        services.results_confirm(election=election, actor=actor, term=term)
    _congress_elections(term, accounts[Role.SECRETARY])
    return election


def _voter(election, district, village, name, born, male, serial):
    order = (serial % 500) * 2 + (1 if male else 0)
    body = f"{REGION_CODE[:4]}{serial // 500:02d}{born:%Y%m%d}{order:03d}"
    return Voter(
        election=election,
        district=district,
        name=name,
        id_number=body + ric.calc_check_digit(body + "0"),  # the digit is computed over 17
        gender="M" if male else "F",
        birth_date=born,
        ethnicity="汉族" if serial % 7 else "苗族",
        address=f"{village}{serial % 9 + 1}组{serial % 61 + 1}号",
        stroke_key=names.stroke_sort_key(name),
    )


def _candidate(district, name, gender, birth_date, workplace, *, party):
    candidate, _ = Candidate.objects.update_or_create(
        district=district,
        name=name,
        defaults={
            "gender": gender,
            "birth_date": birth_date,
            "workplace": workplace,
            "source": Candidate.Source.PARTY if party else Candidate.Source.VOTERS,
            "nominator": "中国共产党青山镇委员会" if party else "",
            "nominating_voters": None if party else 12,
            "stage": Candidate.Stage.FORMAL,
            "stroke_key": names.stroke_sort_key(name),
        },
    )
    return candidate


def _results(election, districts, candidates, rng, actor):
    registered = dict(
        Voter.objects.filter(election=election, on_roll=True)
        .values_list("district")
        .annotate(n=Count("pk"))
    )
    for district, _village, deputies in districts:
        rows = candidates[district.pk]
        total = registered.get(district.pk, 0)
        voted = total - rng.randrange(total // 20, total // 8)
        void = rng.randrange(0, 4)
        figures = {
            "registered": total,
            "voted": voted,
            "ballots_issued": voted,
            "ballots_returned": voted,
            "valid_ballots": voted - void,
            "void_ballots": void,
        }
        winners, others = rows[: len(deputies)], rows[len(deputies) :]
        second = district.name == SECOND_ROUND_DISTRICT
        votes = {}
        for place, candidate in enumerate(winners):
            share = rng.uniform(0.62, 0.9)
            if second and place == len(winners) - 1:
                share = 0.44  # not more than half: the seat goes to a second round
            votes[candidate] = int(voted * share)
        for candidate in others:
            votes[candidate] = int(voted * rng.uniform(0.15, 0.4))
        services.result_save(actor=actor, district=district, round=1, figures=figures, votes=votes)
        if second:
            runoff_voted = voted - rng.randrange(20, 40)
            runoff = {
                "registered": total,
                "voted": runoff_voted,
                "ballots_issued": runoff_voted,
                "ballots_returned": runoff_voted,
                "valid_ballots": runoff_voted - 1,
                "void_ballots": 1,
            }
            allowed = selectors.second_round_candidates(district=district)
            runoff_votes = {
                c: int(runoff_voted * (0.58 if c == winners[-1] else 0.38)) for c in allowed
            }
            services.result_save(
                actor=actor, district=district, round=2, figures=runoff, votes=runoff_votes
            )


# Elections held by the congress (issue 15). The session: the term's first session when the
# demo has one, else the term's first session held (the one the assembly demo prepares), so
# no session is added that the other apps' demo data would count differently on a second run.
# Government posts go to people who need not be deputies: fixed names, so the shared name
# generator is not called (the apps seeded later keep their names).
GOVERNMENT_NOMINEES = {
    "head": [("周建国", "镇党委副书记"), ("郑志刚", "镇党委委员")],
    "deputy_head": [
        ("吴海燕", "镇党委委员、组织委员"),
        ("钱立新", "镇农业服务中心主任"),
        ("孙明华", "镇社会事务办主任"),
        ("冯晓东", "镇经济发展办主任"),
    ],
}


def _congress_session(term):
    from congress.models import Session

    today = timezone.localdate()
    held = Session.objects.filter(term=term, start_date__lte=today).exclude(deputies_total=None)
    return (
        held.filter(kind=Session.Kind.FIRST).order_by("number").first()
        or held.order_by("start_date", "number").first()
    )


def _congress_elections(term, secretary):
    """The session elects the chair (uncontested), a vice-chair (contested), the head
    (contested) and two deputy heads (four nominated for three places: a preliminary vote).
    Idempotent: nothing is written once the session's contests have votes."""
    from congress.models import PresidiumMember
    from elections.models import Round

    session = _congress_session(term)
    if session is None or Round.objects.filter(contest__session=session).exists():
        _restore_presidium_seats(term, PresidiumMember)
        return
    _congress_elections_held(session, secretary)
    _restore_presidium_seats(term, PresidiumMember)


def _congress_elections_held(session, secretary):
    from elections import congress_selectors, congress_services
    from elections.models import Contest

    day = session.start_date
    deputies = list(
        Deputy.objects.filter(status=DeputyStatus.IN_OFFICE, status_date__isnull=True).order_by(
            "pk"
        )
    ) or list(Deputy.objects.filter(status=DeputyStatus.IN_OFFICE).order_by("pk"))
    congress_services.election_rules_save(
        actor=secretary,
        session=session,
        adopted_on=day,
        posts={"chair": (1, 1), "vice_chair": (1, 1), "head": (1, 1), "deputy_head": (2, 1)},
        note="选举采用无记名投票方式，候选人获得全体代表过半数的选票始得当选。",
    )
    contests = {c.post: c for c in Contest.objects.filter(session=session)}
    presidium = {"actor": secretary, "source": "presidium", "day": day}

    def jointly(offset):
        return {
            "actor": secretary,
            "source": "deputies",
            "day": day,
            "sponsors": deputies[offset : offset + 11],
        }

    congress_services.nomination_add(contest=contests["chair"], deputy=deputies[0], **presidium)
    congress_services.nomination_add(
        contest=contests["vice_chair"], deputy=deputies[1], **presidium
    )
    congress_services.nomination_add(
        contest=contests["vice_chair"], deputy=deputies[2], **jointly(10)
    )
    (head, head_post), (other, other_post) = GOVERNMENT_NOMINEES["head"]
    congress_services.nomination_add(
        contest=contests["head"], name=head, introduction=head_post, **presidium
    )
    congress_services.nomination_add(
        contest=contests["head"], name=other, introduction=other_post, **jointly(21)
    )
    for index, (name, post) in enumerate(GOVERNMENT_NOMINEES["deputy_head"]):
        extra = presidium if index < 2 else jointly(32 if index == 2 else 0)
        congress_services.nomination_add(
            contest=contests["deputy_head"], name=name, introduction=post, **extra
        )
    for contest in contests.values():
        congress_services.nominations_close(actor=secretary, contest=contest)

    issued = session.deputies_present
    # For each post: votes for each candidate in ballot order (the rest against or abstaining).
    plans = {
        "chair": [[issued - 2]],
        "vice_chair": [[issued - 6, 4]],
        "head": [[issued - 5, 3]],
        "deputy_head": [[issued - 3, issued - 9, issued - 12, 11], [issued - 4, issued - 6, 8]],
    }
    # The session's ballots one after another, a quarter of an hour apart, from 09:00.
    moments = (time(9 + quarter // 4, 15 * (quarter % 4)) for quarter in range(40))
    for post, votes in plans.items():
        for counts in votes:
            progress = congress_selectors.contest_progress(
                congress_selectors.contest_facts(contests[post].pk)
            )
            step = progress.next
            preliminary = step.kind == "preliminary"
            tallies = {}
            for candidate, votes_for in zip(step.candidates, counts, strict=True):
                rest = issued - votes_for
                against = 0 if preliminary else rest // 2
                tallies[candidate] = (votes_for, against, 0 if preliminary else rest - against)
            congress_services.round_record(
                actor=secretary,
                contest=contests[post],
                held_on=day,
                held_time=next(moments),
                ballots_issued=issued,
                ballots_returned=issued,
                void_ballots=0,
                tallies=tallies,
            )


def _restore_presidium_seats(term, PresidiumMember):
    """seed_demo brings the presidium back to its own seats on a second run (ending any
    other): the seats this session's elections gave are opened again, as plain updates like
    seed_demo's own (no new audit entries). seed_demo's chair is not a deputy (the law elects
    the chair from the deputies), so the demo's elected chair sits beside it."""
    from elections.models import Office

    for office in Office.objects.filter(term=term, end_date=None, elected_in__isnull=False):
        role = {"chair": "chair", "vice_chair": "vice_chair", "presidium_member": "member"}.get(
            office.post
        )
        if role:
            PresidiumMember.objects.filter(
                term=term, name=office.name, role=role, start_date=office.start_date
            ).update(end_date=None)
