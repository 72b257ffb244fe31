"""The People's Inspection Board pages (Law 10/2022/QH15 art. 60, Decree 59/2023 art. 21):
the union nominates, sees the result, recognises with roles (check your answers, then the
confirmation), and everyone of the unit sees the board with its term."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danchu.audit.models import Entry
from danchu.conferences.models import Vote
from danchu.conferences.tests.board_helpers import candidates, elect, nominate, vote_in
from danchu.conferences.tests.conftest import Hall, plan
from danchu.conferences.tests.conftest import people as ids_of
from danchu.core.tests.confirming import check_then_confirm, confirm
from danchu.organizations.models import Body
from danchu.people.models import Person, Role, RoleAssignment
from danchu.people.tests.world import BASE

pytestmark = pytest.mark.django_db


def board_url(hall: Hall) -> str:
    return reverse("conference_board", args=[hall.conference.pk])


def recognise_url(hall: Hall) -> str:
    return reverse("conference_board_recognise", args=[hall.conference.pk])


def test_the_union_sees_the_nomination_form_sorted_by_given_name(frozen, hall: Hall, client_as):
    page = client_as(hall.world.union).get(board_url(hall))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ban Thanh tra nhân dân" in html
    assert 'name="seats"' in html
    assert 'name="candidate_ids"' in html
    listed = [p for p in Person.objects.vietnamese_order() if f'value="{p.pk}"' in html]
    head = hall.head.person_id
    assert f'value="{head}"' not in html  # art. 60.2: the head is not offered
    assert [p.full_name for p in listed] == [
        p.full_name for p in Person.objects.filter(pk__in=[p.pk for p in listed]).vietnamese_order()
    ]
    positions = [html.index(f'value="{p.pk}"') for p in listed]
    assert positions == sorted(positions)
    assert len(listed) == 9


def test_staff_see_the_section_without_the_form(frozen, hall: Hall, client_as):
    page = client_as(hall.world.staff).get(board_url(hall))
    assert page.status_code == 200
    assert 'name="seats"' not in page.content.decode()


def test_the_union_nominates_from_the_page(frozen, hall: Hall, client_as):
    client = client_as(hall.world.union)
    chosen = ids_of(*candidates(hall, 4))
    answer = client.post(board_url(hall), {"seats": 3, "candidate_ids": chosen})
    assert answer.status_code == 302
    vote = Vote.objects.get(purpose="inspection_board")
    assert sorted(vote.candidates.values_list("person_id", flat=True)) == sorted(chosen)


def test_art_60_1_two_seats_are_refused_on_the_page_with_the_article(frozen, hall, client_as):
    client = client_as(hall.world.union)
    chosen = [u.person_id for u in candidates(hall, 4)]
    answer = client.post(board_url(hall), {"seats": 2, "candidate_ids": chosen})
    assert answer.status_code == 422
    html = answer.content.decode()
    assert "Khoản 1 Điều 60" in html
    assert "checked" in html  # the choices are kept
    assert not Vote.objects.filter(purpose="inspection_board").exists()


def test_staff_may_not_nominate(frozen, hall: Hall, client_as):
    chosen = [u.person_id for u in candidates(hall, 3)]
    staff = client_as(hall.world.staff)
    answer = staff.post(board_url(hall), {"seats": 3, "candidate_ids": chosen})
    assert answer.status_code == 404
    assert not Vote.objects.filter(purpose="inspection_board").exists()


def test_another_units_user_sees_nothing(frozen, hall: Hall, client_as):
    assert client_as(hall.world.outsider).get(board_url(hall)).status_code == 404


def test_the_result_is_shown_after_the_close(frozen, hall: Hall, client_as):
    vote = elect(hall, 3)
    html = client_as(hall.world.staff).get(board_url(hall)).content.decode()
    assert "Trúng cử" in html
    for person in Person.objects.filter(pk__in=vote.outcome["elected"]):
        assert person.full_name in html


def test_recognition_check_page_then_confirmation(frozen, hall: Hall, client_as):
    vote = elect(hall, 3)
    elected = vote.outcome["elected"]
    client = client_as(hall.world.union)
    form = client.get(recognise_url(hall))
    assert form.status_code == 200
    data = {f"role_{elected[0]}": "chair", f"role_{elected[1]}": "vice_chair",
            f"role_{elected[2]}": "member"}  # fmt: skip
    check = client.post(recognise_url(hall), data)
    assert check.status_code == 200
    html = check.content.decode()
    assert "05/03/2025" in html
    assert "04/03/2027" in html
    assert not Body.objects.exists()  # the check page writes nothing
    assert not Entry.objects.filter(action="conferences.board_recognised").exists()
    done = confirm(client, recognise_url(hall), check)
    assert done.status_code == 302
    assert done.url == reverse("conference_board_recognised", args=[hall.conference.pk])
    body = Body.objects.get()
    assert body.members.count() == 3
    assert RoleAssignment.objects.filter(role=Role.INSPECTION_CHAIR).get().person_id == elected[0]
    confirmation = client.get(done.url)
    assert confirmation.status_code == 200
    assert "05/03/2025" in confirmation.content.decode()
    board_page = client_as(hall.world.staff).get(board_url(hall)).content.decode()
    assert "04/03/2027" in board_page


def test_two_chairs_are_refused_on_the_form(frozen, hall: Hall, client_as):
    vote = elect(hall, 3)
    elected = vote.outcome["elected"]
    data = {f"role_{p}": "chair" for p in elected[:2]} | {f"role_{elected[2]}": "member"}
    answer = client_as(hall.world.union).post(recognise_url(hall), data)
    assert answer.status_code == 422
    assert "Khoản 3 Điều 21" in answer.content.decode()


def test_late_recognition_is_refused_on_the_page(frozen, hall: Hall, client_as):
    vote = elect(hall, 3)
    elected = vote.outcome["elected"]
    data = {f"role_{p}": "chair" if n == 0 else "member" for n, p in enumerate(elected)}
    frozen.move_to(BASE.replace(day=13))
    answer = client_as(hall.world.union).post(recognise_url(hall), data)
    assert answer.status_code == 409
    assert "Khoản 1 Điều 21" in answer.content.decode()


def test_only_the_union_recognises(frozen, hall: Hall, client_as):
    elect(hall, 3)
    assert client_as(hall.world.head).get(recognise_url(hall)).status_code == 404
    assert client_as(hall.world.staff).get(recognise_url(hall)).status_code == 404


def test_the_board_page_issues_a_bounded_number_of_queries(
    frozen, hall: Hall, client_as, django_assert_max_num_queries
):
    vote = elect(hall, 9)
    client = client_as(hall.world.union)
    elected = vote.outcome["elected"]
    roles = {f"role_{p}": "chair" if n == 0 else "member" for n, p in enumerate(elected)}
    check_then_confirm(client, recognise_url(hall), roles)
    with django_assert_max_num_queries(15):  # the same for 3 or 9 members
        assert client.get(board_url(hall)).status_code == 200


def test_d59_21_2_a_small_unit_is_told_no_board_is_formed(frozen, world, client_as):
    conference = plan(world)  # the world's agency alone: 4 staff
    page = client_as(world.union).get(reverse("conference_board", args=[conference.pk]))
    html = page.content.decode()
    assert "Không thành lập Ban Thanh tra nhân dân" in html
    assert 'name="seats"' not in html


def test_the_page_shows_a_tie_and_the_new_vote_between_the_tied(frozen, hall: Hall, client_as):
    a, b, c, d = candidates(hall, 4)
    ballots = [[a, b, c]] * 3 + [[a, b, d]] * 3 + [[a, c, d]] * 3 + [[a]]
    vote_in(hall, nominate(hall, 3, [a, b, c, d]), ballots)
    html = client_as(hall.world.staff).get(board_url(hall)).content.decode()
    assert "Bằng phiếu ở vị trí cuối cùng" in html
    nominate(hall, 2, [b, c, d])
    html = client_as(hall.world.staff).get(board_url(hall)).content.decode()
    assert "cho 2 vị trí còn thiếu" in html


def test_the_conference_page_links_to_the_board_section(frozen, hall: Hall, client_as):
    detail = reverse("conference_detail", args=[hall.conference.pk])
    html = client_as(hall.world.staff).get(detail).content.decode()
    assert f'href="{board_url(hall)}"' in html
