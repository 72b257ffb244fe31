"""Parts of every page that show no data, rendered once per language."""

from __future__ import annotations

import pytest
from django.template import engines
from django.template.loader import render_to_string
from django.utils import translation


@pytest.mark.parametrize("language", ["vi", "en"])
def test_language_fragments_are_the_template_rendered_in_the_active_language(language) -> None:
    page = engines["django"].from_string(
        '{% load fragments %}{% language_fragment "includes/site_nav.html" %}'
    )
    with translation.override(language):
        expected = render_to_string("includes/site_nav.html")
        assert page.render({}) == expected
        assert page.render({}) == expected  # and again, from memory
    assert ("Trang chủ" in expected) == (language == "vi")
