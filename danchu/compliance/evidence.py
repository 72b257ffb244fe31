"""A unit's evidence bundle for a year (.zip): what it disclosed (each notice .docx, with the
item's digest in the manifest), its conferences' minutes, resolutions and vote bulletins, its
consultations' synthesis reports, and its resolution review reports, with `manifest.json` and
`SHA256SUMS` naming every file's hash. Made from the records by the apps' own document builders;
reproducible (fixed entry dates, sorted names): the same records give the same bytes."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q

from danchu.conferences import minutes_doc, records_queries, resolution_doc
from danchu.conferences import queries as conference_queries
from danchu.conferences.models import Conference, ResolutionReview, Vote, VoteStatus
from danchu.consultations.models import Synthesis
from danchu.core.reproducible import ZIP_TIME
from danchu.disclosures import notice
from danchu.disclosures.models import Disclosure
from danchu.organizations.models import PATH_END, Unit


@dataclass(frozen=True)
class Entry:
    path: str
    data: bytes
    kind: str
    record_id: int
    digest: str = ""  # the record's own digest, where it has one (a disclosure's)


def _units(unit: Unit) -> Q:
    return Q(unit__path__gte=unit.path, unit__path__lt=unit.path + PATH_END)


def _disclosures(unit: Unit, year: int) -> list[Entry]:
    items = Disclosure.objects.filter(_units(unit), publish_at__year=year)
    return [
        Entry(
            f"cong-khai/{d.pk}-thong-bao.docx", notice.build_docx(d), "disclosure", d.pk, d.digest
        )
        for d in items.order_by("pk")
    ]


def _conferences(unit: Unit, year: int) -> list[Entry]:
    entries = []
    for c in Conference.objects.filter(_units(unit), ended_at__year=year).order_by("pk"):
        facts = records_queries.minutes_facts(c)
        entries.append(
            Entry(
                f"hoi-nghi/{c.pk}-bien-ban.docx",
                minutes_doc.build_docx(facts),
                "conference_minutes",
                c.pk,
            )
        )
        resolution = records_queries.resolution_of(c)
        if resolution is not None:
            data = resolution_doc.build_docx(records_queries.resolution_facts(c, resolution))
            entries.append(
                Entry(f"hoi-nghi/{c.pk}-nghi-quyet.docx", data, "resolution", resolution.pk)
            )
        for vote in Vote.objects.filter(conference=c, status=VoteStatus.CLOSED).order_by("pk"):
            published = conference_queries.bulletin(vote)
            if published is not None:
                text = json.dumps(
                    published, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True
                )
                entries.append(
                    Entry(
                        f"hoi-nghi/{c.pk}-phieu-{vote.pk}.json",
                        text.encode(),
                        "vote_bulletin",
                        vote.pk,
                    )
                )
    return entries


def _syntheses(unit: Unit, year: int) -> list[Entry]:
    entries = []
    rows = Synthesis.objects.filter(
        Q(
            consultation__unit__path__gte=unit.path,
            consultation__unit__path__lt=unit.path + PATH_END,
        ),
        published_at__year=year,
    ).order_by("pk")
    for s in rows:
        with s.document.open("rb") as handle:
            entries.append(
                Entry(
                    f"lay-y-kien/{s.consultation_id}-tong-hop.docx",
                    handle.read(),
                    "consultation_synthesis",
                    s.consultation_id,
                )
            )
    return entries


def _reviews(unit: Unit, year: int) -> list[Entry]:
    rows = ResolutionReview.objects.filter(
        Q(
            resolution__conference__unit__path__gte=unit.path,
            resolution__conference__unit__path__lt=unit.path + PATH_END,
        ),
        done_on__year=year,
    ).order_by("pk")
    return [
        Entry(f"kiem-tra-nghi-quyet/{r.pk}.txt", r.report.encode(), "resolution_review", r.pk)
        for r in rows
    ]


def entries(unit: Unit, year: int) -> list[Entry]:
    found = [
        *_disclosures(unit, year),
        *_conferences(unit, year),
        *_syntheses(unit, year),
        *_reviews(unit, year),
    ]
    return sorted(found, key=lambda e: e.path)


def manifest(found: list[Entry], unit: Unit, year: int) -> dict[str, Any]:
    return {
        "unit": {"id": unit.pk, "code": unit.code, "name": unit.name},
        "year": year,
        "files": [
            {
                "path": e.path,
                "sha256": hashlib.sha256(e.data).hexdigest(),
                "bytes": len(e.data),
                "kind": e.kind,
                "record_id": e.record_id,
                "record_digest": e.digest,
            }
            for e in found
        ],
    }


def bundle(unit: Unit, year: int) -> bytes:
    found = entries(unit, year)
    listed = manifest(found, unit, year)
    sums = "".join(f"{f['sha256']}  {f['path']}\n" for f in listed["files"])
    files = [(e.path, e.data) for e in found]
    files += [
        (
            "manifest.json",
            json.dumps(listed, ensure_ascii=False, indent=2, sort_keys=True).encode(),
        ),
        ("SHA256SUMS", sums.encode()),
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in sorted(files):
            info = zipfile.ZipInfo(path, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()
