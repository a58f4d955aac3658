"""Board pages: a participant's board, the facilitator's room and table views,
the projector, each note's own page, and the note forms that work without
JavaScript.

Every board page is built from ``selectors.board_state``, the same data the
live client receives, so the server-rendered page and the live page show the
same board; a note's own page reads just that note (``board_note_find``). Every
change goes through ``services.board_command_apply`` with the actor from
``access.actor_for``; nothing here trusts a form field for identity.
"""

import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from plans import selectors as plan_selectors
from plans.headings import DAY_HEADINGS
from sessions_live import access, board_html, domain, selectors, services
from sessions_live.access import actor_for
from sessions_live.domain import Actor, DomainError
from sessions_live.palette import COLOUR_BY_KEY, COLOURS, SYMBOL_BY_KEY, SYMBOLS
from sessions_live.protocol import is_id

VIEW_BOARD = "board"
VIEW_TABLE = "table"
VIEW_PROJECTOR = "projector"
TEMPLATES = {
    VIEW_BOARD: "sessions_live/board/board.html",
    VIEW_TABLE: "sessions_live/board/table.html",
    VIEW_PROJECTOR: "sessions_live/board/projector.html",
}
# Stands in for an id in URL patterns handed to the live client.
URL_ID_PLACEHOLDER = 987654321
SHORT_TEXT = 40

FACILITATE_ACTIONS = {
    "star": "Note starred.",
    "unstar": "Star taken off the note.",
    "ask": "Question sent. The person who wrote the note will see it.",
    "accept": "Note marked as clear.",
    "move": "Note moved.",
    "suggest": "Words suggested. The person who wrote the note decides whether to use them.",
    "withdraw": "Suggestion taken back.",
    "lock_chart": "Chart locked. Only you can write on it until you unlock it.",
    "unlock_chart": "Chart unlocked. People can write on it again.",
    "lock_board": "Writing paused for everyone. Only you can write until you let them again.",
    "unlock_board": "Everyone can write again.",
}


# --- Who is asking ------------------------------------------------------------------


def _actor(request: HttpRequest, session_id: int) -> Actor | None:
    return actor_for(session_id=session_id, user=request.user, django_session=request.session)


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "sessions_live/board/not_found.html", status=404)


def _facilitator_only(request: HttpRequest, session_id: int) -> HttpResponse:
    return render(
        request,
        "sessions_live/board/facilitator_only.html",
        {"board_url": reverse("live:board", args=[session_id])},
        status=403,
    )


# --- Building the page from a snapshot ---------------------------------------------


def _allowed(check, **kwargs) -> bool:
    try:
        check(**kwargs)
    except DomainError:
        return False
    return True


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHORT_TEXT else text[: SHORT_TEXT - 1] + "…"


def _shown_people(snapshot: dict, actor: Actor, view: str, table_id: int | None) -> list[dict]:
    """The people a view shows, in display order (a participant's own person first)."""
    people = snapshot["focus_people"]
    if view == VIEW_PROJECTOR:
        # The wall screen is seen by the whole room: private charts never go there.
        people = [p for p in people if not p["is_private"]]
    elif view == VIEW_TABLE:
        people = [p for p in people if p["table_id"] == table_id]
    if not actor.is_facilitator:
        people = sorted(people, key=lambda p: p["id"] != actor.focus_person_id)
    return people


def _board_cost_form(*, session_id: int, person_id: int) -> dict:
    """The board's "Add a row" form for a person's costing: the plan page's own form
    (plan/_costing.html cost_form), with ids of its own for each person on the board."""
    return {
        "prefix": f"board-cost-{person_id}",
        "line_id": None,
        "typed": {"paid": "yes"},
        "error": None,
        "target": "",
        "url": reverse("live:plan_cost_line_save", args=[session_id, person_id]),
    }


def _error_for(error: dict | None, key: str) -> dict | None:
    return error if error and error["key"] == key else None


def _error_href(key: str) -> str:
    """Where the error summary's link goes: the field or note the error is about."""
    kind, _, number = key.partition("-")
    if kind == "add" and number.isdigit():
        return f"#add-text-{number}"
    if kind in {"note", "chart"} and number.isdigit():
        return f"#{kind}-{number}"
    return "#board-controls"


