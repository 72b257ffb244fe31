"""The legal constants of units and their collective bodies, each once, with its article."""

from __future__ import annotations

# The People's Inspection Board (Ban Thanh tra nhân dân) of an agency or public service unit is
# elected for a term of 2 years (Law 10/2022/QH15 on grassroots democracy, art. 60.3).
INSPECTION_BOARD_TERM_YEARS = 2
