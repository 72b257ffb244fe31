"""Differences between two versions of a draft, by paragraph and by word.

A head of agency publishes successive versions of a draft regulation; anyone may compare two of
them. Paragraphs are aligned first by their stable key (kept when the head edits a paragraph in
place), the rest by content, because a re-imported file carries no keys: difflib over whole
paragraphs, then similar leftovers inside replaced blocks are paired as "changed". Paired
paragraphs that break the reading order of the others are "moved".

Texts are compared after NFC normalisation, so a paragraph typed with decomposed Vietnamese
diacritics is not reported as changed. Pieces hold NFC text: joining the "equal" and "delete"
pieces gives the NFC form of the old text, "equal" and "insert" that of the new text.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from collections import defaultdict, deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext, gettext_noop

ParaOp = Literal["unchanged", "changed", "added", "removed", "moved"]
PieceOp = Literal["equal", "insert", "delete"]
PARA_OPS: tuple[ParaOp, ...] = ("unchanged", "changed", "added", "removed", "moved")

# Paragraphs in a replaced block whose word-level similarity reaches this are one edited paragraph.
SIMILARITY_CUTOFF = 0.5
# Each leftover old paragraph is compared with at most this many new ones, so even a wholesale
# rewrite of a 500-paragraph draft costs O(n · window) word comparisons, not O(n²).
PAIRING_WINDOW = 40

# Combining marks stay inside their word should any survive NFC.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_WORD = re.compile(rf"(?:\w|[{_MARKS}])+")
_TOKEN = re.compile(rf"{_WORD.pattern}|\s+|.", re.DOTALL)


@dataclass(frozen=True)
class Para:
    key: str | None  # stable lineage id if known: the same key in both versions is one paragraph
    ref: str  # human address, e.g. "Điều 5, khoản 2"; may be ""
    text: str


@dataclass(frozen=True)
class Piece:
    op: PieceOp
    text: str


@dataclass(frozen=True)
class Change:
    op: ParaOp
    old: Para | None
    new: Para | None
    old_index: int | None
    new_index: int | None
    pieces: tuple[Piece, ...]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def tokenize(text: str) -> list[str]:
    """Words, whitespace runs and single punctuation marks; joined they give `text` back."""
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> tuple[Piece, ...]:
    """Word-level pieces turning `old` into `new`; adjacent pieces never share an op."""
    a, b = tokenize(nfc(old)), tokenize(nfc(new))
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    pieces: list[Piece] = []
    deleted: list[str] = []
    inserted: list[str] = []
    for position, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        inner = 0 < position < len(opcodes) - 1
        if tag == "equal" and not (inner and _only_separators(a[i1:i2])):
            _flush(pieces, deleted, inserted)
            pieces.append(Piece("equal", "".join(a[i1:i2])))
        else:  # a lone space or comma between two edits reads better inside the edit
            deleted += a[i1:i2]
            inserted += b[j1:j2]
    _flush(pieces, deleted, inserted)
    return tuple(pieces)


def _only_separators(tokens: list[str]) -> bool:
    return not any(_WORD.fullmatch(token) for token in tokens)


def _flush(pieces: list[Piece], deleted: list[str], inserted: list[str]) -> None:
    if deleted:
        pieces.append(Piece("delete", "".join(deleted)))
    if inserted:
        pieces.append(Piece("insert", "".join(inserted)))
    deleted.clear()
    inserted.clear()


def diff_versions(old: Sequence[Para], new: Sequence[Para]) -> list[Change]:
    """Changes in the reading order of `new`, each removed paragraph where it stood in `old`."""
    old_texts = [nfc(para.text) for para in old]
    new_texts = [nfc(para.text) for para in new]
    pairs = _pair_by_key(old, new)
    old_free = [i for i in range(len(old)) if i not in pairs]
    new_free = sorted(set(range(len(new))) - set(pairs.values()))
    pairs |= _pair_by_content(old_texts, new_texts, old_free, new_free)
    return _changes(old, new, pairs, _in_order(pairs))


def _pair_by_key(old: Sequence[Para], new: Sequence[Para]) -> dict[int, int]:
    """Old index → new index for keys present on both sides (first occurrence of each key)."""
    new_at: dict[str, int] = {}
    for j, para in enumerate(new):
        if para.key is not None:
            new_at.setdefault(para.key, j)
    pairs: dict[int, int] = {}
    for i, para in enumerate(old):
        if para.key is not None and para.key in new_at:
            pairs[i] = new_at.pop(para.key)
    return pairs


def _pair_by_content(
    old_texts: list[str], new_texts: list[str], old_free: list[int], new_free: list[int]
) -> dict[int, int]:
    """Runs of equal paragraphs; then texts that reappear elsewhere (moved), because an exact copy
    is stronger evidence than a similar neighbour; then similar texts inside each replaced block."""
    a = [old_texts[i] for i in old_free]
    b = [new_texts[j] for j in new_free]
    pairs: dict[int, int] = {}
    replaced: list[tuple[list[int], list[int]]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            pairs.update(zip(old_free[i1:i2], new_free[j1:j2], strict=True))
        else:
            replaced.append((old_free[i1:i2], new_free[j1:j2]))
    olds = [i for block, _ in replaced for i in block]
    news = [j for _, block in replaced for j in block]
    pairs |= _pair_same_text(old_texts, new_texts, olds, news)
    taken = set(pairs.values())
    for old_block, new_block in replaced:
        old_left = [(i, old_texts[i]) for i in old_block if i not in pairs]
        new_left = [(j, new_texts[j]) for j in new_block if j not in taken]
        pairs.update(_pair_similar(old_left, new_left))
    return pairs


def _pair_similar(
    olds: list[tuple[int, str]], news: list[tuple[int, str]]
) -> Iterator[tuple[int, int]]:
    """Pair each old paragraph with the most similar of the next new ones, keeping order."""
    matchers: dict[int, difflib.SequenceMatcher[str]] = {}
    start = 0
    for i, old_text in olds:
        old_words = _words(old_text)
        best, best_ratio = -1, SIMILARITY_CUTOFF
        for position in range(start, min(len(news), start + PAIRING_WINDOW)):
            j, new_text = news[position]
            if j not in matchers:
                matchers[j] = difflib.SequenceMatcher(None, b=_words(new_text), autojunk=False)
            ratio = _similarity(matchers[j], old_words, floor=best_ratio)
            if ratio > best_ratio or (best < 0 and ratio == best_ratio):
                best, best_ratio = position, ratio
        if best >= 0:
            yield i, news[best][0]
            start = best + 1


def _words(text: str) -> list[str]:
    return [token for token in tokenize(text) if not token.isspace()]


def _similarity(matcher: difflib.SequenceMatcher[str], words: list[str], *, floor: float) -> float:
    """The matcher's ratio, or 0.0 once the cheap upper bounds show it stays under `floor`."""
    matcher.set_seq1(words)
    if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
        return 0.0
    return matcher.ratio()


