"""Skills matrix, mentoring and progression: a pure library (no I/O, storage, UI or solver).

Modules: ``model`` (frozen dataclasses), ``errors`` (``SkillsError`` hierarchy), ``levels``
(effective level as of a date, level steps for the solver, assessment validation and decisions),
``targets`` (gaps and burden), ``risk`` (coverage risk and what-if), ``mentoring`` (eligibility,
load, suggested pairs, goals), ``progression`` (tracks, criteria, advance, evidence harvesting,
trainees for the solver) and ``matrix`` (matrix and history as plain records).
People are opaque ``person_id`` strings; dates are passed in, never read from the clock.
"""
