import pytest
from django.urls import reverse

from danchu.organizations.models import UnitKind
from danchu.organizations.tests.factories import UnitFactory
from danchu.people.models import Role
from danchu.people.tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    committee = UnitFactory(kind=UnitKind.PARTY_COMMITTEE, name="Đảng bộ Khối các cơ quan tỉnh")
    org = UnitFactory(kind=UnitKind.PARTY_ORGANIZATION, parent=committee, name="Đảng bộ Sở Tư pháp")
    agency = UnitFactory(kind=UnitKind.STATE_AGENCY, parent=org, name="Sở Tư pháp tỉnh Bắc Giang")
    dept = UnitFactory(kind=UnitKind.DEPARTMENT, parent=agency, name="Phòng Hành chính")
    other = UnitFactory(kind=UnitKind.STATE_AGENCY, parent=org, name="Sở Y tế")
    return committee, org, agency, dept, other


def test_pages_require_login(client, tree):
    response = client.get(reverse("unit_detail", args=[tree[2].pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_supervisor_home_shows_figures_from_the_records(tree, member_of, client_as):
    committee, org, _agency, dept, _ = tree
    supervisor = member_of(committee, Role.SUPERVISOR)
    for _ in range(3):
        PersonFactory(unit=dept, party_organization=org)
    page = client_as(supervisor).get(reverse("home")).content.decode()
    # The home page's overview of the units below (danchu.home, issue 12): the committee's
    # figures for its whole subtree first, then the party organisation below it.
    assert "Đảng bộ Khối các cơ quan tỉnh" in page
    assert 'data-figure="party_members">3<' in page
    assert f'href="{reverse("unit_detail", args=[org.pk])}"' in page


def test_numbers_use_vietnamese_grouping(tree, member_of, client_as, django_assert_max_num_queries):
    committee, _org, _agency, dept, _ = tree
    supervisor = member_of(committee, Role.SUPERVISOR)
    PersonFactory.create_batch(1001, unit=dept)
    page = client_as(supervisor).get(reverse("unit_detail", args=[committee.pk])).content.decode()
    assert 'data-figure="staff">1.002<' in page


def test_staff_cannot_open_another_agency_or_its_people(tree, member_of, client_as):
    *_, agency, dept, other = tree
    client = client_as(member_of(agency, Role.STAFF))
    assert client.get(reverse("unit_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("unit_people", args=[other.pk])).status_code == 404
    stranger = PersonFactory(unit=other)
    assert client.get(reverse("person_detail", args=[stranger.pk])).status_code == 404
    assert client.get(reverse("unit_people", args=[dept.pk])).status_code == 200


def test_missing_and_forbidden_look_the_same(tree, member_of, client_as):
    *_, agency, _, other = tree
    client = client_as(member_of(agency, Role.STAFF))
    forbidden = client.get(reverse("unit_detail", args=[other.pk]))
    missing = client.get(reverse("unit_detail", args=[999_999]))
    assert forbidden.status_code == missing.status_code == 404


def test_people_search_ignores_diacritics(tree, member_of, client_as):
    *_, agency, dept, _ = tree
    client = client_as(member_of(agency, Role.HEAD))
    PersonFactory(unit=dept, surname="Đặng", middle_name="Thị", given_name="Hằng")
    PersonFactory(unit=dept, surname="Lê", middle_name="Văn", given_name="Dũng")
    page = client.get(reverse("unit_people", args=[agency.pk]), {"q": "dang hang"})
    assert "Đặng Thị Hằng" in page.content.decode()
    assert "Lê Văn Dũng" not in page.content.decode()


def test_people_are_listed_by_given_name(tree, member_of, client_as):
    *_, agency, dept, _ = tree
    head = member_of(agency, Role.HEAD)
    head.person.given_name = "Zzz"
    for surname, given in [("Trần", "Đạt"), ("Vũ", "An"), ("Bùi", "Dũng"), ("Lý", "Ánh")]:
        PersonFactory(unit=dept, surname=surname, middle_name="Văn", given_name=given)
    page = client_as(head).get(reverse("unit_people", args=[agency.pk])).content.decode()
    positions = [
        page.index(name) for name in ("Vũ Văn An", "Lý Văn Ánh", "Bùi Văn Dũng", "Trần Văn Đạt")
    ]
    assert positions == sorted(positions)


def test_htmx_search_returns_only_the_results_partial(tree, member_of, client_as):
    *_, agency, dept, _ = tree
    PersonFactory(unit=dept, surname="Đặng", given_name="Hằng")
    response = client_as(member_of(agency, Role.HEAD)).get(
        reverse("unit_people", args=[agency.pk]), {"q": "hang"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "<html" not in body
    assert "Hằng" in body
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("rows", [5, 60])
def test_people_list_query_count_does_not_grow(
    tree, member_of, client_as, rows, django_assert_max_num_queries
):
    *_, agency, dept, _ = tree
    client = client_as(member_of(agency, Role.HEAD))
    PersonFactory.create_batch(rows, unit=dept)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("unit_people", args=[agency.pk])).status_code == 200


@pytest.mark.parametrize("children", [3, 40])
def test_unit_page_query_count_does_not_grow(
    tree, member_of, client_as, children, django_assert_max_num_queries
):
    committee, org, *_ = tree
    client = client_as(member_of(committee, Role.SUPERVISOR))
    for n in range(children):
        UnitFactory(kind=UnitKind.STATE_AGENCY, parent=org, name=f"Sở {n}")
    with django_assert_max_num_queries(15):
        assert client.get(reverse("unit_detail", args=[org.pk])).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(reverse("unit_list"), {"q": "so"}).status_code == 200


def test_switching_language_changes_every_label(tree, member_of, client_as):
    *_, agency, _, _ = tree
    client = client_as(member_of(agency, Role.STAFF))
    assert "Trang chủ" in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("home")).content.decode()
    assert "Home" in page
    assert 'lang="en"' in page
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert 'lang="vi"' in client.get(reverse("home")).content.decode()


def test_citizen_home_explains_there_is_no_unit(client_as):
    citizen = UserFactory(person=PersonFactory(unit=None, category=""))
    response = client_as(citizen).get(reverse("home"))
    assert response.status_code == 200
    assert f'href="{reverse("unit_list")}"' not in response.content.decode()


def test_units_below_are_listed_in_vietnamese_order(tree, member_of, client_as):
    committee, org, *_ = tree
    for name in ("Trường Chính trị tỉnh", "Đài Phát thanh và Truyền hình", "Ban Dân tộc"):
        UnitFactory(kind=UnitKind.PUBLIC_SERVICE_UNIT, parent=org, name=name)
    page = client_as(member_of(committee, Role.SUPERVISOR)).get(
        reverse("unit_detail", args=[org.pk])
    )
    html = page.content.decode().split('id="children"')[1]
    names = ["Ban Dân tộc", "Đài Phát thanh", "Sở Tư pháp", "Sở Y tế", "Trường Chính trị"]
    positions = [html.index(name) for name in names]
    assert positions == sorted(positions)


def test_the_unit_page_links_the_units_disclosure_register(tree, member_of, client_as):
    committee, _org, agency, _dept, other = tree
    register = f'href="{reverse("disclosure_register", args=[agency.pk])}"'
    page = client_as(member_of(committee, Role.SUPERVISOR)).get(
        reverse("unit_detail", args=[agency.pk])
    )
    assert register in page.content.decode()
    # Staff of another agency may see neither the unit nor its register: no page, no link.
    outsider = client_as(member_of(other, Role.STAFF))
    assert outsider.get(reverse("unit_detail", args=[agency.pk])).status_code == 404
    assert outsider.get(reverse("disclosure_register", args=[agency.pk])).status_code == 404
    assert register not in outsider.get(reverse("unit_detail", args=[other.pk])).content.decode()
