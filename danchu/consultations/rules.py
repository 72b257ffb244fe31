"""The legal constants of consultations, each once, with the article it comes from.

Law 10/2022/QH15 arts. 53–55 set no minimum period; the unit's democracy regulation does (a
per-unit `UnitRules` row overrides the default below).
"""

from __future__ import annotations

# No minimum in the Law (art. 55); the unit's democracy regulation sets one. The Ministry of
# Justice's sets 5 working days, which is the default here (LEGAL-CATALOGUE §3.3).
DEFAULT_MIN_WORKING_DAYS = 5

# Staff are reminded this many working days before a consultation closes (the unit's practice,
# not a rule of the Law: art. 55.1 only asks the head to organise the taking of opinions).
REMINDER_WORKING_DAYS = 2
