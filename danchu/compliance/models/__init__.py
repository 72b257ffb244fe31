"""Steering and compliance: the party's democracy steering committees (`steering.py`), and the
legal duties of each unit turned into dated obligations, their outcomes per unit and the
aggregates kept up the tree (`obligations.py`)."""

from danchu.compliance.models.obligations import *  # noqa: F403
from danchu.compliance.models.steering import *  # noqa: F403
