"""A general rostering engine on OR-Tools CP-SAT.

Build a :class:`Problem` (workers, UTC shift instances, demands, policy, history), call
:func:`solve`, read the :class:`SolveResult`; re-check any rota with :func:`validate`.
"""

from .errors import FormatError, Issue, ProblemError, SchedulingError
from .loads import (
    AssignmentFacts,
    WorkerLoad,
    assignment_facts,
    read_assignment,
    worker_loads,
)
from .policy import Policy
from .problem import (
    Assignment,
    CriticalIncident,
    DailyExposure,
    Demand,
    MonthlyCap,
    Page,
    PairingRequest,
    PastShift,
    Pin,
    Preference,
    Problem,
    ShiftInstance,
    SkillRequirement,
    Worker,
    WorkerLimits,
    check_problem,
    effective_limit,
)
from .rules import RULE_IDS, RULES, Rule
from .solver import (
    Explanation,
    Penalty,
    SolveResult,
    Status,
    Timings,
    Unfilled,
    evaluate,
    explain_infeasibility,
    solve,
)
from .validate import Violation, validate

__all__ = [
    "RULES",
    "RULE_IDS",
    "assignment_facts",
    "Assignment",
    "AssignmentFacts",
    "CriticalIncident",
    "DailyExposure",
    "Demand",
    "Explanation",
    "FormatError",
    "History",
    "Issue",
    "MonthlyCap",
    "Page",
    "PairingRequest",
    "PastShift",
    "Penalty",
    "Pin",
    "Policy",
    "Preference",
    "Problem",
    "ProblemError",
    "Rule",
    "SchedulingError",
    "ShiftInstance",
    "SkillRequirement",
    "SolveResult",
    "Status",
    "Timings",
    "Unfilled",
    "Violation",
    "Worker",
    "WorkerLimits",
    "WorkerLoad",
    "check_problem",
    "effective_limit",
    "evaluate",
    "explain_infeasibility",
    "read_assignment",
    "solve",
    "validate",
    "worker_loads",
]

from .problem import History  # noqa: E402