class _NoteUrls:
    """Each note's own addresses, made by filling in one reversed pattern per kind:
    reversing a URL for every note of a 2,600-note board is a measurable cost."""

    def __init__(self, session_id: int, *, return_to: str) -> None:
        placeholder = str(URL_ID_PLACEHOLDER)
        self._parts = {
            name: reverse(f"live:{name}", args=[session_id, URL_ID_PLACEHOLDER]).rsplit(
                placeholder, 1
            )
            for name in (
                "note_edit",
                "note_remove",
                "note_restore",
                "note_answer",
                "note_wording",
                "note_actions",
            )
        }
        # The note's own page sends its forms back to the view they came from.
        self._query = "" if return_to == VIEW_BOARD else f"?return_to={return_to}"

    def note(self, name: str, note_id: int) -> str:
        before, after = self._parts[name]
        return f"{before}{note_id}{after}"

    def actions(self, note_id: int) -> str:
        before, after = self._parts["note_actions"]
        return f"{before}{note_id}{after}{self._query}"


def _return_to(view: str, table_id: int | None) -> str:
    return f"table-{table_id}" if view == VIEW_TABLE else VIEW_BOARD


def board_context(
    *,
    snapshot: dict,
    actor: Actor,
    view: str,
    table_id: int | None = None,
    error: dict | None = None,
    csrf_token: str = "",
    write_chart_id: int | None = None,
    undo_note_id: int | None = None,
) -> dict:
    """Everything the board templates need, worked out from one snapshot.

    Notes are light: their text, who wrote it, and at most two small controls.
    The facilitator's per-note actions live on each note's own page (and, with
    JavaScript, in one shared menu), so the board carries no per-note forms.
    """
    if error:
        error = {**error, "href": _error_href(error["key"])}
    people = _shown_people(snapshot, actor, view, table_id)
    person_ids = {p["id"] for p in people}
    charts = [c for c in snapshot["charts"] if c["focus_person_id"] in person_ids]
    chart_ids = {c["id"] for c in charts}
    controls = view != VIEW_PROJECTOR
    # A snapshot has removed notes only for their writer and the facilitator: they
    # show under the chart as "Removed", to undo or erase, and never on the projector.
    removed = [
        n
        for n in snapshot["notes"]
        if n["is_removed"] and n["chart_id"] in chart_ids and controls and n["id"] != undo_note_id
    ]
    notes = [n for n in snapshot["notes"] if n["chart_id"] in chart_ids and not n["is_removed"]]
    tables = {t["id"]: t for t in snapshot["tables"]}
    facilitator_tools = controls and actor.is_facilitator
    board_locked = snapshot["is_locked"]
    return_to = _return_to(view, table_id)
    urls = _NoteUrls(snapshot["session_id"], return_to=return_to)

    notes_by_chart: dict[int, list[dict]] = {c["id"]: [] for c in charts}
    for note in notes:
        notes_by_chart[note["chart_id"]].append(note)
    removed_by_chart: dict[int, list[dict]] = {}
    for note in removed:
        removed_by_chart.setdefault(note["chart_id"], []).append(note)

    budgets = {b["focus_person_id"]: b for b in snapshot.get("budgets", [])}
    costings = {c["focus_person_id"]: c for c in snapshot.get("costings", [])}
    actions = {a["focus_person_id"]: a["actions"] for a in snapshot.get("actions", [])}
    today = timezone.localdate()
    person_items = []
    for person in people:
        person_charts = [c for c in charts if c["focus_person_id"] == person["id"]]
        symbol = SYMBOL_BY_KEY.get(person["symbol"])
        person_html = board_html.note_person_html(
            glyph=symbol.glyph if symbol else "", first_name=person["first_name"]
        )
        chart_items = []
        for chart in person_charts:
            chart_view = domain.chart_from_payload(chart)
            # Whether this actor may change their own notes here: the chart and
            # board locks are the same for every note on the chart.
            writable = controls and _allowed(
                domain.check_add_note, actor=actor, board_locked=board_locked, chart=chart_view
            )
            note_items = []
            for note in notes_by_chart[chart["id"]]:
                can_change = writable and (actor.is_facilitator or note["author_key"] == actor.key)
                note_error = _error_for(error, f"note-{note['id']}")
                links = {}
                if facilitator_tools:
                    links["actions_url"] = urls.actions(note["id"])
                elif can_change:
                    links["edit_url"] = urls.note("note_edit", note["id"])
                    links["remove_url"] = urls.note("note_remove", note["id"])
                if links:
                    links["short"] = _short(note["text"])
                if can_change and note["clarification"] == "asked":
                    links["answer_url"] = urls.note("note_answer", note["id"])
                if can_change and note["suggestion"] and note["author_key"] == actor.key:
                    links["wording_url"] = urls.note("note_wording", note["id"])
                note_items.append(
                    {
                        "note": note,
                        "html": board_html.note_html(
                            note=note,
                            colour=person["colour"],
                            person_html=person_html,
                            error=note_error,
                            csrf_token=csrf_token,
                            return_to=return_to,
                            **links,
                        ),
                    }
                )
            removed_items = [
                board_html.removed_note_html(
                    note=note,
                    short=_short(note["text"]),
                    # Putting it back is writing: not while the chart or board is locked.
                    restore_url=urls.note("note_restore", note["id"]) if writable else "",
                    erase_url=urls.actions(note["id"]),
                )
                for note in removed_by_chart.get(chart["id"], [])
            ]
            show_add = controls and (actor.is_facilitator or person["id"] == actor.focus_person_id)
            add_error = _error_for(error, f"add-{chart['id']}")
            chart_items.append(
                {
                    # How to support someone: a note can be for a good or a bad day.
                    "days": chart["title"] in DAY_HEADINGS,
                    "chart": chart,
                    "notes": note_items,
                    "removed": removed_items,
                    "show_add": show_add,
                    "can_add": show_add and writable,
                    # The facilitator may write on every chart of the room, but a
                    # form on each (130 text boxes on a large board) made the page
                    # slow to start and long to tab through: their charts have a
                    # "Write a note" link, which opens the form for that chart (in
                    # place with JavaScript, and as ?write=<chart id> without).
                    "add_inline": not actor.is_facilitator
                    or chart["id"] == write_chart_id
                    or add_error is not None,
                    "error": add_error or _error_for(error, f"chart-{chart['id']}"),
                }
            )
        person_items.append(
            {
                "person": person,
                "colour": COLOUR_BY_KEY.get(person["colour"]),
                "symbol": symbol,
                "table": tables.get(person["table_id"]),
                "is_mine": person["id"] == actor.focus_person_id,
                "charts": chart_items,
                # Only ever in the snapshot of the person's own and their allies'
                # screens (domain.board_visible_to), and never on the projector.
                "budget": budgets.get(person["id"]) if controls else None,
                "costing": costings.get(person["id"]) if controls else None,
                # The person's table adds costing rows on the board itself (with the
                # board's socket; without a script, the form goes on to the plan page).
                "cost_form": _board_cost_form(
                    session_id=snapshot["session_id"], person_id=person["id"]
                )
                if controls
                and person["id"] == actor.focus_person_id
                and not board_locked
                and person_charts
                else None,
                # With the helper's suggestions for today, for the person's own table
                # and the facilitator (others read the actions as written).
                "actions": plan_selectors.action_lines(
                    actions=actions.get(person["id"], []), today=today
                ),
                "action_hints": controls
                and (actor.is_facilitator or person["id"] == actor.focus_person_id),
            }
        )

    table_groups = []
    if actor.is_facilitator and view == VIEW_BOARD:
        for table in snapshot["tables"]:
            table_groups.append(
                {
                    "table": table,
                    "people": [i for i in person_items if i["person"]["table_id"] == table["id"]],
                }
            )
        unseated = [i for i in person_items if i["person"]["table_id"] not in tables]
        if unseated:
            table_groups.append({"table": None, "people": unseated})

    known_keys = {f"add-{c['id']}" for c in charts} | {f"chart-{c['id']}" for c in charts}
    known_keys |= {f"note-{n['id']}" for n in notes}
    board_error = error if error and error["key"] not in known_keys else None

    return {
        "snapshot": snapshot,
        "actor": actor,
        "view": view,
        "controls": controls,
        "facilitator_tools": facilitator_tools,
        "people": person_items,
        "my_person": next((i for i in person_items if i["is_mine"]), None),
        "other_people": [i for i in person_items if not i["is_mine"]],
        "table_groups": table_groups,
        "error": error,
        "board_error": board_error,
    }


