"""Every write about elections: elections, districts and candidates, results and their
confirmation, the voter roll (registrations, imports, changes, objections, proxies) and the log
of exports of full ID numbers. Each function is one transaction."""

from datetime import date
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress import idnumbers, names
from congress.audit import audited
from congress.services import record_save
from deputies.models import Deputy, Level
from deputies.selectors import current_group
from deputies.services import deputy_save
from elections import bulk, rules, selectors
from elections.models import (
    Candidate,
    CandidateVotes,
    District,
    DistrictResult,
    Election,
    IdExport,
    Objection,
    Proxy,
    RollChange,
    Voter,
)


@audited
@transaction.atomic
def election_save(*, actor, election: Election) -> Election:
    """An election; seats set by hand only for a township under 2,000 (the model's constraint
    says so in Chinese)."""
    return record_save(actor=actor, record=election)


@audited
@transaction.atomic
def district_save(*, actor, district: District) -> District:
    return record_save(actor=actor, record=district)


@audited
@transaction.atomic
def candidate_save(*, actor, candidate: Candidate) -> Candidate:
    """A candidate with the sort key of official lists (surname strokes). A party's nomination
    carries no voter count; voters nominate jointly, 10 or more (the model's constraint)."""
    if candidate.source == Candidate.Source.PARTY:
        candidate.nominating_voters = None
    elif candidate.nominating_voters is None:
        raise ValidationError(
            {"nominating_voters": _("Voters nominate a candidate jointly, 10 or more.")}
        )
    candidate.name = candidate.name.strip()
    candidate.stroke_key = names.stroke_sort_key(candidate.name)
    candidate.full_clean()
    candidate.save()
    return candidate


@audited
@transaction.atomic
def candidates_publish_initial(*, actor, district: District, today=None) -> Election:
    """The initial list of a district is published; the election keeps the first date."""
    election = Election.objects.select_for_update().get(pk=district.election_id)
    if not district.candidates.exists():
        raise ValidationError(_("This district has no candidates to publish."))
    if election.initial_candidates_published_on is None:
        election.initial_candidates_published_on = today or timezone.localdate()
        election.save(update_fields=["initial_candidates_published_on"])
    return election


@audited
@transaction.atomic
def candidates_publish_formal(*, actor, district: District, today=None) -> Election:
    """The formal list of a district is published, only with seats × 4/3 to seats × 2 formal
    candidates. The election keeps the date of the first formal list published."""
    election = Election.objects.select_for_update().get(pk=district.election_id)
    count = district.candidates.filter(stage=Candidate.Stage.FORMAL).count()
    if not rules.candidate_count_ok(district.seats, count):
        low, high = rules.candidate_range(district.seats)
        if low == high:
            needed = _("exactly %(n)s") % {"n": low}
        else:
            needed = _("%(low)s to %(high)s") % {"low": low, "high": high}
        raise ValidationError(
            _(
                "%(district)s elects %(seats)s and needs %(needed)s formal candidates; "
                "it has %(count)s."
            )
            % {"district": district.name, "seats": district.seats, "needed": needed, "count": count}
        )
    if election.formal_candidates_published_on is None:
        election.formal_candidates_published_on = today or timezone.localdate()
    election.save(update_fields=["formal_candidates_published_on"])
    return election


RESULT_FIGURES = (
    "registered",
    "voted",
    "ballots_issued",
    "ballots_returned",
    "valid_ballots",
    "void_ballots",
)


