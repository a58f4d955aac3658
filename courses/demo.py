"""Demo content for training: two courses, the jargon buster and easy read pictograms.

Everything here is written in the project's own plain words. Each loader is
idempotent: it only adds what is missing, so running ``load_demo`` again
never duplicates content or undoes an editor's changes.
"""

import io
import math
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Collection, Site

from cms.models import HomePage
from courses.demo_media import (
    HELEN_QUESTIONS,
    HELEN_STORY,
    demo_handout,
    demo_image,
    demo_media_resolve,
)
from courses.models import (
    CoursePage,
    GlossaryIndexPage,
    GlossaryTerm,
    ModulePage,
    TrainingIndexPage,
    TrainingSettings,
)

TRAINING_INTRO = (
    "Training for champions and enablers: the peers who help people plan their support. "
    "Every course comes in standard, easy read and large print."
)

# --- Pictograms --------------------------------------------------------------

SIZE = 240
WHITE = "#ffffff"


def _font(size):
    try:
        return ImageFont.load_default(size=size)
    except (OSError, TypeError):  # Pillow built without FreeType
        return ImageFont.load_default()


def _person(draw, cx, cy, scale=1.0):
    head = 22 * scale
    draw.ellipse((cx - head, cy - 60 * scale, cx + head, cy - 60 * scale + 2 * head), fill=WHITE)
    draw.pieslice(
        (cx - 48 * scale, cy - 8 * scale, cx + 48 * scale, cy + 88 * scale), 180, 360, fill=WHITE
    )


def _text(draw, text, size, centre=(120, 120)):
    font = _font(size)
    draw.text(centre, text, font=font, fill=WHITE, anchor="mm")


def draw_person(draw):
    _person(draw, 120, 120, 1.3)


def draw_people(draw):
    _person(draw, 72, 128, 0.8)
    _person(draw, 168, 128, 0.8)
    _person(draw, 120, 112, 1.0)


def draw_talk(draw):
    draw.rounded_rectangle((40, 55, 150, 125), radius=18, fill=WHITE)
    draw.polygon([(65, 120), (60, 150), (95, 122)], fill=WHITE)
    draw.rounded_rectangle((100, 120, 200, 180), radius=18, outline=WHITE, width=8)
    draw.polygon([(170, 176), (182, 200), (150, 178)], fill=WHITE)


def draw_plan(draw):
    draw.rectangle((70, 45, 170, 195), fill=WHITE)
    for y in (75, 105, 135, 165):
        draw.line((88, y, 152, y), fill="#333333", width=8)


def draw_money(draw):
    draw.ellipse((45, 45, 195, 195), outline=WHITE, width=12)
    # A pound sign drawn with lines, so it never depends on a font.
    draw.arc((100, 72, 156, 128), 180, 350, fill=WHITE, width=12)
    draw.line([(106, 100), (106, 160)], fill=WHITE, width=12)
    draw.line([(106, 160), (94, 168)], fill=WHITE, width=12)
    draw.line([(86, 168), (158, 168)], fill=WHITE, width=12)
    draw.line([(84, 128), (138, 128)], fill=WHITE, width=10)


def draw_tick(draw):
    draw.line([(62, 125), (102, 165), (180, 80)], fill=WHITE, width=24, joint="curve")


def draw_cross(draw):
    draw.line([(70, 70), (170, 170)], fill=WHITE, width=24)
    draw.line([(170, 70), (70, 170)], fill=WHITE, width=24)


def draw_clock(draw):
    draw.ellipse((50, 50, 190, 190), outline=WHITE, width=12)
    draw.line([(120, 120), (120, 72)], fill=WHITE, width=12)
    draw.line([(120, 120), (155, 135)], fill=WHITE, width=12)


def draw_question(draw):
    _text(draw, "?", 150)


def draw_heart(draw):
    draw.ellipse((52, 62, 124, 134), fill=WHITE)
    draw.ellipse((116, 62, 188, 134), fill=WHITE)
    draw.polygon([(56, 112), (184, 112), (120, 188)], fill=WHITE)


def draw_home(draw):
    draw.polygon([(120, 45), (195, 115), (45, 115)], fill=WHITE)
    draw.rectangle((68, 112, 172, 190), fill=WHITE)
    draw.rectangle((105, 140, 135, 190), fill="#333333")


def draw_target(draw):
    for radius, filled in ((75, False), (48, False), (20, True)):
        box = (120 - radius, 120 - radius, 120 + radius, 120 + radius)
        if filled:
            draw.ellipse(box, fill=WHITE)
        else:
            draw.ellipse(box, outline=WHITE, width=12)


def draw_calendar(draw):
    draw.rectangle((55, 65, 185, 185), outline=WHITE, width=10)
    draw.rectangle((55, 65, 185, 95), fill=WHITE)
    for x in (85, 120, 155):
        for y in (125, 158):
            draw.rectangle((x - 10, y - 10, x + 10, y + 10), fill=WHITE)


def draw_star(draw):
    points = []
    for i in range(10):
        radius = 80 if i % 2 == 0 else 34
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((120 + radius * math.cos(angle), 125 + radius * math.sin(angle)))
    draw.polygon(points, fill=WHITE)


def draw_key(draw):
    draw.ellipse((40, 85, 110, 155), outline=WHITE, width=14)
    draw.rectangle((105, 112, 200, 128), fill=WHITE)
    draw.rectangle((160, 128, 174, 155), fill=WHITE)
    draw.rectangle((184, 128, 198, 148), fill=WHITE)


def draw_envelope(draw):
    draw.rectangle((45, 70, 195, 175), fill=WHITE)
    draw.line([(45, 70), (120, 130), (195, 70)], fill="#333333", width=8)


def draw_table(draw):
    draw.rectangle((45, 120, 195, 140), fill=WHITE)
    draw.rectangle((60, 140, 74, 195), fill=WHITE)
    draw.rectangle((166, 140, 180, 195), fill=WHITE)
    _person(draw, 85, 95, 0.55)
    _person(draw, 155, 95, 0.55)


def draw_lightbulb(draw):
    draw.ellipse((70, 40, 170, 140), fill=WHITE)
    draw.rectangle((98, 130, 142, 175), fill=WHITE)
    draw.line([(98, 160), (142, 160)], fill="#333333", width=6)
    draw.rectangle((106, 178, 134, 192), fill=WHITE)


def draw_pencil(draw):
    draw.polygon([(70, 190), (60, 200), (52, 188), (62, 178)], fill=WHITE)
    draw.polygon([(80, 150), (160, 70), (190, 100), (110, 180)], fill=WHITE)
    draw.polygon([(80, 150), (110, 180), (62, 196)], fill=WHITE)


def draw_chart(draw):
    draw.rectangle((65, 45, 175, 150), fill=WHITE)
    draw.line([(80, 75), (160, 75)], fill="#333333", width=8)
    draw.line([(80, 100), (140, 100)], fill="#333333", width=8)
    draw.line([(80, 125), (150, 125)], fill="#333333", width=8)
    draw.line([(120, 150), (120, 200)], fill=WHITE, width=10)
    draw.line([(120, 150), (80, 200)], fill=WHITE, width=10)
    draw.line([(120, 150), (160, 200)], fill=WHITE, width=10)


