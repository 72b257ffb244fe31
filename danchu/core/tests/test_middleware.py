import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_are_vietnamese_even_for_an_english_browser(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="vi"' in page.content.decode()


def test_the_switcher_choice_wins(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="vi")
    assert 'lang="en"' in page.content.decode()


def test_an_unknown_cookie_value_falls_back_to_vietnamese(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert 'lang="vi"' in client.get(reverse("login")).content.decode()


def test_the_api_follows_accept_language(client):
    english = client.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    vietnamese = client.get("/api/v1/me").json()["detail"]
    assert english.startswith("Authentication required")
    assert vietnamese != english
