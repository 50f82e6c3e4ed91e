"""selectors.handling_stats on a small data set whose every figure is worked out by hand below,
and the rates' printing (half-up to one decimal, "—" for a zero denominator)."""

from datetime import date
from decimal import Decimal

import pytest

from congress.law import Rate
from congress.roles import Role
from proposals import selectors, services
from proposals.models import Verdict
from tests.factories import (
    DeputyFactory,
    GroupFactory,
    ProposalFactory,
    SessionFactory,
    TermFactory,
    UnitFactory,
    UserFactory,
)
from tests.proposals.helpers import (
    assigned,
    closed,
    evaluated,
    lead_assignment,
    motion,
    registered,
    replied,
    reviewed,
)

pytestmark = pytest.mark.django_db

YEAR = (date(2025, 1, 1), date(2025, 12, 31))
SESSION_DAY = date(2025, 1, 16)
MEETING = date(2025, 2, 3)  # 交办会: reply due 2025-05-03


@pytest.fixture
def data(secretary):
    """Items submitted in 2025 (session items on 2025-01-16, others between sessions):

    no.  lead  topic      unit        what happens                                   state
    S1   张一  transport  甲 02-03    reply A 04-01; co-signer 李二 unsatisfied;       closed
                                      张一 satisfied
    S2   张一  transport  甲 02-03    reply B 05-10 (late); unsatisfied; reply A      closed
                                      06-10; basically satisfied
    S3   李二  education  乙 02-03    reply C 05-03 (the deadline day); unsatisfied   rehandling
    S4   王三  education  甲 03-10    reply D 04-01; co-signer 张一 satisfied;         closed
         (between sessions)           window lapses → 未评价
    S5   王三  health     乙 03-03,   returned by 乙 03-05; 甲 03-12 (due 06-12);     replied
         (between sessions)           reply B 06-05
    S6   赵四  health     乙 04-01    no reply                                       assigned
         (between sessions)
    S7   张一  transport  —           registered only                                awaiting
    S8   李二  transport  —           declined                                       declined
    M1   张一  motion, put on the agenda                                             on agenda
    M2   张一  motion converted to a suggestion (transport); 甲 02-03; reply B 05-04  closed
                                      (late); unsatisfied; closed by the secretary
    Not counted: a 2024 item (甲, reply A, satisfied) and a draft never submitted.
    Groups: 张一 and 李二 in 第一代表小组, 王三 in 第二代表小组, 赵四 in none.
    """
    term = TermFactory(number=18)
    session = SessionFactory(term=term, number=1, start_date=SESSION_DAY)
    first, second = GroupFactory(name="第一代表小组"), GroupFactory(name="第二代表小组")
    zhang = DeputyFactory(name="张一", group=first)
    li = DeputyFactory(name="李二", group=first)
    wang = DeputyFactory(name="王三", group=second)
    zhao = DeputyFactory(name="赵四")
    jia_officer, yi_officer = (
        UserFactory(role=Role.UNIT_OFFICER),
        UserFactory(role=Role.UNIT_OFFICER),
    )
    jia = UnitFactory(name="甲单位", officers=[jia_officer])
    yi = UnitFactory(name="乙单位", officers=[yi_officer])

    def item(lead, topic, in_session=True, submitted=SESSION_DAY, **kwargs):
        proposal = ProposalFactory(
            lead_deputy=lead, topic=topic, session=session if in_session else None, **kwargs
        )
        return registered(proposal, secretary, submitted_date=submitted)

    s1 = item(zhang, "transport", co_signers=[li])
    assigned(s1, secretary, jia, assigned_date=MEETING)
    replied(s1, jia_officer, "A", day=date(2025, 4, 1))
    evaluated(s1, Verdict.UNSATISFIED, deputy=li, actor=secretary, day=date(2025, 4, 5))
    evaluated(s1, Verdict.SATISFIED, actor=secretary, day=date(2025, 4, 6))

    s2 = item(zhang, "transport")
    assigned(s2, secretary, jia, assigned_date=MEETING)
    replied(s2, jia_officer, "B", day=date(2025, 5, 10))
    evaluated(s2, Verdict.UNSATISFIED, actor=secretary, day=date(2025, 5, 20))
    replied(s2, jia_officer, "A", day=date(2025, 6, 10))
    evaluated(s2, Verdict.BASICALLY, actor=secretary, day=date(2025, 6, 15))

    s3 = item(li, "education")
    assigned(s3, secretary, yi, assigned_date=MEETING)
    replied(s3, yi_officer, "C", day=date(2025, 5, 3))
    evaluated(s3, Verdict.UNSATISFIED, actor=secretary, day=date(2025, 5, 8))

    s4 = item(wang, "education", False, date(2025, 3, 10), co_signers=[zhang])
    assigned(s4, secretary, jia, assigned_date=date(2025, 3, 10))
    replied(s4, jia_officer, "D", day=date(2025, 4, 1))
    evaluated(s4, Verdict.SATISFIED, deputy=zhang, actor=secretary, day=date(2025, 4, 2))

    s5 = item(wang, "health", False, date(2025, 3, 3))
    assigned(s5, secretary, yi, assigned_date=date(2025, 3, 3))  # due 06-03
    services.assignment_return(
        actor=yi_officer, assignment=lead_assignment(s5), reason="不属本单位", day=date(2025, 3, 5)
    )
    assigned(s5.__class__.objects.get(pk=s5.pk), secretary, jia, assigned_date=date(2025, 3, 12))
    s5.refresh_from_db()
    replied(s5, jia_officer, "B", day=date(2025, 6, 5))

    s6 = item(zhao, "health", False, date(2025, 4, 1))
    assigned(s6, secretary, yi, assigned_date=date(2025, 4, 1))

    item(zhang, "transport")  # S7
    s8 = item(li, "transport")
    services.proposal_decline(actor=secretary, proposal=s8, version=s8.version, reason="个人事项")

    reviewed(
        registered(motion(lead_deputy=zhang, session=session), secretary, SESSION_DAY),
        secretary,
        "put_on_agenda",
    )
    m2 = registered(
        motion(lead_deputy=zhang, session=session, topic="transport"), secretary, SESSION_DAY
    )
    reviewed(m2, secretary, "convert", reason="作为建议办理")
    assigned(m2, secretary, jia, assigned_date=MEETING)
    replied(m2, jia_officer, "B", day=date(2025, 5, 4))
    evaluated(m2, Verdict.UNSATISFIED, actor=secretary, day=date(2025, 5, 6))
    closed(m2, secretary, note="代表同意列入明年计划后办结")

    # S4's window: reply 04-01 + 30 days → lapses on 05-15 (S5's reply is later).
    assert services.evaluations_lapse(today=date(2025, 5, 15)) == [s4]

    old = registered(ProposalFactory(lead_deputy=zhang), secretary, date(2024, 10, 1))
    assigned(old, secretary, jia, assigned_date=date(2024, 10, 8))
    replied(old, jia_officer, "A", day=date(2024, 11, 1))
    evaluated(old, Verdict.SATISFIED, actor=secretary)
    ProposalFactory(lead_deputy=zhang)  # a draft
    return locals()