def draw_umbrella(draw):
    draw.pieslice((40, 50, 200, 190), 180, 360, fill=WHITE)
    draw.line([(120, 120), (120, 185)], fill=WHITE, width=12)
    draw.arc((96, 165, 124, 200), 0, 180, fill=WHITE, width=10)


def draw_book(draw):
    draw.polygon([(40, 70), (115, 85), (115, 185), (40, 170)], fill=WHITE)
    draw.polygon([(200, 70), (125, 85), (125, 185), (200, 170)], fill=WHITE)


# key: (drawing, background colour, alt text)
PICTOGRAMS = {
    "person": (draw_person, "#1d4f91", "One person"),
    "people": (draw_people, "#1d4f91", "A group of three people"),
    "talk": (draw_talk, "#4c2c92", "Two speech bubbles: people talking"),
    "plan": (draw_plan, "#005a70", "A sheet of paper with writing: a plan"),
    "money": (draw_money, "#00703c", "A coin with a pound sign"),
    "tick": (draw_tick, "#00703c", "A tick: yes, agreed"),
    "cross": (draw_cross, "#b3261e", "A cross: no"),
    "clock": (draw_clock, "#005a70", "A clock"),
    "question": (draw_question, "#4c2c92", "A question mark"),
    "heart": (draw_heart, "#b3261e", "A heart: what matters to you"),
    "home": (draw_home, "#8a4b00", "A house"),
    "target": (draw_target, "#b3261e", "A target: something you want to achieve"),
    "calendar": (draw_calendar, "#1d4f91", "A calendar"),
    "star": (draw_star, "#8a4b00", "A star"),
    "key": (draw_key, "#8a4b00", "A key: being in control"),
    "envelope": (draw_envelope, "#4c2c92", "A closed envelope"),
    "table": (draw_table, "#005a70", "Two people sitting at a table"),
    "lightbulb": (draw_lightbulb, "#8a4b00", "A light bulb: an idea"),
    "pencil": (draw_pencil, "#1d4f91", "A pencil: writing"),
    "chart": (draw_chart, "#4c2c92", "A flip-chart on a stand"),
    "umbrella": (draw_umbrella, "#005a70", "An umbrella: being ready if things go wrong"),
    "book": (draw_book, "#00703c", "An open book: learning"),
}


def pictogram_png(key: str) -> bytes:
    """The pictogram as PNG bytes; the same key always gives the same bytes."""
    drawing, colour, _alt = PICTOGRAMS[key]
    image = Image.new("RGB", (SIZE, SIZE), WHITE)
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, SIZE - 4, SIZE - 4), fill=colour)
    drawing(draw)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def pictogram_image(key: str):
    """The Wagtail image for a pictogram, made the first time it is needed.

    The file has a fixed name, so loading the demo again reuses it rather than
    filling the media folder with copies.
    """
    image_model = get_image_model()
    _drawing, _colour, alt_text = PICTOGRAMS[key]
    title = f"Pictogram: {alt_text}"
    image = image_model.objects.filter(title=title).first()
    if image is not None:
        return image
    data = pictogram_png(key)
    storage = image_model._meta.get_field("file").storage
    name = f"original_images/pictogram-{key}.png"
    if storage.exists(name):
        with storage.open(name) as existing:
            same = existing.read() == data
        if not same:
            storage.delete(name)
    if not storage.exists(name):
        storage.save(name, ContentFile(data))
    image = image_model(title=title, description=alt_text, file=name, width=SIZE, height=SIZE)
    image.file_size = len(data)
    image.save()
    return image


def root_collection_ensure() -> Collection:
    """Wagtail's root collection, which images need (a database flush removes it)."""
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


class Pictograms:
    """Pictogram images by key, each fetched or made once per load."""

    def __init__(self):
        self._images: dict[str, object] = {}
        root_collection_ensure()

    def __getitem__(self, key: str):
        if key not in self._images:
            self._images[key] = pictogram_image(key)
        return self._images[key]


# --- Content helpers ---------------------------------------------------------


def h2(text: str):
    return ("heading", {"text": text, "level": "h2"})


def h3(text: str):
    return ("heading", {"text": text, "level": "h3"})


def para(*paragraphs: str):
    return ("paragraph", "".join(f"<p>{text}</p>" for text in paragraphs))


def bullets(*items: str, ordered: bool = False):
    tag = "ol" if ordered else "ul"
    return ("paragraph", f"<{tag}>" + "".join(f"<li>{item}</li>" for item in items) + f"</{tag}>")


def activity(title: str, minutes: int, steps: list[str], needs: list[str]):
    return (
        "activity",
        {
            "title": title,
            "minutes": minutes,
            "instructions": "<ol>" + "".join(f"<li>{step}</li>" for step in steps) + "</ol>",
            "you_will_need": "\n".join(needs),
        },
    )


def scenario(name: str, story: list[str], questions: list[str]):
    return (
        "scenario",
        {
            "name": name,
            "story": "".join(f"<p>{text}</p>" for text in story),
            "questions": questions,
        },
    )


def reflection(question: str, prompt: str = ""):
    return ("reflection", {"question": question, "prompt": prompt})


def quiz(question: str, answers: list[tuple[str, bool, str]]):
    return (
        "quiz",
        {
            "question": question,
            "answers": [
                {"answer": answer, "is_correct": correct, "feedback": feedback}
                for answer, correct, feedback in answers
            ],
        },
    )


def quote(text: str, attribution: str):
    return ("quote", {"quote": text, "attribution": attribution})


@dataclass
class ModuleSpec:
    slug: str
    title: str
    summary: str
    minutes: int
    body: list
    easy_read: list[tuple[str, str]] = field(default_factory=list)
    required: bool = True


@dataclass
class CourseSpec:
    slug: str
    title: str
    summary: str
    audience: str
    delivery_format: str
    total_hours: str
    outcomes: list[str]
    co_produced_with: str
    body: list
    modules: list[ModuleSpec]
    # What finishing takes, and what it makes someone (see CoursePage).
    attendance_needed: str = CoursePage.AttendanceNeeded.NONE
    needs_sign_off: bool = False
    makes_role: str = CoursePage.Role.NONE


# --- The champions course ----------------------------------------------------

