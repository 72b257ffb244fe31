"""Time and peak memory of reading a .docx draft whose text part is as large as allowed
(issue 11, finding 5: a 327 KB .docx that unpacked to 95 MB took 71 s and 2.5 GB).

    .venv/bin/python bench/draft_import.py
    .venv/bin/python bench/draft_import.py --megabytes 4 8 15

For each size, a .docx whose `word/document.xml` unpacks to about that many MB of short
paragraphs (under `draft_docx.MAX_DOCUMENT_XML_BYTES`, so its declared size does not refuse it)
is read by `draft_docx.read_docx` in a fresh process; the script prints the outcome, the seconds
and the process's peak resident memory (ru_maxrss). Reading streams the XML and stops once the draft
cannot fit the paragraph limit, so neither should grow with the size.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
from tqdm import tqdm

ROOT = Path(__file__).resolve().parent.parent
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCUMENT = "word/document.xml"


def big_docx(megabytes: float) -> bytes:
    paragraph = f"<w:p><w:r><w:t>{'Nội dung của một khoản. ' * 4}</w:t></w:r></w:p>".encode()
    count = int(megabytes * 1024 * 1024 / len(paragraph))
    body = b"".join([paragraph] * count)
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'.encode()
        + body
        + b"</w:body></w:document>"
    )
    template = io.BytesIO()
    docx.Document().save(template)  # a complete package: styles, lists, relationships
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(template) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for entry in source.infolist():
            data = source.read(entry.filename)
            archive.writestr(entry.filename, document if entry.filename == DOCUMENT else data)
    return buffer.getvalue()


def measure_one(path: str) -> None:
    """In the child process: read the draft, print JSON with the outcome, time and memory."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from danchu.consultations import draft_docx
    from danchu.core.errors import InvalidInput

    data = Path(path).read_bytes()
    start = time.perf_counter()
    try:
        outcome = f"{len(draft_docx.read_docx(data))} paragraphs"
    except InvalidInput as error:
        outcome = f"refused: {error}"
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"outcome": outcome, "seconds": seconds, "peak_mb": peak}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--megabytes", type=float, nargs="+", default=[1, 4, 15])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        measure_one(options.child)
        return 0
    rows = []
    scratch = ROOT / "var" / "bench-draft.docx"
    scratch.parent.mkdir(exist_ok=True)
    for size in tqdm(options.megabytes, desc="draft .docx", unit="document"):
        data = big_docx(size)
        scratch.write_bytes(data)
        child = subprocess.run(
            [sys.executable, __file__, "--child", str(scratch)],
            capture_output=True,
            text=True,
            check=True,
        )
        rows.append((size, len(data), json.loads(child.stdout.strip().splitlines()[-1])))
    scratch.unlink(missing_ok=True)
    print("\n| document.xml | .docx | seconds | peak memory | outcome |\n|---:|---:|---:|---:|---|")
    for size, packed, result in rows:
        print(
            f"| {size:g} MB | {packed / 1024:,.0f} KB | {result['seconds']:.2f} "
            f"| {result['peak_mb']:,.0f} MB | {result['outcome']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
