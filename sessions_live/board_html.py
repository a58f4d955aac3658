"""The board's notes as HTML, for the board pages.

A large board has thousands of notes (10 people x 14 charts x 20 notes is
2,600), and Django's template engine took about 75 microseconds to draw one:
190 ms of the page's server time. Written here, with the same escaping, a
note takes a few microseconds. The rest of the page stays in templates.

Notes are kept light: no whitespace between elements (each would be a text
node), and no per-note forms except the rare answer form. The facilitator's
actions sit behind one "Note actions" link (the note's own page; with
JavaScript, one shared menu); the author's Remove button submits the page's one
shared form (``#board-post``) with its own address and op id: a form in every
note made the browser check each one as the page loaded. The data
attributes are what the live client reads to adopt a note rather than draw it
again.

``board.js`` draws the same markup when a note changes (``noteElement``):
change the two together.
"""

from html import escape

from django.utils.safestring import SafeString, mark_safe

from plans.headings import DAY_WORDS
from sessions_live.templatetags.board_tags import new_op_id

# The shared form every Remove button on the board submits (see _page.html).
BOARD_POST_FORM = "board-post"


def note_person_html(*, glyph: str, first_name: str) -> str:
    """The person a note is for, by symbol and name (the same on all their notes)."""
    return (
        f'<p class="note__person"><span class="note__symbol" aria-hidden="true">{escape(glyph)}'
        f'</span> <span class="visually-hidden">For </span><bdi class="note__person-name">'
        f"{escape(first_name)}</bdi></p>"
    )


def _clarification_html(note: dict) -> str:
    if not note["clarification"]:
        return ""
    parts = [
        '<div class="note__clarification"><p><strong>The facilitator asks:</strong> '
        f'<span dir="auto" data-question>{escape(note["clarification_question"])}</span></p>'
    ]
    if note["clarification"] == "answered":
        if note["clarification_reply"]:
            answer = f'<span dir="auto" data-reply>{escape(note["clarification_reply"])}</span>'
        else:
            answer = "the note was changed."
        parts.append(f"<p><strong>Answer:</strong> {answer}</p>")
    parts.append("</div>")
    return "".join(parts)


def _suggestion_html(note: dict, *, wording_url: str, short: str) -> str:
    """The facilitator's suggested words; for the writer, the two ways to answer.

    The buttons submit the page's shared form, as Remove does, so the board
    still carries no form per note.
    """
    if not note.get("suggestion"):
        return ""
    parts = [
        f'<div class="note__suggestion"><p><strong><bdi>{escape(note["suggested_by"])}</bdi> '
        f'suggests:</strong> <span dir="auto" data-suggestion>{escape(note["suggestion"])}'
        "</span></p>"
    ]
    if wording_url:
        url = escape(wording_url)
        for decision, label in (("accept", "Use these words"), ("decline", "Keep my words")):
            parts.append(
                f'<button type="submit" form="{BOARD_POST_FORM}" '
                f'formaction="{url}?decision={decision}" name="op_id" value="{new_op_id()}" '
                f'class="button button--secondary" data-command="{decision}_wording" '
                f'data-note-id="{note["id"]}" data-focus-key="{decision}-wording">{label}'
                f'<span class="visually-hidden"> for: {short}</span></button>'
            )
    parts.append("</div>")
    return "".join(parts)


def _answer_form_html(*, note_id: int, url: str, csrf_token: str, return_to: str, text: str) -> str:
    return (
        f'<form method="post" action="{escape(url)}" class="note__answer" '
        f'data-command="answer_clarification" data-note-id="{note_id}">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
        f'<input type="hidden" name="op_id" value="{new_op_id()}">'
        f'<input type="hidden" name="return_to" value="{escape(return_to)}">'
        f'<div class="field"><label for="answer-{note_id}">Your answer</label>'
        f'<textarea id="answer-{note_id}" name="reply" rows="2" data-focus-key="answer">'
        f"{escape(text)}</textarea></div>"
        '<button type="submit" class="button button--secondary" data-focus-key="answer-send">'
        "Send answer</button></form>"
    )


