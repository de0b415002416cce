"""The report's one rule on small numbers: no figure describes fewer than 5 people.

Every count of people the episode report shows, on its page and in its CSV, passes
through ``figures_suppress``; a hidden figure reads "fewer than 5". Views and clicks
are not people (one person may watch or click many times) and are shown as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

# The fewest people a figure may describe.
MIN_PEOPLE = 5


def figures_suppress(
    counts: Sequence[int], *, total: int | None = None, additive: bool = True
) -> tuple[list[int | None], int | None]:
    """The counts and their total as the report may show them: None where hidden.

    1. A count below MIN_PEOPLE is hidden, zero included (so the report never says
       that nobody chose an option among fewer than 5 people either).
    2. The total (by default the sum of the counts) is hidden below MIN_PEOPLE too.
    3. Complementary suppression, for `additive` groups, whose counts add up to the
       total (each person in one cell: opinions, roles, options of a single choice):
       when exactly one count is hidden and the total is shown, the total minus the
       others would give it away, so the smallest other count is hidden too; with no
       other count to hide, the total is hidden instead.
    4. For `additive` groups too, the hidden counts together (the total minus the shown
       ones) never describe 1 to 4 people: a hidden zero covers nobody where it is known
       to be empty (no request is pending once the episode is recorded), so the
       smallest shown counts are hidden until the hidden ones hold 5 people or more.

    A non-additive group (a multiple-choice question, where a person may be in several
    cells) only applies rules 1 and 2: no subtraction recovers one of its cells.
    """
    counts = list(counts)
    if total is None:
        total = sum(counts)
    shown: list[int | None] = [count if count >= MIN_PEOPLE else None for count in counts]
    shown_total: int | None = total if total >= MIN_PEOPLE else None
    if additive and shown_total is not None and shown.count(None) == 1:
        others = [index for index, count in enumerate(shown) if count is not None]
        if others:
            shown[min(others, key=lambda index: counts[index])] = None
        else:
            shown_total = None
    if additive and shown_total is not None:
        while 0 < total - sum(c for c in shown if c is not None) < MIN_PEOPLE:
            smallest = min(
                (index for index, count in enumerate(shown) if count is not None),
                key=lambda index: counts[index],
            )
            shown[smallest] = None
    return shown, shown_total


def figure_suppress(count: int) -> int | None:
    """One count of people on its own (the followers): hidden below MIN_PEOPLE."""
    return figures_suppress([count], additive=False)[1]
