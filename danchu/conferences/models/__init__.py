"""The staff conference (Law 10/2022/QH15 arts. 50–52): its plan, attendance, votes and records.

Secret ballots follow docs/decisions/0004-anonymous-acts.md and 0005-secret-ballots.md: a
`Ballot` has a random id, its vote, a random tracker and the choices, nothing else; who has
taken part is recorded apart (`VoterMark`), and a `BallotToken` stores only the digest of a
token, never whom it was given to. One module per part: the conference and its attendance
(`conference.py`), the votes and ballots (`votes.py`), the records (`records.py`).
"""

from danchu.conferences.models.conference import *  # noqa: F403
from danchu.conferences.models.records import *  # noqa: F403
from danchu.conferences.models.votes import *  # noqa: F403
