"""The short "mã xác thực": one filter, used wherever people read a digest."""

from danchu.core.templatetags.digests import digest_groups, short_digest

DIGEST = "3F2A91C07D4E" + "0" * 52


def test_the_short_code_is_the_first_twelve_characters_in_groups_of_four():
    assert short_digest(DIGEST) == "3f2a 91c0 7d4e"
    assert short_digest("") == ""
    assert short_digest(None) == ""


def test_the_full_value_in_groups_of_eight():
    assert digest_groups(DIGEST).split()[0] == "3f2a91c0"
    assert len(digest_groups(DIGEST).split()) == 8
