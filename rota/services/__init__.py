"""Use cases of the on-call application: one module per area, one function per use case.

Every use case takes the caller's ``Session`` (the caller's ``database.session()`` block commits or
rolls back) and the clock as an argument (``now``, ``today`` or ``as_of``); it returns plain domain
objects or small frozen view objects, never rows. The CLI (:mod:`rota.cli`), the Streamlit pages
(``app_pages/``) and the feed server call these and nothing deeper. Errors are those of
:mod:`rota.errors` (``REPORTED_ERRORS``), whose messages name the field, the value and the fix.

- :mod:`~rota.services.teams` — teams, the demo team, the team overview, the coverage design,
  responders joining, changing and leaving;
- :mod:`~rota.services.planning` — plan, publish, repair after a sickness, validate a stored rota;
- :mod:`~rota.services.scenarios` — a team's problem as a scenario file, scenario files solved and
  checked, the Curtois & Qu benchmark instances, "what if" feasibility checks;
- :mod:`~rota.services.rotas` — the timeline, the draft against the published version, edits of
  the draft checked before they are saved;
- :mod:`~rota.services.wellbeing` — load against the limits, per-person limits, recovery waivers;
- :mod:`~rota.services.me` — one responder's own view;
- :mod:`~rota.services.skills` — the skills matrix, gaps, coverage risk, assessments;
- :mod:`~rota.services.skills_io` — importing and exporting the skills matrix as files;
- :mod:`~rota.services.mentoring` — pairs, suggestions, progression tracks, levels over time;
- :mod:`~rota.services.feeds` — calendar-feed links and feeds, the feed server's lookups;
- :mod:`~rota.services.runtime` — opening the configured database (and seeding the demo team on
  first open) for the edges.

``_common`` and ``_skills_data`` hold what several areas share; nothing outside this package
imports them.
"""