CHAMPION_MODULES = [
    ModuleSpec(
        slug="welcome-and-induction",
        title="Welcome and induction",
        summary=(
            "Meet the group, agree how we will work together, and find out what the course "
            "covers and what happens afterwards."
        ),
        minutes=120,
        body=[
            h2("Why we are here"),
            para(
                "This course trains support planning champions. A champion is a disabled "
                "person or a carer who knows the social care system from the inside and wants "
                "to help other people plan their support. You do not need to be an expert. "
                "Your own experience is what makes you useful.",
                "After the course you will run short courses for enablers, hold drop-in "
                "sessions, and help people at Planning Live sessions.",
            ),
            h2("How the course runs"),
            para(
                "This induction lasts two hours. After it there are three short days, from "
                "10:00 to 15:30, with a long lunch and a short break every hour. Groups are "
                "small, usually about six champions, so everyone has time to talk."
            ),
            bullets(
                "<b>Day 1:</b> self-directed support, support planning and person-centred "
                "planning, and planning for outcomes.",
                "<b>Day 2:</b> what makes a good plan, SMART actions, and money.",
                "<b>Day 3:</b> practising with Helen's story, and running a Planning Live session.",
            ),
            h2("Ground rules"),
            para("We agree ground rules together. Most groups choose rules like these:"),
            bullets(
                "What people share about their lives stays in the room.",
                "Everyone gets a turn to speak, and nobody has to.",
                "We use plain words and explain any jargon.",
                "Anyone can take a break at any time.",
                "We respect each other's choices, even when we would choose differently.",
            ),
            activity(
                "Agree our ground rules",
                20,
                [
                    "On your own, think of one thing that helps you feel safe to speak in a group.",
                    "Write it or draw it on a sticky note, or tell the trainer and they will "
                    "write it for you.",
                    "Put the notes on the flip-chart and group the ones that are the same.",
                    "Agree the list together. Keep it on the wall for the whole course.",
                ],
                ["Flip-chart paper", "Sticky notes", "Thick marker pens"],
            ),
            h2("Your information pack"),
            para(
                "Everyone gets an information pack today. It has the timetable, the jargon "
                "buster, Helen's story and blank planning charts. The pack comes in standard "
                "print, large print, easy read and Braille. Ask for the version that works for "
                "you, or for more than one."
            ),
            h2("Support after the course"),
            para(
                "Every champion has a mentor: an experienced champion who meets them every "
                "three months. Champions also meet in action learning sets, where a few people "
                "work through real situations together and learn from each other."
            ),
            reflection(
                "What do you hope to be able to do at the end of this course?",
                "Write it down, draw it, or tell the person next to you. We will come back to "
                "it on the last day.",
            ),
            quote(
                "I came in thinking I had nothing to teach anyone. By the end I could see my "
                "own plan was the best training I had.",
                "A champion from an earlier group",
            ),
        ],
        easy_read=[
            ("people", "This course is for champions."),
            ("person", "A champion helps other people plan their support."),
            ("calendar", "The course is a short meeting, then three days."),
            ("talk", "We agree rules so everyone feels safe."),
            ("book", "You get a pack in the format you need."),
            ("star", "After the course, a mentor meets you every three months."),
        ],
    ),
    ModuleSpec(
        slug="what-is-self-directed-support",
        title="What is self-directed support?",
        summary="What self-directed support means, the steps a person goes through, and the "
        "different ways to take a personal budget.",
        minutes=75,
        body=[
            h2("Being in control of your support"),
            para(
                "Self-directed support means the person who needs support decides how it "
                "works. They know how much money there is, they choose what to spend it on, "
                "and they choose who helps them.",
                "It is a change from the old way, where a professional decided which services "
                "a person would get, and the person had to fit in with them.",
            ),
            h2("The steps"),
            bullets(
                "Find out if the council can support you. This is called eligibility.",
                "Find out roughly how much money there is: your indicative budget.",
                "Make your support plan, with people you choose.",
                "The council agrees the plan.",
                "Organise your support.",
                "Live your life.",
                "Check how it is going at a review, and change the plan when life changes.",
                ordered=True,
            ),
            h2("Ways to take the money"),
            para(
                "The money for your support is your personal budget. It can be managed in "
                "different ways:"
            ),
            bullets(
                "<b>A direct payment:</b> the money is paid to you, and you buy your own "
                "support or employ a personal assistant.",
                "<b>An Individual Service Fund:</b> a provider you choose holds the money "
                "and spends it the way your plan says.",
                "<b>A managed budget:</b> the council holds the money and arranges what your "
                "plan says.",
                "<b>A mix</b> of these.",
            ),
            quiz(
                "Who decides what goes in a support plan?",
                [
                    (
                        "The person the plan is about, with people they choose",
                        True,
                        "Other people can help, but the plan belongs to the person.",
                    ),
                    (
                        "The social worker",
                        False,
                        "A social worker can help, and the council agrees the "
                        "plan, but the person decides what goes in it.",
                    ),
                    (
                        "The care provider",
                        False,
                        "A provider may be part of the plan, but they do not decide what is in it.",
                    ),
                ],
            ),
            reflection(
                "Think of a time someone made a decision about your life without asking you. "
                "How did it feel?",
                "You do not have to share your answer.",
            ),
        ],
        easy_read=[
            ("key", "Self-directed support means you are in control."),
            ("money", "You find out how much money there is for your support."),
            ("plan", "You make a plan for how to use the money."),
            ("tick", "The council checks the plan and says yes."),
            ("person", "You choose who supports you."),
            ("calendar", "You can change the plan when your life changes."),
        ],
    ),
    ModuleSpec(
        slug="support-planning-and-person-centred-planning",
        title="Support planning and person-centred planning",
        summary="How support planning and person-centred planning are the same, and how they "
        "are different.",
        minutes=60,
        body=[
            h2("Two kinds of planning"),
            para(
                "Person-centred planning is a way of finding out what matters to someone and "
                "how they want to live. It can cover any part of life: work, friends, where to "
                "live and hopes for the future.",
                "Support planning uses the same thinking for one job: working out how a person "
                "will use their personal budget to get the life they want. Because the council "
                "must agree a support plan, it also says how the money will be spent and how "
                "the person will stay safe and in control.",
            ),
            h2("What they share"),
            bullets(
                "The person is at the centre and in charge.",
                "They start with what is important to the person, not with services.",
                "Family and friends can help, if the person wants them to.",
                "They are written in the person's own words.",
            ),
            h2("How they are different"),
            bullets(
                "A support plan is tied to money: the indicative budget.",
                "The council's panel reads a support plan and agrees it.",
                "A support plan must show how the outcomes will be met, and what happens if "
                "something goes wrong.",
                "A person-centred plan has no set form, and nobody needs to sign it off.",
            ),
            activity(
                "Same or different?",
                20,
                [
                    "Work in pairs. Take a set of cards.",
                    "Put each card in one of three piles: person-centred planning, support "
                    "planning, or both.",
                    "Talk with the whole group about any cards you disagreed on.",
                ],
                ["A set of 'Same or different' cards for each pair", "Table space"],
            ),
            reflection(
                "Have you ever had a plan made about you? Was it person-centred? What would "
                "have made it better?"
            ),
        ],
        easy_read=[
            ("heart", "Person-centred planning finds out what matters to you."),
            ("money", "A support plan is also about your money for support."),
            ("person", "You are in charge of both kinds of plan."),
            ("tick", "The council must agree a support plan."),
            ("talk", "Both plans use your own words."),
        ],
    ),
    ModuleSpec(
        slug="planning-for-outcomes",
        title="Planning for outcomes",
        summary="What 'outcome focused' means, and how to turn a need into an outcome in the "
        "person's own words.",
        minutes=60,
        body=[
            h2("What outcome focused means"),
            para(
                "An outcome is a change in your life that you want. A service is one way of "
                "getting there. 'Two hours at a day centre on Tuesdays' is a service. 'I see "
                "my friends every week and I feel less lonely' is an outcome.",
                "An outcome focused plan starts with the change the person wants, and only then "
                "asks what would help. That leaves room for ideas that are not services at "
                "all: a bus pass, a class at the college, a neighbour paid to come along.",
            ),
            h2("Turning a need into an outcome"),
            para(
                "People are often used to describing what they cannot do. A good question to "
                "ask is: <b>what would be different if that was sorted?</b>"
            ),
            bullets(
                "'I need help with showering' becomes 'I am clean and ready in time to get to "
                "work.'",
                "'I need a break from caring' becomes 'My husband and I both get a proper "
                "break, and I go back to my choir.'",
                "'I need someone to take me shopping' becomes 'I choose my own food and cook "
                "the meals I like.'",
            ),
            activity(
                "From need to outcome",
                20,
                [
                    "Each table takes three need cards.",
                    "For each one, ask: what would be different if this was sorted?",
                    "Write the outcome in the person's words, starting with 'I'.",
                    "Check: does it say what changes in the person's life, not which service "
                    "they get?",
                ],
                ["Need cards", "Sticky notes", "Pens"],
            ),
            quiz(
                "Which of these is an outcome?",
                [
                    (
                        "Three hours of support on Monday mornings",
                        False,
                        "That is a service: one way of reaching an outcome.",
                    ),
                    (
                        "I get to the football every Saturday with my brother",
                        True,
                        "It says what changes in the person's life.",
                    ),
                    (
                        "A place at the day centre",
                        False,
                        "That is a service. Ask what the place would change.",
                    ),
                ],
            ),
            reflection("Think of one outcome you want for yourself in the next year."),
        ],
        easy_read=[
            ("target", "An outcome is a change you want in your life."),
            ("star", "Start with what you want, not with services."),
            ("people", "Seeing your friends more can be an outcome."),
            ("lightbulb", "There are many ways to reach an outcome."),
            ("question", "Ask: what would be different?"),
        ],
    ),
    ModuleSpec(
        slug="what-makes-a-good-plan",
        title="What makes a good plan",
        summary="The questions a good support plan answers, and the signs that a plan needs "
        "more work.",
        minutes=75,
        body=[
            h2("A good plan belongs to the person"),
            para(
                "The best plans sound like the person, because they wrote them or told someone "
                "every word. Someone reading the plan should feel they have met the person."
            ),
            h2("What a good plan covers"),
            para("Councils use different forms, but a good plan answers these questions:"),
            bullets(
                "What is important to me?",
                "What is working and not working in my life now?",
                "What do I want to change, and what do I want to achieve in the next 12 months?",
                "How will I be supported, and by whom, paid and unpaid?",
                "How will I spend my budget?",
                "Who will manage my support and the money?",
                "How will I stay in control, and what happens if things go wrong?",
                "What are the actions: what, who and by when?",
                ordered=True,
            ),
            h2("Signs that a plan needs more work"),
            bullets(
                "It lists services but not what the person wants.",
                "It is written about the person ('she needs') rather than by them ('I want').",
                "Nobody knows what to do if a personal assistant is ill.",
                "The money does not add up.",
            ),
            activity(
                "Check a plan",
                25,
                [
                    "In small groups, read the example plan in your pack.",
                    "Use the eight questions above as a checklist.",
                    "Mark each question: answered well, partly answered, or missing.",
                    "Agree one change that would make the plan better, and share it with the room.",
                ],
                ["The example plan, in every format", "The checklist", "Coloured pens"],
            ),
            reflection(
                "Which of the eight questions would be hardest for you to answer? What would help?"
            ),
            quote(
                "The panel said it was the first plan where they felt they knew who they were "
                "paying for.",
                "A person whose plan was agreed",
            ),
        ],
        easy_read=[
            ("plan", "A good plan is in your own words."),
            ("heart", "It says what is important to you."),
            ("tick", "It says what is working and what is not."),
            ("target", "It says what you want to change."),
            ("money", "It says how you will spend the money."),
            ("umbrella", "It says what to do if something goes wrong."),
        ],
    ),
    ModuleSpec(
        slug="smart-actions",
        title="Making actions SMART",
        summary="How to turn wishes into actions that say what will happen, who will do it "
        "and by when.",
        minutes=60,
        body=[
            h2("Why actions matter"),
            para(
                "A plan only changes a life when things happen. Actions turn wishes into "
                "steps: what will happen, who will do it, and by when."
            ),
            h2("SMART"),
            bullets(
                "<b>Specific:</b> say exactly what will happen.",
                "<b>Measurable:</b> you can tell when it is done.",
                "<b>Achievable:</b> it can really be done with the time, money and help there is.",
                "<b>Realistic:</b> it fits the person's life and what they want.",
                "<b>Time-bound:</b> it has a date or a time.",
            ),
            h2("An example"),
            para(
                "Vague: 'Get out more.'",
                "SMART: 'From 1 March, Jo goes swimming every Thursday at 10:00 with her "
                "personal assistant. Jo books the sessions by 20 February.'",
            ),
            activity(
                "Make it SMART",
                20,
                [
                    "In pairs, choose two vague actions from the flip-chart.",
                    "Rewrite each one so it says what, who and by when.",
                    "Swap with another pair and check each other's actions against the five "
                    "letters.",
                ],
                ["A flip-chart of vague actions", "Pens"],
            ),
            quiz(
                "Which action is SMART?",
                [
                    (
                        "Sort out transport",
                        False,
                        "It does not say what will happen, who will do it or when.",
                    ),
                    (
                        "By 30 April, Dev applies for a bus pass, with help from his sister",
                        True,
                        "It says what, who and by when, and it can be done.",
                    ),
                    (
                        "Try to be more independent",
                        False,
                        "It is a wish. Ask what being more independent would look "
                        "like, then write the first step.",
                    ),
                ],
            ),
            reflection(
                "What is one thing you have been meaning to do? Write it as a SMART action."
            ),
        ],
        easy_read=[
            ("pencil", "An action is a step that makes your plan happen."),
            ("question", "Say what will happen."),
            ("person", "Say who will do it."),
            ("calendar", "Say when it will happen."),
            ("tick", "Check that it can really be done."),
        ],
    ),
    ModuleSpec(
        slug="money-and-the-indicative-budget",
        title="Money and the indicative budget",
        summary="What the indicative budget is, how to cost a plan, paid and unpaid support, "
        "and keeping money aside for when things go wrong.",
        minutes=75,
        body=[
            h2("The indicative budget"),
            para(
                "Before planning starts, the council works out roughly how much money a "
                "person is likely to get for their support. This is the indicative budget. It "
                "is a starting figure: the final amount is agreed when the plan is agreed.",
                "Knowing the figure early helps people plan honestly. It is also a private "
                "moment. At Planning Live, each person gets their figure in a sealed envelope "
                "and opens it when and where they choose.",
            ),
            h2("Costing a plan"),
            para(
                "A plan shows how the money will be spent. Most of the cost is usually "
                "support hours: <b>hours each week times hourly rate = weekly cost</b>.",
                "For example, 10 hours a week of personal assistant time at £13.50 an hour is "
                "£135 a week.",
            ),
            h2("Paid and unpaid support"),
            para(
                "Not everything needs money. Friends, family, neighbours and local groups may "
                "already help, or want to. A good plan shows paid and unpaid support side by "
                "side. Never take unpaid help for granted: ask people, and write down what "
                "they have agreed to."
            ),
            h2("Keeping some money aside"),
            para(
                "Keep some money aside for when things go wrong, such as a personal assistant "
                "being ill. This is the contingency. Say in the plan how it will be used."
            ),
            activity(
                "Cost a week",
                25,
                [
                    "Use the weekly planner and the price list in your pack.",
                    "Fill in one week of support for the example person.",
                    "Add up the paid hours and multiply by the hourly rate.",
                    "Check the total against their indicative budget.",
                    "If it is over, talk about what could change: different support, unpaid "
                    "help, or a different way of doing things.",
                ],
                ["Weekly planner", "Price list", "A calculator"],
            ),
            quiz(
                "Ali has 8 hours of support a week at £14 an hour. What does it cost each week?",
                [
                    ("£112", True, "8 times £14 = £112."),
                    ("£22", False, "That adds the numbers. Multiply them: 8 times £14."),
                    ("£140", False, "That would be 10 hours. Try 8 times £14."),
                ],
            ),
            reflection("How would you like to be told how much money there is for your support?"),
        ],
        easy_read=[
            ("money", "The council tells you how much money there might be."),
            ("envelope", "You get the amount in a sealed envelope."),
            ("clock", "Count how many hours of support you need."),
            ("plan", "Hours times the cost of one hour gives the cost."),
            ("people", "Friends and family can help too, without money."),
            ("umbrella", "Keep some money for when things go wrong."),
        ],
    ),
    ModuleSpec(
        slug="helens-story",
        title="Practice scenario: Helen's story",
        summary="Practise the planning charts with a made-up person: what is working and not "
        "working in Helen's life, and what she wants to change.",
        minutes=90,
        body=[
            h2("Why we practise with a made-up person"),
            para(
                "Planning for a made-up person lets everyone try the charts without sharing "
                "their own life. Helen is not real, but her story is built from things that "
                "happen to many people."
            ),
            scenario("Helen", HELEN_STORY, HELEN_QUESTIONS),
            h2("Helen's relationship map"),
            para(
                "A relationship map shows the people in someone's life: family, friends, "
                "community and paid support. A dashed line shows someone the person has lost "
                "touch with. Helen's map shows how much of her week depends on the care agency."
            ),
            demo_image("helens-relationship-map"),
            h2("Practise with Helen's charts"),
            para(
                "Everyone needs Helen's story in a format that works for them. Download the "
                "handouts before the session."
            ),
            demo_handout(
                "helens-story-large-print",
                "Print one for each person who asked for large print.",
            ),
            demo_handout(
                "helens-story-text",
                "For screen readers and braille displays, or to print in the size someone needs.",
            ),
            activity(
                "Helen's charts",
                45,
                [
                    "Split into two tables. Each table has a set of flip-charts with headings.",
                    "Read Helen's story aloud, or listen to it.",
                    "Fill in the 'What is working' and 'What is not working' charts from "
                    "Helen's point of view.",
                    "Move on to 'What is important to Helen' and 'What Helen wants to change'.",
                    "Come together. Each table shares one idea the other table did not have.",
                ],
                [
                    "Helen's story in every format",
                    "Flip-charts with headings",
                    "Sticky notes",
                    "Marker pens",
                ],
            ),
            h2("Back to your own plan"),
            para(
                "The charts you used for Helen are the same ones you will use with the people "
                "you help, and for your own plan if you want one. Notice which headings were "
                "easy and which needed more thought."
            ),
            reflection("Was it easier to plan for Helen than it would be for yourself? Why?"),
        ],
        easy_read=[
            ("person", "Helen is a made-up person."),
            ("home", "Helen lives on her own in a flat."),
            ("clock", "Her carers come at different times every day."),
            ("heart", "Helen wants to bake and see her grandchildren."),
            ("chart", "We write what is working and not working for Helen."),
            ("table", "We share ideas at our tables."),
        ],
    ),
    ModuleSpec(
        slug="running-planning-live",
        title="How to run a Planning Live session",
        summary="Setting up the room, what happens in each session, and the facilitator's job.",
        minutes=90,
        body=[
            h2("What Planning Live is"),
            para(
                "At Planning Live, a group of people make their own support plans at the same "
                "time, in the same room. It might be ten people and their allies, or just two. "
                "A facilitator helps the whole room."
            ),
            h2("Setting up the room"),
            bullets(
                "One table for each focus person and the allies they have chosen.",
                "A set of flip-charts on the wall for each focus person, with the headings "
                "of the plan.",
                "A colour for each focus person, so their charts are easy to tell apart.",
                "Step-free access, a quiet space, regular breaks, drinks, and information in "
                "the formats people asked for.",
            ),
            h2("The first session"),
            bullets(
                "Welcome, introductions and ground rules.",
                "Stories: someone who has made a plan shares it.",
                "A practice scenario, worked at two tables.",
                "Everyone starts their own charts.",
                "At the end, each person gets their indicative budget in a sealed envelope.",
                ordered=True,
            ),
            h2("Between sessions"),
            para(
                "People keep working on their charts at home, with family and friends. Give "
                "everyone a named contact and a phone number for help."
            ),
            h2("The second session and after"),
            para(
                "About two weeks later, people turn their wishes into SMART actions and cost "
                "them against the budget: hours times the hourly rate, paid and unpaid "
                "support, and money kept aside for emergencies. Later sessions can bring in "
                "the wider circle of support."
            ),
            h2("The facilitator's job"),
            para(
                "The facilitator moves from table to table. When an entry is vague, they ask "
                "a question that helps make it clearer, such as 'What would that look like on "
                "a good day?' They never write on someone's chart for them. At the end, they "
                "bring the room together to share what people have learned."
            ),
            activity(
                "Practise facilitating",
                30,
                [
                    "Work in threes: a focus person, an ally and a facilitator.",
                    "The focus person fills in 'A good day' for Helen or for themselves, with "
                    "the ally's help.",
                    "After five minutes the facilitator visits and asks one question about a "
                    "vague entry.",
                    "Swap roles twice, so everyone tries each role.",
                ],
                ["Flip-chart paper", "Three colours of pen", "A timer"],
            ),
            quiz(
                "A focus person writes 'more help at home' on their chart. What should the "
                "facilitator do?",
                [
                    (
                        "Rewrite it for them",
                        False,
                        "The chart belongs to the focus person. Only they, and the "
                        "allies they invite, write on it.",
                    ),
                    (
                        "Ask what more help at home would look like on a good day",
                        True,
                        "A gentle question helps the person say what they really mean.",
                    ),
                    (
                        "Leave it: it is fine as it is",
                        False,
                        "It is too vague to cost or act on. A question helps.",
                    ),
                ],
            ),
            reflection("What would help you feel confident running your first session?"),
        ],
        easy_read=[
            ("people", "At Planning Live, people make their plans together."),
            ("table", "You sit at a table with people you choose."),
            ("chart", "You have your own charts on the wall."),
            ("pencil", "You write in your own colour."),
            ("talk", "The facilitator visits each table to help."),
            ("envelope", "You get your budget in a sealed envelope."),
            ("calendar", "You meet again about two weeks later."),
        ],
    ),
    ModuleSpec(
        slug="after-the-course",
        title="After the course: mentoring and learning together",
        summary="How champions keep learning: a mentor, action learning sets, and drop-in "
        "sessions.",
        minutes=30,
        required=False,
        body=[
            h2("Your mentor"),
            para(
                "Your mentor is an experienced champion. You meet every three months to talk "
                "about how things are going, what you are proud of, and what you want to get "
                "better at."
            ),
            h2("Action learning sets"),
            para(
                "An action learning set is a small group of champions who meet regularly. One "
                "person brings a real situation. The others ask questions, but do not give "
                "advice, until the person finds their own next step."
            ),
            h2("Drop-in sessions"),
            para(
                "Many champions run drop-in sessions, where anyone can come and ask about "
                "planning their support. Agree a regular time and place, and tell the local "
                "user-led organisation so they can spread the word."
            ),
            reflection("Who would you like to learn from after this course?"),
        ],
        easy_read=[
            ("star", "A mentor meets you every three months."),
            ("people", "Champions meet in small groups to learn together."),
            ("home", "You can run drop-in sessions for people near you."),
            ("question", "Anyone can come and ask questions."),
        ],
    ),
]

