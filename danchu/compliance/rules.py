"""The constants of steering and compliance, each once, with where it comes from.

The legal duties themselves are data (each app's `obligations.json`, LEGAL-CATALOGUE §14), and
their numbers are read from the app that owns the rule (`@danchu.conferences.rules.…`), so a
number is never typed twice. What is here belongs to no other app.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# Directive 30-CT/TW (1998) and the provincial practice in THE-CASE.md: each grassroots party
# organisation sets up its democracy steering committee and reviews and consolidates it every
# year ("thành lập, kiện toàn"); the steering committee is a Party body, not one of the Law.
STEERING_REVIEW_EVERY_YEARS = 1

# Law 10/2022/QH15 art. 8.3: how well a unit carries out democracy counts in its evaluation.
# The scoring example of LEGAL-CATALOGUE §10 (Cần Thơ 2025, after MOHA Official Letter
# 9086/BNV-CTTN&BĐG): 100 points; Excellent ≥ 95, Good ≥ 85, Completed ≥ 75, else Not completed;
# "Not completed" automatically when a legal duty is missed. Provinces set their own.
DEFAULT_TOTAL_POINTS = 100
DEFAULT_RATINGS = (
    ("excellent", _("Excellent"), 95),
    ("good", _("Good"), 85),
    ("completed", _("Completed"), 75),
    ("not_completed", _("Not completed"), 0),
)
DEFAULT_DOWNGRADE = "not_completed"

# The pillars of Law 10/2022/QH15 art. 3 ("biết, bàn, làm, kiểm tra, giám sát"), as the annual
# review groups what was done, and the Party's steering above them.
PILLARS = (
    ("steer", _("Steering")),
    ("know", _("Staff know (disclosure)")),
    ("discuss", _("Staff discuss (consultation)")),
    ("decide", _("Staff decide (the conference)")),
    ("supervise", _("Staff inspect and supervise")),
)
PILLAR_CODES = tuple(code for code, _label in PILLARS)
