"""Planning: from a team to the engine's problem, and from the engine's answer back to a draft.

Pure translation on domain objects (loaded and stored by :mod:`rota.services`); nothing here
reads or writes storage.

- :mod:`~rota.planning.snapshot` — what planning is given (:class:`TeamSnapshot`,
  :class:`PlanRequest`) and how the engine's ids map back (``PlanIndex``);
- :mod:`~rota.planning.engine_policy` — the team policy in the engine's units;
- :mod:`~rota.planning.history` — published history before the horizon;
- :mod:`~rota.planning.problem` — the team → ``scheduling.Problem`` (:func:`build_problem`);
- :mod:`~rota.planning.drafts` — the engine's assignments → a draft rota with stable ids, a rota
  → the engine's assignments, and what a draft changes against the published version;
- :mod:`~rota.planning.explain` — why no rota exists, in plain words;
- :mod:`~rota.planning.violations` — broken hard rules in plain words.

The three names below are the package's entry points (``tests/scheduling`` prices a week of the
demo team through them).
"""

from rota.planning.problem import build_problem
from rota.planning.snapshot import PlanRequest, TeamSnapshot

__all__ = ["PlanRequest", "TeamSnapshot", "build_problem"]
