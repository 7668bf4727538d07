"""The validator is independent of the model: its own code, the shared readings of issue 11.

Every case here calls :func:`scheduling.validate` on a hand-made rota (no solver), so it checks the
validator's own reading of local days, nights, leave, recovery and the country caps.
"""

import ast
import dataclasses
import pathlib
from datetime import date, time, timedelta

from sched_factories import (
    day,
    local,
    make_demand,
    make_problem,
    make_shift,
    make_worker,
    policy,
    put,
)

from scheduling import (
    CriticalIncident,
    DailyExposure,
    History,
    PastShift,
    Problem,
    ShiftInstance,
    validate,
)
from scheduling.problem import MonthlyCap

VALIDATE = pathlib.Path(__file__).parents[2] / "scheduling" / "validate"
#: the model's modules: the validator must reach none of them
MODEL_SIDE = {"facts", "model", "rules", "solver"}
KOLKATA = "Asia/Kolkata"
SYDNEY = "Australia/Sydney"


def model_side_imports(source: str, package: tuple[str, ...] = ("scheduling",)) -> list[str]:
    """Imports in ``source`` (a module of ``package``) that reach the model's modules, directly
    or through the ``scheduling`` package's own re-exports."""
    found = []

    def reaches_model(target: list[str], names: list[str]) -> list[str]:
        if target[:1] != ["scheduling"]:
            return [".".join(target) or "(above scheduling)"]
        if len(target) == 1:  # the package itself: its re-exports come from the model's modules
            return [f"scheduling:{n}" for n in names]
        return [".".join(target)] if target[1] in MODEL_SIDE else []

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "scheduling":
                    found += reaches_model(parts, [])
        elif isinstance(node, ast.ImportFrom):
            module = (node.module or "").split(".") if node.module else []
            if node.level == 0:
                if module[:1] == ["scheduling"]:
                    found += reaches_model(module, [a.name for a in node.names])
                continue
            if node.level > len(package):
                found.append("." * node.level + ".".join(module))  # above scheduling
                continue
            base = list(package[: len(package) - node.level + 1])
            if module:
                found += reaches_model(base + module, [a.name for a in node.names])
            elif len(base) == 1:  # from .. import x: the package's re-exports
                found += reaches_model(base, [a.name for a in node.names])
            else:  # from . import x: each name is a module of base
                for a in node.names:
                    found += reaches_model(base + [a.name], [])
    return found


def broken(p, rota) -> set[str]:
    """The rule ids the validator reports for ``rota``."""
    return {v.rule_id for v in validate(p, rota)}


# ---- independence ----------------------------------------------------------------------------


def test_independence__validate_imports_nothing_from_facts_model_rules_or_solver():
    modules = sorted(VALIDATE.glob("*.py"))
    assert len(modules) > 5
    found = {m.name: model_side_imports(m.read_text(), ("scheduling", "validate")) for m in modules}
    assert {name: f for name, f in found.items() if f} == {}


def test_independence__the_import_check_catches_every_way_of_reaching_the_model():
    planted = [
        "from .facts import compute_facts",
        "from . import rules",
        "from .solver import solve",
        "import scheduling.model",
        "from scheduling.facts import shift_facts",
        "from scheduling import solve",
        "def f():\n    from .facts import minutes_in_daily_window",
    ]
    for line in planted:
        assert model_side_imports(line), line
    fine = "from .problem import Problem, effective_limit\nfrom .policy import Policy\nimport ast"
    assert model_side_imports(fine) == []
    inside = ("scheduling", "validate")
    for line in (
        "from ..facts import compute_facts",
        "from ..rules.nights import consecutive_nights",
        "from .. import model",
        "from ... import anything",
        "from .. import solve",
    ):
        assert model_side_imports(line, inside), line
    fine = "from ..problem import Problem\nfrom .readings import Context\nfrom . import nights"
    assert model_side_imports(fine, inside) == []


