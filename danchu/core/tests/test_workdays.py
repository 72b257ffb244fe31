"""Working days for legal deadlines: weekends, public holidays, Tết, swapped days, settings."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from danchu.core.workdays import (
    EXTRA_DAY_OFF_LABEL,
    add_working_days,
    holidays_in,
    is_working_day,
    working_days_between,
)


def d(text: str) -> date:
    """A date written the Vietnamese way: dd/mm/yyyy."""
    return datetime.strptime(text, "%d/%m/%Y").date()


# --- is_working_day ---------------------------------------------------------------------------


def test_monday_to_friday_are_working_days() -> None:
    assert all(is_working_day(d(f"{day:02d}/03/2026")) for day in range(2, 7))


def test_saturday_and_sunday_are_not_working_days() -> None:
    assert not is_working_day(d("07/03/2026"))
    assert not is_working_day(d("08/03/2026"))


@pytest.mark.parametrize(
    "day",
    [
        "01/01/2026",  # Tết Dương lịch
        "16/02/2026",  # Tết Nguyên Đán 2026: 16–20/02
        "17/02/2026",
        "18/02/2026",
        "19/02/2026",
        "20/02/2026",
        "27/04/2026",  # Giỗ Tổ Hùng Vương (Sunday 26/04), observed on Monday
        "30/04/2026",
        "01/05/2026",
        "01/09/2026",  # Quốc khánh: 2/9 and the day next to it
        "02/09/2026",
    ],
)
def test_public_holidays_on_weekdays_are_not_working_days(day: str) -> None:
    assert not is_working_day(d(day))


def test_the_day_before_tet_2026_is_a_working_day() -> None:
    assert is_working_day(d("13/02/2026"))
    assert is_working_day(d("23/02/2026"))


def test_a_bridge_day_off_is_not_worked_and_the_saturday_swapped_for_it_is() -> None:
    # 2026: Monday 31/08 off, worked on Saturday 22/08 instead.
    assert not is_working_day(d("31/08/2026"))
    assert is_working_day(d("22/08/2026"))


def test_a_saturday_swapped_for_a_day_off_in_the_next_year_is_worked() -> None:
    # Friday 02/01/2015 off, worked on Saturday 27/12/2014.
    assert not is_working_day(d("02/01/2015"))
    assert is_working_day(d("27/12/2014"))


def test_is_working_day_refuses_a_datetime() -> None:
    with pytest.raises(TypeError, match=r"datetime\.date"):
        is_working_day(datetime(2026, 3, 2, 9, 0))


# --- add_working_days -------------------------------------------------------------------------


def test_five_working_days_from_the_friday_before_tet_2026_skip_the_tet_week() -> None:
    # Decision on Friday 13/02/2026; 14–15 weekend, 16–20 Tết, 21–22 weekend; 23–27 counted.
    assert add_working_days(d("13/02/2026"), 5) == d("27/02/2026")


def test_a_deadline_started_during_tet_2026_counts_from_the_end_of_tet() -> None:
    assert add_working_days(d("17/02/2026"), 1) == d("23/02/2026")


def test_tet_2027_runs_from_thursday_4_to_wednesday_10_february() -> None:
    days_off = {day for day, _ in holidays_in(2027)}
    tet = {d("04/02/2027") + timedelta(days=offset) for offset in range(7)}
    assert tet <= days_off
    assert is_working_day(d("03/02/2027"))
    assert is_working_day(d("11/02/2027"))


def test_five_working_days_from_the_eve_of_tet_2027_end_the_week_after() -> None:
    # Decision on Wednesday 03/02/2027; 04–10 Tết; 11, 12, 15, 16, 17 counted.
    assert add_working_days(d("03/02/2027"), 5) == d("17/02/2027")


def test_a_deadline_running_into_tet_2027_resumes_after_it() -> None:
    # Decision on Friday 29/01/2027; 01, 02, 03 counted, 04–10 Tết, 11 and 12 counted.
    assert add_working_days(d("29/01/2027"), 5) == d("12/02/2027")


def test_five_working_days_across_30_april_and_1_may_2026() -> None:
    # Decision on Tuesday 28/04/2026; 29 counted, 30/4 and 1/5 off, 2–3 weekend; 4–7 counted.
    assert add_working_days(d("28/04/2026"), 5) == d("07/05/2026")


def test_five_working_days_across_30_april_and_1_may_2027_observed_on_monday() -> None:
    # 1/5/2027 is a Saturday, observed on Monday 03/05: only 04–07 and 10 are counted.
    assert add_working_days(d("29/04/2027"), 5) == d("10/05/2027")


def test_one_working_day_after_a_friday_is_the_monday() -> None:
    assert add_working_days(d("06/03/2026"), 1) == d("09/03/2026")


def test_five_working_days_after_a_monday_are_the_next_monday() -> None:
    assert add_working_days(d("02/03/2026"), 5) == d("09/03/2026")


def test_working_days_counted_from_a_weekend_start_on_monday() -> None:
    assert add_working_days(d("07/03/2026"), 1) == d("09/03/2026")


def test_zero_working_days_from_a_working_day_is_that_day() -> None:
    assert add_working_days(d("04/03/2026"), 0) == d("04/03/2026")


def test_zero_working_days_from_a_saturday_is_the_next_monday() -> None:
    assert add_working_days(d("07/03/2026"), 0) == d("09/03/2026")


def test_zero_working_days_from_the_first_day_of_tet_2026_is_the_monday_after() -> None:
    assert add_working_days(d("16/02/2026"), 0) == d("23/02/2026")


def test_add_working_days_refuses_a_negative_count() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_working_days(d("02/03/2026"), -1)


def test_add_working_days_refuses_a_datetime() -> None:
    with pytest.raises(TypeError):
        add_working_days(datetime(2026, 3, 2, 9, 0), 5)


# --- working_days_between ---------------------------------------------------------------------


def test_working_days_between_counts_the_end_but_not_the_start() -> None:
    assert working_days_between(d("06/03/2026"), d("09/03/2026")) == 1


def test_working_days_between_a_day_and_itself_is_zero() -> None:
    assert working_days_between(d("04/03/2026"), d("04/03/2026")) == 0


def test_working_days_between_skips_tet_2026() -> None:
    assert working_days_between(d("13/02/2026"), d("27/02/2026")) == 5


def test_working_days_between_a_whole_weekend_is_zero() -> None:
    assert working_days_between(d("06/03/2026"), d("08/03/2026")) == 0


def test_working_days_between_is_negative_when_the_end_comes_first() -> None:
    assert working_days_between(d("27/02/2026"), d("13/02/2026")) == -5


@pytest.mark.parametrize(
    "start", ["13/02/2026", "16/02/2026", "28/04/2026", "21/08/2026", "29/01/2027", "24/12/2026"]
)
@pytest.mark.parametrize("n", [1, 2, 5, 10, 30])
def test_working_days_between_undoes_add_working_days(start: str, n: int) -> None:
    assert working_days_between(d(start), add_working_days(d(start), n)) == n


def test_a_full_year_2026_has_the_expected_number_of_working_days() -> None:
    # 261 weekdays, less 13 holidays on weekdays (1/1, 5 of Tết, 27/4, 30/4, 1/5, 31/8, 1–2/9,
    # 24/11), plus Saturday 22/08 worked.
    assert working_days_between(d("31/12/2025"), d("31/12/2026")) == 261 - 13 + 1


# --- settings ---------------------------------------------------------------------------------


def test_an_extra_day_off_in_settings_is_not_a_working_day(settings: Any) -> None:
    assert is_working_day(d("11/02/2027"))
    settings.DANCHU_EXTRA_DAYS_OFF = ["2027-02-11"]
    assert not is_working_day(d("11/02/2027"))


def test_an_extra_day_off_in_settings_pushes_the_deadline_back(settings: Any) -> None:
    settings.DANCHU_EXTRA_DAYS_OFF = ["2027-02-11", "2027-02-12"]
    assert add_working_days(d("03/02/2027"), 5) == d("19/02/2027")


def test_an_extra_working_saturday_in_settings_counts(settings: Any) -> None:
    settings.DANCHU_EXTRA_WORKING_DAYS = ["2026-03-07"]
    assert is_working_day(d("07/03/2026"))
    assert add_working_days(d("06/03/2026"), 1) == d("07/03/2026")
    assert working_days_between(d("06/03/2026"), d("09/03/2026")) == 2


def test_an_extra_working_day_in_settings_overrides_a_holiday(settings: Any) -> None:
    settings.DANCHU_EXTRA_WORKING_DAYS = ["2026-08-31"]
    assert is_working_day(d("31/08/2026"))


def test_a_bridge_day_with_its_swapped_saturday_in_settings(settings: Any) -> None:
    # A swap the package does not know: Friday 02/01/2026 off, Saturday 10/01/2026 worked.
    settings.DANCHU_EXTRA_DAYS_OFF = ["2026-01-02"]
    settings.DANCHU_EXTRA_WORKING_DAYS = ["2026-01-10"]
    # Decision on Wednesday 31/12/2025: 1/1 and 2/1 off, 3–4 weekend, 5–9 counted.
    assert add_working_days(d("31/12/2025"), 5) == d("09/01/2026")
    assert add_working_days(d("31/12/2025"), 6) == d("10/01/2026")


def test_settings_are_read_on_every_call(settings: Any) -> None:
    settings.DANCHU_EXTRA_DAYS_OFF = ["2026-03-04"]
    assert not is_working_day(d("04/03/2026"))
    settings.DANCHU_EXTRA_DAYS_OFF = []
    assert is_working_day(d("04/03/2026"))


def test_extra_days_may_be_given_as_dates(settings: Any) -> None:
    settings.DANCHU_EXTRA_DAYS_OFF = [date(2026, 3, 4)]
    assert not is_working_day(d("04/03/2026"))


def test_missing_settings_mean_no_extra_days(settings: Any) -> None:
    del settings.DANCHU_EXTRA_DAYS_OFF
    del settings.DANCHU_EXTRA_WORKING_DAYS
    assert is_working_day(d("04/03/2026"))
    assert not is_working_day(d("07/03/2026"))


@pytest.mark.parametrize("bad", ["04/03/2026", "2026-02-30", "", 20260304])
def test_a_day_in_settings_that_is_not_an_iso_date_is_refused(settings: Any, bad: object) -> None:
    settings.DANCHU_EXTRA_DAYS_OFF = [bad]
    with pytest.raises(ImproperlyConfigured, match="DANCHU_EXTRA_DAYS_OFF"):
        is_working_day(d("04/03/2026"))


def test_a_single_string_instead_of_a_list_in_settings_is_refused(settings: Any) -> None:
    settings.DANCHU_EXTRA_WORKING_DAYS = "2026-03-07"
    with pytest.raises(ImproperlyConfigured, match="list"):
        is_working_day(d("07/03/2026"))


def test_a_day_listed_both_off_and_worked_in_settings_is_refused(settings: Any) -> None:
    settings.DANCHU_EXTRA_DAYS_OFF = ["2026-03-07"]
    settings.DANCHU_EXTRA_WORKING_DAYS = ["2026-03-07"]
    with pytest.raises(ImproperlyConfigured, match="2026-03-07"):
        add_working_days(d("06/03/2026"), 1)


# --- holidays_in ------------------------------------------------------------------------------


def test_holidays_in_lists_the_days_off_of_the_year_in_order_with_vietnamese_names() -> None:
    days = holidays_in(2026)
    assert days == sorted(days)
    assert all(day.year == 2026 for day, _ in days)
    names = dict(days)
    assert names[d("01/01/2026")] == "Tết Dương lịch"
    assert names[d("17/02/2026")] == "Tết Nguyên Đán"
    assert "Quốc khánh" in names[d("02/09/2026")]


def test_holidays_in_2026_covers_tet_from_16_to_20_february() -> None:
    days = {day for day, _ in holidays_in(2026)}
    assert {d(f"{day}/02/2026") for day in range(16, 21)} <= days
    assert d("13/02/2026") not in days
    assert d("23/02/2026") not in days


def test_holidays_in_lists_no_working_day() -> None:
    assert not any(is_working_day(day) for day, _ in holidays_in(2026))


def test_holidays_in_includes_extra_days_off_from_settings(settings: Any) -> None:
    settings.DANCHU_EXTRA_DAYS_OFF = ["2026-01-02", "2027-01-04"]
    names = dict(holidays_in(2026))
    assert names[d("02/01/2026")] == EXTRA_DAY_OFF_LABEL
    assert d("04/01/2027") not in names


def test_holidays_in_leaves_out_days_worked_by_settings(settings: Any) -> None:
    settings.DANCHU_EXTRA_WORKING_DAYS = ["2026-08-31"]
    assert d("31/08/2026") not in dict(holidays_in(2026))
