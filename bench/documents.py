"""How the time to write a notice's .docx grows with the disclosed text (issue 11, finding 2).

    .venv/bin/python bench/documents.py                 # 100k, 200k, 300k characters
    .venv/bin/python bench/documents.py --sizes 100000 1000000 --repeat 5

A disclosure's body becomes the notice's paragraphs (`danchu.disclosures.notice.add_body`), then
the file is written (`decree30.to_bytes`). Two shapes of text are timed at each size: prose
(paragraphs of 10–80 words) and a list of short lines (one paragraph every 6 characters, the
worst case: most paragraphs per character). The text is made from a fixed seed, so every run
writes the same documents. The time is the best of `--repeat` runs; "µs/char" staying flat as the
size grows is what "linear" means here. Exit status 1 if the largest size costs more per
character than 1.5 × the smallest (growth worse than linear).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tqdm import tqdm

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from danchu.core import decree30  # noqa: E402
from danchu.disclosures.notice import add_body  # noqa: E402

WORDS = ("công", "khai", "dân", "chủ", "cơ", "sở", "cán", "bộ", "viên", "chức", "lao", "động")


def prose(size: int, rng: random.Random) -> str:
    paragraphs, length = [], 0
    while length < size:
        paragraph = " ".join(rng.choice(WORDS) for _ in range(rng.randint(10, 80)))
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(paragraphs)[:size]


def short_lines(size: int, rng: random.Random) -> str:
    return ("- mục\n" * (size // 6 + 1))[:size]


def write(body: str) -> int:
    document = decree30.new_document()
    add_body(document, body)
    return len(decree30.to_bytes(document))


def best_of(repeat: int, body: str) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        size = write(body)
        times.append(time.perf_counter() - start)
    return min(times), size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 200_000, 300_000])
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    shapes: dict[str, Callable[[int, random.Random], str]] = {
        "prose": prose,
        "short lines": short_lines,
    }
    rows = []
    runs = [(shape, size) for shape in shapes for size in sorted(options.sizes)]
    for shape, size in tqdm(runs, desc="notice .docx", unit="document"):
        body = shapes[shape](size, random.Random(size))
        seconds, file_size = best_of(options.repeat, body)
        rows.append((shape, size, seconds, file_size))
    print("\n| text | characters | seconds | µs/char | .docx bytes |\n|---|---:|---:|---:|---:|")
    worst = 0.0
    for shape in shapes:
        mine = [row for row in rows if row[0] == shape]
        for _, size, seconds, file_size in mine:
            per_char = seconds / size * 1e6
            print(f"| {shape} | {size:,} | {seconds:.2f} | {per_char:.2f} | {file_size:,} |")
        first, last = mine[0], mine[-1]
        worst = max(worst, (last[2] / last[1]) / (first[2] / first[1]))
    print(f"\nCost per character, largest size ÷ smallest (worst shape): {worst:.2f}")
    return 1 if worst > 1.5 else 0


if __name__ == "__main__":
    sys.exit(main())
