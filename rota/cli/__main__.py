"""``python -m rota.cli``: the ``tandem`` command line."""

from rota.cli.main import main

raise SystemExit(main())