@audited
@transaction.atomic
def result_save(*, actor, district, round, figures, votes):
    """Save the count of `round` (1, or 2 for the second round) in `district`: `figures` maps
    RESULT_FIGURES to numbers, `votes` maps candidates to their votes. Every candidate of the
    round needs a number; each must be a formal candidate of the district (round 2: one of the
    first round's second-round candidates) with no more votes than valid ballots. Returns the
    round's Outcome."""
    if district.election.results_confirmed_at:
        raise ValidationError(_("The results of this election are confirmed and cannot change."))
    if round == 1:
        allowed = list(district.candidates.filter(stage=Candidate.Stage.FORMAL))
        if district.results.filter(round=2).exists():
            raise ValidationError(
                _("The first round cannot change once the second round is entered.")
            )
    elif round == 2:
        allowed = selectors.second_round_candidates(district=district)
        if not allowed:
            raise ValidationError(_("This district needs no second round."))
    else:
        raise ValidationError(_("There is a first and a second round only."))
    errors = []
    valid_ballots = figures.get("valid_ballots") or 0
    for candidate, number in votes.items():
        if candidate.district_id != district.pk:
            errors.append(_("%(name)s is not a candidate in this district.") % {"name": candidate})
        elif candidate.stage != Candidate.Stage.FORMAL:
            errors.append(_("%(name)s is not a formal candidate.") % {"name": candidate})
        elif candidate not in allowed:
            errors.append(
                _("%(name)s is not a candidate of the second round.") % {"name": candidate}
            )
        if number is None or number < 0:
            errors.append(_("Enter the votes of %(name)s.") % {"name": candidate})
        elif number > valid_ballots:
            errors.append(
                _("%(name)s cannot have more votes than there are valid ballots.")
                % {"name": candidate}
            )
    errors += [_("Enter the votes of %(name)s.") % {"name": c} for c in allowed if c not in votes]
    if errors:
        raise ValidationError(errors)
    result = DistrictResult.objects.filter(district=district, round=round).first()
    if result is None:
        result = DistrictResult(district=district, round=round)
    for name in RESULT_FIGURES:
        setattr(result, name, figures[name])
    result.full_clean()
    result.save()
    for candidate, number in votes.items():
        CandidateVotes.objects.update_or_create(
            result=result, candidate=candidate, defaults={"votes": number}
        )
    row = selectors.district_outcome(district=district)
    return row.first_outcome if round == 1 else row.second_outcome


UNRESOLVED_REASONS = {
    "missing": gettext_lazy("%(district)s: no result entered."),
    "void": gettext_lazy("%(district)s: the vote is void and must be held again."),
    "tied": gettext_lazy("%(district)s: a tie at the boundary needs a new vote."),
    "second_round": gettext_lazy(
        "%(district)s: seats are left for a second round that is not entered."
    ),
}


@audited
@transaction.atomic
def results_confirm(*, election, actor, term=None):
    """Confirm the results: the winners of every district become township deputies of `term`
    (the election's term by default) in one step. A winner whose name and birth date match a
    deputy already in the roster gets the new seat on that record instead of a second person.
    Refused while any district is unresolved (no result, void, tie, second round missing).
    Returns the deputies elected."""
    if election.results_confirmed_at:
        raise ValidationError(_("The results of this election are already confirmed."))
    term = term or election.term
    if term is None:
        raise ValidationError(_("Set the term elected on the election before confirming."))
    rows = selectors.election_results(election=election)
    problems = [
        UNRESOLVED_REASONS[row.status] % {"district": row.district}
        for row in rows
        if not row.resolved
    ]
    if not rows:
        problems.append(_("The election has no districts."))
    problems += [
        _("%(name)s has no birth date; enter it on the candidate first.") % {"name": c}
        for row in rows
        for c in row.winners
        if c.birth_date is None
    ]
    # A winner who is not yet on the roster needs what the roster records of every deputy.
    problems += [
        _(
            "%(name)s is not yet a deputy: enter their political affiliation, education and "
            "occupation on the candidate first."
        )
        % {"name": c}
        for row in rows
        for c in row.winners
        if not (c.party and c.education and c.occupation)
        and not Deputy.objects.filter(name=c.name, birth_date=c.birth_date).exists()
    ]
    if problems:
        raise ValidationError(problems)
    elected = []
    for row in rows:
        for candidate in row.winners:
            deputy = (
                Deputy.objects.filter(name=candidate.name, birth_date=candidate.birth_date)
                .order_by("pk")
                .first()
            )
            if deputy is None:
                deputy = Deputy(
                    name=candidate.name,
                    gender=candidate.gender,
                    birth_date=candidate.birth_date,
                    workplace=candidate.workplace,
                    ethnicity=candidate.ethnicity,
                    party=candidate.party,
                    education=candidate.education,
                    occupation=candidate.occupation,
                )
                group = None
                levels = set()
            else:
                group = current_group(deputy)
                levels = set(
                    deputy.seats.filter(term_number=term.number).values_list("level", flat=True)
                )
            deputy.district = row.district.name
            deputy_save(
                actor=actor,
                deputy=deputy,
                levels=levels | {Level.TOWNSHIP},
                group=group,
                term_number=term.number,
            )
            elected.append(deputy)
    DistrictResult.objects.filter(district__election=election).update(confirmed=True)
    election.results_confirmed_at = timezone.now()
    election.save(update_fields=["results_confirmed_at"])
    return elected