CHAMPIONS_COURSE = CourseSpec(
    slug="support-planning-champions",
    title="Support planning champions",
    summary=(
        "For disabled people and carers who want to help others plan their support. You will "
        "learn to train enablers, run drop-in sessions and help at Planning Live sessions."
    ),
    audience=CoursePage.Audience.CHAMPIONS,
    delivery_format="A two-hour induction, then three short days from 10:00 to 15:30, for a "
    "group of about six",
    total_hours="15.5",
    outcomes=[
        "Explain self-directed support and personal budgets in plain words",
        "Say how support planning and person-centred planning are the same and different",
        "Help someone describe outcomes in their own words",
        "Check a support plan against what makes a good plan",
        "Turn wishes into SMART actions and cost them against a budget",
        "Run a Planning Live session with a colleague",
    ],
    co_produced_with="Champions from earlier groups and a local user-led organisation",
    body=[
        h2("After the course"),
        para(
            "Every champion has a mentor, met every three months, and can join action "
            "learning sets with other champions."
        ),
    ],
    modules=CHAMPION_MODULES,
    # Walsall's model: the induction and the three days, then the trainer's word.
    attendance_needed=CoursePage.AttendanceNeeded.CORE,
    needs_sign_off=True,
    makes_role=CoursePage.Role.CHAMPION,
)


