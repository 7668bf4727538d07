"""Tandem's on-call application, in rooms (docs/architecture.md has the picture).

- ``domain/`` — what the rota is made of (team, responders, patterns, rotas, leave, local time);
- ``policy/`` — the team policy, country floors, roles;
- ``planning/`` — a team → the engine's problem, and the engine's answer → a draft rota;
- ``calendar/`` — ICS feeds, feed tokens, the feed server;
- ``io/`` — the skills matrix as spreadsheet files;
- ``storage/`` — the database (SQLAlchemy rows, Alembic migrations, the repository);
- ``services/`` — the use cases, one module per area: what the CLI and the app call;
- ``cli/`` — the ``tandem`` command line, one module per command group;
- ``demo/`` — the fictional demo team, as data files;
- ``errors.py`` (every error, in one place) and ``config.py`` (read once at the edge).
"""
