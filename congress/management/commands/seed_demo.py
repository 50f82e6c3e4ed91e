"""Load the demo township: profile, term, sessions, presidium, meetings and demo accounts.

Idempotent: records are matched by their natural keys and brought back to the demo state, so
running it twice leaves one demo township. Later apps extend the demo with their own data.
"""

from datetime import date, timedelta

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from congress.demo_names import NameGenerator
from congress.models import PresidiumMeeting, PresidiumMember, Session, Term, TownshipProfile, User
from congress.roles import Role, roles_sync

DEMO_PASSWORD = "demo1234"
# username, role, whether the account may open the back office
DEMO_ACCOUNTS = [
    ("mishu", Role.SECRETARY, True),
    ("zhuxi", Role.PRESIDIUM, False),
    ("daibiao", Role.DEPUTY, False),
    ("chengban", Role.UNIT_OFFICER, False),
    ("xuanju", Role.ELECTION_STAFF, False),
]
VILLAGES = [
    "青山社区",
    "河东村",
    "河西村",
    "石桥村",
    "柳塘村",
    "双井村",
    "新田村",
    "高岭村",
    "枫林村",
    "龙潭村",
    "上坪村",
    "下坪村",
]
DEPUTIES_IN_OFFICE = 52


class Command(BaseCommand):
    help = "Load (or restore) the demo township and print the demo logins."

    @transaction.atomic
    def handle(self, *args, **options):
        roles_sync()
        names = NameGenerator(seed=2021)
        today = timezone.localdate()
        year = today.year

        TownshipProfile.objects.update_or_create(
            pk=1,
            defaults={
                "name": "青山镇",
                "county": "云溪县",
                "population": 32600,
                "households": 10850,
                "villages": "\n".join(VILLAGES),
            },
        )
        # The term began four years ago in December, so this is its last full year.
        term, _ = Term.objects.update_or_create(
            number=18, defaults={"start_date": date(year - 4, 12, 28), "end_date": None}
        )

        accounts = {}
        for username, role, staff in DEMO_ACCOUNTS:
            user, _ = User.objects.get_or_create(username=username)
            user.name = names()
            user.is_staff = staff
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.set([Group.objects.get(name=role.value)])
            accounts[role] = user

        seats = [
            (PresidiumMember.Role.CHAIR, True, accounts[Role.PRESIDIUM]),
            (PresidiumMember.Role.VICE_CHAIR, True, None),
            (PresidiumMember.Role.VICE_CHAIR, False, None),
            *[(PresidiumMember.Role.MEMBER, False, None)] * 5,
            (PresidiumMember.Role.SECRETARY, False, accounts[Role.SECRETARY]),
        ]
        PresidiumMember.objects.filter(term=term).exclude(
            pk__in=self._seat_members(term, seats, names)
        ).update(end_date=today)
        members = list(PresidiumMember.objects.filter(term=term, end_date__isnull=True))

        # The term's first session elected its leaders (the elections demo records how);
        # townships meet twice a year: sessions 8 and 9 of the term fall in this year.
        for number, start, place in (
            (1, term.start_date, "镇政府三楼会议室"),
            (8, date(year, 1, 16), "镇政府三楼会议室"),
            (9, date(year, 7, 10), "镇文化活动中心"),
        ):
            held = start <= today
            # Attendance once: the deputies' demo then records it by name from the roster,
            # whose count (实有代表数) a second run must not overwrite.
            recorded = Session.objects.filter(
                term=term, number=number, deputies_total__isnull=False
            ).exists()
            attendance = {
                "deputies_total": DEPUTIES_IN_OFFICE if held else None,
                "deputies_present": DEPUTIES_IN_OFFICE - 5 if held else None,
                "deputies_on_leave": 3 if held else None,
                "deputies_absent": 2 if held else None,
            }
            Session.objects.update_or_create(
                term=term,
                number=number,
                defaults={
                    "kind": Session.Kind.FIRST if number == 1 else Session.Kind.REGULAR,
                    "start_date": start,
                    "end_date": start + timedelta(days=1),
                    "place": place,
                    "reports_heard": "镇人民政府工作报告\n镇财政预算执行情况和预算草案的报告\n镇人大主席团工作报告",
                    "decisions": "批准镇人民政府工作报告；批准财政预算；通过关于代表建议办理工作的决议。"
                    if held
                    else "",
                    **({} if recorded and held else attendance),
                },
            )

        agendas = [
            "研究确定年度人大工作要点和代表活动计划",
            "听取代表建议交办情况汇报，安排视察活动",
            "研究人代会筹备工作，审议主席团工作报告稿",
            "听取镇政府重点项目推进情况通报，研究代表述职安排",
        ]
        for offset, agenda in enumerate(agendas):
            meeting, _ = PresidiumMeeting.objects.update_or_create(
                term=term,
                number=14 + offset,
                defaults={
                    "date": today - timedelta(days=290 - 90 * offset),
                    "place": "镇人大办公室",
                    "agenda": agenda.replace("，", "\n"),
                    "decisions": "会议同意上述事项并作出安排。",
                },
            )
            meeting.attendees.set(members[: len(members) - offset % 2])

        # The apps built on the congress app add their own demo data, in INSTALLED_APPS order.
        for config in apps.get_app_configs():
            if hasattr(config, "demo_seeder"):
                import_string(config.demo_seeder)(term=term, accounts=accounts, names=names)

        self.stdout.write(self.style.SUCCESS(f"Demo township loaded: 青山镇, term {term.number}."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role, _staff in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<10} {role.value}")

    def _seat_members(self, term, seats, names):
        """Fill the presidium seats in order, keeping the names already given; return their ids."""
        existing = list(PresidiumMember.objects.filter(term=term).order_by("pk"))
        kept = []
        for index, (role, full_time, user) in enumerate(seats):
            member = existing[index] if index < len(existing) else PresidiumMember(term=term)
            member.name = user.name if user else names()
            member.role, member.full_time, member.user = role, full_time, user
            member.start_date, member.end_date = term.start_date, None
            member.save()
            kept.append(member.pk)
        return kept
