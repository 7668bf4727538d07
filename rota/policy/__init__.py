"""The team policy and the rules around it: plain data and pure functions, no I/O.

- :mod:`~rota.policy.team_policy` — every wellbeing and working-time limit as a named field with
  its default, kind, unit and source; a team's overrides are checked and resolved here;
- :mod:`~rota.policy.countries` — country (and state) floors: rest, shift length, hours caps, the
  night window, work on public holidays;
- :mod:`~rota.policy.roles` — which target roles a responder holds, and who may decide an
  assessment.

Nothing here imports services, planning, storage, the CLI or the calendar server.
"""