def _pair_same_text(
    old_texts: list[str], new_texts: list[str], old_free: list[int], new_free: list[int]
) -> dict[int, int]:
    """Leftover paragraphs whose text reappears elsewhere, in order of appearance."""
    waiting: defaultdict[str, deque[int]] = defaultdict(deque)
    for j in new_free:
        if new_texts[j].strip():
            waiting[new_texts[j]].append(j)
    pairs: dict[int, int] = {}
    for i in old_free:
        if waiting[old_texts[i]]:
            pairs[i] = waiting[old_texts[i]].popleft()
    return pairs


def _in_order(pairs: dict[int, int]) -> set[int]:
    """Old indices of a longest run of pairs in the same order on both sides; the rest moved."""
    ordered = sorted(pairs, key=pairs.__getitem__)
    tails: list[int] = []  # tails[k]: smallest old index ending an increasing run of length k + 1
    tail_at: list[int] = []
    back: list[int] = []
    for position, i in enumerate(ordered):
        k = bisect.bisect_left(tails, i)
        back.append(tail_at[k - 1] if k else -1)
        if k == len(tails):
            tails.append(i)
            tail_at.append(position)
        else:
            tails[k], tail_at[k] = i, position
    kept: set[int] = set()
    position = tail_at[-1] if tail_at else -1
    while position >= 0:
        kept.add(ordered[position])
        position = back[position]
    return kept


