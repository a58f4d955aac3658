"""Demo content for Planning Live: a session with three focus people at two tables."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from plans import panels
from plans import services as plan_services
from plans.demo_document import DEMO_NOTES
from plans.headings import STANDARD_HEADINGS
from plans.models import Panel, PanelSubmission
from sessions_live import services
from sessions_live.models import PlanningSession
from sessions_live.selectors import actor_words, facilitator_actor, participant_actor

DEMO_TITLE = "Planning together: spring group"
# Where each standard heading's chart is on a new person's board, by its title.
AT = {title: position for position, (title, _prompt) in enumerate(STANDARD_HEADINGS)}
DEMO_PEOPLE = [
    # (focus person, table index, their ally, ally's relation, notes: (chart position, text, by))
    (
        "Amira",
        0,
        ("Yusuf", "family"),
        [
            (
                AT["All about me"],
                "I live with my brother Yusuf in Derby. I love music and my cat, Pepper.",
                "me",
            ),
            (AT["A good day"], "A good day: a lie-in, then swimming with my friend Jo.", "me"),
            (
                AT["What I want to change"],
                "I want to go out in the evenings without asking my brother every time.",
                "me",
            ),
            (AT["A good day"], "Amira is happiest when she has a plan for the day.", "ally"),
        ],
    ),
    (
        "Ben",
        0,
        ("Priya", "support_worker"),
        [
            (AT["Things I like"], "Football on the telly. Fish and chips on Fridays.", "me"),
            (AT["A bad day"], "A bad day is when my support changes with no warning.", "me"),
            (
                AT["What's working / not working"],
                "Working: my day centre. Not working: nobody to go to matches with.",
                "ally",
            ),
        ],
    ),
    (
        "Chloe",
        1,
        ("Mum", "family"),
        [
            (
                AT["What's important to me"],
                "Seeing my nan every week. Choosing my own clothes.",
                "me",
            ),
            (
                AT["What I would like to achieve in 12 months"],
                "In 12 months: a part-time job at the garden centre.",
                "me",
            ),
        ],
    ),
]


@transaction.atomic
def demo_planning_session_ensure() -> list[str]:
    """Create the demo session, once, owned by the demo facilitator."""
    facilitator = get_user_model().objects.filter(username="facilitator").first()
    if facilitator is None:
        return []
    services.chart_template_set_builtin_ensure()
    session = PlanningSession.objects.filter(title=DEMO_TITLE, facilitator=facilitator).first()
    if session is None:
        session = _demo_session_create(facilitator)
    # A fresh typed code on every run, so a new user can try joining straight away.
    amira = session.focus_people.order_by("position").first()
    code = services.focus_person_code_create(focus_person=amira)
    lines = [
        f"Planning Live demo session: /live/s/{session.pk}/ (sign in as facilitator)",
        f"Join it as one of {amira.first_name}'s allies: go to /live/join/ and type {code}",
    ]
    if _demo_panel_ensure(session, facilitator):
        lines.append(f"{DEMO_PANEL}: /live/panels/ (sign in as panel)")
    return lines


def _demo_session_create(facilitator) -> PlanningSession:
    session = services.planning_session_create(
        facilitator=facilitator,
        title=DEMO_TITLE,
        starts_on=timezone.localdate() + timedelta(days=7),
        ends_on=timezone.localdate() + timedelta(days=21),
        venue="Community Centre, Room 2",
    )
    tables = [session.tables.get(), services.table_save(session=session, name="Table 2")]
    for index, (first_name, table_index, (ally_name, relation), notes) in enumerate(DEMO_PEOPLE):
        person = services.focus_person_add(
            session=session, first_name=first_name, table=tables[table_index]
        )
        me = services.participant_join(
            focus_person=person,
            display_name=first_name,
            relation="me",
            device_id=f"demo-device-{index}-me",
        )
        ally = services.participant_join(
            focus_person=person,
            display_name=ally_name,
            relation=relation,
            device_id=f"demo-device-{index}-ally",
        )
        charts = list(person.charts.order_by("position"))
        for number, (position, text, by) in enumerate(notes):
            author = participant_actor(participant=me if by == "me" else ally)
            services.board_command_apply(
                session_id=session.pk,
                actor=author,
                message={
                    "type": "add_note",
                    "op_id": f"demo-{index}-{number}",
                    "chart_id": charts[position].pk,
                    "text": text,
                },
            )
    _demo_finished_plan(session, facilitator)
    first_note = session.notes.order_by("created_seq").first()
    services.board_command_apply(
        session_id=session.pk,
        actor=facilitator_actor(user=facilitator),
        message={
            "type": "star_note",
            "op_id": "demo-star",
            "note_id": first_note.pk,
            "starred": True,
        },
    )
    return session


def _demo_finished_plan(session: PlanningSession, facilitator) -> None:
    """Amira's plan, finished: kept after the first meeting, then written in full,
    given a review date and kept again for the council's panel."""
    amira = session.focus_people.get(first_name="Amira")
    people = {p.display_name: p for p in amira.participants.all()}
    fran = facilitator_actor(user=facilitator)
    today = timezone.localdate()
    services.board_plan_version_save(
        session_id=session.pk,
        actor=fran,
        focus_person_id=amira.pk,
        label="after meeting 1",
        today=today,
    )
    written = set(amira.charts.values_list("notes__text", flat=True))
    charts = list(amira.charts.order_by("position"))
    for position, notes in enumerate(DEMO_NOTES):
        for number, note in enumerate(notes):
            if note.text in written:
                continue
            writer = people.get(note.author)
            services.board_command_apply(
                session_id=session.pk,
                actor=participant_actor(participant=writer) if writer else fran,
                message={
                    "type": "add_note",
                    "op_id": f"demo-plan-{position}-{number}",
                    "chart_id": charts[position].pk,
                    "text": note.text,
                    "day": note.day,
                },
            )
    _demo_money_and_actions(session, amira, fran=fran, people=people)
    services.board_plan_review_set(
        session_id=session.pk,
        actor=fran,
        focus_person_id=amira.pk,
        review_on=today + timedelta(days=182),
        today=today,
    )
    services.board_plan_version_save(
        session_id=session.pk,
        actor=fran,
        focus_person_id=amira.pk,
        label="for the panel",
        today=today,
    )