# The reason recorded when someone is first put on a roll (the page's default, and every voter
# an imported roll adds): RollChange.Reason has no separate "first registration".
REGISTRATION_REASON = RollChange.Reason.MOVED_IN
# Voters of an imported roll written (with their roll changes) between progress reports.
IMPORT_BATCH = 5_000


def voter_id_facts(id_number, election_day):
    """(normalised ID number, birth date, gender) of a person registering for an election held
    on `election_day`: the number checked, birth date and gender decoded from it, 18 or older
    on election day (a part of voter_check); ValidationError with the Chinese reason."""
    number, decoded = idnumbers.read(id_number)
    if not number:
        raise ValidationError(_("Enter the ID number."))
    born, gender = decoded
    if not rules.of_voting_age(born, election_day):
        raise ValidationError(
            _("Under 18 on election day (%(day)s): turns 18 on %(birthday)s.")
            % {
                "day": date_format(election_day),
                "birthday": date_format(rules.eighteenth_birthday(born)),
            }
        )
    return number, born, gender


# The texts of a voter's entry, each kept to its column's length, and what a refusal says.
VOTER_TEXT_LIMITS = {
    field: Voter._meta.get_field(field).max_length for field in ("name", "ethnicity", "address")
}
VOTER_TOO_LONG = {
    "name": gettext_lazy("The name is longer than %(limit)s characters."),
    "ethnicity": gettext_lazy("The ethnicity is longer than %(limit)s characters."),
    "address": gettext_lazy("The address is longer than %(limit)s characters."),
}


class VoterEntry(NamedTuple):
    """A voter's entry as the roll keeps it; the ID facts are None when the number is refused."""

    name: str
    id_number: str | None
    birth_date: date | None
    gender: str | None
    ethnicity: str
    address: str


def voter_check(*, name, id_number, ethnicity, address, election_day):
    """The rules of one voter's entry that need no database: a name, every text within its
    column's length, and the ID number's (voter_id_facts). The one home of these rules for
    the page (voter_register, roll_change) and the imported roll, which checks 100,000 rows
    with it. Returns (VoterEntry with the texts stripped, {field: Chinese reason} of every
    rule broken)."""
    texts = {"name": name.strip(), "ethnicity": ethnicity.strip(), "address": address.strip()}
    problems = {}
    if not texts["name"]:
        problems["name"] = _("The name is missing.")
    for field, text in texts.items():
        if len(text) > VOTER_TEXT_LIMITS[field]:
            problems[field] = VOTER_TOO_LONG[field] % {"limit": VOTER_TEXT_LIMITS[field]}
    try:
        id_number, born, gender = voter_id_facts(id_number, election_day)
    except ValidationError as error:
        problems["id_number"] = "；".join(error.messages)
        id_number = born = gender = None
    entry = VoterEntry(texts["name"], id_number, born, gender, texts["ethnicity"], texts["address"])
    return entry, problems


def _voter_checked(voter: Voter, election: Election):
    """Apply voter_check to `voter`: its texts stripped, the ID number normalised, birth date
    and gender decoded from it, the sort key of its name; ValidationError keyed by field."""
    entry, problems = voter_check(
        name=voter.name,
        id_number=voter.id_number,
        ethnicity=voter.ethnicity,
        address=voter.address,
        election_day=election.election_day,
    )
    if problems:
        raise ValidationError(problems)
    for field, value in entry._asdict().items():
        setattr(voter, field, value)
    voter.stroke_key = names.stroke_sort_key(voter.name)