def test_handling_stats_on_a_hand_computed_example(data):
    stats = selectors.handling_stats(*YEAR)
    # Received in 2025: S1–S8, M1, M2. Motions: M1, M2 (converted, keeps its motion number).
    # Suggestions: S1–S8 and M2 (now a suggestion) = 9; between sessions: S4, S5, S6 = 3.
    assert stats.received_motions == 2
    assert stats.received_suggestions == 9
    assert stats.between_sessions == 3
    # Ever assigned: S1–S6, M2 = 7. Replied at least once: S1–S5, M2 = 6.
    # Closed: S1, S2, S4 (lapsed), M2 (secretary) = 4.
    assert (stats.assigned, stats.replied, stats.closed) == (7, 6, 4)
    rates = stats.rates
    # 办结率 = 4 / 7 = 57.142… → 57.1
    assert (rates["closed"].numerator, rates["closed"].denominator) == (4, 7)
    assert str(rates["closed"]) == "57.1%"
    # 答复率 = 6 / 7 = 85.714… → 85.7
    assert (rates["replied"].numerator, rates["replied"].denominator) == (6, 7)
    assert str(rates["replied"]) == "85.7%"
    # 按期答复率, first reply against the lead unit's deadline:
    #   S1 04-01 ≤ 05-03 yes · S2 05-10 > 05-03 no · S3 05-03 = 05-03 yes ·
    #   S4 04-01 ≤ 06-10 yes · S5 06-05 ≤ 06-12 yes (the deadline of 甲, to which it was
    #   re-assigned, not 06-03 of 乙 which returned it) · M2 05-04 > 05-03 no → 4 / 6 = 66.7
    assert (rates["on_time"].numerator, rates["on_time"].denominator) == (4, 6)
    assert str(rates["on_time"]) == "66.7%"
    # 满意率, the lead deputy's latest evaluation, 未评价 left out, co-signers not counted:
    #   S1 satisfied · S2 basically (its earlier unsatisfied superseded) · S3 unsatisfied ·
    #   S4 未评价 (out; 张一's co-signer "satisfied" does not count) · S5 none yet ·
    #   M2 unsatisfied → (1 + 1) / 4 = 50.0
    assert (rates["satisfied"].numerator, rates["satisfied"].denominator) == (2, 4)
    assert str(rates["satisfied"]) == "50.0%"
    # 解决率, the latest reply's category: S1 A · S2 A (round 2; round 1 was B) · S3 C ·
    #   S4 D · S5 B · M2 B → A = 2 of 6 = 33.3
    assert (rates["solved"].numerator, rates["solved"].denominator) == (2, 6)
    assert str(rates["solved"]) == "33.3%"
    assert stats.by_category == {"A": 2, "B": 2, "C": 1, "D": 1}
    for key, rate in rates.items():
        assert rate.definition == selectors.DEFINITIONS[key]
    # By the active lead unit: 甲 S1, S2, S4, S5, M2 (closed: S1, S2, S4, M2); 乙 S3, S6.
    assert stats.by_unit == [
        {"unit__name": "甲单位", "n": 5, "closed": 4},
        {"unit__name": "乙单位", "n": 2, "closed": 0},
    ]
    # By topic, of assigned items: transport S1, S2, M2 (all closed); education S3, S4
    # (S4 closed); health S5, S6 (none closed).
    assert sorted((t["topic"], t["n"], t["closed"]) for t in stats.by_topic) == [
        ("education", 2, 1),
        ("health", 2, 0),
        ("transport", 3, 3),
    ]
    assert stats.by_topic[0]["topic"] == "transport"
    # By lead deputy, received suggestions: 张一 S1, S2, S7, M2 = 4; 李二 S3, S8 = 2;
    # 王三 S4, S5 = 2; 赵四 S6 = 1.
    assert [(d["lead_deputy__name"], d["n"]) for d in stats.by_deputy] == [
        ("张一", 4),
        ("李二", 2),
        ("王三", 2),
        ("赵四", 1),
    ]
    # By group: 第一代表小组 4 + 2 = 6; 第二代表小组 2; no group 1.
    assert stats.by_group == [("第一代表小组", 6), ("第二代表小组", 2), ("", 1)]


