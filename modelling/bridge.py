"""The bridge from one projection to another: what moves a figure from A to B.

Cumulative revenue, cumulative EBIT or NPV of B minus that of A is split into
the effect of each group of inputs: volume, content value (price), share
(with the supply start), margin, exchange rate, the valuation terms (NPV only)
and components that only one of the two has ("new or lost content"). The
split is exact and does not depend on the order the groups are taken in: each
group's effect is its Shapley value, the average of what switching it from A
to B adds over every order of switching the groups one by one, so

    sum of the effects = B - A        (to floating-point rounding)
    bridge(B, A)       = -bridge(A, B), effect by effect

where A and B are the projections' own figures, as the pages show them (the
rounding is that of the flows they net: revenue, tax, working capital, costs).

The cells. Over the calendar years of either projection (the union of both
horizons), a component both have (matched by key) has in year y the factors
    V(y)     vehicles                                                   ("volume")
    U(c, y)  content value x (1 + price change/100) ** (y - t0)         ("price")
    S(c, y)  share/100 if y >= supply start, else 0                     ("share")
    M(c)     margin/100                                                 ("margin")
    FX(y)    units of the reporting currency per dollar                 ("fx")
and its revenue is V x U x S x FX, its EBIT V x U x S x M x FX. In a year
outside a scenario's horizon, V is 0 there and the scenario says nothing of
the other factors, so they are taken to be the other scenario's: such a year
is volume alone (a plan that runs a year longer gains that year as volume),
and no price path is carried beyond its horizon (where, over decades, it would
make bars of absurd size that cancel). FX is a group only when both report in
the same currency other than dollars; when the currencies differ the bridge is
in US dollars (and its note says so). A component only one of the two has
brings its whole cells, with its own scenario's factors, through the one group
"content".

Revenue and EBIT are sums of cells, so a group's effect on the total is the
sum of its effects on the cells (cell_effects gives those; the tests hold the
two equal). NPV is not: the tax floor, working capital over consecutive years,
up-front costs and discounting make it a function of all the cells at once.
So every metric is worked out the same way: the figure is evaluated for every
subset of the groups that differ (at most 2**7 = 128), with those groups'
factors from B and the rest from A, and each group gets
    phi(g) = sum over subsets T without g of |T|! (k - |T| - 1)! / k! x (v(T + g) - v(T)).
For NPV one more group, "terms", carries the discount rate, the tax rate, the
working-capital % and the common components' up-front costs (a one-sided
component's up-front cost goes with "content"). The years valued, and so the
valuation year t0 (the first of them), are those of the scenario the volume
comes from: a year outside the horizon is not valued, as in valuation.py, and
cash is never discounted from a year outside its plan (between plans decades
apart, that would multiply opposite bars by (1 + r) ** decades). An up-front
cost with no year of its own is spent in the first year valued. A group equal
in A and B adds exactly nothing under every order, so it is left out of the
game and gets no bar.

Per-year bridges split one year's figure (revenue(y), EBIT(y), or PV(y) in
the currency) the same way; the year effects of a group add up to its effect
on the total.

Plain Python, no Django.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import currency

METRICS = {"revenue": "Cumulative revenue", "ebit": "Cumulative EBIT", "npv": "NPV"}
YEAR_METRICS = {
    "revenue": "Revenue in {year}",
    "ebit": "EBIT in {year}",
    "npv": "Present value of {year}'s cash flow",
}
METRIC_CHOICES = (("revenue", "Revenue"), ("ebit", "EBIT"), ("npv", "NPV"))

# In the order the bars come.
GROUPS = {
    "volume": "Volume",
    "price": "Content value (price)",
    "share": "Share (incl. supply start)",
    "margin": "Margin",
    "fx": "Exchange rate",
    "terms": "Discount, tax, working capital and up-front cost",
    "content": "New or lost content",
}
_PLAYERS = {
    "revenue": ("volume", "price", "share", "fx", "content"),
    "ebit": ("volume", "price", "share", "margin", "fx", "content"),
    "npv": ("volume", "price", "share", "margin", "fx", "terms", "content"),
}


class BridgeRequestError(ValueError):
    """A bridge asked for that cannot be drawn; the message says why."""


@dataclass(frozen=True)
class Step:
    key: str  # a key of GROUPS
    label: str
    amount: float  # in the bridge's currency


@dataclass(frozen=True)
class Bridge:
    metric: str  # a key of METRICS
    year: int | None  # None: the figure over the whole horizon
    start: float  # A's figure, in the bridge's currency
    end: float  # B's figure
    steps: tuple[Step, ...]  # only the groups with an effect, in the order of GROUPS
    currency: str  # the code of the currency every amount is in
    note: str = ""  # e.g. why the bridge is in dollars
    per_year: tuple[Bridge, ...] = ()  # with year None: one bridge per calendar year of either

    @property
    def title(self):
        return YEAR_METRICS[self.metric].format(year=self.year) if self.year else METRICS[self.metric]

    @property
    def difference(self):
        return self.end - self.start

    @property
    def residual(self):
        """What the steps miss of end - start: zero but for floating-point rounding."""
        return math.fsum([*(step.amount for step in self.steps), self.start, -self.end])

    def for_year(self, year):
        for bridge in self.per_year:
            if bridge.year == year:
                return bridge
        raise KeyError(year)


# --- the factors of each side --------------------------------------------------------


def _bridge_currency(a, b):
    code_a, code_b = a.scenario.currency, b.scenario.currency
    if code_a == code_b:
        return code_a, ""
    names = currency.CURRENCIES
    return "USD", (
        f"The reference reports in {names[code_a].name} and the other in {names[code_b].name}, "
        "so this bridge is in US dollars."
    )


class _Side:
    """One projection's factors over the calendar years of the pair; None in a
    year outside its horizon, until _Game.borrow fills in the other side's."""

    def __init__(self, projection, years, common, own, code):
        scenario = projection.scenario
        self.scenario = scenario
        by_year = dict(zip(projection.years, projection.volumes, strict=True))
        self.volume = tuple(by_year.get(year, 0.0) for year in years)
        self.window = tuple(year in by_year for year in years)
        if code == "USD":
            self.fx = [1.0] * len(years)
        else:
            path = currency.rate_path(code, years, scenario.fx_overrides)
            self.fx = [
                path[year] if inside else None for year, inside in zip(years, self.window, strict=True)
            ]
        components = {c.key: c for c in scenario.components}
        self.price = {key: self._unit_values(components[key], years) for key in common}
        self.share = {key: self._shares(components[key], years) for key in common}
        self.margin = {
            key: self._in_window(years, lambda _, c=components[key]: c.margin_pct / 100) for key in common
        }
        self.terms = (
            scenario.discount_rate_pct,
            scenario.tax_rate_pct,
            scenario.working_capital_pct,
            self._upfront([components[key] for key in common], years),
        )
        # The components only this side has, whole, with this side's factors.
        only = [components[key] for key in own]
        revenue = [[] for _ in years]
        ebit = [[] for _ in years]
        for c in only:
            for i, (v, u, s) in enumerate(
                zip(self.volume, self._unit_values(c, years), self._shares(c, years), strict=True)
            ):
                if self.window[i]:
                    cell = v * u * s
                    revenue[i].append(cell)
                    ebit[i].append(cell * (c.margin_pct / 100))
        self.content_revenue = tuple(math.fsum(cells) for cells in revenue)  # dollars
        self.content_ebit = tuple(math.fsum(cells) for cells in ebit)
        self.content_upfront = self._upfront(only, years)
        rates = [rate or 0.0 for rate in self.fx]  # no content outside the horizon
        self.content_revenue_fx = tuple(r * fx for r, fx in zip(self.content_revenue, rates, strict=True))
        self.content_ebit_fx = tuple(e * fx for e, fx in zip(self.content_ebit, rates, strict=True))
        self.has_content = bool(only)

    def _in_window(self, years, factor):
        return [factor(year) if inside else None for year, inside in zip(years, self.window, strict=True)]

    def _unit_values(self, component, years):
        base = 1 + component.price_change_pct / 100  # as the engine writes it, so the cells agree
        t0 = self.scenario.first_year
        return self._in_window(years, lambda year: component.content_value * base ** (year - t0))

    def _shares(self, component, years):
        share = component.share_pct / 100
        return self._in_window(years, lambda year: share if year >= component.supply_start_year else 0.0)

    @staticmethod
    def _upfront(components, years):
        """(cost spent in each year that has its own, cost spent in the first year valued)."""
        index = {year: i for i, year in enumerate(years)}
        spent, first = [[] for _ in years], []
        for c in components:
            if c.upfront_cost:
                (first if c.upfront_year is None else spent[index[c.upfront_year]]).append(c.upfront_cost)
        return tuple(math.fsum(costs) for costs in spent), math.fsum(first)

    def borrow(self, other):
        """Outside its horizon, the other side's price, share, margin and rate."""
        for i, inside in enumerate(self.window):
            if not inside:
                self.fx[i] = other.fx[i]
                for factors, theirs in (
                    (self.price, other.price),
                    (self.share, other.share),
                    (self.margin, other.margin),
                ):
                    for key, values in factors.items():
                        values[i] = theirs[key][i]

    def key(self, group):
        """What must be equal on both sides for the group to have no effect."""
        if group == "volume":
            return self.volume, self.window
        return getattr(self, group)


