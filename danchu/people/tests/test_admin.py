import pytest
from django.urls import reverse

from danchu.audit.models import Entry
from danchu.organizations.tests.factories import UnitFactory
from danchu.people.models import User
from danchu.people.tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(person=None, is_superuser=True, is_staff=True))
    return client


def test_domain_records_are_read_only_in_the_admin(admin_client):
    unit = UnitFactory()
    person = PersonFactory(unit=unit)
    assert admin_client.get(reverse("admin:organizations_unit_changelist")).status_code == 200
    page = admin_client.get(reverse("admin:people_person_change", args=[person.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert admin_client.get(reverse("admin:people_person_add")).status_code == 403


def test_account_changes_in_the_admin_are_audited(admin_client):
    user = UserFactory(person=None, username="lan")
    response = admin_client.post(
        reverse("admin:people_user_change", args=[user.pk]),
        {
            "username": "lan",
            "first_name": "Lan",
            "last_name": "",
            "email": "",
            "is_active": "on",
            "date_joined_0": "01/01/2026",
            "date_joined_1": "08:00:00",
            "person": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = Entry.objects.get(action="people.account_changed")
    assert entry.target_id == str(user.pk)
    assert "first_name" in entry.changes["fields"]
    assert User.objects.get(pk=user.pk).first_name == "Lan"


def test_accounts_cannot_be_deleted(admin_client):
    user = UserFactory(person=None)
    response = admin_client.get(reverse("admin:people_user_delete", args=[user.pk]))
    assert response.status_code == 403
