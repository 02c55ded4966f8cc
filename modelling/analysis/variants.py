"""Many variants of one scenario projected at once over NumPy arrays, by the
same rules as engine.project (see engine.py); the tests check the two agree."""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from .. import inputs

VARIED = tuple(i for i in inputs.INPUTS if i.tools)  # the inputs a Variants row carries


@dataclass
class Variants:
    """Per-variant inputs, each an array of length n (components: shape (n, C)),
    one per varied input, named by its code."""

    volume: np.ndarray
    growth: np.ndarray
    value: np.ndarray
    price: np.ndarray
    share: np.ndarray
    start: np.ndarray

    @classmethod
    def repeat(cls, scenario, n):
        def row(declared):
            if declared.per_component:
                return np.tile([float(getattr(c, declared.engine)) for c in scenario.components], (n, 1))
            return np.full(n, float(getattr(scenario, declared.engine)))

        return cls(**{declared.code: row(declared) for declared in VARIED})

    def rows(self, begin, end):
        return Variants(**{f.name: getattr(self, f.name)[begin:end] for f in fields(self)})

    def put(self, begin, other):
        """Write other's rows in from row begin."""
        for f in fields(self):
            values = getattr(other, f.name)
            getattr(self, f.name)[begin : begin + len(values)] = values

    def set(self, scenario, varied, values):
        values = np.asarray(values, dtype=float)
        code = varied.input.code
        if not varied.input.per_component:
            setattr(self, code, values)
        elif varied.every:
            setattr(self, code, np.repeat(values[:, None], getattr(self, code).shape[1], axis=1))
        else:
            getattr(self, code)[:, varied.index(scenario)] = values


CHUNK = 8192  # variants projected together: bounds memory at any number of draws


def project_many(scenario, variants):
    """(revenue, addressable), each of shape (n, years): engine.project's rules, vectorised."""
    n = variants.volume.shape[0]
    years = np.arange(scenario.first_year, scenario.first_year + scenario.horizon)
    revenue, addressable = np.empty((n, len(years))), np.empty((n, len(years)))
    for begin in range(0, n, CHUNK):
        end = min(n, begin + CHUNK)
        revenue[begin:end], addressable[begin:end] = _project_chunk(
            scenario, variants.rows(begin, end), years
        )
    return revenue, addressable


def _project_chunk(scenario, variants, years):
    n = variants.volume.shape[0]
    volumes = np.empty((n, len(years)))
    previous = variants.volume
    for offset, year in enumerate(years):
        if int(year) in scenario.volume_overrides:
            current = np.full(n, float(scenario.volume_overrides[int(year)]))
        elif offset == 0:
            current = variants.volume
        else:
            current = previous * (1 + variants.growth / 100)
        volumes[:, offset] = current
        previous = current
    offsets = np.arange(len(years))
    # unit value per (variant, component, year); then revenue counts from each supply start
    unit = variants.value[:, :, None] * (1 + variants.price[:, :, None] / 100) ** offsets[None, None, :]
    supplying = years[None, None, :] >= variants.start[:, :, None]
    addressable = volumes[:, None, :] * unit
    revenue = np.where(supplying, addressable * (variants.share[:, :, None] / 100), 0.0)
    return revenue.sum(axis=1), addressable.sum(axis=1)


# --- sensitivity grid -----------------------------------------------------------------