class _Game:
    """The figure, year by year, of every hybrid of the two sides."""

    def __init__(self, a, b, metric):
        self.metric = metric
        self.years = tuple(sorted(set(a.years) | set(b.years)))
        self.currency, self.note = _bridge_currency(a, b)
        keys_a = {c.key for c in a.scenario.components}
        keys_b = {c.key for c in b.scenario.components}
        common = sorted(keys_a & keys_b)
        self.common = common
        self.sides = (
            _Side(a, self.years, common, sorted(keys_a - keys_b), self.currency),
            _Side(b, self.years, common, sorted(keys_b - keys_a), self.currency),
        )
        # Every year is inside one horizon at least, so each gap is filled from a real value.
        self.sides[0].borrow(self.sides[1])
        self.sides[1].borrow(self.sides[0])
        self.players = tuple(group for group in _PLAYERS[metric] if self._differs(group))
        self._inner = {}

    def _differs(self, group):
        side_a, side_b = self.sides
        if group == "content":
            return side_a.has_content or side_b.has_content
        return side_a.key(group) != side_b.key(group)

    def _sums(self, price, share, margin):
        """Per year, the sums over common components of U x S and U x S x M, for the
        sides the price, share and margin come from (V and FX are the same for every
        component of a year, so they multiply the sums)."""
        key = (price, share, margin)
        if key not in self._inner:
            u = self.sides[price].price
            s = self.sides[share].share
            m = self.sides[margin].margin
            revenue, ebit = [], []
            for i in range(len(self.years)):
                cells = [u[c][i] * s[c][i] for c in self.common]
                revenue.append(math.fsum(cells))
                ebit.append(math.fsum(cell * m[c][i] for cell, c in zip(cells, self.common, strict=True)))
            self._inner[key] = (tuple(revenue), tuple(ebit))
        return self._inner[key]

    def value(self, switched):
        """The figure per calendar year with the groups in switched from B, the rest from A."""
        pick = {group: self.sides[1 if group in switched else 0] for group in GROUPS}
        side = {group: 1 if group in switched else 0 for group in GROUPS}
        revenue, ebit = self._sums(side["price"], side["share"], side["margin"])
        volume, fx, content = pick["volume"].volume, pick["fx"].fx, pick["content"]
        if self.metric == "revenue":
            return tuple(
                x * v * r + c
                for x, v, r, c in zip(fx, volume, revenue, content.content_revenue_fx, strict=True)
            )
        if self.metric == "ebit":
            return tuple(
                x * v * e + c for x, v, e, c in zip(fx, volume, ebit, content.content_ebit_fx, strict=True)
            )
        return self._present_values(pick, volume, fx, revenue, ebit, content)

    def _present_values(self, pick, volume, fx, revenue_sums, ebit_sums, content):
        """PV(y) x FX(y), as valuation.py works it out, of the hybrid's cash flows."""
        rate, tax_rate, working_capital, (upfront, upfront_first) = pick["terms"].terms
        content_upfront, content_first = content.content_upfront
        window = pick["volume"].window
        start = window.index(True)
        t0 = self.years[start]
        result, previous = [], 0.0
        for i, year in enumerate(self.years):
            if not window[i]:
                result.append(0.0)
                continue
            revenue = volume[i] * revenue_sums[i] + content.content_revenue[i]
            ebit = volume[i] * ebit_sums[i] + content.content_ebit[i]
            tax = max(ebit, 0.0) * tax_rate / 100
            working = working_capital / 100 * (revenue - previous)
            spent = [upfront[i], content_upfront[i]]
            if i == start:
                spent += [upfront_first, content_first]
            fcf = ebit - tax - working - math.fsum(spent)
            discount = 1 / (1 + rate / 100) ** (year - t0 + 1)
            result.append(fcf * discount * fx[i])
            previous = revenue
        return tuple(result)


