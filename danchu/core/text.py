"""Vietnamese text: diacritic-free search folding, dictionary-order sort keys, personal names.

Everything here is NFC-safe: text pasted from Excel on macOS often arrives decomposed (NFD),
with zero-width or non-breaking spaces, and must give the same result as text typed on Windows.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "normalize_name_part", "person_sort_key", "sort_key", "split_full_name"]

# Legacy converters (TCVN3/VNI → Unicode) sometimes produce the Icelandic eth Ð/ð for Đ/đ.
_D_BAR = {"đ": "d", "ð": "d"}
_ETH = {"ð": "đ"}

_FORMAT_CHARS = re.compile(r"[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")


def _clean(text: str) -> str:
    """NFC, invisible characters removed, runs of whitespace (NBSP included) made one space."""
    text = _FORMAT_CHARS.sub("", unicodedata.normalize("NFC", text))
    return " ".join(text.split())


# --- Search folding ---------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower-case, diacritic-free, whitespace-collapsed form for search columns and queries.

    "Đảng bộ Khối" → "dang bo khoi". Compatibility decomposition (NFKD, a superset of NFD) also
    turns full-width letters and digits, ligatures and superscripts into their plain forms.
    """
    decomposed = unicodedata.normalize("NFKD", _FORMAT_CHARS.sub("", text).casefold())
    stripped = "".join(_D_BAR.get(ch, ch) for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


# --- Dictionary-order sort keys ---------------------------------------------------------------
#
# Collation follows the Vietnamese alphabet (as CLDR's "vi" tailoring): a < ă < â, d < đ,
# e < ê, o < ô < ơ, u < ư are different letters (primary level); the tone of each syllable is
# secondary: none < huyền < hỏi < ngã < sắc < nặng. f, j, w, z (foreign names) take their Latin
# places; digits come before letters. Case is ignored.
#
# A key is made of digits only, so it orders the same byte by byte under any database collation
# (see core.fields.BinaryCharField):
#   <primary tokens> "00" <one tone digit per word>
# Every primary token is two digits, except an escape for characters outside the alphabet
# ("99" + the 7-digit code point): tokens that share their first two digits have the same length,
# so comparing keys byte by byte compares token by token. "00" ends the primary part and is lower
# than every token, so "An" < "Anh" and the tones are only reached when the letters tie.

_END = "00"
_PART_SEPARATOR = "01"  # between surname, middle and given name in person_sort_key
_WORD_SEPARATOR = "02"  # "An Bình" < "Anh": a word ends before any letter
_ESCAPE = "99"

_ALPHABET = "0123456789" + "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_CODES = {letter: f"{index:02d}" for index, letter in enumerate(_ALPHABET, start=3)}

# Marks that make a different letter of their base (after NFD): ă â ê ô ơ ư.
_LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
# Tone marks, in their dictionary order: (none 0), huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Ignored inside a word: "H'Hen" is one word.
_APOSTROPHES = frozenset("'’ʼ")


def _encode(text: str) -> tuple[str, str]:
    """(primary tokens, tone digits) of `text`: one tone digit per word, the word's own tone.

    The tone belongs to the syllable, not to the vowel that carries it, so the old and new
    spelling styles ("Hoà"/"Hòa", "Thuỷ"/"Thủy") give the same key.
    """
    chars = unicodedata.normalize("NFKD", _FORMAT_CHARS.sub("", text).casefold())
    tokens: list[str] = []
    tones: list[str] = []
    word_tone: int | None = None  # None: between words
    i, length = 0, len(chars)
    while i < length:
        base = chars[i]
        i += 1
        marks: list[str] = []
        while i < length and unicodedata.combining(chars[i]):
            marks.append(chars[i])
            i += 1
        if base in _APOSTROPHES:
            continue
        if not base.isalnum():  # whitespace, punctuation, symbols, stray marks: a word break
            if word_tone is not None:
                tones.append(str(word_tone))
                word_tone = None
            continue
        letter = _ETH.get(base, base)
        tone = 0
        for mark in marks:
            letter = _LETTER_MARKS.get((letter, mark), letter)
            tone = tone or _TONES.get(mark, 0)
        if word_tone is None:
            if tokens:
                tokens.append(_WORD_SEPARATOR)
            word_tone = 0
        word_tone = word_tone or tone
        code = _CODES.get(letter)
        tokens.append(code if code is not None else f"{_ESCAPE}{ord(letter):07d}")
    if word_tone is not None:
        tones.append(str(word_tone))
    return "".join(tokens), "".join(tones)


def sort_key(text: str) -> str:
    """Key (digits only) whose byte-wise order is Vietnamese dictionary order.

    Letters first (a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z, digits
    before letters, words compared one by one), then, only on a tie, the tones of the words
    from left to right: "Ba" < "Bà" < "Bả" < "Bã" < "Bá" < "Bạ" < "Bác" < "Bắc".

    Length: 2 digits per letter or digit plus 3 per word, plus 2 (9 per character outside the
    alphabet): size columns at about 3 x the text length.
    """
    primary, tones = _encode(text)
    return f"{primary}{_END}{tones}"


def person_sort_key(surname: str, middle: str, given: str) -> str:
    """Key (digits only) sorting people the Vietnamese way: given name, middle name, surname.

    Letters of all three parts are compared first, tones only on a tie; an empty part sorts
    before any other: "Nguyễn Văn An" < "Trần Thị Anh" < "Lê Ân" < "Lê Văn Ân".
    """
    encoded = [_encode(part) for part in (given, middle, surname)]
    primary = _PART_SEPARATOR.join(letters for letters, _ in encoded)
    tones = "".join(part_tones for _, part_tones in encoded)
    return f"{primary}{_END}{tones}"


# --- Personal names ---------------------------------------------------------------------------


def split_full_name(full: str) -> tuple[str, str, str]:
    """(surname, middle, given) of a full name written in Vietnamese order, NFC-normalised.

    "Nguyễn Thị Minh Khai" → ("Nguyễn", "Thị Minh", "Khai"); one word is a given name, two are
    surname and given name. Compound surnames ("Tôn Nữ", "Âu Dương") cannot be told from middle
    names here: the first word is always taken as the surname.
    """
    words = _clean(full).split(" ")
    if words == [""]:
        return ("", "", "")
    if len(words) == 1:
        return ("", "", words[0])
    return (words[0], " ".join(words[1:-1]), words[-1])


def _is_word_character(ch: str) -> bool:
    return ch.isalnum() or unicodedata.combining(ch) != 0


def normalize_name_part(s: str | None) -> str:
    """NFC, whitespace collapsed, each word capitalised: "nguyễn  VĂN an" → "Nguyễn Văn An".

    A letter is capitalised after a space, a hyphen or an apostrophe ("h'hen niê" → "H'Hen Niê",
    "y-moan" → "Y-Moan"), and lower-cased elsewhere; `None` gives "".
    """
    if s is None:
        return ""
    text = _clean(s)
    out: list[str] = []
    previous = ""
    for ch in text:
        out.append(ch.lower() if previous and _is_word_character(previous) else ch.upper())
        previous = ch
    return unicodedata.normalize("NFC", "".join(out))


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_controls(text: str) -> str:
    """NFC text without control characters (NUL breaks PostgreSQL); newlines and tabs stay."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", text))