# ---- local day: history and planned work on the same local day --------------------------------


def kolkata_late_shift(exposure: int | None = None) -> tuple[ShiftInstance, object]:
    """A 6 h shift starting 23:30 Kolkata time on the day before START (06:00 START in Auckland)."""
    s = local(day(-1), 23, 30, KOLKATA)
    shift = ShiftInstance("late", "late", s, s + timedelta(hours=6))
    if exposure is None:
        return shift, make_demand(shift)
    return shift, make_demand(
        shift, exposure_category="graphic", severity_weight=1.0, exposure_minutes=exposure
    )


def kolkata_history(hours: int, **kw) -> PastShift:
    """A shift worked from 10:00 Kolkata time on the day before START."""
    s = local(day(-1), 10, zone=KOLKATA)
    return PastShift("w1", s, s + timedelta(hours=hours), "day", **kw)


def test_minutes_per_day__kolkata_2330_shift_adds_to_history_earlier_that_local_day():
    shift, d = kolkata_late_shift()
    w = make_worker(zone=KOLKATA, limits={"max_minutes_per_local_day": 600})
    pol = policy("minutes-per-day", max_shifts_per_local_day=2)
    h = History(shifts=(kolkata_history(6),))
    p = make_problem([w], [shift], [d], pol=pol, history=h)
    (v,) = validate(p, put("w1", d))
    assert (v.rule_id, v.worker_id, v.when, v.amount) == ("minutes-per-day", "w1", day(-1), 120)
    assert "720 min" in v.message and "600" in v.message
    assert validate(make_problem([w], [shift], [d], pol=pol), put("w1", d)) == []


def test_shifts_per_day__history_earlier_on_the_first_local_day_counts_as_a_shift_that_day():
    shift, d = kolkata_late_shift()
    w = make_worker(zone=KOLKATA)
    h = History(shifts=(kolkata_history(4),))
    p = make_problem([w], [shift], [d], history=h)
    assert broken(p, put("w1", d)) == {"shifts-per-day"}
    assert validate(make_problem([w], [shift], [d]), put("w1", d)) == []


def test_exposure_per_day__kolkata_2330_shift_adds_to_history_exposure_that_local_day():
    shift, d = kolkata_late_shift(exposure=120)
    w = make_worker(zone=KOLKATA)
    pol = policy("exposure-per-day", max_shifts_per_local_day=2)
    h = History(shifts=(kolkata_history(4, exposure_category="graphic", severity_weight=0.5),))
    p = make_problem([w], [shift], [d], pol=pol, history=h)  # 120 + 4 h x 0.5 = 240: at the cap
    assert validate(p, put("w1", d)) == []
    h = History(shifts=(kolkata_history(5, exposure_category="graphic", severity_weight=0.5),))
    p = make_problem([w], [shift], [d], pol=pol, history=h)  # 120 + 150 = 270
    assert [(v.rule_id, v.when, v.amount) for v in validate(p, put("w1", d))] == [
        ("exposure-per-day", day(-1), 30)
    ]


def test_exposure_7_days__kolkata_2330_shift_and_same_day_history_both_count():
    shift, d = kolkata_late_shift(exposure=120)
    w = make_worker(zone=KOLKATA)
    pol = policy("exposure-7-days", target_exposure_minutes_per_7_days=None)
    week = tuple(DailyExposure("w1", day(-i), 170) for i in range(2, 8))  # 6 x 170 = 1020
    same_day = DailyExposure("w1", day(-1), 100)
    p = make_problem([w], [shift], [d], pol=pol, history=History(daily_exposure=week))
    assert validate(p, put("w1", d)) == []  # 1020 + 120 = 1140
    p = make_problem([w], [shift], [d], pol=pol, history=History(daily_exposure=(*week, same_day)))
    (v,) = validate(p, put("w1", d))  # 1020 + 100 + 120 = 1240
    assert (v.rule_id, v.when, v.amount) == ("exposure-7-days", day(-1), 40)