# --- The enablers course -----------------------------------------------------

# (slug, title, summary, three outline points, reflection, easy read pairs)
ENABLER_OUTLINES = [
    (
        "what-an-enabler-does",
        "What an enabler does",
        "The enabler's role: helping someone make their own plan, not making it for them.",
        [
            "An enabler helps a person fill in their own plan, in their own words.",
            "You listen, ask questions and help find information.",
            "You never decide for the person, and you keep what they tell you private.",
        ],
        "What is the difference between helping someone and doing it for them?",
        [
            ("person", "An enabler helps you make your own plan."),
            ("talk", "An enabler listens and asks questions."),
            ("key", "You stay in control of your plan."),
        ],
    ),
    (
        "self-directed-support-in-plain-words",
        "Self-directed support in plain words",
        "Personal budgets, direct payments and the steps of self-directed support, explained "
        "simply.",
        [
            "Self-directed support means the person decides how their support works.",
            "A personal budget can be a direct payment, an Individual Service Fund or a "
            "managed budget.",
            "The steps: find out the money, plan, get the plan agreed, organise, live, review.",
        ],
        "How would you explain a personal budget to a friend in one sentence?",
        [
            ("key", "You decide how your support works."),
            ("money", "There is money for your support."),
            ("plan", "You make a plan for the money."),
        ],
    ),
    (
        "listening-and-asking-good-questions",
        "Listening well and asking good questions",
        "How to listen so people feel heard, and open questions that help people say what "
        "they want.",
        [
            "Give people time. Silence is fine.",
            "Ask open questions such as 'What does a good day look like?'",
            "Check you have understood by saying it back in their words.",
        ],
        "Think of someone who really listens to you. What do they do?",
        [
            ("talk", "Listen more than you talk."),
            ("clock", "Give people time to answer."),
            ("question", "Ask questions that cannot be answered with yes or no."),
        ],
    ),
    (
        "important-to-and-important-for",
        "What is important to and for the person",
        "The difference between what matters to someone and what keeps them healthy and "
        "safe, and how a plan balances both.",
        [
            "Important to: what makes the person's life good, in their eyes.",
            "Important for: what keeps them healthy and safe.",
            "A good plan gets the balance right, and the person leads.",
        ],
        "What is one thing important to you that others might not notice?",
        [
            ("heart", "Some things make your life good."),
            ("umbrella", "Some things keep you healthy and safe."),
            ("tick", "A good plan has both."),
        ],
    ),
    (
        "working-and-not-working",
        "What is working and not working",
        "Using the 'working and not working' chart from different points of view.",
        [
            "Ask the person first, then others they choose.",
            "Write what is working, so it is kept.",
            "Write what is not working, so it can change.",
        ],
        "What is working and not working in your own week?",
        [
            ("tick", "Write what is working."),
            ("cross", "Write what is not working."),
            ("lightbulb", "Then think about what could change."),
        ],
    ),
    (
        "relationship-maps",
        "Relationship maps and circles of support",
        "Drawing the people in someone's life, and who could be part of their circle of support.",
        [
            "Put the person in the middle of the page.",
            "Add family, friends, neighbours, groups and paid workers around them.",
            "Ask who could help more, and who the person would like to see more.",
        ],
        "Who is in your circle of support?",
        [
            ("person", "You go in the middle of the map."),
            ("people", "The people in your life go around you."),
            ("heart", "Think about who you want to see more."),
        ],
    ),
    (
        "resource-mapping",
        "Resource mapping: what is already there",
        "Finding the places, groups and things near someone that could be part of their support.",
        [
            "List what the person already uses: shops, clubs, buses, places of worship.",
            "Find out what else is nearby, much of it free.",
            "Look for ideas that are not services.",
        ],
        "What is near where you live that could help someone like Helen?",
        [
            ("home", "Look at what is near your home."),
            ("people", "Local groups can be part of your support."),
            ("lightbulb", "Not all support needs to be a service."),
        ],
    ),
    (
        "money-and-costing",
        "Money: the indicative budget and costing support",
        "Reading an indicative budget, costing support hours, and keeping money aside.",
        [
            "The indicative budget is a starting figure.",
            "Hours each week times hourly rate = weekly cost.",
            "Keep some money aside for when things go wrong.",
        ],
        "What would help someone feel calm about the money side of their plan?",
        [
            ("money", "You find out roughly how much money there is."),
            ("clock", "Count the hours of support you need."),
            ("umbrella", "Keep some money for when things go wrong."),
        ],
    ),
    (
        "writing-smart-actions",
        "Writing actions that happen",
        "Helping people turn wishes into SMART actions: what, who and by when.",
        [
            "Specific, measurable, achievable, realistic and time-bound.",
            "Each action says what, who and by when.",
            "Check each action with the person: is it what they want?",
        ],
        "Turn 'get out more' into an action that says what, who and by when.",
        [
            ("pencil", "Write down each step."),
            ("person", "Say who will do it."),
            ("calendar", "Say when it will happen."),
        ],
    ),
    (
        "keeping-the-plan-alive",
        "Keeping the plan alive: sharing, panel and review",
        "Sharing a plan with people the person chooses, taking it to the panel, and changing "
        "it when life changes.",
        [
            "The person owns the plan and chooses who sees it.",
            "The council's panel reads the plan and agrees it or asks for changes.",
            "A review checks how it is going. Plans can change at any time.",
        ],
        "Who would you want to share your plan with, and why?",
        [
            ("key", "Your plan belongs to you."),
            ("tick", "The council's panel agrees your plan."),
            ("calendar", "You can change your plan when your life changes."),
        ],
    ),
]

