"""Vietnamese text: search folding, dictionary-order sort keys, personal names."""

from __future__ import annotations

import random
import unicodedata

import pytest

from danchu.core.text import (
    fold,
    normalize_name_part,
    person_sort_key,
    sort_key,
    split_full_name,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def by_key(words: list[str]) -> list[str]:
    shuffled = words[:]
    random.Random(2022).shuffle(shuffled)
    return sorted(shuffled, key=sort_key)


def people_by_key(full_names: list[str]) -> list[str]:
    shuffled = full_names[:]
    random.Random(2022).shuffle(shuffled)
    return sorted(shuffled, key=lambda full: person_sort_key(*split_full_name(full)))


# --- fold -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đảng bộ Khối", "dang bo khoi"),
        ("Bắc Giang", "bac giang"),
        ("ĐOÀN THANH NIÊN", "doan thanh nien"),
        ("Ủy ban nhân dân xã Ưng Hòe", "uy ban nhan dan xa ung hoe"),
        ("Sở Tư pháp", "so tu phap"),
        ("Nguyễn Thị Ngọc Ánh", "nguyen thi ngoc anh"),
        ("already plain", "already plain"),
        ("", ""),
    ],
)
def test_fold_lowercases_and_removes_every_diacritic(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_gives_the_same_result_for_decomposed_input_from_macos() -> None:
    assert fold(nfd("Đảng bộ Khối Cơ quan")) == "dang bo khoi co quan"


def test_fold_maps_both_cases_of_d_with_stroke_to_d() -> None:
    assert fold("Đđ") == "dd"


def test_fold_maps_the_eth_that_legacy_converters_put_for_d_with_stroke() -> None:
    assert fold("Ðặng ðức") == "dang duc"


def test_fold_collapses_and_strips_every_kind_of_whitespace() -> None:
    assert fold("  Hà\u00a0 Nội\t\n Thủ\u3000đô ") == "ha noi thu do"


def test_fold_drops_invisible_characters_pasted_from_spreadsheets() -> None:
    assert fold("\ufeffHà\u200b Nội\u00ad") == "ha noi"


def test_fold_turns_full_width_letters_and_digits_into_plain_ones() -> None:
    assert fold("Ｔổ　１２") == "to 12"


def test_fold_keeps_punctuation() -> None:
    assert fold("Tổ dân phố số 3, phường Đông-Hà") == "to dan pho so 3, phuong dong-ha"


def test_fold_is_idempotent() -> None:
    once = fold("Trường THPT Lê Quý Đôn")
    assert fold(once) == once


# --- sort_key: shape --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["", "Nguyễn Văn An", "ĐẶNG", "Tổ 12", "H'Hen Niê", "李小龍", "Zoë & Ðức", "  "]
)
def test_sort_key_is_made_of_digits_only(text: str) -> None:
    key = sort_key(text)
    assert key
    assert key.isascii()
    assert key.isdigit()


def test_sort_key_orders_the_same_whether_compared_as_bytes_or_as_text() -> None:
    words = ["An", "Anh", "Ân", "Ba", "Bà", "Bạc", "Đạt", "Zê", "李", "12"]
    keys = [sort_key(word) for word in words]
    assert sorted(keys) == sorted(keys, key=lambda key: key.encode())


def test_sort_key_ignores_case() -> None:
    assert sort_key("NGUYỄN VĂN AN") == sort_key("nguyễn văn an") == sort_key("Nguyễn Văn An")


def test_sort_key_is_the_same_for_composed_and_decomposed_input() -> None:
    assert sort_key(nfd("Trần Thị Thủy Đặng")) == sort_key("Trần Thị Thủy Đặng")


def test_sort_key_treats_old_and_new_tone_placement_alike() -> None:
    assert sort_key("Hoà") == sort_key("Hòa")
    assert sort_key("Thuỷ") == sort_key("Thủy")
    assert sort_key("Khoẻ") == sort_key("Khỏe")


def test_sort_key_ignores_extra_whitespace_and_invisible_characters() -> None:
    assert sort_key("  Hà \u00a0Nội\u200b ") == sort_key("Hà Nội")


def test_sort_key_reads_the_eth_of_legacy_converters_as_d_with_stroke() -> None:
    assert sort_key("Ðức") == sort_key("Đức")


# --- sort_key: order --------------------------------------------------------------------------