# ---- nights counted per night shift ------------------------------------------------------------


def night(n: int, hour: int, sid: str) -> ShiftInstance:
    """A 4 h shift on day ``n`` from ``hour`` UTC (inside the 22:00-06:00 window: a night)."""
    return make_shift(n, hour, 4, "night", sid=sid)


def test_nights_per_14_days__two_night_shifts_on_one_local_day_count_two():
    pol = policy(
        "nights-per-14-days",
        max_nights_per_14_days=3,
        target_nights_per_14_days=None,
        max_shifts_per_local_day=2,
    )
    two_on_day_0 = [night(0, 0, "a"), night(0, 22, "b"), night(3, 22, "c"), night(6, 22, "d")]
    p = make_problem([make_worker()], two_on_day_0, pol=pol)
    (v,) = validate(p, put("w1", *p.demands))
    assert (v.rule_id, v.when, v.amount) == ("nights-per-14-days", day(6), 1)
    p = make_problem([make_worker()], two_on_day_0[1:], pol=pol)
    assert validate(p, put("w1", *p.demands)) == []


def test_consecutive_nights__a_run_of_two_days_holding_three_night_shifts_is_too_many():
    pol = policy(
        "consecutive-nights",
        max_consecutive_nights=2,
        target_consecutive_nights=None,
        max_shifts_per_local_day=2,
    )
    run = [night(0, 0, "a"), night(0, 22, "b"), night(1, 22, "c")]
    p = make_problem([make_worker()], run, pol=pol)
    (v,) = validate(p, put("w1", *p.demands))
    assert (v.rule_id, v.when, v.amount) == ("consecutive-nights", day(1), 1)
    assert "3 night shifts" in v.message


def test_consecutive_nights__a_day_without_nights_breaks_the_run():
    pol = policy(
        "consecutive-nights",
        max_consecutive_nights=2,
        target_consecutive_nights=None,
        max_shifts_per_local_day=2,
    )
    p = make_problem(
        [make_worker()], [night(0, 0, "a"), night(0, 22, "b"), night(2, 22, "c")], pol=pol
    )
    assert validate(p, put("w1", *p.demands)) == []


def test_consecutive_nights__a_history_run_counts_and_only_what_the_rota_adds_is_blamed():
    pol = policy("consecutive-nights", max_consecutive_nights=2, target_consecutive_nights=None)
    h = History(shifts=tuple(PastShift("w1", *span(night(-i, 22, "p"))) for i in (1, 2, 3)))
    p = make_problem([make_worker()], [night(0, 22, "a")], pol=pol, history=h)
    (v,) = validate(p, put("w1", *p.demands))  # 3 past nights are history's; the 4th is the rota's
    assert (v.rule_id, v.when, v.amount) == ("consecutive-nights", day(0), 1)
    p = make_problem([make_worker()], [night(1, 22, "a")], pol=pol, history=h)
    assert validate(p, put("w1", *p.demands)) == []


def span(s: ShiftInstance) -> tuple:
    return s.start, s.end


def test_night__sydney_night_across_dst_end_is_judged_on_real_minutes():
    # 01:00 AEDT to 03:30 AEST on 5 April 2026: 2.5 h on the wall clock, 3.5 h (210 min) of night
    start = local(date(2026, 4, 5), 1, zone=SYDNEY)
    s = ShiftInstance("n", "night", start, start + timedelta(hours=3, minutes=30))
    assert local(date(2026, 4, 5), 3, 30, SYDNEY) == s.end
    w = make_worker(zone=SYDNEY, limits={"night_consent": False})
    d = make_demand(s)
    p = Problem(date(2026, 4, 4), 2, (w,), (s,), (d,), policy=policy("night-consent"))
    assert broken(p, put("w1", *p.demands)) == {"night-consent"}
    p = dataclasses.replace(p, policy=policy("night-consent", night_min_minutes=211))
    assert validate(p, put("w1", *p.demands)) == []