ENABLER_MODULES = [
    ModuleSpec(
        slug=slug,
        title=title,
        summary=summary,
        minutes=60,
        body=[h2("In this module"), bullets(*points), reflection(question)],
        easy_read=easy_read,
    )
    for slug, title, summary, points, question, easy_read in ENABLER_OUTLINES
]

ENABLERS_COURSE = CourseSpec(
    slug="support-plan-enablers",
    title="Support plan enablers",
    summary=(
        "For volunteers who want to help people fill in their own support plans. Run by "
        "champions, one module at a time or as full days."
    ),
    audience=CoursePage.Audience.ENABLERS,
    delivery_format="Ten one-hour modules, run singly or as full days, for one person or a "
    "group of six to eight",
    total_hours="10",
    outcomes=[
        "Help someone fill in their own plan without taking over",
        "Ask open questions and listen well",
        "Draw a relationship map and a resource map with someone",
        "Cost support hours against an indicative budget",
        "Help write SMART actions",
    ],
    co_produced_with="Support planning champions and people who use direct payments",
    body=[],
    modules=ENABLER_MODULES,
    attendance_needed=CoursePage.AttendanceNeeded.ALL,
    makes_role=CoursePage.Role.ENABLER,
)

# --- For care managers and assessors ----------------------------------------------
# Brighton and Hove ran a day for care managers before one for people using
# services; Derbyshire's council planned alongside families (seed 001).

