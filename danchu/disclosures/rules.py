"""The legal rules of disclosure, each written once with the article it comes from.

Law 10/2022/QH15 arts. 46–48 (disclosure in agencies and public service units); days are counted
as the Civil Code 2015 counts them (arts. 147–148). Services, forms, pages and the demo read these
names; nothing else retypes the numbers.
"""

from __future__ import annotations

import datetime as dt

from danchu.core.workdays import add_working_days

# Law 10/2022/QH15 art. 47.2: disclosed no later than 5 working days after the decision or
# document is issued (unless another law says otherwise).
DUE_WORKING_DAYS = 5

# Law 10/2022/QH15 art. 48.1–2: on the intranet, or posted at the office, for at least 20
# consecutive days.
MIN_VISIBLE_DAYS = 20

# Art. 46: the categories whose items are not one decision or document of a known date, so the
# art. 47.2 deadline cannot be counted for them: clause 1 (Party policies and State law bearing on
# the unit: standing rules, often years old) and clause 12 (anything else the law or the unit's
# regulation requires). Every other clause discloses a plan, an estimate, a decision, a
# conclusion, a result, a regulation, a report or a directive, which has an issue date.
SOURCE_DATE_OPTIONAL = frozenset({"policy_law", "other"})


def due_date(source_date: dt.date) -> dt.date:
    """Art. 47.2: the last day to disclose, 5 working days after the decision or document
    (holidays and days off skipped; `core.workdays`)."""
    return add_working_days(source_date, DUE_WORKING_DAYS)


def visible_until(published: dt.date) -> dt.date:
    """Art. 48.1–2, counted as Civil Code 2015 art. 147.1 counts a period in days: the day of the
    event (publication) is not counted, the period starts the next day. So 20 days from a
    publication on 1 March run from 2 March to the end of 21 March: publication day + 20."""
    return published + dt.timedelta(days=MIN_VISIBLE_DAYS)


def needs_source_date(category: str) -> bool:
    """Whether an item of this art. 46 category must give the date of the decision or document
    it discloses (without it the art. 47.2 deadline could be skipped silently)."""
    return category not in SOURCE_DATE_OPTIONAL


def is_within_period(visible_until_day: dt.date, *, today: dt.date) -> bool:
    """Art. 48: the item is still in its disclosure period (the last day included)."""
    return today <= visible_until_day