# ---- leave overlap ----------------------------------------------------------------------------


def test_availability__a_night_shift_running_into_a_leave_day_is_refused():
    w = make_worker(zone=SYDNEY, unavailable=frozenset({day(1)}))
    p = make_problem([w], [make_shift(0, 22, 8, "night", zone=SYDNEY)], pol=policy("availability"))
    (v,) = validate(p, put("w1", *p.demands))
    assert v.rule_id == "availability" and str(day(1)) in v.message


def test_availability__a_shift_ending_at_local_midnight_before_the_leave_day_is_allowed():
    w = make_worker(zone=SYDNEY, unavailable=frozenset({day(1)}))
    p = make_problem([w], [make_shift(0, 16, 8, "late", zone=SYDNEY)], pol=policy("availability"))
    assert validate(p, put("w1", *p.demands)) == []


def test_availability__a_night_shift_past_the_last_day_of_work_is_refused():
    w = make_worker(zone=KOLKATA, limits={"end_date": day(0)})
    pol = policy("availability")
    p = make_problem([w], [make_shift(0, 22, 8, "night", zone=KOLKATA)], pol=pol)
    assert broken(p, put("w1", *p.demands)) == {"availability"}
    p = make_problem([w], [make_shift(0, 15, 9, "late", zone=KOLKATA)], pol=pol)
    assert validate(p, put("w1", *p.demands)) == []


# ---- recovery after a critical incident ------------------------------------------------------


def recovery_case(start_hour_day_0: int, incident: CriticalIncident | None = None):
    """An incident at 17:00 on day -1 inside a history shift 16:00-24:00; then a high-severity
    shift of 8 h on day 0 from ``start_hour_day_0`` (24 may be given: 00:00 on day 1)."""
    ps = PastShift("w1", local(day(-1), 16), local(day(0), 0), "late")
    ci = incident or CriticalIncident("w1", local(day(-1), 17))
    s0 = local(day(0), 0) + timedelta(hours=start_hour_day_0)
    s = ShiftInstance("hs", "late", s0, s0 + timedelta(hours=8))
    d = make_demand(s, exposure_category="graphic", severity_weight=1.5)
    pol = policy("critical-incident-recovery")
    h = History(shifts=(ps,), critical_incidents=(ci,))
    return make_problem([make_worker()], [s], [d], pol=pol, history=h), put("w1", d)


def test_critical_incident_recovery__lasts_until_24_h_after_the_end_of_the_incident_shift():
    # 30 h after the incident, but 1 h before the incident shift's end + 24 h
    p, rota = recovery_case(23)
    (v,) = validate(p, rota)
    assert (v.rule_id, v.worker_id, v.when) == (
        "critical-incident-recovery",
        "w1",
        local(day(0), 23),
    )


def test_critical_incident_recovery__high_severity_work_after_shift_end_plus_24_h_is_fine():
    p, rota = recovery_case(24)
    assert validate(p, rota) == []


def test_critical_incident_recovery__an_incident_outside_any_shift_runs_24_h_from_the_incident():
    p, rota = recovery_case(16, CriticalIncident("w1", local(day(-1), 15)))
    assert validate(p, rota) == []
    p, rota = recovery_case(14, CriticalIncident("w1", local(day(-1), 15)))
    assert broken(p, rota) == {"critical-incident-recovery"}


def test_critical_incident_recovery__a_waiver_by_someone_else_is_not_a_waiver():
    at = local(day(-1), 17)
    p, rota = recovery_case(10, CriticalIncident("w1", at, waived_by="lead", waived_at=at))
    assert broken(p, rota) == {"critical-incident-recovery"}
    p, rota = recovery_case(10, CriticalIncident("w1", at, waived_by="w1", waived_at=at))
    assert validate(p, rota) == []
    p, rota = recovery_case(10, CriticalIncident("w1", at, waived=True))
    assert validate(p, rota) == []