def test_sort_key_follows_the_vietnamese_alphabet_with_foreign_letters_in_latin_places() -> None:
    alphabet = list("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
    assert by_key(alphabet) == alphabet


def test_sort_key_puts_digits_before_letters() -> None:
    assert by_key(["a", "9", "0", "5"]) == ["0", "5", "9", "a"]


def test_sort_key_orders_tones_none_huyen_hoi_nga_sac_nang() -> None:
    tones = ["Ba", "Bà", "Bả", "Bã", "Bá", "Bạ"]
    assert by_key(tones) == tones


def test_sort_key_compares_letters_before_tones() -> None:
    # "Bạ" has the heaviest tone but fewer letters; "Bắc" has an ă, a later letter than a.
    words = ["Ba", "Bạ", "Bác", "Bạc", "Bắc", "Bặc", "Bấc"]
    assert by_key(words) == words


def test_sort_key_treats_a_breve_and_circumflex_as_letters_after_a() -> None:
    assert by_key(["Ân", "Ăn", "Anh", "An"]) == ["An", "Anh", "Ăn", "Ân"]


def test_sort_key_puts_d_with_stroke_after_every_d() -> None:
    assert by_key(["Đạt", "Dũng", "Duy", "Dzung", "Đa"]) == ["Dũng", "Duy", "Dzung", "Đa", "Đạt"]


def test_sort_key_puts_o_circumflex_and_o_horn_after_o_and_u_horn_after_u() -> None:
    words = ["Oanh", "Ông", "Ơn", "Uyên", "Ưng", "Vân"]
    assert by_key(words) == words


def test_sort_key_puts_a_shorter_word_before_its_extensions() -> None:
    assert by_key(["Anh", "An"]) == ["An", "Anh"]


def test_sort_key_compares_word_by_word() -> None:
    assert by_key(["Anh", "An Bình", "An"]) == ["An", "An Bình", "Anh"]


def test_sort_key_compares_tones_from_the_first_word_on() -> None:
    assert by_key(["Bà Ba", "Ba Bà", "Ba Ba"]) == ["Ba Ba", "Ba Bà", "Bà Ba"]


def test_sort_key_matches_a_dictionary_page() -> None:
    page = [
        "ma",
        "mà",
        "mả",
        "mã",
        "má",
        "mạ",
        "mác",
        "mạc",
        "mai",
        "mài",
        "mãi",
        "mái",
        "mại",
        "man",
        "màn",
        "mạn",
        "mang",
        "màng",
        "mảng",
        "máng",
        "mạng",
        "manh",
        "mành",
        "mảnh",
        "mãnh",
        "mánh",
        "mạnh",
        "mắc",
        "mặc",
        "mắm",
        "mặn",
        "mắt",
        "mặt",
        "mâm",
        "mầm",
        "mẩm",
        "mấm",
        "mận",
        "mây",
        "me",
        "mè",
        "mẻ",
        "mẽ",
        "mé",
        "mẹ",
        "mê",
        "mề",
        "mể",
        "mễ",
        "mế",
        "mệ",
    ]
    assert by_key(page) == page


def test_sort_key_orders_other_scripts_after_latin_by_code_point() -> None:
    assert by_key(["李", "z", "王", "a"]) == ["a", "z", "李", "王"]


def test_sort_key_drops_marks_that_are_not_vietnamese() -> None:
    assert sort_key("Zoë") == sort_key("Zoe")


# --- person_sort_key ---------------------------------------------------------------------------


def test_person_sort_key_is_made_of_digits_only() -> None:
    key = person_sort_key("Nguyễn", "Thị Minh", "Khai")
    assert key.isascii()
    assert key.isdigit()


def test_people_sort_by_given_name_first() -> None:
    assert people_by_key(["Trần Thị Ánh", "Nguyễn Văn An"]) == ["Nguyễn Văn An", "Trần Thị Ánh"]


def test_people_with_the_same_given_name_sort_by_middle_name() -> None:
    assert people_by_key(["Lê Văn Bình", "Nguyễn Thị Bình"]) == [
        "Nguyễn Thị Bình",
        "Lê Văn Bình",
    ]


def test_people_with_the_same_given_and_middle_names_sort_by_surname() -> None:
    assert people_by_key(["Nguyễn Văn An", "Lê Văn An"]) == ["Lê Văn An", "Nguyễn Văn An"]


def test_people_given_names_compare_letter_by_letter() -> None:
    assert people_by_key(["Phạm Văn Duy", "Đỗ Đức Dũng"]) == ["Đỗ Đức Dũng", "Phạm Văn Duy"]


def test_people_named_dat_with_d_stroke_come_after_every_d() -> None:
    assert people_by_key(["Trần Quốc Đạt", "Vũ Văn Dũng", "Hà Duy"]) == [
        "Vũ Văn Dũng",
        "Hà Duy",
        "Trần Quốc Đạt",
    ]


def test_people_named_with_a_circumflex_come_after_a() -> None:
    assert people_by_key(["Lê Thị Ân", "Lê Thị Anh", "Lê Thị Ăn"]) == [
        "Lê Thị Anh",
        "Lê Thị Ăn",
        "Lê Thị Ân",
    ]


def test_people_differing_only_by_tone_sort_by_tone() -> None:
    names = ["Lê Văn Ba", "Lê Văn Bà", "Lê Văn Bả", "Lê Văn Bã", "Lê Văn Bá", "Lê Văn Bạ"]
    assert people_by_key(names) == names


def test_people_compare_the_letters_of_all_three_names_before_any_tone() -> None:
    # The given names differ only by tone; the surnames differ by letters, and win.
    assert people_by_key(["Nguyễn Văn Ba", "Lê Văn Bá"]) == ["Lê Văn Bá", "Nguyễn Văn Ba"]


def test_people_compare_tones_of_given_name_before_surname_tones() -> None:
    assert people_by_key(["Lê Văn Bá", "Lễ Văn Ba"]) == ["Lễ Văn Ba", "Lê Văn Bá"]


def test_people_without_a_middle_name_come_before_those_with_one() -> None:
    assert people_by_key(["Lê Văn Ân", "Lê Ân"]) == ["Lê Ân", "Lê Văn Ân"]


def test_people_whose_given_name_is_a_prefix_come_first() -> None:
    assert person_sort_key("Lê", "Văn", "An") < person_sort_key("Lê", "", "An Bình")
    assert person_sort_key("Lê", "", "An Bình") < person_sort_key("Lê", "", "Anh")


def test_person_sort_key_ignores_case_and_normalisation() -> None:
    assert person_sort_key(nfd("NGUYỄN"), "thị", nfd("Ánh")) == person_sort_key(
        "Nguyễn", "Thị", "Ánh"
    )


def test_a_class_list_sorts_the_vietnamese_way() -> None:
    roll = [
        "Nguyễn Văn An",
        "Lê Hoàng Anh",
        "Trần Thị Ánh",
        "Vũ Ngọc Ân",
        "Nguyễn Thị Bình",
        "Lê Văn Bình",
        "Đỗ Đức Dũng",
        "Phạm Văn Duy",
        "Hoàng Minh Đạt",
        "Bùi Thị Hà",
        "Lý Văn Hạ",
        "Trịnh Thu Hằng",
        "Ngô Thị Thu Hương",
        "Đinh Văn Ước",
        "Mai Xuân Yến",
    ]
    assert people_by_key(roll) == roll


# --- split_full_name --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("full", "parts"),
    [
        ("Nguyễn Thị Minh Khai", ("Nguyễn", "Thị Minh", "Khai")),
        ("Trần Văn An", ("Trần", "Văn", "An")),
        ("Lê Ân", ("Lê", "", "Ân")),
        ("Khai", ("", "", "Khai")),
        ("", ("", "", "")),
        ("   ", ("", "", "")),
    ],
)
def test_split_full_name_takes_first_word_as_surname_and_last_as_given(
    full: str, parts: tuple[str, str, str]
) -> None:
    assert split_full_name(full) == parts


