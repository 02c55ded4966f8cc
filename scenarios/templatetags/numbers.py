"""The number filters scenarios.tables formats its cells with. They live in
core.templatetags.numbers; this module has no `register`, so it is not a
second template library called `numbers`."""

from core.templatetags.numbers import money, percent, whole

__all__ = ["money", "percent", "whole"]