# ---- country caps: minutes per local day and per local month ---------------------------------


def test_minutes_per_day__a_shift_above_the_daily_cap_is_refused_and_one_at_it_allowed():
    w = make_worker(limits={"max_minutes_per_local_day": 600})
    pol = policy("minutes-per-day")
    p = make_problem([w], [make_shift(0, 8, 11)], pol=pol)
    (v,) = validate(p, put("w1", *p.demands))
    assert (v.rule_id, v.when, v.amount) == ("minutes-per-day", day(0), 60)
    p = make_problem([w], [make_shift(0, 8, 10)], pol=pol)
    assert validate(p, put("w1", *p.demands)) == []


def test_minutes_per_day__history_on_the_same_local_day_counts():
    w = make_worker(limits={"max_minutes_per_local_day": 600})
    pol = policy("minutes-per-day", max_shifts_per_local_day=2)
    early = PastShift("w1", local(day(0), 0), local(day(0), 4), "early")
    p = make_problem([w], [make_shift(0, 12, 7)], pol=pol, history=History(shifts=(early,)))
    (v,) = validate(p, put("w1", *p.demands))
    assert (v.rule_id, v.when, v.amount) == ("minutes-per-day", day(0), 60)
    p = make_problem([w], [make_shift(0, 12, 6)], pol=pol, history=History(shifts=(early,)))
    assert validate(p, put("w1", *p.demands)) == []


#: 700 min a week: April (30 days) allows 3000 minutes, no overtime
SMALL_MONTH = MonthlyCap(normal_minutes_per_week=700, overtime_minutes_per_month=0)


def test_minutes_per_month__planned_minutes_above_the_months_cap_are_refused():
    w = make_worker(limits={"monthly_cap": SMALL_MONTH})
    pol = policy("minutes-per-month")
    assert SMALL_MONTH.minutes(30) == 3000
    p = make_problem([w], [make_shift(i) for i in range(7)], pol=pol)  # 7 x 480 = 3360
    (v,) = validate(p, put("w1", *p.demands))
    assert (v.rule_id, v.when, v.amount) == ("minutes-per-month", date(2026, 4, 1), 360)
    p = make_problem([w], [make_shift(i) for i in range(6)], pol=pol)  # 2880
    assert validate(p, put("w1", *p.demands)) == []


def test_minutes_per_month__history_in_the_same_month_counts_and_last_month_does_not():
    w = make_worker(limits={"monthly_cap": SMALL_MONTH})
    pol = policy("minutes-per-month")
    shifts = [make_shift(i) for i in range(3)]  # 1440
    april = History(shifts=tuple(PastShift("w1", *span(make_shift(-i))) for i in range(2, 6)))
    p = make_problem([w], shifts, pol=pol, history=april)  # + 4 x 480 on 1-4 April = 3360
    assert broken(p, put("w1", *p.demands)) == {"minutes-per-month"}
    march = History(shifts=tuple(PastShift("w1", *span(make_shift(-i))) for i in range(7, 11)))
    p = make_problem([w], shifts, pol=pol, history=march)  # 27-30 March
    assert validate(p, put("w1", *p.demands)) == []


def test_minutes_per_month__history_alone_over_the_cap_blames_only_what_the_rota_adds():
    w = make_worker(limits={"monthly_cap": SMALL_MONTH})
    pol = policy("minutes-per-month")
    # 1-5 April: 5 x 12 h = 3600 minutes, above the 3000 of April before the plan starts
    full = History(shifts=tuple(PastShift("w1", *span(make_shift(-i, 8, 12))) for i in range(1, 6)))
    p = make_problem([w], [make_shift(0)], pol=pol, history=full)
    (v,) = validate(p, put("w1", *p.demands))
    assert (v.rule_id, v.when, v.amount) == ("minutes-per-month", date(2026, 4, 1), 480)


