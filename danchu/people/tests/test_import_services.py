"""Applying an import: all or nothing, idempotent by staff code, audited, large files in a task."""

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied

from danchu.audit.models import Entry
from danchu.core.errors import InvalidInput
from danchu.people import services
from danchu.people.models import Person, Role, StaffCategory
from danchu.people.staff_import import progress, running
from danchu.people.staff_import import services as import_services
from danchu.people.staff_import.columns import ROW_KEY
from danchu.people.staff_import.models import ImportJob
from danchu.people.staff_import.tasks import import_staff_task
from danchu.people.tests.test_import_support import row, rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def numbered(items):
    return [{ROW_KEY: n, **item} for n, item in enumerate(items, start=2)]


def start(head, unit, items):
    return import_services.start_import(actor=head, unit=unit, rows=numbered(items))


def counts(job):
    return (job.status, job.created_count, job.updated_count, job.unchanged_count)


class TestStartImport:
    def test_creates_people_with_an_audit_entry_each(self, tree, head):
        job = start(
            head,
            tree.agency,
            [row("SP-1", party_member="có"), row("SP-2", department="phong-hanh-chinh")],
        )
        assert counts(job) == ("done", 2, 0, 0)
        assert (job.total, job.processed) == (2, 2)
        first, second = Person.objects.filter(staff_code__in=["SP-1", "SP-2"]).order_by(
            "staff_code"
        )
        assert (first.unit, first.party_organization, first.union_member) == (
            tree.agency,
            tree.org,
            True,
        )
        assert (first.full_name, first.category) == ("Trần Thị Hoa", StaffCategory.CONG_CHUC)
        assert str(first.birth_date) == "1990-09-02"
        assert (second.unit, second.party_organization) == (tree.dept, None)
        assert Entry.objects.filter(action="people.person_created").count() == 2

    def test_one_bad_row_imports_nothing(self, tree, head):
        before = Person.objects.count()
        with pytest.raises(InvalidInput) as caught:
            start(head, tree.agency, [row("SP-1"), row("SP-2", email="sai"), row("SP-3")])
        assert caught.value.message == "Nothing was imported: 1 problem was found in the file."
        assert [(e["row"], e["column"]) for e in caught.value.errors] == [
            (3, "Thư điện tử (email)")
        ]
        assert Person.objects.count() == before
        assert not ImportJob.objects.exists()
        assert not Entry.objects.filter(action__startswith="people.person").exists()

    def test_reimporting_the_same_rows_changes_nothing(self, tree, head):
        data = [row("SP-1", party_member="x"), row("SP-2", department="Phòng Hành chính")]
        start(head, tree.agency, data)
        entries = Entry.objects.count()
        again = start(head, tree.agency, data)
        assert counts(again) == ("done", 0, 0, 2)
        assert Entry.objects.count() == entries

    def test_a_changed_row_updates_that_person_only(self, tree, head):
        start(head, tree.agency, [row("SP-1"), row("SP-2")])
        entries = Entry.objects.count()
        job = start(head, tree.agency, [row("SP-1"), row("SP-2", position="Phó Trưởng phòng")])
        assert counts(job) == ("done", 0, 1, 1)
        assert Person.objects.get(staff_code="SP-2").position == "Phó Trưởng phòng"
        entry = Entry.objects.order_by("-seq").first()
        assert Entry.objects.count() == entries + 1
        assert (entry.action, entry.changes) == (
            "people.person_updated",
            {"position": "Phó Trưởng phòng"},
        )

    def test_columns_missing_from_the_file_leave_fields_alone(self, tree, head):
        start(head, tree.agency, [row("SP-1", party_member="có", department="phong-hanh-chinh")])
        short = {
            "staff_code": "SP-1",
            "surname": "Trần",
            "given_name": "Hoa",
            "category": "viên chức",
        }
        job = start(head, tree.agency, [short])
        person = Person.objects.get(staff_code="SP-1")
        assert counts(job) == ("done", 0, 1, 0)
        assert (person.category, person.middle_name) == (StaffCategory.VIEN_CHUC, "Thị")
        assert (person.unit, person.party_organization) == (tree.dept, tree.org)

    def test_staff_may_not_import(self, tree, member_of):
        with pytest.raises(PermissionDenied):
            start(member_of(tree.agency, Role.STAFF), tree.agency, [row()])

    def test_a_head_may_not_import_into_another_agency(self, tree, head):
        with pytest.raises(PermissionDenied):
            start(head, tree.other, [row()])


class TestLargeImport:
    def test_runs_in_a_task_after_commit_and_reaches_done(
        self, tree, head, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            job = start(head, tree.agency, rows(500))
            assert job.status == ImportJob.Status.PENDING
        assert len(callbacks) == 1
        job.refresh_from_db()
        assert counts(job) == ("done", 500, 0, 0)
        assert progress.progress(job) == {
            "status": "done",
            "processed": 500,
            "total": 500,
            "percent": 100,
            "finished": True,
        }
        assert Person.objects.filter(staff_code__startswith="SP-").count() == 500

    def test_progress_is_published_while_the_transaction_is_open(self, tree, head, monkeypatch):
        seen = []
        original = progress.publish

        def spy(job, *, processed):
            original(job, processed=processed)
            seen.append(progress.progress(ImportJob.objects.get(pk=job.pk))["processed"])

        monkeypatch.setattr(progress, "publish", spy)
        monkeypatch.setattr(import_services, "SYNC_LIMIT", 1000)
        start(head, tree.agency, rows(250))
        assert seen == [0, 100, 200]

    def test_the_live_count_comes_from_the_cache(self, tree, head):
        job = ImportJob.objects.create(
            unit=tree.agency, created_by=head, total=500, status="running"
        )
        cache.set(progress.progress_key(job.pk), {"processed": 300, "total": 500})
        assert progress.progress(job)["processed"] == 300
        assert progress.progress(job)["percent"] == 60


class TestRunImport:
    def test_a_failure_rolls_back_every_row(self, tree, head, monkeypatch):
        real = services.create_person

        def create(**fields):
            if fields["staff_code"] == "SP-0003":
                raise InvalidInput("Trùng thư điện tử.")
            return real(**fields)

        monkeypatch.setattr(services, "create_person", create)
        job = start(head, tree.agency, rows(5))
        assert (job.status, job.error) == ("failed", "Row 4: Trùng thư điện tử.")
        assert not Person.objects.filter(staff_code__startswith="SP-").exists()

    def test_an_unexpected_error_fails_the_job(self, tree, head, monkeypatch):
        monkeypatch.setattr(services, "create_person", lambda **fields: 1 / 0)
        job = start(head, tree.agency, rows(2))
        assert (job.status, job.error) == ("failed", "An unexpected error occurred.")

    def test_a_finished_job_is_not_run_again(self, tree, head):
        job = start(head, tree.agency, rows(2))
        running.run_import(job.pk)
        job.refresh_from_db()
        assert counts(job) == ("done", 2, 0, 0)

    def test_the_task_runs_the_import(self, tree, head):
        job = ImportJob.objects.create(
            unit=tree.agency,
            created_by=head,
            total=1,
            rows=[
                {
                    "row": 2,
                    "staff_code": "T-1",
                    "surname": "Lê",
                    "given_name": "Na",
                    "category": "can_bo",
                }
            ],
        )
        result = import_staff_task.enqueue(job.pk)
        job.refresh_from_db()
        assert (result.status, counts(job)) == ("SUCCESSFUL", ("done", 1, 0, 0))
