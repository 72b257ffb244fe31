"""The legal constants of the staff conference and its votes, each once, with its article.

Law 10/2022/QH15 arts. 49–52 (what staff decide, the conference), art. 60 and Decree 59/2023
art. 21 (the People's Inspection Board it elects). LEGAL-CATALOGUE §4, §6, §8, §14. Shares are
`Fraction`s: quorum and majority are compared in exact arithmetic, never in floating point.
"""

from __future__ import annotations

from fractions import Fraction

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Art. 51.1: once a year, after the work year ends, no later than 3 months into the next.
DEADLINE_MONTHS_AFTER_WORK_YEAR = 3
# Art. 51.1: the work year ends on 31/12 unless the unit's settings say otherwise (catalogue
# §16.9: schools end theirs in the summer).
DEFAULT_WORK_YEAR_END = (12, 31)

# Art. 51.2.a–b: fewer than 100 staff meet in plenary; 100 or more (or a dispersed unit) may
# send delegates instead.
DELEGATE_FORMAT_MIN_STAFF = 100
# Art. 51.2.đ: with 7 staff or fewer the conference is held only if needed.
OPTIONAL_MAX_STAFF = 7

# Art. 51.2.c: valid with at least 2/3 of the staff (plenary) or of the summoned delegates.
QUORUM = Fraction(2, 3)
# Art. 51.2.c: adopted with more than 50% of those attending ("trên 50%": strictly greater).
ADOPTION = Fraction(1, 2)

# Arts. 50.1, 51.1: an extraordinary conference on the request of the union executive committee,
# the head, or at least one third of all staff jointly.
EXTRAORDINARY_STAFF_SHARE = Fraction(1, 3)

# Art. 50.2: the written ballot replaces a conference after a second call without quorum (or
# force majeure). The law is silent on its adoption base (catalogue §16.2): a unit setting.
SECOND_CALL = 2

# Art. 52.3: every 6 months the head and the union review the resolution and tell all staff.
RESOLUTION_REVIEW_MONTHS = 6
RESOLUTION_REVIEWS = 2  # one year of reviews, until the next annual conference

# Art. 60.1, Decree 59/2023 art. 21.2: the People's Inspection Board has 3 to 9 members, and
# none is formed in a unit of 7 staff or fewer.
BOARD_MIN_MEMBERS = 3
BOARD_MAX_MEMBERS = 9
BOARD_NONE_IF_STAFF_AT_MOST = 7
# Art. 60.2: the head, a deputy head and the chief accountant may not be members (role codes).
BOARD_EXCLUDED_ROLES = ("head", "deputy_head", "chief_accountant")
# Art. 60.3: a 2-year term.
BOARD_TERM_YEARS = 2
# Decree 59/2023 art. 21.1: the union executive committee recognises the result within 5
# working days after the conference ends.
BOARD_RECOGNITION_WORKING_DAYS = 5
# Decree 59/2023 art. 21.3: at most 2 vice-chairs when the board has 9 or more members.
BOARD_MAX_VICE_CHAIRS = 2

# Art. 51.3: what the conference must deal with (codes a–g), checked off on the plan.
CONTENTS: tuple[tuple[str, str | Promise], ...] = (
    ("a", _("Review of how Party and State policy was applied to the unit's remit")),
    ("b", _("Review of the previous conference resolution and of the democracy rules")),
    ("c", _("Assessment of the head's responsibility for the annual work plan")),
    ("d", _("Emulation results, awards, next year's emulation and pledge")),
    ("dd", _("Deciding the matters of art. 49")),
    ("e", _("Disclosures, and consulting staff on the matters of art. 53")),
    ("g", _("Other matters the conference decides")),
)
CONTENT_CODES = tuple(code for code, _label in CONTENTS)

# Art. 51.4: the statutory running order, the agenda every plan starts from (editable).
RUNNING_ORDER: tuple[tuple[str, str | Promise], ...] = (
    ("head_report", _("The head's report (points a and c of art. 51.3)")),
    ("union_report", _("The union's report (point b) and its supervision of democracy")),
    ("discussion", _("Staff discussion, proposals and petitions")),
    ("answers", _("The head and the union chair answer and agree measures and next year's plan")),
    ("board_report", _("The People's Inspection Board's report and next year's programme")),
    ("votes", _("Votes on the matters of art. 49")),
    ("awards", _("Awards and launch of the emulation movement")),
    ("pledge", _("Signing of the emulation pledge between the head and the union")),
    ("resolution", _("Adoption of the conference resolution")),
)