# --- Shapley values ------------------------------------------------------------------


def _weights(k):
    return [math.factorial(size) * math.factorial(k - size - 1) / math.factorial(k) for size in range(k)]


def _effects(k, values):
    """The Shapley value of each of k players, from values[mask] (bit i set: player i
    switched), each a number or a tuple of numbers (one game per place)."""
    weights = _weights(k)
    result = []
    for i in range(k):
        bit = 1 << i
        pairs = [
            (weights[mask.bit_count()], values[mask | bit], values[mask])
            for mask in range(1 << k)
            if not mask & bit
        ]
        if isinstance(values[0], tuple):
            result.append(
                tuple(
                    math.fsum(w * (with_[j] - without[j]) for w, with_, without in pairs)
                    for j in range(len(values[0]))
                )
            )
        else:
            result.append(math.fsum(w * (with_ - without) for w, with_, without in pairs))
    return result


def _values(players, value):
    """value(frozenset of players) for every subset, indexed by mask."""
    return [
        value(frozenset(player for i, player in enumerate(players) if mask >> i & 1))
        for mask in range(1 << len(players))
    ]


def shapley(players, value):
    """{player: Shapley value} of the game value(frozenset of players) -> number.

    Exact, over all 2**k subsets: each player's value is the sum, over the
    subsets T without it, of |T|! (k - |T| - 1)! / k! x (value(T + player) - value(T))."""
    return dict(zip(players, _effects(len(players), _values(players, value)), strict=True))


