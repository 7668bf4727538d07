"""Team: who is on the team, where they are, their local time now, languages, contract, leave."""

import pandas as pd
import streamlit as st

from app_pages._common import current_team, database, now, run
from rota.domain.team import DAY_NAMES
from rota.errors import TandemError
from rota.services import teams

team = current_team()
st.title(f"👥 {team.name}")
views = run(teams.team_overview, team.id, now())

zones = sorted({v.responder.timezone for v in views})
st.caption(
    f"{len(views)} responders in {len(zones)} time zones. "
    "Times below are each person's local time now."
)

rows = [
    {
        "Name": v.responder.name,
        "Zone": v.responder.timezone,
        "Local time": v.local_time.strftime("%a %H:%M"),
        "Offset": v.utc_offset,
        "Country": v.responder.country
        + (f"-{v.responder.subdivision}" if v.responder.subdivision else ""),
        "Languages": v.languages_text,
        "Contract h/week": v.responder.contract_hours_per_week,
        "Working days": v.working_days_text,
        "Night work": "consents" if v.responder.night_work_consent else "no",
        "Role": str(v.responder.team_role),
        "Leave": (
            f"on leave until {v.on_leave_today.end:%d %b}"
            if v.on_leave_today
            else (f"next: {v.upcoming_leave[0].start:%d %b}" if v.upcoming_leave else "")
        ),
    }
    for v in views
]
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

st.subheader("Where the team is")
by_zone = (
    pd.DataFrame([{"Zone": v.responder.timezone, "Offset": v.utc_offset} for v in views])
    .value_counts()
    .reset_index(name="Responders")
)
st.bar_chart(by_zone, x="Zone", y="Responders")

st.subheader("Upcoming leave")
leave_rows = [
    {
        "Name": v.responder.name,
        "From": e.start,
        "To": e.end,
        "Kind": str(e.kind),
    }
    for v in views
    for e in v.upcoming_leave
]
if leave_rows:
    st.dataframe(pd.DataFrame(leave_rows).sort_values("From"), hide_index=True, width="stretch")
else:
    st.write("Nobody has leave booked.")


st.subheader("Change the team")
st.caption(
    "Offboarding keeps history (published rotas, assessments, the exposure log); the person is "
    "simply no longer planned after their last day."
)
ZONES = list(teams.known_zones())


def responder_form(key: str, person=None) -> teams.ResponderInput | None:
    """The add / edit form; returns what was entered when submitted."""
    with st.form(key):
        c1, c2 = st.columns(2)
        name = c1.text_input("Name", value=person.name if person else "", key=f"{key}_name")
        email = c2.text_input("E-mail", value=person.email if person else "", key=f"{key}_email")
        c3, c4, c5 = st.columns([2, 1, 1])
        default_zone = person.timezone if person else team.display_zone
        tz = c3.selectbox(
            "Time zone",
            ZONES,
            index=ZONES.index(default_zone) if default_zone in ZONES else 0,
            key=f"{key}_zone",
        )
        country = c4.text_input(
            "Country (ISO code)", value=person.country if person else "", key=f"{key}_country"
        )
        subdivision = c5.text_input(
            "Subdivision (e.g. NSW)",
            value=(person.subdivision or "") if person else "",
            key=f"{key}_subdivision",
        )
        languages = st.text_input(
            "Languages (code:level, e.g. ja:native, en:fluent)",
            value=teams.languages_text(person.languages) if person else "",
            key=f"{key}_languages",
        )
        c6, c7 = st.columns([1, 2])
        hours = c6.number_input(
            "Contract hours per week",
            min_value=1.0,
            max_value=80.0,
            step=1.0,
            value=float(person.contract_hours_per_week) if person else 40.0,
            key=f"{key}_hours",
        )
        days = c7.multiselect(
            "Working days",
            list(DAY_NAMES),
            default=[DAY_NAMES[d] for d in (person.working_days if person else range(5))],
            key=f"{key}_days",
        )
        consent = st.checkbox(
            "Consents to night work",
            value=person.night_work_consent if person else False,
            key=f"{key}_night",
        )
        submitted = st.form_submit_button("Save" if person else "Add responder")
    if not submitted:
        return None
    return teams.ResponderInput(
        name=name,
        email=email,
        timezone=tz,
        country=country,
        subdivision=subdivision or None,
        languages=languages,
        contract_hours_per_week=hours,
        working_days=tuple(DAY_NAMES.index(d) for d in days),
        night_work_consent=consent,
    )


def attempt(service, *args, **kwargs):
    """Run a membership change; a wrong input is shown next to the form, the page carries on."""
    try:
        return run_checked(service, *args, **kwargs)
    except TandemError as error:
        st.error(str(error))
        return None


def run_checked(service, *args, **kwargs):
    with database().session() as session:
        return service(session, *args, **kwargs)


message = st.session_state.pop("team_message", None)
if message:
    st.success(message)
add_tab, edit_tab, offboard_tab = st.tabs(["Add a responder", "Edit", "Offboard"])
with add_tab:
    entered = responder_form("add_responder")
    if entered is not None:
        added = attempt(teams.add_responder, team.id, entered, today=now().date())
        if added is not None:
            st.session_state["team_message"] = f"Added {added.name} ({added.timezone})."
            for widget in [k for k in st.session_state if str(k).startswith("add_responder_")]:
                del st.session_state[widget]  # an empty form for the next person
            st.rerun()

people = {v.responder.name: v.responder for v in views}
with edit_tab:
    if people:
        who = st.selectbox("Responder", list(people), key="edit_who")
        entered = responder_form(f"edit_{people[who].id}", people[who])
        if entered is not None:
            changed = attempt(teams.update_responder, people[who].id, entered)
            if changed is not None:
                st.session_state["team_message"] = f"Saved {changed.name}."
                st.rerun()

with offboard_tab:
    if people:
        with st.form("offboard"):
            who = st.selectbox("Responder", list(people), key="offboard_who")
            last_day = st.date_input("Last day", value=now().date(), key="offboard_last")
            confirm = st.checkbox("Yes, offboard this person", key="offboard_confirm")
            go = st.form_submit_button("Offboard")
        if go:
            if not confirm:
                st.error("Tick the confirmation box to offboard.")
            else:
                done = attempt(teams.offboard, people[who].id, last_day=last_day, now=now())
                if done is not None:
                    note = (
                        f" {done.draft_assignments_after} assignments in the draft after that day "
                        "need someone else: re-plan or reassign them on the Rota page."
                        if done.draft_assignments_after
                        else ""
                    )
                    extra = "".join(f" {n[0].upper()}{n[1:]}." for n in done.notes)
                    st.session_state["team_message"] = (
                        f"Offboarded {done.responder.name} after {last_day}.{note}{extra}"
                    )
                    st.rerun()
