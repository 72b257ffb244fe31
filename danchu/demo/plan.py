"""The demo province planned in memory: Bắc Giang's provincial agencies, as in THE-CASE.md.

`Planner(factor).plan()` builds, deterministically (random.Random(2022)), the Party Committee of
the provincial agencies with its 72 grassroots party organisations, the agency or public service
unit each one leads, their departments, about 12,000 staff of whom exactly 4,706 are party members,
the roles and collective bodies of every agency, and who gets a demo account. `factor` scales the
number of organisations and people (for benchmarks); at factor 1 the figures of the case are exact.
`province.seed` writes the plan.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.text import slugify

from danchu.core.text import fold
from danchu.demo import names
from danchu.organizations.models import Body, BodyKind, BodyRole, Unit, UnitKind
from danchu.organizations.rules import INSPECTION_BOARD_TERM_YEARS
from danchu.people.models import Person, Role, StaffCategory
from danchu.people.naming import refresh_derived

SEED = 2022
BASE_STAFF = 12_000
BASE_PARTY_MEMBERS = 4_706  # the case: 72 grassroots party organisations, 4,706 party members
MIN_AGENCY_STAFF = 25  # enough people for every role and body of an agency
MIN_PARTY_MEMBERS = 3  # a party cell needs at least three members (Party Statute, art. 21)
BATCH_SIZE = 2000
ROLES_FROM = dt.date(2021, 1, 1)
TERMS_END = dt.date(2026, 12, 31)
TERMS = {
    BodyKind.STEERING_COMMITTEE: (dt.date(2021, 1, 1), TERMS_END),
    # The current 2-year term (Law 10/2022 art. 60.3), ending with the other bodies' terms.
    BodyKind.INSPECTION_BOARD: (
        dt.date(TERMS_END.year - INSPECTION_BOARD_TERM_YEARS + 1, 1, 1),
        TERMS_END,
    ),
    BodyKind.UNION_EXECUTIVE: (dt.date(2021, 1, 1), TERMS_END),
}
BODY_NAMES = {
    BodyKind.STEERING_COMMITTEE: "Ban Chỉ đạo thực hiện dân chủ ở cơ sở",
    BodyKind.INSPECTION_BOARD: "Ban Thanh tra nhân dân",
    BodyKind.UNION_EXECUTIVE: "Ban Chấp hành Công đoàn",
}
DEMO_AGENCY_CODE = "so-noi-vu"

Progress = Callable[[int], object]  # called with the number of rows just written


# Staff categories (and their weights) in state agencies and in public service units.
_CG, _VC, _LD = StaffCategory.CONG_CHUC, StaffCategory.VIEN_CHUC, StaffCategory.NGUOI_LAO_DONG
_CATEGORY_WEIGHTS = {
    False: ((_CG, _LD, _VC, StaffCategory.CAN_BO), (82, 10, 5, 3)),
    True: ((_VC, _LD, _CG), (86, 12, 2)),
}
_DEPARTMENT_HEADS = {
    "Khoa": "Trưởng khoa",
    "Tổ": "Tổ trưởng",
    "Ban": "Trưởng ban",
    "Tòa": "Chánh tòa",
    "Chi": "Chi cục trưởng",
    "Văn": "Chánh Văn phòng",
    "Thanh": "Chánh Thanh tra",
}


def apportion(total: int, weights: Sequence[float], *, minimum: int = 0) -> list[int]:
    """Split `total` over `weights` proportionally (largest remainder), each share >= minimum."""
    rest = total - minimum * len(weights)
    if rest < 0:
        raise ValueError("total is smaller than the minimum shares")
    weight_sum = sum(weights)
    quotas = [rest * w / weight_sum for w in weights]
    shares = [int(q) for q in quotas]
    by_remainder = sorted(range(len(weights)), key=lambda i: (shares[i] - quotas[i], i))
    for i in by_remainder[: rest - sum(shares)]:
        shares[i] += 1
    return [minimum + share for share in shares]


@dataclass
class AgencyPlan:
    """One agency or public service unit to create, with its size (a copy when factor > 1)."""

    spec: names.AgencySpec
    copy: int  # 0 for the original, k for the k-th extra copy
    staff: int
    party_members: int

    @property
    def suffix(self) -> str:
        return f" ({self.copy + 1})" if self.copy else ""

    @property
    def code(self) -> str:
        return f"{self.spec.code}-{self.copy + 1}" if self.copy else self.spec.code

    @property
    def party_prefix(self) -> str:
        """Đảng bộ or Chi bộ, from the party membership the unit has at factor 1."""
        base_sum = sum(spec.size for spec in names.AGENCIES)
        members = self.spec.size * BASE_PARTY_MEMBERS / base_sum
        return "Đảng bộ" if members >= names.DANG_BO_MIN_MEMBERS else "Chi bộ"


def plan_agencies(factor: float) -> list[AgencyPlan]:
    count = max(1, round(len(names.AGENCIES) * factor))
    specs = [names.AGENCIES[i % len(names.AGENCIES)] for i in range(count)]
    staff_total = max(count * MIN_AGENCY_STAFF, round(BASE_STAFF * factor))
    staff = apportion(staff_total, [spec.size for spec in specs], minimum=MIN_AGENCY_STAFF)
    party_total = max(count * MIN_PARTY_MEMBERS, round(BASE_PARTY_MEMBERS * factor))
    party = apportion(party_total, staff, minimum=MIN_PARTY_MEMBERS)
    return [
        AgencyPlan(spec, i // len(names.AGENCIES), staff[i], min(party[i], staff[i]))
        for i, spec in enumerate(specs)
    ]


@dataclass
class Province:
    """Everything to insert, planned in memory (related objects are linked before they have ids)."""

    levels: list[list[Unit]] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    roles: list[tuple[Person, Unit, str]] = field(default_factory=list)
    bodies: list[tuple[Body, list[tuple[Person, str]]]] = field(default_factory=list)
    accounts: dict[str, Person | None] = field(default_factory=dict)

    def row_count(self) -> int:
        members = sum(len(people) for _body, people in self.bodies)
        units = sum(len(level) for level in self.levels)
        return units + len(self.people) + len(self.roles) + len(self.bodies) + members


class Planner:
    """Plans the demo province; every random choice comes from one seeded generator."""

    def __init__(self, factor: float) -> None:
        self.factor = factor
        self.rng = random.Random(SEED)
        self.province = Province()
        self.codes: set[str] = set()
        self.emails: Counter[str] = Counter()
        self.staff_numbers = itertools.count(1)
        self._cum = {
            key: (tuple(n for n, _w in pairs), tuple(itertools.accumulate(w for _n, w in pairs)))
            for key, pairs in {
                "surname": names.SURNAMES,
                "male": names.MALE_MIDDLE,
                "female": names.FEMALE_MIDDLE,
                **{f"position:{k}": v for k, v in names.POSITIONS.items()},
            }.items()
        }

    def _pick(self, key: str) -> str:
        population, cum_weights = self._cum[key]
        return self.rng.choices(population, cum_weights=cum_weights)[0]

    def plan(self) -> Province:
        root = self._unit(names.ROOT_NAME, names.ROOT_CODE, UnitKind.PARTY_COMMITTEE, None)
        root.short_name = names.ROOT_SHORT_NAME
        self.province.levels = [[root], [], [], []]
        supervisor = self.person(
            unit=root, category=StaffCategory.CAN_BO, position="Trưởng ban Dân vận Đảng ủy Khối"
        )
        self.province.roles.append((supervisor, root, Role.SUPERVISOR))
        self.province.accounts |= {"admin": None, "province": supervisor}
        plans = plan_agencies(self.factor)
        if self.factor <= 1:
            for agency_plan in plans:
                self._agency(agency_plan, root)
        else:
            # Larger than the case (benchmarks): each copy of the province's organisations
            # under a party committee of its own below the root, as a national tree nests
            # provinces, so a node's children stay as many as in one province.
            self.province.levels.insert(1, [])
            groups: dict[int, Unit] = {}
            for agency_plan in plans:
                group = groups.get(agency_plan.copy)
                if group is None:
                    n = agency_plan.copy + 1
                    group = groups[agency_plan.copy] = self._unit(
                        f"{names.ROOT_NAME} ({n})",
                        f"{names.ROOT_CODE}-{n}",
                        UnitKind.PARTY_COMMITTEE,
                        root,
                    )
                    self.province.levels[1].append(group)
                self._agency(agency_plan, group)
        citizen = Person(
            surname="Trần", middle_name="Văn", given_name="Dân", email="tranvandan@example.com"
        )
        refresh_derived(citizen)
        self.province.people.append(citizen)
        self.province.accounts["citizen"] = citizen
        return self.province

    # --- units ----------------------------------------------------------------------------------

    def _unit(self, name: str, code: str, kind: str, parent: Unit | None) -> Unit:
        code = slugify(code)[:64].strip("-")
        unique, n = code, 1
        while unique in self.codes:
            n += 1
            unique = f"{code[: 60 - len(str(n))]}-{n}"
        self.codes.add(unique)
        return Unit(name=name, code=unique, kind=kind, parent=parent)

    def _departments(self, plan: AgencyPlan, agency: Unit) -> list[Unit]:
        count = self.rng.randint(3, 8)
        custom = names.CUSTOM_DEPARTMENTS.get(plan.spec.code)
        if custom:
            chosen = list(custom[:count])
        else:
            fixed, pool = names.DEPARTMENTS[plan.spec.profile]
            picked = set(self.rng.sample(range(len(pool)), min(count - len(fixed), len(pool))))
            chosen = [*fixed, *(name for i, name in enumerate(pool) if i in picked)]
        return [
            self._unit(name, f"{agency.code}-{fold(name)}", UnitKind.DEPARTMENT, agency)
            for name in chosen
        ]

    # --- people ---------------------------------------------------------------------------------

    def person(self, *, unit: Unit, category: str, position: str) -> Person:
        rng = self.rng
        female = rng.random() < 0.55
        surname = self._pick("surname")
        middle = self._pick("female" if female else "male")
        given = rng.choice(names.FEMALE_GIVEN if female else names.MALE_GIVEN)
        while given == middle.split()[-1]:
            given = rng.choice(names.FEMALE_GIVEN if female else names.MALE_GIVEN)
        person = Person(
            staff_code=f"BG{next(self.staff_numbers):06d}",
            surname=surname,
            middle_name=middle,
            given_name=given,
            birth_date=dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(35 * 365)),
            email=self._email(surname, middle, given),
            phone=f"09{rng.randrange(10**8):08d}",
            position=position,
            category=category,
            unit=unit,
            union_member=rng.random() < 0.9,
        )
        refresh_derived(person)
        self.province.people.append(person)
        return person

    def _email(self, surname: str, middle: str, given: str) -> str:
        """Government style: given name, then the initials of surname and middle name."""
        initials = "".join(word[0] for word in fold(f"{surname} {middle}").split())
        local = fold(given).replace(" ", "") + initials
        self.emails[local] += 1
        count = self.emails[local]
        return f"{local}{count if count > 1 else ''}@{names.EMAIL_DOMAIN}"

    def _category(self, public_service: bool) -> str:
        categories, weights = _CATEGORY_WEIGHTS[public_service]
        return self.rng.choices(categories, weights=weights)[0]

    def _staff(
        self, plan: AgencyPlan, agency: Unit, departments: list[Unit]
    ) -> tuple[Person, list[Person], list[Person]]:
        """(head, deputies, others): the first two in the agency itself, then a head for each
        department, then the rest spread over the agency and its departments."""
        spec = plan.spec
        leader = StaffCategory.VIEN_CHUC if spec.public_service else StaffCategory.CONG_CHUC
        head = self.person(unit=agency, category=leader, position=spec.head_title)
        deputy_title = f"Phó {spec.head_title}"
        deputies = [
            self.person(unit=agency, category=leader, position=deputy_title)
            for _n in range(self.rng.randint(1, 3))
        ]
        department_heads = [
            self.person(
                unit=department,
                category=leader,
                position=_DEPARTMENT_HEADS.get(department.name.split()[0], "Trưởng phòng"),
            )
            for department in departments
        ]
        rest = plan.staff - 1 - len(deputies) - len(departments)
        employees = [self._employee(spec, agency, departments) for _n in range(rest)]
        return head, deputies, department_heads + employees

    def _employee(self, spec: names.AgencySpec, agency: Unit, departments: list[Unit]) -> Person:
        rng = self.rng
        unit = agency if rng.random() < 0.15 else rng.choice(departments)
        category = self._category(spec.public_service)
        if category == StaffCategory.NGUOI_LAO_DONG:
            position = rng.choice(names.WORKER_POSITIONS)
        else:
            position = self._pick(f"position:{spec.profile}")
        return self.person(unit=unit, category=category, position=position)

    # --- agencies, roles and bodies -------------------------------------------------------------

    def _agency(self, plan: AgencyPlan, committee: Unit) -> None:
        spec, levels = plan.spec, self.province.levels[-3:]
        org_name = f"{plan.party_prefix} {spec.label}{plan.suffix}"
        org = self._unit(
            org_name,
            f"{fold(plan.party_prefix)} {plan.code}",
            UnitKind.PARTY_ORGANIZATION,
            committee,
        )
        kind = UnitKind.PUBLIC_SERVICE_UNIT if spec.public_service else UnitKind.STATE_AGENCY
        agency = self._unit(f"{spec.name}{plan.suffix}", plan.code, kind, org)
        agency.short_name = f"{spec.label}{plan.suffix}"
        departments = self._departments(plan, agency)
        levels[0].append(org)
        levels[1].append(agency)
        levels[2].extend(departments)
        head, deputies, others = self._staff(plan, agency, departments)
        self._roles_and_bodies(plan, org, agency, head, deputies, others)

    def _roles_and_bodies(
        self,
        plan: AgencyPlan,
        org: Unit,
        agency: Unit,
        head: Person,
        deputies: list[Person],
        others: list[Person],
    ) -> None:
        rng = self.rng
        n_union, n_inspection = rng.randint(2, 4), rng.randint(1, 3)
        needed = 5 + n_union + n_inspection
        candidates = [p for p in others if p.category != StaffCategory.NGUOI_LAO_DONG]
        picks = rng.sample(candidates if len(candidates) >= needed else others, needed)
        accountant, union_chair, clerk, inspection_chair, inspection_vice = picks[:5]
        union_committee, inspectors = picks[5 : 5 + n_union], picks[5 + n_union :]
        accountant.position, clerk.position = "Kế toán trưởng", "Văn thư"
        for person in (union_chair, *union_committee):
            person.union_member = True

        everyone = [head, *deputies, *others]
        roles: list[tuple[Person, str]] = [(p, Role.STAFF) for p in everyone]
        roles += [(head, Role.HEAD), *((p, Role.DEPUTY_HEAD) for p in deputies)]
        roles += [(accountant, Role.CHIEF_ACCOUNTANT), (clerk, Role.RECORDS_CLERK)]
        roles += [
            (union_chair, Role.UNION_CHAIR),
            *((p, Role.UNION_COMMITTEE) for p in union_committee),
        ]
        roles += [
            (inspection_chair, Role.INSPECTION_CHAIR),
            (inspection_vice, Role.INSPECTION_VICE_CHAIR),
        ]
        roles += [(p, Role.INSPECTION_MEMBER) for p in inspectors]

        pool = [head, deputies[0], union_chair, *deputies[1:], inspection_chair, accountant]
        steering = [*pool, *union_committee][: rng.randint(3, 7)]
        roles += [(p, Role.STEERING_COMMITTEE) for p in steering]
        self.province.roles += [(p, agency, role) for p, role in roles]
        self._bodies(
            plan,
            agency,
            {
                BodyKind.STEERING_COMMITTEE: steering,
                BodyKind.INSPECTION_BOARD: [inspection_chair, inspection_vice, *inspectors],
                BodyKind.UNION_EXECUTIVE: [union_chair, *union_committee],
            },
        )

        # Leaders are party members first; the party secretary is the first deputy head.
        priority = [head, *deputies, union_chair, inspection_chair, accountant]
        taken = {id(p) for p in priority}
        rest = [p for p in everyone if id(p) not in taken]
        extra = max(0, plan.party_members - len(priority))
        for person in [*priority, *rng.sample(rest, extra)][: plan.party_members]:
            person.party_organization = org
        self.province.roles.append((deputies[0], org, Role.PARTY_SECRETARY))

        if plan.code == DEMO_AGENCY_CODE:
            holders = {id(p) for p, role in roles if role != Role.STAFF}
            plain = next(
                p
                for p in others
                if p.category == StaffCategory.CONG_CHUC
                and p.position.startswith("Chuyên viên")
                and id(p) not in holders
            )
            self.province.accounts |= {
                "head": head,
                "union": union_chair,
                "inspector": inspection_chair,
                "staff": plain,
            }

    def _bodies(
        self, plan: AgencyPlan, agency: Unit, members: dict[BodyKind, list[Person]]
    ) -> None:
        """Each body: the first member chairs it, the second is vice-chair (but in the union
        executive committee, whose other members are ordinary members)."""
        for kind, people in members.items():
            start, end = TERMS[kind]
            name = f"{BODY_NAMES[kind]} {plan.spec.label}{plan.suffix}"
            body = Body(unit=agency, kind=kind, name=name, term_start=start, term_end=end)
            second = BodyRole.MEMBER if kind == BodyKind.UNION_EXECUTIVE else BodyRole.VICE_CHAIR
            body_roles = [BodyRole.CHAIR, second, *[BodyRole.MEMBER] * len(people)]
            self.province.bodies.append((body, list(zip(people, body_roles, strict=False))))