# Amira's costing: (what, who, paid, hours a week, pay per hour, amount, how often, contingency).
DEMO_COSTING = [
    (
        "A personal assistant to help me get up and go out",
        "A PA I choose",
        True,
        "12",
        "13.50",
        "",
        "",
        False,
    ),
    ("Swimming with Jo", "Derby Moorways pool", True, "", "", "30", "month", False),
    ("Art class on Thursdays", "Derby art group", True, "", "", "8", "week", False),
    ("A tablet to video-call my friends", "", True, "", "", "250", "one_off", False),
    ("Extra PA hours if I am unwell", "A PA I choose", True, "", "", "15", "week", True),
    ("Sunday lunch and a lift to the shops", "Yusuf, my brother", False, "", "", "", "", False),
]
# Amira's action plan: (what, who, when, how we will know).
DEMO_ACTIONS = [
    (
        "Advertise for a PA who likes music",
        "Amira and Fran",
        "by 31 March",
        "I have met two people who could be my PA",
    ),
    ("Go swimming with Jo", "Me and Jo", "every week", "I have been 10 times by the summer"),
    ("Try an evening out with friends", "Me", "soon", ""),
]


def _demo_money_and_actions(session: PlanningSession, amira, *, fran, people) -> None:
    """Amira's budget (recorded, then revealed to her table), her costing (written with
    her brother) and her action plan: the last one left for the helper to ask about."""
    plan_services.budget_part_record(
        plan=amira.plan,
        amount=Decimal("350.00"),
        period="week",
        source="council",
        managed_as="direct_payment",
        paid_every="four_weeks",  # £1,400.00 every 4 weeks
        recorded_by="Fran (facilitator)",
    )
    services.budget_reveal(session=session, focus_person=amira)
    yusuf = people.get("Yusuf")
    writer = participant_actor(participant=yusuf) if yusuf else fran
    for number, row in enumerate(DEMO_COSTING):
        what, who, paid, hours, rate, amount, period, contingency = row
        services.board_command_apply(
            session_id=session.pk,
            actor=writer,
            message={
                "type": "save_cost_line",
                "op_id": f"demo-cost-{number}",
                "focus_person_id": amira.pk,
                "what": what,
                "who": who,
                "paid": paid,
                "hours_per_week": hours,
                "hourly_rate": rate,
                "amount": amount,
                "period": period,
                "is_contingency": contingency,
            },
        )
    for number, (what, who, when, how) in enumerate(DEMO_ACTIONS):
        services.board_command_apply(
            session_id=session.pk,
            actor=fran,
            message={
                "type": "save_action",
                "op_id": f"demo-action-{number}",
                "focus_person_id": amira.pk,
                "what": what,
                "who": who,
                "when": when,
                "how_we_know": how,
            },
        )


# The council's panel in the demo, and its member (cms.demo's "panel" login).
DEMO_PANEL = "Derby support planning panel"
DEMO_COUNCIL = "Derby City Council"
DEMO_PANEL_MEMBER = "panel"
DEMO_PANEL_COMMENT = (
    "A clear plan in Amira\u2019s own words, and the costs fit her budget. "
    "Tell us how the search for a PA goes at the review."
)


def _demo_panel_ensure(session: PlanningSession, facilitator) -> Panel | None:
    """Derby's panel, with the demo's panel member on it, and Amira's "for the panel"
    version sent to it (by the facilitator, with her) and agreed. Once: a panel an
    administrator has changed keeps its changes. None without the panel member."""
    member = get_user_model().objects.filter(username=DEMO_PANEL_MEMBER).first()
    if member is None:
        return None
    panel, _ = Panel.objects.get_or_create(name=DEMO_PANEL, defaults={"council": DEMO_COUNCIL})
    panel.members.add(member)
    amira = session.focus_people.filter(first_name="Amira").first()
    version = amira.plan.versions.filter(label="for the panel").first() if amira else None
    if version is None or PanelSubmission.objects.filter(plan=amira.plan).exists():
        return panel
    submission = plan_services.panel_submission_send(
        plan=amira.plan,
        version=version,
        panel=panel,
        submitted_by=actor_words(actor=facilitator_actor(user=facilitator)),
        note="Amira would like the panel to look first at how she will stay in control.",
    )
    name = member.get_full_name() or member.get_username()
    plan_services.panel_submission_decide(
        submission_id=submission.pk,
        user=member,
        decision=panels.AGREED,
        conditions="",
        comments=[(panels.WHOLE_PLAN, DEMO_PANEL_COMMENT)],
        decided_by=f"{name} ({panel.name})",
    )
    return panel
