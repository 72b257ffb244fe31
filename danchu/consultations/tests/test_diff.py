"""Paragraph- and word-level differences between two versions of a draft."""

from __future__ import annotations

import itertools
import json
import random
import unicodedata

import pytest
from django.utils import translation
from django.utils.safestring import SafeString

from danchu.consultations.diff import (
    Change,
    Para,
    Piece,
    diff_versions,
    summary,
    to_data,
    to_html,
    word_diff,
)

DRAFT = [
    "Quy chế này quy định việc thực hiện dân chủ ở cơ sở tại cơ quan.",
    "Thời gian góp ý là 05 ngày làm việc.",
    "Người đứng đầu cơ quan chịu trách nhiệm tổ chức thực hiện.",
    "Công chức, viên chức có quyền góp ý dự thảo.",
    "Quy chế có hiệu lực kể từ ngày ký.",
]


def paras(texts: list[str], *, keys: list[str | None] | None = None) -> list[Para]:
    keys = keys or [None] * len(texts)
    return [
        Para(key=key, ref=f"Điều {n}", text=text)
        for n, (key, text) in enumerate(zip(keys, texts, strict=True), 1)
    ]


def ops(changes: list[Change]) -> list[str]:
    return [change.op for change in changes]


def joined(pieces: tuple[Piece, ...], side: str) -> str:
    return "".join(piece.text for piece in pieces if piece.op in ("equal", side))


class TestWordDiff:
    def test_marks_only_the_changed_number(self) -> None:
        pieces = word_diff(
            "Thời gian góp ý là 05 ngày làm việc.", "Thời gian góp ý là 10 ngày làm việc."
        )
        assert pieces == (
            Piece("equal", "Thời gian góp ý là "),
            Piece("delete", "05"),
            Piece("insert", "10"),
            Piece("equal", " ngày làm việc."),
        )

    def test_keeps_punctuation_out_of_the_changed_word(self) -> None:
        pieces = word_diff("trong năm 2024;", "trong năm 2025;")
        assert [p for p in pieces if p.op != "equal"] == [
            Piece("delete", "2024"),
            Piece("insert", "2025"),
        ]

    def test_detects_a_change_of_diacritic_only(self) -> None:
        assert word_diff("quy chế", "quy chê") == (
            Piece("equal", "quy "),
            Piece("delete", "chế"),
            Piece("insert", "chê"),
        )

    def test_treats_decomposed_text_as_equal(self) -> None:
        text = "Người đứng đầu cơ quan"
        assert word_diff(unicodedata.normalize("NFD", text), text) == (Piece("equal", text),)

    def test_merges_edits_separated_only_by_spaces(self) -> None:
        pieces = word_diff("góp ý bằng văn bản", "góp ý trực tiếp tại hội nghị")
        assert pieces == (
            Piece("equal", "góp ý "),
            Piece("delete", "bằng văn bản"),
            Piece("insert", "trực tiếp tại hội nghị"),
        )

    def test_never_puts_two_pieces_with_the_same_op_side_by_side(self) -> None:
        pieces = word_diff("a, b, c và d", "x, b; y và z!")
        assert all(left.op != right.op for left, right in itertools.pairwise(pieces))

    @pytest.mark.parametrize(
        ("old", "new"),
        [
            ("", ""),
            ("", "Điều mới."),
            ("Điều cũ.", ""),
            ("Thời gian góp ý là 05 ngày làm việc.", "Thời gian góp ý là 10 ngày làm việc."),
            ("a  b\tc\n", "a b c"),
            ("Khoản 1, 2 và 3 (đã sửa)", "Khoản 1; 3 và 4 — đã sửa!"),
            ("<b>x</b> & y", "<i>x</i> &amp; y"),
            ("quy chế dân chủ", "quy chê dân chủ ở cơ sở"),
        ],
    )
    def test_pieces_rebuild_both_texts_exactly(self, old: str, new: str) -> None:
        pieces = word_diff(old, new)
        assert joined(pieces, "delete") == old
        assert joined(pieces, "insert") == new

    def test_pieces_rebuild_random_edits(self) -> None:
        rng = random.Random(7)
        words = ["quy", "chế", "dân", "chủ", ",", "cơ", "sở", ".", "  ", "05", "ngày"]
        for _ in range(200):
            old = " ".join(rng.choices(words, k=rng.randint(0, 12)))
            new = " ".join(rng.choices(words, k=rng.randint(0, 12)))
            pieces = word_diff(old, new)
            assert (joined(pieces, "delete"), joined(pieces, "insert")) == (old, new)


