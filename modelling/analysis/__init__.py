"""Analysis beyond one projection: sensitivity grids, tornado, goal seek and
Monte Carlo ranges, each measuring cumulative revenue, cumulative EBIT or NPV,
in plain Python and NumPy.

choices.py says what the tools can vary (typed, from the input declaration)
and what they can measure (Metric); variants.py projects many variants of a
scenario at once; tools.py holds the grid, the tornado and goal seek;
monte_carlo.py the ranges and their draws.
"""

from .choices import (
    EBIT,
    MAX_DRAWS,
    MAX_GRID,
    METRICS,
    NPV,
    REVENUE,
    AnalysisInput,
    AnalysisInputError,
    Metric,
    analysis_inputs,
    scenario_wide_inputs,
)
from .monte_carlo import MonteCarloResult, Range, monte_carlo
from .tools import Bar, GoalSeekResult, Grid, goal_seek, sensitivity_grid, tornado
from .variants import CHUNK, VARIED, Flows, Variants, project_flows, project_many

__all__ = [
    "CHUNK",
    "EBIT",
    "MAX_DRAWS",
    "MAX_GRID",
    "METRICS",
    "NPV",
    "REVENUE",
    "VARIED",
    "AnalysisInput",
    "AnalysisInputError",
    "Bar",
    "Flows",
    "GoalSeekResult",
    "Grid",
    "Metric",
    "MonteCarloResult",
    "Range",
    "Variants",
    "analysis_inputs",
    "goal_seek",
    "monte_carlo",
    "project_flows",
    "project_many",
    "scenario_wide_inputs",
    "sensitivity_grid",
    "tornado",
]