PROFESSIONAL_OUTLINES = [
    (
        "the-person-leads",
        "The person leads the plan",
        "Your part when someone plans their own support: information, not decisions.",
        [
            "The plan belongs to the person. They choose who helps and who sees it.",
            "A plan made with a champion or an enabler is as valid as one you write.",
            "Ask what good looks like for them before you talk about services.",
        ],
        "When did you last change a plan because of what the person said mattered to them?",
        [
            ("key", "The person leads their plan."),
            ("talk", "You listen first."),
            ("plan", "A plan made with a peer is a real plan."),
        ],
    ),
    (
        "the-indicative-budget-early",
        "Tell people their budget early",
        "Why the indicative budget comes before the plan, and how to explain it.",
        [
            "People cannot plan without knowing roughly how much money there is.",
            "Say the amount a week and a year, where it comes from and how it can be paid.",
            "Explain direct payments, Individual Service Funds and managed budgets plainly.",
        ],
        "How would you explain an indicative budget in two sentences?",
        [
            ("money", "Know your budget before you plan."),
            ("question", "Ask how the money can be paid."),
            ("tick", "The plan spends the budget your way."),
        ],
    ),
    (
        "agreeing-plans-at-panel",
        "Agreeing plans at panel",
        "What a panel looks for, and how to ask for changes the person can act on.",
        [
            "Read the plan as the person wrote it. Check it meets their eligible needs.",
            "If something is unclear, ask a question about that part, not for a new plan.",
            "Give the decision in plain words, with the date of the first review.",
        ],
        "What would make a panel decision easy for the person to read?",
        [
            ("tick", "The panel agrees the plan or asks a question."),
            ("envelope", "The decision comes in plain words."),
            ("calendar", "There is a date to check how it is going."),
        ],
    ),
]

PROFESSIONAL_MODULES = [
    ModuleSpec(
        slug=slug,
        title=title,
        summary=summary,
        minutes=45,
        body=[h2("In this module"), bullets(*points), reflection(question)],
        easy_read=easy_read,
    )
    for slug, title, summary, points, question, easy_read in PROFESSIONAL_OUTLINES
]

PROFESSIONALS_COURSE = CourseSpec(
    slug="self-directed-support-for-care-managers",
    title="Self-directed support for care managers and assessors",
    summary=(
        "For care managers, social workers and assessors who support people to plan with "
        "personal budgets. Written with disabled people, who run it."
    ),
    audience=CoursePage.Audience.PROFESSIONALS,
    delivery_format="A half-day session, or three 45-minute modules at your own pace",
    total_hours="2.5",
    outcomes=[
        "Support a person to lead their own plan",
        "Explain an indicative budget before planning starts",
        "Read a plan at panel and ask for changes in plain words",
    ],
    co_produced_with="Support planning champions and a user-led organisation",
    body=[],
    modules=PROFESSIONAL_MODULES,
)

COURSES = [CHAMPIONS_COURSE, ENABLERS_COURSE, PROFESSIONALS_COURSE]


# --- The jargon buster -------------------------------------------------------

# (term, plain meaning, easy read meaning, pictogram key or "")
GLOSSARY = [
    (
        "action learning set",
        "A small group that meets regularly to help each member work through a real "
        "problem, by asking questions rather than giving advice.",
        "A small group that meets to learn from real problems.",
        "people",
    ),
    (
        "advocate",
        "Someone who helps you say what you want, or speaks up for you, and is on your side. "
        "Some advocates are volunteers, some are paid.",
        "Someone who helps you speak up.",
        "talk",
    ),
    (
        "ally",
        "Someone the focus person invites to help with their plan: a family member, friend, "
        "personal assistant or worker.",
        "A person you choose to help with your plan.",
        "people",
    ),
    (
        "assessment",
        "A conversation with the council to find out what support you need and whether the "
        "council can help pay for it.",
        "A talk with the council about the support you need.",
        "question",
    ),
    (
        "brokerage",
        "Help to turn a support plan into real support: finding people, services and "
        "organisations, and setting them up.",
        "Help to find and set up your support.",
        "lightbulb",
    ),
    (
        "Care Act",
        "The law in England, from 2014, that says what councils must do for adults who need "
        "care and support, and for carers.",
        "The law about care and support in England.",
        "book",
    ),
    (
        "carer",
        "Someone who looks after a family member or friend without being paid for it. Paid "
        "workers are not called carers here.",
        "Someone who looks after a family member or friend.",
        "heart",
    ),
    (
        "champion",
        "A disabled person or carer, trained first, who trains enablers, runs drop-in "
        "sessions and may facilitate Planning Live.",
        "A person who trains others to help with plans.",
        "star",
    ),
    (
        "circle of support",
        "The people around someone who help them live the life they want: family, friends, "
        "neighbours and paid workers.",
        "The people around you who help you.",
        "people",
    ),
    (
        "contingency",
        "Money or a plan kept ready for when something goes wrong, such as a personal "
        "assistant being ill.",
        "Being ready for when things go wrong.",
        "umbrella",
    ),
    (
        "direct payment",
        "Money from the council paid to you, so you can buy your own support or employ "
        "your own staff.",
        "Money paid to you to buy your own support.",
        "money",
    ),
    (
        "eligibility",
        "Whether the council says your needs are big enough for it to help with care and support.",
        "Whether the council can help you.",
        "tick",
    ),
    (
        "enabler",
        "A volunteer, trained by champions, who helps people fill in their own support plans.",
        "A volunteer who helps you fill in your plan.",
        "person",
    ),
    (
        "facilitator",
        "The person who runs a Planning Live session. They move between tables and help "
        "everyone make their plans clearer.",
        "The person who runs a planning session.",
        "chart",
    ),
    (
        "focus person",
        "The person whose support plan it is. At Planning Live, each focus person has their "
        "own colour and their own charts.",
        "The person the plan is about.",
        "person",
    ),
    (
        "indicative budget",
        "A first idea of how much money you are likely to get for your support, given before "
        "you plan. The final amount is agreed with the plan.",
        "A first idea of how much money you might get.",
        "envelope",
    ),
    (
        "Individual Service Fund",
        "A way of taking a personal budget where a provider you choose holds the money and "
        "spends it the way your plan says.",
        "A provider you choose looks after your money for you.",
        "money",
    ),
    (
        "managed budget",
        "A way of taking a personal budget where the council holds the money and arranges "
        "the support in your plan.",
        "The council looks after the money for you.",
        "money",
    ),
    (
        "mentor",
        "An experienced champion who meets a newer champion every few months to talk about "
        "how things are going.",
        "An experienced person who meets you to help you learn.",
        "star",
    ),
    (
        "outcome",
        "A change in your life that you want, such as seeing friends more. A service is one "
        "way of getting there.",
        "A change you want in your life.",
        "target",
    ),
    (
        "panel",
        "A group at the council that reads finished support plans and agrees them or asks "
        "for changes.",
        "A group at the council that says yes to plans.",
        "tick",
    ),
    (
        "personal assistant",
        "Someone you employ, often with a direct payment, to support you in the way you choose.",
        "A person you pay to support you.",
        "person",
    ),
    (
        "personal budget",
        "The amount of money for your support, agreed by the council, that you can spend on "
        "the support you choose.",
        "Money for your support that you choose how to spend.",
        "money",
    ),
    (
        "person-centred planning",
        "A way of planning that starts with what matters to the person and how they want to "
        "live, led by them.",
        "Planning that starts with what matters to you.",
        "heart",
    ),
    (
        "Planning Live",
        "Sessions where a group of people make their own support plans together, in one room, "
        "with their allies and a facilitator.",
        "Making your plan together with other people.",
        "table",
    ),
    (
        "resource allocation",
        "How the council works out the amount of money for someone's support, usually from "
        "their assessment.",
        "How the council works out your money.",
        "money",
    ),
    (
        "review",
        "A check on how your support is going, usually once a year or when life changes. The "
        "plan can change after a review.",
        "A check on how your support is going.",
        "calendar",
    ),
    (
        "self-directed support",
        "Support where the person who needs it decides how it works: they know the money, "
        "make the plan and choose who helps.",
        "You decide how your support works.",
        "key",
    ),
    (
        "SMART",
        "A way of writing actions: specific, measurable, achievable, realistic and "
        "time-bound. Each action says what, who and by when.",
        "A way of writing clear steps: what, who and when.",
        "pencil",
    ),
    (
        "suitable person",
        "Someone who takes a direct payment for a person who cannot agree to it themself, "
        "and spends it on their support the way the person would want. Often a family member.",
        "Someone who looks after the money for you.",
        "people",
    ),
    (
        "support plan",
        "Your plan for what matters to you, what you want to change, and how your personal "
        "budget will pay for your support. It belongs to you.",
        "Your plan for your life and your support.",
        "plan",
    ),
    (
        "user-led organisation",
        "An organisation run and controlled by disabled people, people who use services or carers.",
        "A group run by disabled people.",
        "people",
    ),
]


