"""Property: the step function the solver reads equals the effective level asked day by day."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from skills_factories import make_assessment, make_skill, utc

from skills.levels import effective_level, level_on, level_steps
from skills.model import AssessmentSource, AssessmentStatus

START = date(2026, 1, 1)
DAYS = 120

assessment_rows = st.lists(
    st.builds(
        lambda offset, hour, decided_after, level, status, source: make_assessment(
            assessed_at=utc(2026, 1, 1, hour) + timedelta(days=offset),
            decided_at=None
            if decided_after is None
            else utc(2026, 1, 1, hour) + timedelta(days=offset + decided_after),
            level=level,
            status=status,
            source=source,
            assessor_id="p1" if source == AssessmentSource.SELF else "boss",
        ),
        offset=st.integers(-30, DAYS),
        hour=st.integers(0, 23),
        decided_after=st.none() | st.integers(0, 20),
        level=st.none() | st.integers(0, 4),
        status=st.sampled_from([AssessmentStatus.APPROVED] * 3 + list(AssessmentStatus)),
        source=st.sampled_from([AssessmentSource.MANAGER] * 3 + [AssessmentSource.SELF]),
    ),
    max_size=6,
)


@settings(max_examples=150, deadline=None)
@given(
    rows=assessment_rows,
    validity=st.none() | st.integers(1, 90),
    recency=st.none() | st.integers(1, 60),
    work_offsets=st.none() | st.lists(st.integers(-30, DAYS), max_size=5),
)
def test_level_steps__equals_effective_level_on_every_day(rows, validity, recency, work_offsets):
    skill = make_skill(validity_days=validity, recency_days=recency)
    work_dates = None if work_offsets is None else [START + timedelta(days=d) for d in work_offsets]
    work = None if work_dates is None else {("p1", skill.id): work_dates}
    end = START + timedelta(days=DAYS)
    steps = level_steps(["p1"], [skill], rows, START, end, work=work)[("p1", skill.id)]
    assert steps[0][0] == START
    for offset in range(DAYS + 1):
        day = START + timedelta(days=offset)
        expected = effective_level("p1", skill, rows, day, work_dates=work_dates).rota_level
        assert level_on(steps, day) == expected