def test_a_period_takes_items_by_their_submission_date(data):
    stats = selectors.handling_stats(date(2024, 1, 1), date(2024, 12, 31))
    # Only the 2024 item: assigned, replied on time (11-01 ≤ 2025-01-08), A, satisfied, closed.
    assert (stats.received_suggestions, stats.assigned, stats.replied, stats.closed) == (
        1,
        1,
        1,
        1,
    )
    assert [str(r) for r in stats.rates.values()] == ["100.0%"] * 5
    spring = selectors.handling_stats(date(2025, 3, 1), date(2025, 3, 31))
    # S4 (03-10) and S5 (03-03): both assigned and replied; S4 closed.
    assert (spring.received_suggestions, spring.assigned, spring.replied, spring.closed) == (
        2,
        2,
        2,
        1,
    )
    assert spring.between_sessions == 2
    # Neither has a counted evaluation (S4 未评价, S5 none): the satisfaction rate is "—".
    assert spring.rates["satisfied"].percent is None
    assert str(spring.rates["satisfied"]) == "—"


def test_an_empty_period_prints_dashes_for_every_rate(db):
    stats = selectors.handling_stats(*YEAR)
    assert (stats.received_motions, stats.received_suggestions, stats.assigned) == (0, 0, 0)
    assert all(str(rate) == "—" and rate.percent is None for rate in stats.rates.values())
    assert stats.by_category == {"A": 0, "B": 0, "C": 0, "D": 0}
    assert stats.by_unit == stats.by_topic == stats.by_deputy == stats.by_group == []


@pytest.mark.parametrize(
    "numerator,denominator,printed",
    [
        (2, 3, "66.7%"),
        (1, 8, "12.5%"),
        (1, 6, "16.7%"),
        (1, 16, "6.3%"),  # 6.25: half-up, not half-to-even (6.2)
        (3, 16, "18.8%"),  # 18.75
        (1, 3, "33.3%"),
        (0, 5, "0.0%"),
        (7, 7, "100.0%"),
        (0, 0, "—"),
    ],
)
def test_rates_round_half_up_to_one_decimal(numerator, denominator, printed):
    rate = Rate(numerator, denominator, "定义")
    assert str(rate) == printed
    if denominator:
        assert rate.percent == Decimal(printed.rstrip("%"))