class TestDiffVersions:
    def test_identical_versions_are_all_unchanged(self) -> None:
        changes = diff_versions(paras(DRAFT), paras(DRAFT))
        assert ops(changes) == ["unchanged"] * 5
        assert [c.pieces for c in changes] == [(Piece("equal", text),) for text in DRAFT]
        assert [(c.old_index, c.new_index) for c in changes] == [(n, n) for n in range(5)]

    def test_decomposed_copy_is_unchanged(self) -> None:
        decomposed = [unicodedata.normalize("NFD", text) for text in DRAFT]
        assert ops(diff_versions(paras(decomposed), paras(DRAFT))) == ["unchanged"] * 5

    def test_one_word_changed_marks_only_that_paragraph(self) -> None:
        new = [*DRAFT]
        new[1] = "Thời gian góp ý là 10 ngày làm việc."
        changes = diff_versions(paras(DRAFT), paras(new))
        assert ops(changes) == ["unchanged", "changed", "unchanged", "unchanged", "unchanged"]
        assert [p.text for p in changes[1].pieces if p.op != "equal"] == ["05", "10"]

    def test_added_paragraph_in_the_middle(self) -> None:
        new = [*DRAFT[:2], "Ý kiến góp ý được tổng hợp công khai.", *DRAFT[2:]]
        changes = diff_versions(paras(DRAFT), paras(new))
        assert ops(changes) == [
            "unchanged",
            "unchanged",
            "added",
            "unchanged",
            "unchanged",
            "unchanged",
        ]
        assert changes[2].pieces == (Piece("insert", new[2]),)
        assert (changes[2].old, changes[2].old_index, changes[2].new_index) == (None, None, 2)

    def test_removed_paragraph_stays_where_it_was(self) -> None:
        new = [DRAFT[0], DRAFT[1], DRAFT[3], DRAFT[4]]
        changes = diff_versions(paras(DRAFT), paras(new))
        assert ops(changes) == ["unchanged", "unchanged", "removed", "unchanged", "unchanged"]
        assert changes[2].pieces == (Piece("delete", DRAFT[2]),)
        assert (changes[2].new, changes[2].old_index) == (None, 2)

    def test_removed_at_the_start_and_replaced_by_unrelated_text(self) -> None:
        new = ["Một đoạn hoàn toàn khác về ngân sách năm sau.", *DRAFT[1:]]
        changes = diff_versions(paras(DRAFT), paras(new))
        assert ops(changes) == [
            "removed",
            "added",
            "unchanged",
            "unchanged",
            "unchanged",
            "unchanged",
        ]

    def test_reordered_paragraph_is_moved(self) -> None:
        new = [DRAFT[0], DRAFT[2], DRAFT[3], DRAFT[1], DRAFT[4]]
        changes = diff_versions(paras(DRAFT), paras(new))
        assert ops(changes) == ["unchanged", "unchanged", "unchanged", "moved", "unchanged"]
        assert (changes[3].old_index, changes[3].new_index) == (1, 3)

    def test_same_key_wins_over_content(self) -> None:
        old = paras(DRAFT, keys=["a", "b", "c", "d", "e"])
        new = paras(
            [*DRAFT[:2], "Nội dung được viết lại toàn bộ.", *DRAFT[3:]],
            keys=["a", "b", "c", "d", "e"],
        )
        changes = diff_versions(old, new)
        assert ops(changes) == ["unchanged", "unchanged", "changed", "unchanged", "unchanged"]
        assert (changes[2].old, changes[2].new) == (old[2], new[2])

    def test_keyed_paragraphs_swapped_are_moved(self) -> None:
        changes = diff_versions(
            paras(DRAFT[:2], keys=["a", "b"]), paras(DRAFT[1::-1], keys=["b", "a"])
        )
        assert sorted(ops(changes)) == ["moved", "unchanged"]

    def test_unkeyed_paragraphs_align_by_content_around_keyed_ones(self) -> None:
        old = paras(DRAFT, keys=["a", None, None, None, "e"])
        new_texts = [
            DRAFT[0],
            DRAFT[1],
            DRAFT[2].replace("tổ chức", "chỉ đạo tổ chức"),
            DRAFT[3],
            DRAFT[4],
        ]
        changes = diff_versions(old, paras(new_texts, keys=["a", None, None, "x", "e"]))
        assert ops(changes) == ["unchanged", "unchanged", "changed", "unchanged", "unchanged"]

    def test_edited_paragraphs_in_a_replaced_block_are_changed(self) -> None:
        new = [
            DRAFT[0],
            DRAFT[1] + " Trừ trường hợp khẩn cấp.",
            DRAFT[2].replace("cơ quan", "đơn vị"),
            *DRAFT[3:],
        ]
        changes = diff_versions(paras(DRAFT), paras(new))
        assert ops(changes) == ["unchanged", "changed", "changed", "unchanged", "unchanged"]

    def test_accounts_for_every_paragraph_once_despite_duplicates(self) -> None:
        old = paras(["", "Không.", "", "Không.", DRAFT[0]], keys=["a", "a", None, None, "b"])
        new = paras(
            ["Không.", "", "", DRAFT[0], "Không.", ""], keys=["a", None, "a", "b", None, "c"]
        )
        changes = diff_versions(old, new)
        assert sorted(c.old_index for c in changes if c.old_index is not None) == list(range(5))
        assert [c.new_index for c in changes if c.new_index is not None] == list(range(6))

    def test_empty_versions(self) -> None:
        assert diff_versions([], []) == []
        assert ops(diff_versions([], paras(DRAFT[:2]))) == ["added", "added"]
        assert ops(diff_versions(paras(DRAFT[:2]), [])) == ["removed", "removed"]

    def test_pieces_rebuild_old_and_new_texts(self) -> None:
        new = [DRAFT[4], "Đoạn mới.", DRAFT[1].replace("05", "07"), DRAFT[3], DRAFT[0]]
        changes = diff_versions(paras(DRAFT), paras(new))
        for change in changes:
            if change.old:
                assert joined(change.pieces, "delete") == change.old.text
            if change.new:
                assert joined(change.pieces, "insert") == change.new.text

    def test_handles_a_long_draft_with_scattered_edits(self) -> None:
        old = [f"Điều {n}. Cơ quan thực hiện nhiệm vụ số {n} theo quy định." for n in range(300)]
        new = [*old]
        for n in range(285, 0, -30):  # from the end, so earlier positions stay valid
            new[n] = new[n].replace("thực hiện", "không thực hiện")
            del new[n + 10]
            new.insert(n + 5, f"Đoạn bổ sung số {n} về trách nhiệm giải trình.")
        new.append(new.pop(40))
        changes = diff_versions(paras(old), paras(new))
        assert summary(changes) == {
            "unchanged": 279,
            "changed": 10,
            "added": 10,
            "removed": 10,
            "moved": 1,
        }
        moved = next(change for change in changes if change.op == "moved")
        assert (moved.old_index, moved.new_index) == (40, 299)
        assert [c.old_index for c in changes if c.op == "removed"] == list(range(25, 300, 30))
        assert [c.new_index for c in changes if c.new_index is not None] == list(range(300))

    def test_survives_a_wholesale_rewrite_of_a_long_draft(self) -> None:
        old = [f"Điều {n}. Cơ quan thực hiện nhiệm vụ số {n} theo quy định." for n in range(500)]
        new = [
            f"Khoản {n}: đơn vị bảo đảm quyền được biết của người lao động ({n})."
            for n in range(500)
        ]
        counts = summary(diff_versions(paras(old), paras(new)))
        assert counts["removed"] + counts["changed"] == 500


