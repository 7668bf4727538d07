"""Skills matrix: levels as of a day, gaps against role targets, coverage risk, assessments to
approve, and Excel import (with a preview) and export."""

import altair as alt
import pandas as pd
import streamlit as st

from app_pages._common import current_team, database, now, run
from rota.errors import SkillsError, TandemError
from rota.services import skills, skills_io
from skills.model import LEVEL_LABELS, AssessmentSource


def attempt(service, *args, **kwargs):
    """Call a service in its own transaction; a refusal is shown as a message (None returned)."""
    try:
        with database().session() as session:
            return service(session, *args, **kwargs)
    except (TandemError, SkillsError) as error:
        st.error(str(error))
        return None


def show(service, *args, **kwargs):
    """Call a service for the page's content; an error is a message and stops the page."""
    try:
        return run(service, *args, **kwargs)
    except SkillsError as error:
        st.error(str(error))
        st.stop()


team = current_team()
st.title("🧩 Skills matrix")
if "skills_flash" in st.session_state:
    st.success(st.session_state.pop("skills_flash"))

today = now().date()
as_of = st.date_input("As of", value=today, key="skills_as_of", help="Levels on this day (UTC).")
view = show(skills.skills_matrix, team.id, as_of)
st.caption(
    f"{len(view.people)} people × {len(view.skills)} skills on {view.as_of:%d %b %Y}. "
    "Only approved assessments by someone else count; self-ratings and pending ones never "
    "put anyone on call."
)

tab_matrix, tab_gaps, tab_risk, tab_assess, tab_io = st.tabs(
    ["Matrix", "Gaps", "Coverage risk", "Assessments", "Import & export"]
)

# --------------------------------------------------------------------------------- matrix
with tab_matrix:
    cells = []
    for person in view.people:
        for skill in view.skills:
            cell = view.cell(person.id, skill.id)
            marks = skills.flag_marks(cell.flags)
            cells.append(
                {
                    "Person": person.label,
                    "Skill": skill.name,
                    "Level": cell.rota_level,
                    "Label": LEVEL_LABELS[cell.rota_level],
                    "Text": ("·" if cell.level is None else str(cell.level)) + marks,
                    "Flags": ", ".join(sorted(f.value for f in cell.flags)),
                    "Expires": "" if cell.expires_on is None else cell.expires_on.isoformat(),
                }
            )
    frame = pd.DataFrame(cells)
    base = alt.Chart(frame).encode(
        x=alt.X(
            "Skill:N",
            title=None,
            axis=alt.Axis(labelAngle=-40, labelOverlap=False, labelLimit=180),
        ),
        y=alt.Y("Person:N", title=None, axis=alt.Axis(labelOverlap=False, labelLimit=220)),
    )
    heat = base.mark_rect().encode(
        color=alt.Color(
            "Level:O",
            scale=alt.Scale(domain=[0, 1, 2, 3, 4], scheme="blues"),
            legend=alt.Legend(title="Level"),
        ),
        tooltip=["Person", "Skill", "Level", "Label", "Flags", "Expires"],
    )
    text = base.mark_text(fontSize=11).encode(
        text="Text:N",
        color=alt.condition(alt.datum.Level >= 3, alt.value("white"), alt.value("black")),
    )
    st.altair_chart((heat + text).properties(height=alt.Step(22)), width="stretch")
    st.caption("Marks: ⌛ expiring within 30 days, ✗ expired, • pending decision, ~ stale.")
    flagged = frame[frame["Flags"] != ""][["Person", "Skill", "Text", "Flags", "Expires"]]
    if not flagged.empty:
        st.subheader("Cells with marks")
        st.dataframe(flagged, hide_index=True, width="stretch")