GLOSSARY_PAGE_INTRO = (
    "Words you will hear when planning support, explained in plain words and in easy read. "
    "Choose a letter to jump to it."
)


# --- Loaders -----------------------------------------------------------------


def _publish_child(parent, page):
    """Add a live page under ``parent``.

    The page is saved live with its publication dates, without a revision:
    that is one save rather than three, which keeps ``load_demo`` (run before
    every browser test) quick. Wagtail makes the first revision when an
    editor first saves the page.
    """
    now = timezone.now()
    page.live = True
    page.first_published_at = page.last_published_at = now
    parent.add_child(instance=page)
    return page


def glossary_terms_ensure(pictograms: Pictograms) -> int:
    """Add the jargon buster terms that are missing; return how many were added."""
    existing = set(GlossaryTerm.objects.values_list("term", flat=True))
    added = 0
    for term, plain, easy, picture in GLOSSARY:
        if term in existing:
            continue
        image = pictograms[picture] if picture else None
        GlossaryTerm.objects.create(
            term=term,
            plain_meaning=plain,
            easy_read_meaning=easy,
            picture=image,
            picture_alt_text=PICTOGRAMS[picture][2] if picture else "",
        )
        added += 1
    return added


def course_ensure(index: TrainingIndexPage, spec: CourseSpec, pictograms: Pictograms):
    """The course and any of its modules that are missing, published."""
    course = CoursePage.objects.child_of(index).filter(slug=spec.slug).first()
    if course is None:
        course = _publish_child(
            index,
            CoursePage(
                title=spec.title,
                slug=spec.slug,
                summary=spec.summary,
                search_description=spec.summary,
                audience=spec.audience,
                delivery_format=spec.delivery_format,
                total_hours=spec.total_hours,
                learning_outcomes="\n".join(spec.outcomes),
                co_produced_with=spec.co_produced_with,
                body=spec.body,
                attendance_needed=spec.attendance_needed,
                needs_sign_off=spec.needs_sign_off,
                makes_role=spec.makes_role,
            ),
        )
    existing = set(ModulePage.objects.child_of(course).values_list("slug", flat=True))
    for module in spec.modules:
        if module.slug in existing:
            continue
        easy_read = [
            (
                "easy_read",
                {
                    "picture": pictograms[key],
                    "alt_text": PICTOGRAMS[key][2],
                    "sentence": sentence,
                },
            )
            for key, sentence in module.easy_read
        ]
        _publish_child(
            course,
            ModulePage(
                title=module.title,
                slug=module.slug,
                summary=module.summary,
                search_description=module.summary,
                duration_minutes=module.minutes,
                is_required=module.required,
                body=demo_media_resolve(module.body),
                easy_read_body=easy_read,
            ),
        )
    return course


DEMO_ISSUER = "Speak Up Together (a demo user-led organisation)"
DEMO_ISSUER_ADDRESS = "Community Centre\n1 High Street\nWalsall WS1 1AA"


def training_settings_ensure() -> str:
    """Name a demo issuer for certificates, unless someone has named one."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return ""
    settings = TrainingSettings.for_site(site)
    if not settings.issuer_name:
        settings.issuer_name = DEMO_ISSUER
        settings.issuer_address = DEMO_ISSUER_ADDRESS
        settings.save()
    return settings.issuer_name


@transaction.atomic
def demo_training_ensure() -> list[str]:
    """The training index, the jargon buster and both demo courses, where missing."""
    home = HomePage.objects.first()
    if home is None:
        return []
    index = TrainingIndexPage.objects.first()
    if index is None:
        index = _publish_child(
            home, TrainingIndexPage(title="Training", slug="training", intro=TRAINING_INTRO)
        )
    pictograms = Pictograms()
    added_terms = glossary_terms_ensure(pictograms)
    glossary_page = GlossaryIndexPage.objects.first()
    if glossary_page is None:
        glossary_page = _publish_child(
            index,
            GlossaryIndexPage(
                title="Jargon buster", slug="jargon-buster", intro=GLOSSARY_PAGE_INTRO
            ),
        )
    lines = [f"Training: {index.get_url()}"]
    issuer = training_settings_ensure()
    if issuer:
        lines.append(f"Certificates are issued by {issuer} (Settings > Training settings)")
    for spec in COURSES:
        course = course_ensure(index, spec, pictograms)
        lines.append(f"Course: {course.title} at {course.get_url()}")
    lines.append(
        f"Jargon buster: {glossary_page.get_url()} "
        f"({GlossaryTerm.objects.count()} terms, {added_terms} added)"
    )
    return lines
