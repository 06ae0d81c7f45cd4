"""Sampling parameters from their declared distributions.

A parameter's ``distribution`` is a mapping with a ``type`` (``uniform``, ``triangular``,
``normal``, ``beta``, ``fixed``) and its shape values; all are confined to the declared range:

- ``uniform``: flat over ``[low, high]`` (also the default for a parameter with a range);
- ``triangular``: mode at the baseline value;
- ``normal``: mean at the baseline, standard deviation ``sd``, truncated to the range
  (sampled by inverting the normal CDF between the range ends, so no rejection loop);
- ``beta``: shapes ``a`` and ``b``, scaled from ``[0, 1]`` to the range;
- ``fixed``: always the baseline (also the default for a parameter without a range).

Validation raises :class:`~convenience.errors.InputError` naming the parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Mapping
from typing import Any

import numpy as np

from convenience.errors import InputError

KINDS = ("uniform", "triangular", "normal", "beta", "fixed")
_ALIASES = {"truncated_normal": "normal", "truncnormal": "normal", "gaussian": "normal", "constant": "fixed",
            "triangle": "triangular"}


@dataclass(frozen=True)
class Distribution:
    """A validated sampling rule for one parameter."""

    parameter: str
    kind: str
    value: float
    low: float | None = None
    high: float | None = None
    sd: float | None = None
    a: float | None = None
    b: float | None = None

    def describe(self) -> str:
        if self.kind == "fixed":
            return f"fixed at {self.value:g}"
        span = f"[{self.low:g}, {self.high:g}]"
        if self.kind == "uniform":
            return f"uniform on {span}"
        if self.kind == "triangular":
            return f"triangular on {span}, mode {self.value:g}"
        if self.kind == "normal":
            return f"normal(mean {self.value:g}, sd {self.sd:g}) truncated to {span}"
        return f"beta(a={self.a:g}, b={self.b:g}) scaled to {span}"

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        if self.kind == "fixed":
            return np.full(size, self.value)
        lo, hi = self.low, self.high
        assert lo is not None and hi is not None, "a sampled parameter has a range"
        if self.kind == "uniform":
            return rng.uniform(lo, hi, size)
        if self.kind == "triangular":
            if hi == lo:
                return np.full(size, lo)
            return rng.triangular(lo, self.value, hi, size)
        if self.kind == "beta":
            assert self.a is not None and self.b is not None
            return lo + (hi - lo) * rng.beta(self.a, self.b, size)
        from scipy.special import ndtr, ndtri

        if not self.sd:
            return np.full(size, self.value)
        cdf_lo, cdf_hi = ndtr((lo - self.value) / self.sd), ndtr((hi - self.value) / self.sd)
        u = rng.uniform(cdf_lo, cdf_hi, size)
        return np.clip(self.value + self.sd * ndtri(u), lo, hi)

    def to_dict(self) -> dict:
        out = {"parameter": self.parameter, "type": self.kind, "description": self.describe()}
        for key in ("sd", "a", "b"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out


def _number(raw: Any, name: str, key: str, file: str | None) -> float:
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise InputError(f"'{key}' of the distribution must be a number, not {raw!r}",
                         file=file, key=f"parameters.{name}.distribution.{key}") from None
    if not np.isfinite(value):
        raise InputError(f"'{key}' of the distribution must be finite", file=file,
                         key=f"parameters.{name}.distribution.{key}")
    return value


def distribution_of(parameter: Any, *, file: str | None = None) -> Distribution:
    """The validated sampling rule of a :class:`~convenience.parametric.Parameter`."""
    name = parameter.name
    key = f"parameters.{name}"
    value = float(parameter.value)
    low = None if parameter.low is None else float(parameter.low)
    high = None if parameter.high is None else float(parameter.high)
    if (low is None) != (high is None):
        raise InputError("a range needs both 'low' and 'high'", file=file, key=key)
    if low is not None and high is not None and not low <= value <= high:
        raise InputError(f"range [{low:g}, {high:g}] does not contain the baseline {value:g}", file=file, key=key)
    spec = parameter.distribution
    if spec is None:
        return Distribution(name, "uniform" if low is not None and high is not None and high > low else "fixed", value, low, high)
    if isinstance(spec, str):
        spec = {"type": spec}
    kind = str(spec.get("type", spec.get("kind", "uniform"))).lower()
    kind = _ALIASES.get(kind, kind)
    if kind not in KINDS:
        from convenience.errors import did_you_mean

        raise InputError(f"unknown distribution '{kind}'{did_you_mean(kind, KINDS)}; one of {', '.join(KINDS)}",
                         file=file, key=f"{key}.distribution")
    if kind == "fixed":
        return Distribution(name, kind, value, low, high)
    if low is None:
        raise InputError(f"a {kind} distribution needs a range ('low' and 'high')", file=file, key=key)
    if kind == "normal":
        if "sd" not in spec:
            raise InputError("a normal distribution needs 'sd'", file=file, key=f"{key}.distribution")
        sd = _number(spec["sd"], name, "sd", file)
        if sd < 0:
            raise InputError(f"standard deviation must not be negative (got {sd:g})", file=file,
                             key=f"{key}.distribution.sd")
        return Distribution(name, kind, value, low, high, sd=sd)
    if kind == "beta":
        a = _number(spec.get("a", 1), name, "a", file)
        b = _number(spec.get("b", 1), name, "b", file)
        if a <= 0 or b <= 0:
            raise InputError(f"beta shapes must be positive (got a={a:g}, b={b:g})", file=file,
                             key=f"{key}.distribution")
        return Distribution(name, kind, value, low, high, a=a, b=b)
    return Distribution(name, kind, value, low, high)


def sample_parameters(distributions: Mapping[str, Distribution], rng: np.random.Generator,
                      size: int) -> dict[str, np.ndarray]:
    """One array of ``size`` draws per parameter, drawn in the dict's order (reproducible)."""
    return {name: d.sample(rng, size) for name, d in distributions.items()}