# --------------------------------------------------------------------------------- gaps
with tab_gaps:
    gaps = show(skills.skill_gaps, team.id, as_of)
    st.subheader("Burden per skill")
    st.caption("Burden = people below target × average gap: the training the team still owes.")
    burden = pd.DataFrame(
        [
            {
                "Skill": b.skill_name,
                "Burden": b.burden.burden,
                "People below target": b.burden.people_with_gap,
                "People with a target": b.burden.people_with_target,
                "Average gap": round(b.burden.average_gap, 2),
                "Mandatory gaps": b.burden.mandatory_gaps,
            }
            for b in gaps.burdens
        ]
    )
    if not burden.empty:
        st.altair_chart(
            alt.Chart(burden)
            .mark_bar()
            .encode(
                x=alt.X("Burden:Q"),
                y=alt.Y("Skill:N", sort="-x", title=None),
                tooltip=list(burden.columns),
            ),
            width="stretch",
        )
        st.dataframe(burden, hide_index=True, width="stretch")
    st.subheader(f"Open gaps ({len(gaps.gaps)})")
    if gaps.gaps:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Person": g.person.label,
                        "Skill": g.skill_name,
                        "Level": g.gap.level,
                        "Target": g.gap.target_level,
                        "Gap": g.gap.gap,
                        "Mandatory": "yes" if g.gap.mandatory else "",
                        "Role": g.gap.role,
                    }
                    for g in gaps.gaps
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    else:
        st.write("Nobody is below their role's target.")

# --------------------------------------------------------------------------------- risk
with tab_risk:
    risk = show(skills.coverage_risk_view, team.id, as_of)
    st.caption("⚠ marks a skill or window that one person, or nobody, can cover.")
    st.subheader("Per skill (people at level ≥ 3)")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Flag": "⚠" if r.flagged else "",
                    "Skill": r.skill.name,
                    "Qualified": r.coverage.count,
                    "Status": r.coverage.status.value,
                    "Who": ", ".join(p.name for p in r.qualified) if r.coverage.count <= 5 else "",
                }
                for r in risk.skills
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    st.subheader("Per coverage window (from the shift patterns)")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Flag": "⚠" if r.flagged else "",
                    "Window": r.coverage.window.name,
                    "Needs": r.source.requirement,
                    "Hours": f"{r.source.pattern.start:%H:%M}–{r.source.pattern.end:%H:%M} "
                    f"{r.source.pattern.zone}",
                    "Qualified": r.coverage.count,
                    "Needed": r.coverage.window.needed,
                    "Status": r.coverage.status.value,
                }
                for r in risk.windows
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    st.subheader("What if one person is away")
    if risk.removals:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Without": r.person.label,
                        "Windows at risk": "; ".join(r.windows_broken),
                        "Skills at risk": ", ".join(r.skills_at_risk),
                        "Summary": r.result.summary(),
                    }
                    for r in risk.removals
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    else:
        st.write("Nobody's absence alone puts a coverage window or a skill at risk.")

