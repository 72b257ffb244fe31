import datetime as dt
import pytest
from danchu.disclosures import services, queries
from danchu.organizations.tests.factories import UnitFactory

def test_smoke(member_of):
    unit = UnitFactory()
    head = member_of(unit, "head")
    d = services.publish_disclosure(actor=head, unit=unit, category="work_plan", title="Kế hoạch",
        decision_date=dt.date.today(), body="<script>x</script>hi [a](javascript:alert(1))")
    print(d.digest, d.body_html, d.visible_until)
    staff = member_of(unit, "staff")
    print(services.acknowledge(actor=staff, disclosure=d))
    print(list(queries.inbox(staff, q="ke hoach")))
