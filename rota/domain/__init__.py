"""The on-call application's domain: plain frozen dataclasses, no I/O, no SQLAlchemy.

Instants are ``datetime`` objects in UTC (``tzinfo=UTC``). Local facts (a responder's local day,
night, weekend, public holiday) are derived from the responder's IANA zone at the edges that need
them; nothing here stores local wall-clock instants.

Skills, assessments and mentoring live in :mod:`skills.model`; this package holds what the rota
itself is made of, one module each:

- :mod:`~rota.domain.team` — the team, team roles, the days of the week;
- :mod:`~rota.domain.responders` — responders, their languages and content clearances;
- :mod:`~rota.domain.patterns` — shift patterns with role demands, severities of queues;
- :mod:`~rota.domain.absences` — leave;
- :mod:`~rota.domain.exposure` — critical incidents handled and the exposure log;
- :mod:`~rota.domain.rotas` — rotas (drafts and published versions) and their assignments;
- :mod:`~rota.domain.feed_tokens` — calendar-feed tokens (hashes only);
- :mod:`~rota.domain.timezones` — zones, local time, public holidays;
- :mod:`~rota.domain.coverage` — a pattern's occurrences as UTC instants, and day strips.

Nothing here imports services, planning, storage, the CLI or the calendar server
(``tests/test_architecture.py``).
"""