@audited
@transaction.atomic
def voter_register(*, actor, voter: Voter, reason=REGISTRATION_REASON, day=None, note="") -> Voter:
    """Put a person on the roll of their district's election: normalised ID number, birth date
    and gender from it, 18 or older on election day, once per election (also the database's
    constraint). The registration is recorded as a roll change with its reason."""
    election = voter.district.election
    voter.election = election
    _voter_checked(voter, election)
    existing = (
        Voter.objects.filter(election=election, id_number=voter.id_number)
        .select_related("district")
        .first()
    )
    if existing:
        raise ValidationError(
            {
                "id_number": _("This person is already registered in %(district)s.")
                % {"district": existing.district.name}
            }
        )
    voter.on_roll = True
    voter.full_clean()
    voter.save()
    RollChange.objects.create(
        voter=voter, reason=reason, date=day or timezone.localdate(), note=note, actor=actor
    )
    return voter


IMPORT_VOTER_COLUMNS = (
    "election_id",
    "district_id",
    "name",
    "id_number",
    "birth_date",
    "gender",
    "ethnicity",
    "address",
    "on_roll",
    "stroke_key",
)
IMPORT_CHANGE_COLUMNS = ("voter_id", "reason", "date", "note", "actor_id")


@audited
@transaction.atomic
def roll_import_write(*, actor, election, voters, note, day=None, saved=None) -> int:
    """Write the voters of an imported roll, already checked row by row against the rules of
    voter_register (voter_check, once per election): `voters` are the fields of a VoterEntry
    followed by the district. Each registration is recorded
    as voter_register records one: a roll change with REGISTRATION_REASON and `note`. All in
    one transaction, by COPY on PostgreSQL and multi-row INSERTs elsewhere; `saved(done)` is
    told after each batch. Returns the number written."""
    adapt_date = connection.ops.adapt_datefield_value
    day = adapt_date(day or timezone.localdate())
    actor_id = actor.pk if actor else None
    reason = REGISTRATION_REASON.value
    copy = connection.vendor == "postgresql"
    for start in range(0, len(voters), IMPORT_BATCH):
        batch = voters[start : start + IMPORT_BATCH]
        rows = [
            (
                election.pk,
                district.pk,
                name,
                id_number,
                adapt_date(born),
                gender,
                ethnicity,
                address,
                True,
                names.stroke_sort_key(name),
            )
            for name, id_number, born, gender, ethnicity, address, district in batch
        ]
        if copy:
            first = bulk.reserve_keys(Voter, len(rows))
            bulk.copy_rows(
                Voter,
                (Voter._meta.pk.column, *IMPORT_VOTER_COLUMNS),
                ((key, *row) for key, row in enumerate(rows, first)),
            )
            bulk.insert_for_key_range(
                RollChange,
                IMPORT_CHANGE_COLUMNS,
                first,
                first + len(rows) - 1,
                (reason, day, note, actor_id),
            )
        else:
            keys = bulk.insert_rows(Voter, IMPORT_VOTER_COLUMNS, rows)
            bulk.insert_rows(
                RollChange,
                IMPORT_CHANGE_COLUMNS,
                [(key, reason, day, note, actor_id) for key in keys],
            )
        if saved:
            saved(start + len(batch))
    return len(voters)


@audited
@transaction.atomic
def roll_change(*, actor, voter: Voter, reason, day=None, note="", fields=None) -> RollChange:
    """A change to the roll with its legal reason: an adding reason puts the person (back) on
    the roll, a removing one strikes them off (the row stays), a correction updates `fields`
    (name, id_number, ethnicity, address, district)."""
    voter = Voter.objects.select_for_update().select_related("election").get(pk=voter.pk)
    reason = RollChange.Reason(reason)
    if reason in RollChange.ADDING:
        if voter.on_roll:
            raise ValidationError(_("This person is already on the roll."))
        voter.on_roll = True
    elif reason in RollChange.REMOVING:
        if not voter.on_roll:
            raise ValidationError(_("This person is not on the roll."))
        voter.on_roll = False
    else:
        if not fields:
            raise ValidationError(_("A correction must change something."))
        for name, value in fields.items():
            if name not in ("name", "id_number", "ethnicity", "address", "district"):
                raise ValueError(name)
            setattr(voter, name, value)
        if voter.district.election_id != voter.election_id:
            raise ValidationError({"district": _("The district belongs to another election.")})
        _voter_checked(voter, voter.election)
        if (
            Voter.objects.filter(election=voter.election, id_number=voter.id_number)
            .exclude(pk=voter.pk)
            .exists()
        ):
            raise ValidationError(
                {"id_number": _("This person is already registered in this election.")}
            )
    voter.full_clean()
    voter.save()
    change = RollChange(
        voter=voter, reason=reason, date=day or timezone.localdate(), note=note, actor=actor
    )
    change.full_clean(exclude=["actor"])
    change.save()
    return change