class TestSummary:
    def test_counts_each_kind_of_change(self) -> None:
        new = [DRAFT[0], "Đoạn mới hoàn toàn.", DRAFT[1].replace("05", "07"), DRAFT[4], DRAFT[3]]
        counts = summary(diff_versions(paras(DRAFT), paras(new)))
        assert counts == {"unchanged": 2, "changed": 1, "added": 1, "removed": 1, "moved": 1}

    def test_counts_zero_for_nothing(self) -> None:
        assert summary([]) == dict.fromkeys(
            ["unchanged", "changed", "added", "removed", "moved"], 0
        )


class TestToHtml:
    def test_escapes_texts_and_marks_edits(self) -> None:
        old = [
            Para("a", "Điều <1>", "Giữ <script>alert(1)</script> nguyên"),
            Para("b", "", "Xoá & bỏ"),
        ]
        new = [Para("a", "Điều <1>", "Giữ <script>alert(2)</script> nguyên")]
        with translation.override("en"):
            html = to_html(diff_versions(old, new))
        assert isinstance(html, SafeString)
        assert "<script>" not in html
        assert "&lt;script&gt;" in html
        assert "Điều &lt;1&gt;" in html
        assert '<li class="diff-changed">' in html
        assert '<li class="diff-removed">' in html
        assert '<del><span class="visually-hidden">deleted </span>1<span' in html
        assert '<ins><span class="visually-hidden">inserted </span>2<span' in html
        assert "Xoá &amp; bỏ" in html

    def test_lists_paragraphs_in_order(self) -> None:
        html = to_html(diff_versions(paras(DRAFT), paras(DRAFT)))
        assert html.startswith('<ol class="diff">')
        assert html.count('<li class="diff-unchanged">') == 5
        assert html.index("Điều 1") < html.index("Điều 5")
        assert "<ins>" not in html
        assert "<del>" not in html

    def test_shows_the_former_reference_of_a_renumbered_paragraph(self) -> None:
        with translation.override("en"):
            html = to_html(diff_versions([Para("k", "Điều 5", "x")], [Para("k", "Điều 6", "x")]))
        assert "Điều 6" in html
        assert "Điều 6 (formerly Điều 5)" in html


class TestToData:
    def test_is_json_serialisable(self) -> None:
        new = paras([DRAFT[0], "Đoạn mới.", DRAFT[1].replace("05", "07")], keys=["a", None, "b"])
        data = to_data(diff_versions(paras(DRAFT[:3], keys=["a", "b", "c"]), new))
        assert json.loads(json.dumps(data, ensure_ascii=False)) == data
        assert data[0] == {
            "op": "unchanged",
            "old": {"key": "a", "ref": "Điều 1", "text": DRAFT[0], "index": 0},
            "new": {"key": "a", "ref": "Điều 1", "text": DRAFT[0], "index": 0},
            "pieces": [{"op": "equal", "text": DRAFT[0]}],
        }
        assert [item["op"] for item in data] == ["unchanged", "added", "changed", "removed"]
        assert data[1]["old"] is None
        assert data[3]["new"] is None
