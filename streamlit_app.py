"""Tandem's app: the router and frame. Pages live in ``app_pages/``, one file per page."""

import streamlit as st

st.set_page_config(page_title="Tandem — on-call rotas", page_icon="🗓️", layout="wide")

pages = {
    "Rota": [
        st.Page("app_pages/team.py", title="Team", icon="👥", default=True),
        st.Page("app_pages/coverage.py", title="Coverage & policy", icon="🧭"),
        st.Page("app_pages/plan.py", title="Plan", icon="🧮"),
        st.Page("app_pages/rota_view.py", title="Rota", icon="🗓️", url_path="rota"),
        st.Page("app_pages/wellbeing.py", title="Wellbeing", icon="💚"),
    ],
    "Skills & mentoring": [
        st.Page("app_pages/skills_matrix.py", title="Skills matrix", icon="🧩"),
        st.Page("app_pages/mentoring.py", title="Mentoring", icon="🤝"),
    ],
    "Me": [st.Page("app_pages/me.py", title="Me", icon="🙋")],
    "Admin": [st.Page("app_pages/feeds.py", title="Calendar feeds", icon="📅")],
}

navigation = st.navigation(pages)
st.sidebar.caption("Tandem — fair on-call rotas and mentoring for APAC incident response.")
navigation.run()
