"""The ``tandem`` command line (``rota.cli.main:main``; ``python -m rota.cli`` runs it too).

Every command has ``--help``; errors are one clear line.

Configuration comes from the environment (``TANDEM_DATABASE_URL``, ``TANDEM_HOME``); see
:class:`rota.config.Config`. Exit codes: 0 success, 1 an error Tandem explains (including a rota
that breaks a hard rule: `tandem check`, and `tandem publish` refusing a draft), 2 usage errors
(argparse) and plans that are impossible, 3 an unexpected internal error, 4 the engine's own rota
broke a hard rule by the independent validator (`tandem solve`, `tandem plan`: status invalid;
nothing publishable is stored).

One module per command group, each with a ``register(add, date_type)`` that adds its commands:
:mod:`~rota.cli.team` (demo, team, coverage, db), :mod:`~rota.cli.app` (app),
:mod:`~rota.cli.plan` (plan, publish, scenario export, solve, check), :mod:`~rota.cli.skills`
(skills ..., mentoring ...), :mod:`~rota.cli.feeds` (serve-feeds, feeds ...),
:mod:`~rota.cli.timeline` (shifts, versions, override, swap ..., undo) and
:mod:`~rota.cli.bench` (bench curtois). :mod:`~rota.cli.common` holds what they share: the exit
codes, the context (configuration, output, the clock, the database), the date type, the
``--team`` option and the solver options. :mod:`~rota.cli.main` builds the parser and runs a
command. Commands call :mod:`rota.services` only (``tests/test_architecture.py``).
"""
