"""Calendar feeds (Admin): team feed links, who has a personal feed, the team .ics download.

Also :func:`personal_feed_section`, which the "Me" page calls for a responder's own feed. A new
link is shown once, right after it is made; afterwards only its status (created, last used) is.

Importing this module (for :func:`personal_feed_section`) draws nothing: the page itself is
drawn only when Streamlit runs this file as a page (``__name__ == "__main__"``).
"""

from __future__ import annotations

import os
from datetime import datetime

import pandas as pd
import streamlit as st

from app_pages._common import current_team, now, run
from rota.config import Config
from rota.services import feeds

FEED_NOTE = (
    "A calendar feed is a convenience view of the published rota, never the paging path: "
    "Google Calendar refreshes subscriptions only every 8–24 h, Outlook on the web about every 3 h."
)


def _base_url() -> str:
    return Config.from_env(os.environ).feed_base_url


def _when(value: datetime | None, empty: str = "never") -> str:
    return value.strftime("%d %b %Y %H:%M UTC") if value is not None else empty


def show_new_link(link: feeds.IssuedLink) -> None:
    """The new link, both forms, with a warning that it is shown only now."""
    st.success(
        f"New link for {link.subject_name}. It is shown only this once: copy it now and keep it "
        "private (anyone with it can read the calendar)."
    )
    st.markdown("**Calendar URL** (paste into Google Calendar “From URL”, Outlook, Thunderbird):")
    st.code(link.https, language=None)
    st.markdown("**One-click subscribe** (Apple Calendar, Outlook desktop):")
    st.code(link.webcal, language=None)
    if link.revoked_previous:
        st.caption("Your previous link was revoked and no longer works.")


def personal_feed_section(responder) -> None:
    """A responder's own calendar feed: status, "Create/rotate my link", and the .ics download."""
    st.subheader("📅 My calendar feed")
    st.caption(FEED_NOTE)
    status = run(feeds.feed_status, responder.id)
    if status.active:
        st.write(
            f"You have a calendar link, created {_when(status.created_at)}; "
            f"last fetched by a calendar: {_when(status.last_used_at)}."
        )
    else:
        st.write("You have no calendar link yet.")
    label = "Rotate my link" if status.active else "Create my link"
    left, right = st.columns(2)
    if left.button(
        label,
        key=f"feed_rotate_{responder.id}",
        help="Makes a new link; the old one stops working at once.",
    ):
        link = run(feeds.rotate_person_token, responder.id, now(), _base_url())
        show_new_link(link)
    if status.active and right.button("Turn off my link", key=f"feed_revoke_{responder.id}"):
        run(feeds.revoke_responder, responder.id, now())
        st.rerun()
    body = run(feeds.personal_ics, responder.id, now())
    st.download_button(
        "Download my shifts (.ics)",
        data=body,
        file_name=f"tandem-{responder.id}.ics",
        mime="text/calendar",
        key=f"feed_download_{responder.id}",
        help="A one-off copy of your published shifts; it does not update itself.",
    )


def _page() -> None:
    team = current_team()
    st.title("📅 Calendar feeds")
    st.caption(FEED_NOTE)

    st.subheader("Team feed links")
    st.write(
        "A team link shows every responder's published shifts. Several may be active at once "
        "(e.g. one per lead); revoking one leaves the others working."
    )
    if st.button("Issue a team link", key="feeds_issue_team"):
        show_new_link(run(feeds.issue_team_token, team.id, now(), _base_url()))
    message = st.session_state.pop("feeds_message", None)
    if message:
        st.success(message)
    links = run(feeds.team_links, team.id)
    if links:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Link": link.token_id,
                        "Created": _when(link.created_at),
                        "Last used": _when(link.last_used_at),
                    }
                    for link in links
                ]
            ),
            hide_index=True,
            width="stretch",
        )
        with st.form("feeds_revoke_team"):
            labels = {
                f"{link.token_id} (created {_when(link.created_at)})": link.token_id
                for link in links
            }
            which = st.selectbox("Link", ["All team links", *labels], key="feeds_revoke_which")
            confirm = st.checkbox("Yes, revoke it", key="feeds_revoke_confirm")
            go = st.form_submit_button("Revoke")
        if go:
            if not confirm:
                st.error("Tick the confirmation box to revoke.")
            elif which == "All team links":
                count = run(feeds.revoke_team, team.id, now())
                st.session_state["feeds_message"] = f"Revoked {count} team links."
                st.rerun()
            else:
                run(feeds.revoke_team_token, team.id, labels[which], now())
                st.session_state["feeds_message"] = f"Revoked {labels[which]}."
                st.rerun()
    else:
        st.write("The team has no active team link.")

    st.download_button(
        "Download the team's shifts (.ics)",
        data=run(feeds.team_ics, team.id, now()),
        file_name=f"tandem-{team.id}.ics",
        mime="text/calendar",
        key="feeds_download_team",
    )

    st.subheader("Personal feeds")
    st.caption(
        "Responders make and rotate their own link on the Me page; links are revoked when "
        "someone is offboarded. Only the status is shown here."
    )
    statuses = run(feeds.team_feed_statuses, team.id)
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Name": s.responder.name,
                    "E-mail": s.responder.email,
                    "Personal feed": "active" if s.status.active else "none",
                    "Created": _when(s.status.created_at, ""),
                    "Last used": _when(s.status.last_used_at) if s.status.active else "",
                }
                for s in statuses
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    active = sum(1 for s in statuses if s.status.active)
    st.caption(f"{active} of {len(statuses)} responders have a personal feed.")


if __name__ == "__main__":
    _page()
