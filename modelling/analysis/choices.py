"""What the analysis tools can vary: typed inputs read from the declaration
(modelling/inputs.py), and the one reader of their wire format ("share:battery")."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .. import inputs

MAX_DRAWS = 100_000
MAX_GRID = 41


class AnalysisInputError(ValueError):
    def __init__(self, field, message):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


# --- inputs that can be varied ----------------------------------------------------


@dataclass(frozen=True)
class AnalysisInput:
    """One input the tools vary: a declared input, for one component (its key)
    or, with no component, the scenario's own input or every component at once."""

    input: inputs.Input
    component: str | None = None

    @classmethod
    def parse(cls, key, scenario=None):
        """The input a key names: "growth", "share" (every component), "share:battery".
        The one place a key is read; keys are what forms, links and saved
        Monte Carlo ranges carry. With a scenario, the component must be one of its own."""
        code, colon, component = key.partition(":")
        declared = inputs.BY_CODE.get(code)
        if (
            declared is None
            or not declared.tools
            or (colon and not (declared.per_component and component))
            or (declared.per_component and not colon and not declared.every_label)
        ):
            raise AnalysisInputError("input", f"unknown input {key!r}")
        varied = cls(declared, component or None)
        if scenario is not None and varied.component is not None:
            varied._component(scenario)
        return varied

    @property
    def key(self):
        """As forms, links and saved ranges carry it: "share:battery"."""
        return f"{self.input.code}:{self.component}" if self.component else self.input.code

    @property
    def every(self):
        """Every component's value at once."""
        return self.input.per_component and self.component is None

    @property
    def bounds(self):
        return tuple(float(bound) for bound in self.input.bounds)

    def label(self, scenario):
        return self.label_for(self._component(scenario).name if self.component else None)

    def label_for(self, component_name):
        """The label, given the component's name (None for a scenario input or every component)."""
        declared = self.input
        if not declared.per_component:
            return declared.page_label
        if self.every:
            return declared.every_label
        return f"{component_name}: {declared.analysis_label or declared.page_label}"

    def value(self, scenario):
        """Its value in scenario; for every component, their mean."""
        if not self.input.per_component:
            return float(getattr(scenario, self.input.engine))
        if self.every:
            values = [getattr(c, self.input.engine) for c in scenario.components]
            return float(sum(values) / len(values)) if values else 0.0
        return float(getattr(self._component(scenario), self.input.engine))

    def applied(self, scenario, value):
        """A copy of scenario with this input set to value (a scalar, for engine.project)."""
        attribute = self.input.engine
        if not self.input.per_component:
            return replace(scenario, **{attribute: value})
        return replace(
            scenario,
            components=tuple(
                replace(c, **{attribute: value}) if self.every or c.key == self.component else c
                for c in scenario.components
            ),
        )

    def index(self, scenario):
        """The component's position in scenario.components."""
        return scenario.components.index(self._component(scenario))

    def _component(self, scenario):
        for component in scenario.components:
            if component.key == self.component:
                return component
        raise AnalysisInputError("input", f"no component {self.component!r}")


def scenario_wide_inputs(tool):
    """What the tool can vary in any scenario: the scenario's own inputs, then
    those that can be set for every component at once."""
    declared = [i for i in inputs.INPUTS if tool in i.tools]
    return [
        *(AnalysisInput(i) for i in declared if not i.per_component),
        *(AnalysisInput(i) for i in declared if i.every_label),
    ]


def analysis_inputs(scenario, tool):
    """What the tool can vary in scenario, as the declaration says: the
    scenario-wide inputs, then each component's."""
    declared = [i for i in inputs.INPUTS if tool in i.tools and i.per_component]
    return [
        *scenario_wide_inputs(tool),
        *(AnalysisInput(i, c.key) for c in scenario.components for i in declared),
    ]


# --- many projections at once ---------------------------------------------------------