def note_html(
    *,
    note: dict,
    colour: str,
    person_html: str,
    short: str = "",
    actions_url: str = "",
    edit_url: str = "",
    remove_url: str = "",
    answer_url: str = "",
    wording_url: str = "",
    error: dict | None = None,
    csrf_token: str = "",
    return_to: str = "",
) -> SafeString:
    """One note as a list item.

    ``actions_url`` gives the facilitator's "Note actions" link; ``edit_url``
    and ``remove_url`` the author's Edit and Remove; ``answer_url`` the
    author's answer form (when the facilitator has asked a question);
    ``wording_url`` the writer's answer to suggested words; none of them, a
    note to read only.
    """
    note_id = note["id"]
    classes = "note note--starred" if note["is_starred"] else "note"
    clarification = (
        f' data-clarification="{escape(note["clarification"])}"' if note["clarification"] else ""
    )
    day = f' data-day="{escape(note["day"])}"' if note.get("day") in DAY_WORDS else ""
    parts = [
        f'<li class="{classes}" id="note-{note_id}" tabindex="-1" data-note-id="{note_id}" '
        f'data-author="{escape(note["author_key"])}" data-version="{note["version"]}" '
        f'data-created-seq="{note["created_seq"]}" data-updated-seq="{note["updated_seq"]}"'
        f'{clarification}{day} data-colour="{escape(colour)}">',
        person_html,
        *(
            [f'<p class="note__day">{DAY_WORDS[note["day"]]}:</p>']
            if note.get("day") in DAY_WORDS
            else []
        ),
        f'<p class="note__text" dir="auto">{escape(note["text"])}</p>',
        f'<p class="note__author">Written by <bdi>{escape(note["author_name"])}</bdi>'
        + (
            f", changed by <bdi>{escape(note['changed_by'])}</bdi>"
            if note.get("changed_by")
            else ""
        )
        + "</p>",
    ]
    if note["is_starred"]:
        parts.append(
            '<p class="note__star"><span aria-hidden="true">★</span> Starred by the facilitator</p>'
        )
    parts.append(_clarification_html(note))
    short = escape(short)
    parts.append(_suggestion_html(note, wording_url=wording_url, short=short))
    if error:
        parts.append(
            f'<p class="field__error" id="note-{note_id}-error"><span class="visually-hidden">'
            f"Error:</span> {escape(error['message'])}</p>"
        )
    if actions_url:
        parts.append(
            '<div class="note__actions"><a class="button button--secondary" '
            f'href="{escape(actions_url)}" data-note-menu data-focus-key="menu">Note actions'
            f'<span class="visually-hidden"> for: {short}</span></a></div>'
        )
    elif edit_url:
        parts.append(
            '<div class="note__actions"><a class="button button--secondary" '
            f'href="{escape(edit_url)}" data-action="edit" data-focus-key="edit">Edit'
            f'<span class="visually-hidden"> note: {short}</span></a>'
            f'<button type="submit" form="{BOARD_POST_FORM}" formaction="{escape(remove_url)}" '
            f'name="op_id" value="{new_op_id()}" class="button button--secondary" '
            f'data-command="remove_note" data-note-id="{note_id}" data-focus-key="remove">Remove'
            f'<span class="visually-hidden"> note: {short}</span></button></div>'
        )
    if answer_url:
        parts.append(
            _answer_form_html(
                note_id=note_id,
                url=answer_url,
                csrf_token=csrf_token,
                return_to=return_to,
                text=error["text"] if error else "",
            )
        )
    parts.append("</li>")
    # Every piece of text from people went through escape() above.
    return mark_safe("".join(parts))  # noqa: S308


def removed_note_html(*, note: dict, short: str, restore_url: str, erase_url: str) -> SafeString:
    """A removed note, as only its writer and the facilitator see it: "Removed", with
    Undo (when they may put it back now) and "Erase for good" (the note's own page,
    which says what erasing does before it is done).

    ``board.js`` draws the same markup (``removedElement``): change the two together.
    """
    note_id = note["id"]
    short = escape(short)
    parts = [
        f'<div class="notice undo" data-removed-note="{note_id}" '
        f'data-author="{escape(note["author_key"])}" data-version="{note["version"]}" '
        f'data-created-seq="{note["created_seq"]}" data-updated-seq="{note["updated_seq"]}">'
        f'<span>Removed: <span dir="auto" class="undo__text" data-removed-text>{short}</span>'
        "</span>"
    ]
    if restore_url:
        parts.append(
            f'<button type="submit" form="{BOARD_POST_FORM}" formaction="{escape(restore_url)}" '
            f'name="op_id" value="{new_op_id()}" class="button button--secondary" '
            f'data-command="restore_note" data-note-id="{note_id}" data-focus-key="undo">Undo'
            f'<span class="visually-hidden">: put back the note {short}</span></button>'
        )
    parts.append(
        f'<a class="button button--secondary" href="{escape(erase_url)}" data-erase-note '
        f'data-focus-key="erase">Erase for good<span class="visually-hidden">: the note {short}'
        "</span></a></div>"
    )
    # Every piece of text from people went through escape() above.
    return mark_safe("".join(parts))  # noqa: S308