def _presence(*, session_id: int, actor: Actor, tables: list[dict]) -> dict:
    people = selectors.presence_list(session_id=session_id, actor=actor)
    by_table = {t["id"]: [] for t in tables}
    facilitators = []
    for person in people:
        if person["role"] == domain.FACILITATOR:
            facilitators.append(person["name"])
        elif person["table_id"] in by_table:
            by_table[person["table_id"]].append(person["name"])
    return {
        "tables": [{**t, "here_now": ", ".join(by_table[t["id"]])} for t in tables],
        "facilitators": ", ".join(facilitators),
    }


def _client_urls(session_id: int) -> dict:
    placeholder = URL_ID_PLACEHOLDER
    return {
        "placeholder": str(placeholder),
        "note_add": reverse("live:note_add", args=[session_id]),
        "note_edit": reverse("live:note_edit", args=[session_id, placeholder]),
        "note_remove": reverse("live:note_remove", args=[session_id, placeholder]),
        "note_restore": reverse("live:note_restore", args=[session_id, placeholder]),
        "note_answer": reverse("live:note_answer", args=[session_id, placeholder]),
        "note_wording": reverse("live:note_wording", args=[session_id, placeholder]),
        "note_facilitate": reverse("live:note_facilitate", args=[session_id]),
        "note_actions": reverse("live:note_actions", args=[session_id, placeholder]),
    }


