"""Office files made by danchu are byte-for-byte reproducible (issue 12)."""

import datetime as dt
import io
import zipfile

from danchu.core import reproducible


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


CORE = (
    b'<cp:coreProperties><dcterms:created xsi:type="dcterms:W3CDTF">2026-12-05T10:11:12Z'
    b'</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2026-12-05T10:11:13Z'
    b"</dcterms:modified></cp:coreProperties>"
)


def test_entry_dates_and_document_dates_are_fixed():
    when = dt.datetime(2025, 3, 4, 2, 0, tzinfo=dt.UTC)
    data = reproducible.fixed_zip(_zip({"a.xml": b"<a/>", "docProps/core.xml": CORE}), when=when)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert [i.filename for i in archive.infolist()] == ["a.xml", "docProps/core.xml"]
        assert {i.date_time for i in archive.infolist()} == {reproducible.ZIP_TIME}
        core = archive.read("docProps/core.xml")
    assert core.count(b">2025-03-04T02:00:00Z<") == 2
    assert b"2026" not in core