# --------------------------------------------------------------------------------- assessments
with tab_assess:
    st.subheader(f"Waiting for a decision ({len(view.pending)})")
    if not view.pending:
        st.write("No assessments are waiting for approval.")
    for pending in view.pending:
        a = pending.assessment
        with st.container(border=True):
            by = f" by {pending.assessor.name}" if pending.assessor else ""
            st.markdown(
                f"**{pending.person.label}** — {pending.skill_name}: level {pending.level_text}, "
                f"{a.source.value}{by}, {a.assessed_at:%d %b %Y} (`{a.id}`)"
            )
            if a.comment:
                st.caption(a.comment)
            if not pending.approvers:
                st.caption("Nobody on the team may decide this one (needs a manager or level 4).")
                continue
            labels = {f"{p.name} ({p.team_role})": p for p in pending.approvers}
            left, middle, right = st.columns([3, 1, 1])
            chosen = left.selectbox(
                "Decided by", list(labels), key=f"approver-{a.id}", label_visibility="collapsed"
            )
            approve = middle.button("Approve", key=f"approve-{a.id}")
            reject = right.button("Reject", key=f"reject-{a.id}")
            if approve or reject:
                service = skills.approve_assessment if approve else skills.reject_assessment
                done = attempt(service, a.id, labels[chosen].email, now=now())
                if done is not None:
                    verb = "Approved" if approve else "Rejected"
                    st.session_state["skills_flash"] = (
                        f"{verb}: {done.person.name} — {done.skill_name} level {done.level_text}, "
                        f"by {labels[chosen].name}."
                    )
                    st.rerun()

    st.subheader("Record an assessment")
    people = {p.label: p for p in view.people}
    skill_by_name = {s.name: s for s in view.skills}
    with st.form("record-assessment"):
        person_label = st.selectbox("Person", list(people))
        skill_name = st.selectbox("Skill", list(skill_by_name))
        level = st.select_slider(
            "Level",
            options=[0, 1, 2, 3, 4],
            value=3,
            format_func=lambda n: f"{n} {LEVEL_LABELS[n]}",
        )
        sources = [s.value for s in AssessmentSource if s != AssessmentSource.PROGRESSION]
        source = st.selectbox("Source", sources, index=sources.index("manager"))
        assessor_label = st.selectbox("Assessed by", ["(nobody named)", *people])
        made_on = st.date_input("Made on", value=today, max_value=today)
        comment = st.text_input("Comment")
        submitted = st.form_submit_button("Record")
    if submitted:
        recorded = attempt(
            skills.record_assessment,
            team.id,
            people[person_label].id,
            skill_by_name[skill_name].id,
            level,
            now=now(),
            source=source,
            by=None if assessor_label == "(nobody named)" else people[assessor_label].id,
            on=made_on,
            comment=comment,
        )
        if recorded is not None:
            st.session_state["skills_flash"] = (
                f"Recorded {recorded.person.name} — {recorded.skill_name} level "
                f"{recorded.level_text}; it counts once approved."
            )
            st.rerun()

# --------------------------------------------------------------------------------- import/export
with tab_io:
    st.subheader("Export")
    workbook = show(skills_io.export_workbook_bytes, team.id, as_of)
    st.download_button(
        "Download the matrix and assessment history (.xlsx)",
        data=workbook,
        file_name=f"{team.id}-skills-{as_of.isoformat()}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    st.caption(
        "Sheets: people, skills, targets, assessments (full history) and matrix. "
        "The same file can be imported back."
    )
    st.subheader("Import")
    upload = st.file_uploader(
        "An .xlsx workbook (sheets people, skills, targets, assessments) or one .csv file",
        type=["xlsx", "csv"],
    )
    if upload is not None:
        try:
            tables = skills_io.read_import_upload(upload.getvalue(), upload.name)
        except TandemError as error:
            st.error(str(error))
            tables = None
        if tables is not None:
            preview = attempt(skills_io.preview_skills_import, team.id, tables, now=now())
            if preview is not None:
                read = ", ".join(f"{n} {k}" for k, n in preview.preview.rows_read.items())
                st.write(f"Read {read}.")
                if preview.unchanged:
                    st.caption(f"{preview.unchanged} assessment rows are already stored; skipped.")
                if preview.problems:
                    st.error(f"{len(preview.problems)} problem(s); nothing will be written.")
                    st.dataframe(
                        pd.DataFrame(
                            [
                                {
                                    "File or sheet": p.source,
                                    "Row": p.row,
                                    "Column": p.column,
                                    "Value": p.value,
                                    "Problem": p.message,
                                }
                                for p in preview.problems
                            ]
                        ),
                        hide_index=True,
                        width="stretch",
                    )
                else:
                    counts = ", ".join(f"{n} {k}" for k, n in preview.counts().items())
                    st.success(f"No problems. Importing writes {counts}.")
                    if st.button("Import"):
                        done = attempt(skills_io.import_skills, team.id, tables, now=now())
                        if done is not None and done.written:
                            st.session_state["skills_flash"] = f"Imported {counts}."
                            st.rerun()
