"""Accessible in every state, not only at rest: the checker behind test_states.py.

axe checks a page as it loads. This drives the real keyboard and mouse instead: it
Tabs through every focusable element and, from computed styles (states.js), checks
1. text contrast of the focused element and of everything inside it with text of its
   own (4.5:1, 3:1 for large text);
2. the focus indicator: on every side at least 2 px whose focused colour has 3:1
   against the same pixel unfocused and against the background behind the element
   (WCAG 2.4.13 and 1.4.11), or a changed background of its own as big as a 2 px ring;
3. nothing covers the focused element (2.4.11), by hit-testing its centre and corners;
then hovers over every visible link and button with the mouse and checks 1 again.
"""

import os
from dataclasses import dataclass
from pathlib import Path

STATES_JS = Path(__file__).with_name("states.js").read_text()

# Every size with one contrast setting each: (name in reports, display cookie value).
THEMES = [
    ("standard", "standard.standard"),
    ("high contrast, large", "large.high"),
    ("yellow on black, largest", "largest.dark"),
]
TAB_LIMIT = 300
REPORT_LINES = 40


@dataclass(frozen=True)
class Failure:
    page: str
    theme: str
    rule: str
    state: str
    path: str
    name: str
    detail: str

    def line(self) -> str:
        where = f"{self.state} | {self.path} “{self.name}”"
        return f"{self.page} | {self.theme} | {where} | {self.detail}"


def new_context(browser, base_url: str, *, display: str, session_cookie: str | None = None):
    """A browser context with the display setting, signed in if given a session, and the
    checker installed in every page before the page's own scripts."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    cookies = [{"name": "display", "value": display, "url": base_url}]
    if session_cookie:
        cookies.append({"name": "sessionid", "value": session_cookie, "url": base_url})
    context.add_cookies(cookies)
    context.add_init_script(script=STATES_JS)
    return context


def install(page) -> None:
    """The checker, in a page opened without new_context (it is installed once only)."""
    page.evaluate(STATES_JS)


def check_page(page, *, page_name: str, theme: str, tab_limit: int = TAB_LIMIT) -> list[Failure]:
    """Tab through the page as it is, then hover over its links and buttons."""
    found = []
    page.evaluate("__states.tabStart()")
    for _ in range(tab_limit):
        page.keyboard.press("Tab")
        step = page.evaluate("__states.tabStep()")
        found += step["failures"]
        if step["stop"]:
            break
    count = page.evaluate("__states.hoverStart()")["count"]
    point = page.evaluate("i => __states.hoverPrepare(i)", 0) if count else None
    for i in range(count):
        if point:
            page.mouse.move(point["x"], point["y"])
            result = page.evaluate("([i, next]) => __states.hoverMeasure(i, next)", [i, i + 1])
            found += result["failures"]
            page.mouse.move(0, 0)  # away, so the next element is entered afresh
            point = result["next"]
        else:
            point = page.evaluate("i => __states.hoverPrepare(i)", i + 1)
    return [Failure(page=page_name, theme=theme, **f) for f in found]


def report(failures: list[Failure], limit: int = REPORT_LINES) -> str:
    """One line per distinct failure, at most ``limit``, unreadable text first. Elements
    that fail alike (the same page, theme, state, path and colours: every note's "Note
    actions" button) share a line, named by the first of them, with how many there are.

    With STATES_REPORT set to a file name, every line is also added to that file."""
    groups: dict[tuple, list[Failure]] = {}
    # Unreadable text first, then covered focus, then weak focus indicators.
    order = {"text": 0, "obscured": 1, "indicator": 2}
    for f in sorted(failures, key=lambda f: order.get(f.rule, 3)):
        groups.setdefault((f.page, f.theme, f.state, f.path, f.detail), []).append(f)
    lines = [
        alike[0].line() + (f"  (x{len(alike)} alike)" if len(alike) > 1 else "")
        for alike in groups.values()
    ]
    if os.environ.get("STATES_REPORT"):
        with open(os.environ["STATES_REPORT"], "a") as out:
            out.writelines(line + "\n" for line in lines)
    shown = lines[:limit]
    if len(lines) > limit:
        shown.append(f"… and {len(lines) - limit} more lines like these")
    return f"{len(failures)} failures in states axe does not check:\n" + "\n".join(shown)
