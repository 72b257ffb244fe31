"""The JSON shapes of the records API: a public contract (extend, never rename or drop)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from danchu.conferences import records


class ResolutionIn(Schema):
    text: str = Field(min_length=1, max_length=records.TEXT_MAX)


class ReportIn(Schema):
    report: str = Field(min_length=1, max_length=records.REPORT_MAX)


class ReviewOut(Schema):
    id: int
    period: int
    due_on: dt.date
    status: str
    done_on: dt.date | None
    disclosure_id: int | None


class ResolutionOut(Schema):
    id: int
    conference_id: int
    number: str
    adopted_on: dt.date | None
    vote_id: int | None
    disclosure_id: int | None
    reviews: list[ReviewOut]