def _steps(effects, players):
    """Steps from the effects in the players' order (GROUPS order), leaving out zeros."""
    return tuple(
        Step(group, GROUPS[group], amount)
        for group, amount in zip(players, effects, strict=True)
        if amount != 0.0
    )


# --- bridges -------------------------------------------------------------------------


def _figures(projection, metric, code, years):
    """A projection's own figure per calendar year, as the pages show it (0 outside its horizon)."""
    value = projection.value
    series = {
        "revenue": projection.revenue_by_year,
        "ebit": value.total.ebit,
        "npv": value.total.present_value,
    }[metric]
    if code != "USD":
        series = value.in_currency(series)
    by_year = dict(zip(projection.years, series, strict=True))
    return [by_year.get(year, 0.0) for year in years]


def bridge(a, b, metric="revenue", year=None):
    """The bridge of a metric from projection a to projection b (engine.Projection).

    metric: "revenue" (cumulative), "ebit" (cumulative) or "npv". With a year,
    the bridge of that year's figure alone (0 to 0, no steps, in a year
    neither projects); without, the whole horizon's, with per_year."""
    if metric not in METRICS:
        raise ValueError(f"{metric!r} is not one of {', '.join(METRICS)}")
    game = _Game(a, b, metric)
    starts = _figures(a, metric, game.currency, game.years)
    ends = _figures(b, metric, game.currency, game.years)
    if year is not None and year not in game.years:
        return Bridge(metric, year, 0.0, 0.0, (), game.currency, f"Neither scenario projects {year}.")
    players = game.players
    values = _values(players, game.value)  # per calendar year, for every subset
    if year is not None:
        i = game.years.index(year)
        effects = _effects(len(players), [v[i] for v in values])
        return Bridge(metric, year, starts[i], ends[i], _steps(effects, players), game.currency, game.note)
    by_year = _effects(len(players), values)
    total = _effects(len(players), [math.fsum(v) for v in values])
    return Bridge(
        metric,
        None,
        math.fsum(starts),
        math.fsum(ends),
        _steps(total, players),
        game.currency,
        game.note,
        per_year=tuple(
            Bridge(
                metric,
                year,
                starts[i],
                ends[i],
                _steps([effect[i] for effect in by_year], players),
                game.currency,
                game.note,
            )
            for i, year in enumerate(game.years)
        ),
    )


def cell_effects(a, b, metric="revenue"):
    """{(component key, year): {group: effect}} for revenue or EBIT, cell by cell:
    each common component-year's Shapley values over its own factors, and a
    one-sided component's cells wholly under "content". Summed over the cells,
    a group's effects make its step of bridge(a, b, metric) (linearity)."""
    if metric not in ("revenue", "ebit"):
        raise ValueError("only revenue and EBIT are sums of cells")
    game = _Game(a, b, metric)
    sides = game.sides
    players = [group for group in game.players if group != "content"]
    result = {}
    for key in game.common:
        for i, year in enumerate(game.years):

            def cell(switched, key=key, i=i):
                side = {group: sides[1 if group in switched else 0] for group in GROUPS}
                value = side["volume"].volume[i] * side["price"].price[key][i] * side["share"].share[key][i]
                if metric == "ebit":
                    value *= side["margin"].margin[key][i]
                return value * side["fx"].fx[i]

            result[(key, year)] = shapley(players, cell)
    for sign, side, other in ((-1, sides[0], sides[1]), (1, sides[1], sides[0])):
        components = {c.key: c for c in side.scenario.components}
        for key in sorted(set(components) - {c.key for c in other.scenario.components}):
            c = components[key]
            values = zip(
                game.years,
                side.volume,
                side._unit_values(c, game.years),
                side._shares(c, game.years),
                strict=True,
            )
            for i, (year, v, u, s) in enumerate(values):
                if side.window[i]:
                    value = v * u * s * (c.margin_pct / 100 if metric == "ebit" else 1.0) * side.fx[i]
                    result[(key, year)] = {"content": sign * value}
    return result