@audited
@transaction.atomic
def roll_carry_over(*, actor, previous: Election, election: Election) -> int:
    """Copy the previous election's roll (those on it) into a new election, district by district
    code; nothing is recorded as changed (later changes go through roll_change). People in a
    district without a counterpart, or under 18 on the new election day, are left out.
    Returns the number of voters copied."""
    if election.voters.exists():
        raise ValidationError(_("This election already has a roll."))
    districts = {d.code: d for d in election.districts.all()}
    copied = []
    for old in previous.voters.filter(on_roll=True).select_related("district").iterator():
        district = districts.get(old.district.code)
        if district is None or not rules.of_voting_age(old.birth_date, election.election_day):
            continue
        copied.append(
            Voter(
                election=election,
                district=district,
                name=old.name,
                id_number=old.id_number,
                gender=old.gender,
                birth_date=old.birth_date,
                ethnicity=old.ethnicity,
                address=old.address,
                stroke_key=old.stroke_key,
            )
        )
    Voter.objects.bulk_create(copied, batch_size=2000)
    return len(copied)


@audited
@transaction.atomic
def objection_create(*, actor, objection: Objection) -> Objection:
    """An objection to the published roll; it must be decided by `objection.deadline`
    (received + 3 days)."""
    if objection.voter_id and objection.voter.election_id != objection.election_id:
        raise ValidationError({"voter": _("This voter belongs to another election.")})
    return record_save(actor=actor, record=objection)


@audited
@transaction.atomic
def objection_decide(
    *, actor, objection: Objection, upheld, decision, day=None, reason=None, fields=None
) -> Objection:
    """Decide an objection. When upheld and a roll change `reason` is given, the voter
    concerned is changed through roll_change in the same transaction."""
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.decided_date:
        raise ValidationError(_("This objection has already been decided."))
    day = day or timezone.localdate()
    objection.upheld = upheld
    objection.decision = decision
    objection.decided_date = day
    if not decision.strip():
        raise ValidationError({"decision": _("Write the decision.")})
    objection.full_clean()
    objection.save()
    if upheld and reason:
        if objection.voter is None:
            raise ValidationError(_("No voter is named in this objection."))
        roll_change(
            actor=actor,
            voter=objection.voter,
            reason=reason,
            day=day,
            note=_("Objection upheld: %(decision)s") % {"decision": decision},
            fields=fields,
        )
    return objection


@audited
@transaction.atomic
def proxy_create(*, actor, grantor: Voter, holder: Voter, authorised_on) -> Proxy:
    """A voter votes for another with written authorisation; one person holds at most 3.
    The holder's row is locked so two proxies saved at once cannot exceed it."""
    holder = Voter.objects.select_for_update().get(pk=holder.pk)
    if grantor.pk == holder.pk:
        raise ValidationError(_("A voter cannot be their own proxy."))
    if grantor.election_id != holder.election_id:
        raise ValidationError(_("Both voters must be registered in the same election."))
    if not (grantor.on_roll and holder.on_roll):
        raise ValidationError(_("Both voters must be on the roll."))
    if not authorised_on:
        raise ValidationError({"authorised_on": _("Give the date of the written authorisation.")})
    if Proxy.objects.filter(grantor=grantor).exists():
        raise ValidationError(_("This voter has already authorised a proxy."))
    if Proxy.objects.filter(holder=holder).count() >= rules.MAX_PROXIES_PER_PERSON:
        raise ValidationError(
            _("%(name)s already holds %(max)s proxies; one person may hold at most %(max)s.")
            % {"name": holder.name, "max": rules.MAX_PROXIES_PER_PERSON}
        )
    proxy = Proxy(grantor=grantor, holder=holder, authorised_on=authorised_on)
    return record_save(actor=actor, record=proxy)


@audited
@transaction.atomic
def id_export_record(*, actor, election, what, rows) -> IdExport:
    """Log that `actor` took out `rows` full ID numbers of `election` (`what`: district ·
    document)."""
    return IdExport.objects.create(user=actor, election=election, what=what[:200], rows=rows)
