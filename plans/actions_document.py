"""The plan's action plan as plain words for every download format: ``PlanActionItem``s
from the rows on the board.

A copy of the plan carries the person's own words only. The helper's suggestions on
each row (``ActionLine.hints``, from ``plans.smart``) are left out: they are questions
for the meeting, not part of the plan, and they depend on the day they were asked.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from plans.documents import PlanActionItem

if TYPE_CHECKING:
    # Only for the types: plans.selectors imports plans.documents, so importing it at
    # run time here would risk a cycle.
    from plans.selectors import ActionLine


def _has_words(line: ActionLine) -> bool:
    return any(part.strip() for part in (line.what, line.who, line.when, line.how_we_know))


def plan_actions_of(*, actions: Iterable[ActionLine]) -> tuple[PlanActionItem, ...]:
    """The action plan for the plan's copies, one item per row, in the same order.

    "By when" is the date or how often as the helper read it ("by 12 March 2027",
    "every week"), so a copy never says "next Friday" once that Friday has gone; when
    it could not be read, the words as written. A row left wholly blank (a new row
    nobody has filled in yet) says nothing, so it is left out.
    """
    return tuple(
        PlanActionItem(
            what=line.what,
            who=line.who,
            when=line.when_words or line.when,
            how_we_know=line.how_we_know,
        )
        for line in actions
        if _has_words(line)
    )