def test_minutes_per_month__months_are_local_a_shift_on_1_may_in_sydney_is_not_april():
    w = make_worker(zone=SYDNEY, limits={"monthly_cap": SMALL_MONTH})
    pol = policy("minutes-per-month")
    april = [make_shift(i, 9, 8, zone=SYDNEY) for i in range(6)]  # 2880
    start = local(date(2026, 5, 1), 1, zone=SYDNEY)
    may_1 = ShiftInstance("may1", "early", start, start + timedelta(hours=4))
    assert start.date() == date(2026, 4, 30)  # still April in UTC
    p = make_problem([w], [*april, may_1], pol=pol)
    assert validate(p, put("w1", *p.demands)) == []
    p = make_problem([dataclasses.replace(w, zone="UTC")], [*april, may_1], pol=pol)
    assert broken(p, put("w1", *p.demands)) == {"minutes-per-month"}


def test_minutes_per_day__without_a_country_cap_a_long_day_is_not_limited():
    pol = policy("minutes-per-day", "minutes-per-month")
    p = make_problem([make_worker()], [make_shift(0, 0, 16, sid="long")], pol=pol)
    assert validate(p, put("w1", *p.demands)) == []


def test_local_day__kolkata_shift_on_the_day_before_the_start_lies_in_that_days_window():
    # the 23:30 shift belongs to the day before START: a run of 6 worked days before it makes 7
    shift, d = kolkata_late_shift()
    w = make_worker(zone=KOLKATA)
    pol = policy("consecutive-days", target_consecutive_working_days=None)
    h = History(
        shifts=tuple(
            PastShift("w1", local(day(-i), 9, zone=KOLKATA), local(day(-i), 17, zone=KOLKATA))
            for i in range(2, 8)
        )
    )
    p = make_problem([w], [shift], [d], pol=pol, history=h)
    (v,) = validate(p, put("w1", d))
    assert (v.rule_id, v.when) == ("consecutive-days", day(-1))
    assert time(23, 30) == shift.start.astimezone(w.tz).time()


# ---- subjects as data ---------------------------------------------------------------------------


def test_subjects__a_short_rest_says_the_rest_found_and_the_rest_needed_as_numbers():
    a, b = make_shift(0, 14, 8, sid="late"), make_shift(1, 6, 8, sid="early")
    p = make_problem([make_worker()], [a, b], pol=policy("min-rest"))
    (v,) = validate(p, put("w1", *p.demands))
    assert (v.rule_id, v.value, v.limit, v.amount, v.unit) == ("min-rest", 480, 660, 180, "minutes")


def test_subjects__an_understaffed_slot_names_its_demand_and_shift():
    s = make_shift(0)
    d = make_demand(s, min_headcount=2)
    p = make_problem([make_worker()], [s], [d])
    (v,) = [v for v in validate(p, put("w1", d)) if v.rule_id == "coverage"]
    assert (v.demand_id, v.shift_id, v.value, v.limit, v.unit) == (d.id, s.id, 1, 2, "people")


def test_subjects__a_run_too_long_gives_its_first_day_and_its_cap():
    shifts = [make_shift(n, sid=f"d{n}") for n in range(7)]
    p = make_problem([make_worker()], shifts, pol=policy("consecutive-days"))
    (v,) = validate(p, put("w1", *p.demands))
    assert (v.first_day, v.when, v.limit, v.value, v.unit) == (day(0), day(6), 6, 7, "days")


def test_subjects__every_check_that_gives_a_limit_says_its_unit():
    missing = []
    for module in sorted(VALIDATE.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Violation":
                names = {k.arg for k in node.keywords}
                if "limit" in names and "unit" not in names:
                    missing.append(f"{module.name}:{node.lineno}")
    assert missing == []