def _undo_note(*, session_id: int, actor: Actor, note_id: str | None) -> dict | None:
    """The note just removed, when this actor may put it back (the no-JavaScript undo)."""
    note_id = _int(note_id)
    if note_id is None:
        return None
    board = selectors.board_load(session_id=session_id)
    note = board.notes.get(note_id)
    if note is None or not note.is_removed:
        return None
    chart = board.charts[note.chart_id]
    person = board.focus_people[chart.focus_person_id]
    if not domain.can_view_focus_person(actor=actor, focus_person=person):
        return None
    if not _allowed(
        domain.check_change_note,
        actor=actor,
        board_locked=board.is_locked,
        chart=chart,
        note=note,
        action="restore",
    ):
        return None
    return {"id": note.id, "short": _short(note.text), "chart_title": chart.title}


def _board_render(
    request: HttpRequest,
    *,
    actor: Actor,
    session_id: int,
    view: str,
    table_id: int | None = None,
    error: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    # One read: the board and the stream heads at the same seq, so the live
    # client starts from a page that knows exactly which changes it holds.
    state = selectors.board_state(session_id=session_id, actor=actor)
    snapshot = state["snapshot"]
    tables = snapshot["tables"]
    table = None
    if view == VIEW_TABLE:
        table = next((t for t in tables if t["id"] == table_id), None)
        if table is None:
            return _not_found(request)
        tables = [table]
    csrf_token = get_token(request)
    context = board_context(
        snapshot=snapshot,
        actor=actor,
        view=view,
        table_id=table_id,
        error=error,
        csrf_token=csrf_token,
        write_chart_id=_int(request.GET.get("write")),
        # The note just removed has its Undo at the top of the page instead.
        undo_note_id=_int(request.GET.get("removed")),
    )
    return_to = _return_to(view, table_id)
    presence = _presence(session_id=session_id, actor=actor, tables=tables)
    here_now = {t["id"]: t["here_now"] for t in presence["tables"]}
    for group in context["table_groups"]:
        group["here_now"] = here_now.get(group["table"]["id"], "") if group["table"] else ""
    context.update(
        {
            "session_id": session_id,
            "table": table,
            "return_to": return_to,
            "presence": presence,
            "undo": _undo_note(
                session_id=session_id, actor=actor, note_id=request.GET.get("removed")
            )
            if view != VIEW_PROJECTOR
            else None,
            "colours": COLOURS,
            # What the live client needs to find a change it missed (its
            # stream heads), read at the page's own seq (docs/live-protocol.md, 3.4).
            "live_heads": json.dumps(state["heads"], separators=(",", ":"), sort_keys=True),
            "live_visibility_seq": state["visibility_seq"],
        }
    )
    if view == VIEW_TABLE:
        index = next(i for i, t in enumerate(snapshot["tables"]) if t["id"] == table_id)
        context["previous_table"] = snapshot["tables"][index - 1] if index > 0 else None
        context["next_table"] = (
            snapshot["tables"][index + 1] if index + 1 < len(snapshot["tables"]) else None
        )
    # Small on purpose: the board itself is in the page's HTML, which the live
    # client reads; it then asks the server only for what changed after
    # ``data-seq`` (``hello`` with ``last_seq``). Embedding the board as JSON as
    # well doubled the page for a large board.
    context["client_config"] = {
        "session_id": session_id,
        "view": view,
        "table_id": table_id,
        "return_to": return_to,
        "ws_path": f"/ws/live/{int(session_id)}/",
        "csrf_token": csrf_token,
        "me": {
            "role": actor.role,
            "key": actor.key,
            "name": actor.name,
            "focus_person_id": actor.focus_person_id,
            # "me" for the person themself: an ally is told of "Amira's budget", not "your".
            "relation": actor.relation,
        },
        "tables": snapshot["tables"],
        "urls": _client_urls(session_id),
        "colours": {c.key: c.label for c in COLOURS},
        "symbols": {s.key: {"glyph": s.glyph, "label": s.label} for s in SYMBOLS},
    }
    return render(request, TEMPLATES[view], context, status=status)


# --- Pages ------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
def board(request: HttpRequest, session_id: int) -> HttpResponse:
    """A participant's charts (then everyone else's), or the whole room for the facilitator."""
    actor = _actor(request, session_id)
    if actor is None:
        return _not_found(request)
    return _board_render(request, actor=actor, session_id=session_id, view=VIEW_BOARD)


@require_http_methods(["GET", "HEAD"])
def board_table(request: HttpRequest, session_id: int, table_id: int) -> HttpResponse:
    """The facilitator's view of one table, with links to the tables either side."""
    actor = _actor(request, session_id)
    if actor is None:
        return _not_found(request)
    if not actor.is_facilitator:
        return _facilitator_only(request, session_id)
    return _board_render(
        request, actor=actor, session_id=session_id, view=VIEW_TABLE, table_id=table_id
    )


@require_http_methods(["GET", "HEAD"])
def projector(request: HttpRequest, session_id: int) -> HttpResponse:
    """A read-only, large-print board for a wall screen (private charts left out)."""
    actor = _actor(request, session_id)
    if actor is None:
        return _not_found(request)
    if not actor.is_facilitator:
        return _facilitator_only(request, session_id)
    return _board_render(request, actor=actor, session_id=session_id, view=VIEW_PROJECTOR)


# --- Forms that work without JavaScript ------------------------------------------------


def _int(value) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 <= number < 2**53 else None


def _op_id(request: HttpRequest) -> str:
    op_id = request.POST.get("op_id", "")
    if not is_id(op_id):
        raise DomainError(
            "bad_form", "That form was out of date, so nothing was saved. Please try again."
        )
    return op_id


def _return_view(request: HttpRequest, actor: Actor) -> tuple[str, int | None]:
    """Which page a form came from: the board, or (for the facilitator) one table."""
    return _return_view_of(request.POST.get("return_to", ""), actor)


def _return_view_of(value: str, actor: Actor) -> tuple[str, int | None]:
    if actor.is_facilitator and value.startswith("table-"):
        table_id = _int(value.removeprefix("table-"))
        if table_id is not None:
            return VIEW_TABLE, table_id
    return VIEW_BOARD, None


def _return_url(session_id: int, view: str, table_id: int | None) -> str:
    if view == VIEW_TABLE:
        return reverse("live:board_table", args=[session_id, table_id])
    return reverse("live:board", args=[session_id])


def _not_found_error(what: str) -> DomainError:
    return DomainError("not_found", f"That {what} is not on this board. It may have been removed.")


def _command(
    request: HttpRequest,
    *,
    actor: Actor,
    session_id: int,
    build,
    error_key: str,
    error_text: str = "",
):
    """Apply the command ``build()`` makes; on a refusal, show the board again with the
    message next to the form. Returns (result, None) or (None, response)."""
    view, table_id = _return_view(request, actor)
    try:
        message = {"op_id": _op_id(request), **build()}
        result = services.board_command_apply(session_id=session_id, actor=actor, message=message)
    except DomainError as error:
        response = _board_render(
            request,
            actor=actor,
            session_id=session_id,
            view=view,
            table_id=table_id,
            error={"key": error_key, "message": error.message, "text": error_text},
            status=400,
        )
        return None, response
    return result, _return_url(session_id, view, table_id)


@require_POST
def note_add(request: HttpRequest, session_id: int) -> HttpResponse:
    """Add a note to a chart."""
    actor = _actor(request, session_id)
    if actor is None:
        return _not_found(request)
    chart_id = _int(request.POST.get("chart_id"))
    text = request.POST.get("text", "")

    def build():
        if chart_id is None:
            raise _not_found_error("chart")
        return {
            "type": "add_note",
            "chart_id": chart_id,
            "text": text,
            "day": request.POST.get("day", ""),
        }

    result, outcome = _command(
        request,
        actor=actor,
        session_id=session_id,
        build=build,
        error_key=f"add-{chart_id}",
        error_text=text,
    )
    if result is None:
        return outcome
    messages.success(request, "Your note was added.")
    return redirect(f"{outcome}#note-{result.ack['note_id']}")


def _note_for_edit(snapshot: dict, note_id: int) -> tuple[dict, dict, dict] | None:
    note = next((n for n in snapshot["notes"] if n["id"] == note_id), None)
    if note is None:
        return None
    chart = next(c for c in snapshot["charts"] if c["id"] == note["chart_id"])
    person = next(p for p in snapshot["focus_people"] if p["id"] == chart["focus_person_id"])
    return note, chart, person


@require_http_methods(["GET", "HEAD", "POST"])
def note_edit(request: HttpRequest, session_id: int, note_id: int) -> HttpResponse:
    """A small page to change a note's words (the live board edits in place)."""
    actor = _actor(request, session_id)
    if actor is None:
        return _not_found(request)
    snapshot = selectors.board_snapshot(session_id=session_id, actor=actor)
    found = _note_for_edit(snapshot, note_id)
    if found is None:
        return _not_found(request)
    note, chart, person = found
    board_url = reverse("live:board", args=[session_id])
    context = {
        "session_id": session_id,
        "snapshot": snapshot,
        "note": note,
        "chart": chart,
        "person": person,
        "symbol": SYMBOL_BY_KEY.get(person["symbol"]),
        "board_url": board_url,
        "text": note["text"],
        "base_version": note["version"],
        "error": None,
    }
    try:
        domain.check_change_note(
            actor=actor,
            board_locked=snapshot["is_locked"],
            chart=domain.chart_from_payload(chart),
            note=domain.note_from_payload(note),
            action="edit",
        )
    except DomainError as error:
        context["refusal"] = error.message
        return render(request, "sessions_live/board/note_edit.html", context, status=403)
    if request.method != "POST":
        return render(request, "sessions_live/board/note_edit.html", context)

    text = request.POST.get("text", "")
    base_version = _int(request.POST.get("base_version"))
    try:
        message = {"type": "edit_note", "op_id": _op_id(request), "note_id": note_id, "text": text}
        if base_version is not None:
            message["base_version"] = base_version
        result = services.board_command_apply(session_id=session_id, actor=actor, message=message)
    except DomainError as error:
        context.update({"text": text, "error": error.message})
        if base_version is not None:
            context["base_version"] = base_version
        return render(request, "sessions_live/board/note_edit.html", context, status=400)
    if result.event and result.event.get("overwrote"):
        messages.warning(
            request,
            "Your changes were saved. Someone had changed this note after you opened it; "
            f"their words were: “{result.event['previous']['text']}”",
        )
    else:
        messages.success(request, "Your changes were saved.")
    return redirect(f"{board_url}#note-{note_id}")


@require_POST
def note_remove(request: HttpRequest, session_id: int, note_id: int) -> HttpResponse:
    """Take a note off the board (it can be put back)."""
    actor = _actor(request, session_id)
    if actor is None:
        return _not_found(request)
    result, outcome = _command(
        request,
        actor=actor,
        session_id=session_id,
        build=lambda: {"type": "remove_note", "note_id": note_id},
        error_key=f"note-{note_id}",
    )
    if result is None:
        return outcome
    messages.success(request, "Note removed.")
    return redirect(f"{outcome}?removed={note_id}#board-notices")


@require_POST
def note_restore(request: HttpRequest, session_id: int, note_id: int) -> HttpResponse:
    """Put a removed note back."""
    actor = _actor(request, session_id)
    if actor is None:
        return _not_found(request)
    result, outcome = _command(
        request,
        actor=actor,
        session_id=session_id,
        build=lambda: {"type": "restore_note", "note_id": note_id},
        error_key=f"note-{note_id}",
    )
    if result is None:
        return outcome
    messages.success(request, "Note put back.")
    return redirect(f"{outcome}#note-{note_id}")


@require_POST
def note_answer(request: HttpRequest, session_id: int, note_id: int) -> HttpResponse:
    """The note's author answers the facilitator's request to make it clearer."""
    actor = _actor(request, session_id)
    if actor is None:
        return _not_found(request)
    reply = request.POST.get("reply", "")
    result, outcome = _command(
        request,
        actor=actor,
        session_id=session_id,
        build=lambda: {"type": "answer_clarification", "note_id": note_id, "reply": reply},
        error_key=f"note-{note_id}",
        error_text=reply,
    )
    if result is None:
        return outcome
    messages.success(request, "Your answer was sent.")
    return redirect(f"{outcome}#note-{note_id}")


WORDING_DONE = {
    "accept": "Done. These are your note's words now.",
    "decline": "Done. Your note keeps your own words.",
}


@require_POST
def note_wording(request: HttpRequest, session_id: int, note_id: int) -> HttpResponse:
    """The note's writer answers the facilitator's suggested words: use them, or keep theirs."""
    actor = _actor(request, session_id)
    if actor is None:
        return _not_found(request)
    # The button names its answer in the address (it submits the board's shared form).
    decision = request.POST.get("decision", request.GET.get("decision", ""))

    def build() -> dict:
        if decision not in WORDING_DONE:
            raise DomainError(
                "bad_action", "Choose whether to use the suggested words, then try again."
            )
        return {"type": f"{decision}_wording", "note_id": note_id}

    result, outcome = _command(
        request, actor=actor, session_id=session_id, build=build, error_key=f"note-{note_id}"
    )
    if result is None:
        return outcome
    messages.success(request, WORDING_DONE[decision])
    return redirect(f"{outcome}#note-{note_id}")


def _facilitate_message(action: str, post) -> dict:
    note_id = _int(post.get("note_id"))
    chart_id = _int(post.get("chart_id"))
    if action not in FACILITATE_ACTIONS:
        raise DomainError("bad_action", "Choose what to do, then try again.")
    if action in {"lock_board", "unlock_board"}:
        return {"type": "lock_board", "locked": action == "lock_board"}
    if action in {"lock_chart", "unlock_chart"}:
        if chart_id is None:
            raise _not_found_error("chart")
        return {"type": "lock_chart", "chart_id": chart_id, "locked": action == "lock_chart"}
    if note_id is None:
        raise _not_found_error("note")
    if action in {"star", "unstar"}:
        return {"type": "star_note", "note_id": note_id, "starred": action == "star"}
    if action == "ask":
        return {
            "type": "ask_clarification",
            "note_id": note_id,
            "question": post.get("question", ""),
        }
    if action == "accept":
        return {"type": "accept_clarification", "note_id": note_id}
    if action == "suggest":
        return {"type": "suggest_wording", "note_id": note_id, "text": post.get("text", "")}
    if action == "withdraw":
        return {"type": "decline_wording", "note_id": note_id}
    if chart_id is None:
        raise DomainError("no_heading", "Choose the heading to move the note to.")
    return {"type": "move_note", "note_id": note_id, "chart_id": chart_id}


@require_POST
def note_facilitate(request: HttpRequest, session_id: int) -> HttpResponse:
    """The facilitator's actions: star, ask, accept, move, and lock charts or the board."""
    actor = _actor(request, session_id)
    if actor is None:
        return _not_found(request)
    # A chart's Lock button submits the board's one shared form, so it names its
    # action and chart in the address (?action=lock_chart&chart_id=12); a field
    # of the same name, when there is one, wins.
    fields = {
        name: request.POST.get(name, request.GET.get(name, ""))
        for name in ("action", "note_id", "chart_id", "question", "text")
    }
    action = fields["action"]
    note_id = _int(fields["note_id"])
    chart_id = _int(fields["chart_id"])
    if action in {"lock_board", "unlock_board"} or action not in FACILITATE_ACTIONS:
        error_key = "board"
    elif action in {"lock_chart", "unlock_chart"}:
        error_key = f"chart-{chart_id}"
    else:
        error_key = f"note-{note_id}"
    result, outcome = _command(
        request,
        actor=actor,
        session_id=session_id,
        build=lambda: _facilitate_message(action, fields),
        error_key=error_key,
        error_text=fields["question"] or fields["text"],
    )
    if result is None:
        return outcome
    messages.success(request, FACILITATE_ACTIONS[action])
    if result.ack.get("note_id"):
        return redirect(f"{outcome}#note-{result.ack['note_id']}")
    if action in {"lock_chart", "unlock_chart"}:
        return redirect(f"{outcome}#chart-{chart_id}")
    return redirect(outcome)


# --- One note's own page: its actions without JavaScript ----------------------------------

NOTE_PAGE_ACTIONS = {
    "star": FACILITATE_ACTIONS["star"],
    "unstar": FACILITATE_ACTIONS["unstar"],
    "ask": FACILITATE_ACTIONS["ask"],
    "accept": FACILITATE_ACTIONS["accept"],
    "suggest": FACILITATE_ACTIONS["suggest"],
    "withdraw": FACILITATE_ACTIONS["withdraw"],
    "move": FACILITATE_ACTIONS["move"],
    "remove": "Note removed.",
    "restore": "Note put back.",
    "erase": "Note erased for good. Its words are gone from the board and its history.",
}
# Refusals that are about who is asking, not about what they sent.
NOT_YOURS = {"facilitator_only", "not_your_note", "not_your_chart"}
WRITING_PAUSED = {"board_locked", "chart_locked"}


def _note_page_message(action: str, note_id: int, post) -> dict:
    if action not in NOTE_PAGE_ACTIONS:
        raise DomainError("bad_action", "Choose what to do, then try again.")
    if action in {"remove", "restore", "erase"}:
        return {"type": f"{action}_note", "note_id": note_id}
    # The note is the one in the address, never a form field.
    fields = {
        "note_id": note_id,
        "chart_id": post.get("chart_id"),
        "question": post.get("question", ""),
        "text": post.get("text", ""),
    }
    return _facilitate_message(action, fields)


def _note_page_context(
    *,
    found: selectors.BoardNote,
    actor: Actor,
    session_id: int,
    return_to: str,
    board_url: str,
    error: dict | None,
) -> dict:
    note, chart, person = found.note, found.chart, found.person
    refusal = ""
    can_restore = note.is_removed and _allowed(
        domain.check_change_note,
        actor=actor,
        board_locked=found.board_locked,
        chart=chart,
        note=note,
        action="restore",
    )
    try:
        domain.check_change_note(
            actor=actor, board_locked=found.board_locked, chart=chart, note=note, action="edit"
        )
    except DomainError as refused:
        if refused.code in WRITING_PAUSED:
            refusal = "Writing is paused, so this note cannot be changed just now."
        else:
            refusal = (
                "You can read this note. Only the person who wrote it, "
                "or the facilitator, can change it."
            )
    if error:
        # The error summary links to the field, or to the form, the message is about.
        action = error["action"]
        target = {"ask": "ask-question", "move": "move-to", "suggest": "suggest-text"}.get(
            action, f"action-{action}"
        )
        error = {**error, "href": f"#{target}" if action in NOTE_PAGE_ACTIONS else "#main"}
    return {
        "session_id": session_id,
        "note": note,
        "chart": chart,
        "person": person,
        "symbol": SYMBOL_BY_KEY.get(person.symbol),
        "colour": COLOUR_BY_KEY.get(person.colour),
        "can_change": not refusal and not note.is_removed,
        "refusal": refusal,
        # Only its writer and the facilitator ever reach a removed note's page.
        "is_removed": note.is_removed,
        "can_restore": can_restore,
        "is_author": note.author_key == actor.key,
        "facilitator_tools": actor.is_facilitator and not note.is_removed,
        # Suggesting words is for someone else's note; the facilitator's own they just change.
        "can_suggest": actor.is_facilitator and note.author_key != actor.key,
        "move_targets": [c for c in found.person_charts if c.id != chart.id],
        "edit_url": reverse("live:note_edit", args=[session_id, note.id]),
        "board_url": board_url,
        "return_to": return_to,
        "error": error,
    }


@require_http_methods(["GET", "HEAD", "POST"])
def note_actions(request: HttpRequest, session_id: int, note_id: int) -> HttpResponse:
    """One note's own page, with its actions as plain forms: the board's per-note
    "Note actions" link without JavaScript (with it, the board opens one shared menu).

    Each form posts back here with its own op id, goes through the same service as
    the live board (so a double post changes nothing twice), then redirects to the
    note on the board; a refusal shows this page again with the message.
    """
    actor = _actor(request, session_id)
    if actor is None:
        return _not_found(request)
    found = selectors.board_note_find(session_id=session_id, actor=actor, note_id=note_id)
    if found is None:
        return _not_found(request)
    params = request.POST if request.method == "POST" else request.GET
    view, table_id = _return_view_of(params.get("return_to", ""), actor)
    board_url = _return_url(session_id, view, table_id)
    error = None
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            message = {
                "op_id": _op_id(request),
                **_note_page_message(action, note_id, request.POST),
            }
            services.board_command_apply(session_id=session_id, actor=actor, message=message)
        except DomainError as refused:
            error = {
                "action": action,
                "message": refused.message,
                "question": request.POST.get("question", ""),
                "text": request.POST.get("text", ""),
                "chart_id": _int(request.POST.get("chart_id")),
            }
            status = 403 if refused.code in NOT_YOURS else 400
        else:
            messages.success(request, NOTE_PAGE_ACTIONS[action])
            if action == "remove":
                return redirect(f"{board_url}?removed={note_id}#board-notices")
            if action == "erase":
                return redirect(f"{board_url}#chart-{found.chart.id}")
            return redirect(f"{board_url}#note-{note_id}")
    context = _note_page_context(
        found=found,
        actor=actor,
        session_id=session_id,
        return_to=_return_to(view, table_id),
        board_url=board_url,
        error=error,
    )
    return render(request, "sessions_live/board/note_actions.html", context, status=status)


@require_POST
def board_leave(request: HttpRequest, session_id: int) -> HttpResponse:
    """This device leaves the board (a shared tablet or laptop): the next person to use it
    cannot open these charts or this plan from here. Nothing written is lost."""
    access.participant_forget(request.session, session_id=session_id)
    messages.success(
        request,
        "You have left the board on this device. To come back, open your invite link "
        "or type your code again.",
    )
    return redirect("live:index")