def test_split_full_name_normalises_whitespace() -> None:
    assert split_full_name("  Nguyễn \u00a0Thị\t Minh  Khai\u200b ") == (
        "Nguyễn",
        "Thị Minh",
        "Khai",
    )


def test_split_full_name_returns_composed_text_for_decomposed_input() -> None:
    parts = split_full_name(nfd("Nguyễn Thị Ánh Tuyết"))
    assert parts == ("Nguyễn", "Thị Ánh", "Tuyết")
    assert all(unicodedata.is_normalized("NFC", part) for part in parts)


def test_split_full_name_keeps_the_spelling_as_typed() -> None:
    assert split_full_name("nguyễn VĂN an") == ("nguyễn", "VĂN", "an")


# --- normalize_name_part ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("nguyễn văn an", "Nguyễn Văn An"),
        ("NGUYỄN VĂN AN", "Nguyễn Văn An"),
        ("  đặng   thị  ", "Đặng Thị"),
        ("ưng hoàng phúc", "Ưng Hoàng Phúc"),
        ("h'hen niê", "H'Hen Niê"),
        ("y-moan", "Y-Moan"),
        ("", ""),
    ],
)
def test_normalize_name_part_capitalises_each_word(raw: str, normalised: str) -> None:
    assert normalize_name_part(raw) == normalised


def test_normalize_name_part_returns_composed_text_for_decomposed_input() -> None:
    result = normalize_name_part(nfd("nguyễn thị ánh"))
    assert result == "Nguyễn Thị Ánh"
    assert unicodedata.is_normalized("NFC", result)


def test_normalize_name_part_handles_marks_without_a_precomposed_letter() -> None:
    # U+0300 on "ừ" composes, but a stray mark after a letter must not start a new word.
    assert normalize_name_part("x\u0304y") == "X\u0304y"


def test_normalize_name_part_gives_an_empty_string_for_none() -> None:
    assert normalize_name_part(None) == ""


def test_normalize_name_part_is_idempotent() -> None:
    once = normalize_name_part("trần   THỊ thu  hương")
    assert normalize_name_part(once) == once
