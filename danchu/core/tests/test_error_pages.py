"""The site's own error pages: the visitor's language, the menu, a way back, no URL list."""

import pytest
from django.test import Client
from django.urls import reverse

from danchu.core import error_views

pytestmark = pytest.mark.django_db

LEAKS = ("URLconf", "urlpatterns", "Using the URLconf", "Traceback", "Django tried these")


@pytest.fixture(autouse=True)
def _debug_off(settings):
    settings.DEBUG = False


def _is_site_page(html: str) -> None:
    assert 'class="site-header"' in html
    assert f'href="{reverse("home")}"' in html
    for leak in LEAKS:
        assert leak not in html


def test_404_is_vietnamese_with_debug_off():
    response = Client(HTTP_ACCEPT_LANGUAGE="vi").get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert "Về trang chủ" in html
    assert '<html lang="vi">' in html
    _is_site_page(html)


def test_404_is_english_with_the_english_cookie(settings):
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/no-such-page/").content.decode()
    assert "Page not found" in html
    assert "Go to the home page" in html
    _is_site_page(html)


def test_404_offers_the_way_back_only_to_a_page_of_this_site():
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    inside = client.get("/x/", HTTP_REFERER="http://testserver/verify/").content.decode()
    assert 'href="http://testserver/verify/"' in inside
    outside = client.get("/x/", HTTP_REFERER="https://evil.example/").content.decode()
    assert "evil.example" not in outside


def test_403_for_a_permission_denial(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"
    response = admin_client.get(reverse("admin:people_person_add"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Bạn không thể mở trang này" in html
    _is_site_page(html)


def test_a_refused_csrf_check_is_the_sites_own_page():
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="vi")
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Biểu mẫu đã hết hạn" in html
    _is_site_page(html)


def test_400_page_is_the_sites_own(rf):
    request = rf.get("/", HTTP_ACCEPT_LANGUAGE="vi")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = error_views.bad_request(request)
    assert response.status_code == 400
    assert "Không hiểu được yêu cầu" in response.content.decode()


@pytest.fixture
def broken(settings):
    settings.ROOT_URLCONF = "danchu.core.tests.broken_urls"


def test_500_page_renders_in_the_visitors_language(broken):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="vi")
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Đã xảy ra lỗi ở phía hệ thống" in html
    _is_site_page(html)
    english = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    assert "Something went wrong on our side" in english.get("/boom/").content.decode()


def test_500_falls_back_to_a_plain_bilingual_page(broken, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the database is down")

    monkeypatch.setattr(error_views, "render", fail)
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="vi")
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Đã xảy ra lỗi ở phía hệ thống" in html
    assert "Something went wrong on our side" in html