def _changes(
    old: Sequence[Para], new: Sequence[Para], pairs: dict[int, int], in_order: set[int]
) -> list[Change]:
    by_new = {j: i for i, j in pairs.items()}
    placed: list[tuple[tuple[int, int, int], Change]] = []
    for j, para in enumerate(new):
        i = by_new.get(j)
        if i is None:
            change = Change("added", None, para, None, j, (Piece("insert", nfc(para.text)),))
        else:
            change = _paired(old[i], para, i, j, moved=i not in in_order)
        placed.append(((j, 0, 0), change))
    after = -1  # removed paragraphs follow the last in-order paragraph that preceded them
    for i, para in enumerate(old):
        if i in in_order:
            after = pairs[i]
        elif i not in pairs:
            change = Change("removed", para, None, i, None, (Piece("delete", nfc(para.text)),))
            placed.append(((after, 1, i), change))
    return [change for _, change in sorted(placed, key=lambda item: item[0])]


def _paired(old: Para, new: Para, i: int, j: int, *, moved: bool) -> Change:
    if nfc(old.text) != nfc(new.text):
        return Change("changed", old, new, i, j, word_diff(old.text, new.text))
    return Change(
        "moved" if moved else "unchanged", old, new, i, j, (Piece("equal", nfc(new.text)),)
    )


def summary(changes: Sequence[Change]) -> dict[str, int]:
    """How many paragraphs of each kind, every kind present."""
    counts: dict[str, int] = dict.fromkeys(PARA_OPS, 0)
    for change in changes:
        counts[change.op] += 1
    return counts


def to_data(changes: Sequence[Change]) -> list[dict[str, Any]]:
    """JSON-ready changes for the API."""
    return [
        {
            "op": change.op,
            "old": _para_data(change.old, change.old_index),
            "new": _para_data(change.new, change.new_index),
            "pieces": [{"op": piece.op, "text": piece.text} for piece in change.pieces],
        }
        for change in changes
    ]


def _para_data(para: Para | None, index: int | None) -> dict[str, Any] | None:
    if para is None:
        return None
    return {"key": para.key, "ref": para.ref, "text": para.text, "index": index}


_OP_LABELS = {
    "changed": gettext_noop("Changed paragraph"),
    "added": gettext_noop("Added paragraph"),
    "removed": gettext_noop("Removed paragraph"),
    "moved": gettext_noop("Moved paragraph"),
}
# Screen readers mostly ignore <ins> and <del>, so each edit is announced in hidden text.
_EDIT_MARKUP = {
    "insert": ("ins", gettext_noop("inserted"), gettext_noop("end of insertion")),
    "delete": ("del", gettext_noop("deleted"), gettext_noop("end of deletion")),
}
_EDIT_HTML = (
    '<{0}><span class="visually-hidden">{1} </span>{2}'
    '<span class="visually-hidden"> {3}</span></{0}>'
)


def to_html(changes: Sequence[Change]) -> SafeString:
    """An ordered list of paragraphs, edits in <ins>/<del>; every text is escaped."""
    items = format_html_join("\n", "{}", ((_item_html(change),) for change in changes))
    return format_html('<ol class="diff">\n{}\n</ol>', items)


def _item_html(change: Change) -> SafeString:
    label = _OP_LABELS.get(change.op)
    hidden = (
        format_html('<span class="visually-hidden">{}: </span>', gettext(label)) if label else ""
    )
    pieces = format_html_join("", "{}", ((_piece_html(piece),) for piece in change.pieces))
    return format_html(
        '<li class="diff-{}">{}{}<span class="diff-text">{}</span></li>',
        change.op,
        hidden,
        _ref_html(change),
        pieces,
    )


def _ref_html(change: Change) -> SafeString | str:
    old_ref = change.old.ref if change.old else ""
    ref = change.new.ref if change.new else ""
    if old_ref and ref and nfc(old_ref) != nfc(ref):
        ref = gettext("%(ref)s (formerly %(old_ref)s)") % {"ref": ref, "old_ref": old_ref}
    ref = ref or old_ref
    return format_html('<span class="diff-ref">{}</span> ', ref) if ref else ""


def _piece_html(piece: Piece) -> SafeString:
    if piece.op == "equal":
        return format_html("{}", piece.text)
    tag, start, end = _EDIT_MARKUP[piece.op]
    return format_html(_EDIT_HTML, tag, gettext(start), piece.text, gettext(end))
