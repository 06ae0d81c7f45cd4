"""Pieces of the YAML format shared by every kind of game file.

Parameters, sources and the small checks (known keys, names, types) that every loader uses,
each raising :class:`~convenience.errors.InputError` with file, line, column and key.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

from convenience.errors import InputError, did_you_mean
from convenience.expressions import FUNCTIONS, parse_expression
from convenience.parametric import Parameter, to_number
from convenience.yamlio import LocDict, LocList

NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
DISTRIBUTIONS = {  # the keys each distribution takes, in a fixed order
    "uniform": (),
    "triangular": ("mode",),
    "normal": ("mean", "sd"),
    "beta": ("a", "b"),
}
PARAMETER_KEYS = ("value", "range", "distribution", "description", "source", "unit")


class Context:
    """The file being read, for locating errors."""

    def __init__(self, file: str | None) -> None:
        self.file = file

    def error(self, message: str, container: Any = None, key: Any = None, path: str | None = None) -> InputError:
        """An InputError at ``container[key]`` (or the container itself)."""
        line = column = None
        if isinstance(container, (LocDict, LocList)):
            if key is None:
                line, column = container.line, container.column
            else:
                line, column = container.loc(key)
        return InputError(message, file=self.file, line=line, column=column, key=path)

    def mapping(self, value: Any, container: Any, key: Any, path: str) -> LocDict:
        if not isinstance(value, LocDict):
            raise self.error(f"expected a mapping, got {describe(value)}", container, key, path)
        return value

    def sequence(self, value: Any, container: Any, key: Any, path: str) -> LocList:
        if not isinstance(value, LocList):
            raise self.error(f"expected a list, got {describe(value)}", container, key, path)
        return value

    def text(self, value: Any, container: Any, key: Any, path: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.error(f"expected non-empty text, got {describe(value)}", container, key, path)
        return value.strip()

    def check_keys(self, data: LocDict, allowed: Iterable[str], path: str, required: Iterable[str] = ()) -> None:
        allowed = tuple(allowed)
        for key in data:
            if key not in allowed:
                where = f"{path}.{key}" if path else str(key)
                line, column = data.key_positions.get(key, data.loc(key))
                raise InputError(f"unknown key '{key}'{did_you_mean(str(key), allowed)}; allowed: "
                                 f"{', '.join(allowed)}{split_text_hint(data, key)}", file=self.file, line=line,
                                 column=column, key=where)
        for key in required:
            if key not in data:
                raise self.error(f"missing required key '{key}'", data, None, path or key)

    def header(self, data: LocDict, allowed: Iterable[str], required: Iterable[str]) -> tuple[str, str]:
        """Check the top-level keys and read ``title`` and ``description``, shared by every kind of file."""
        self.check_keys(data, allowed, "", required=required)
        title = self.text(data["title"], data, "title", "title")
        description = data.get("description") or ""
        if not isinstance(description, str):
            raise self.error("description must be text", data, "description", "description")
        return title, description

    def name(self, value: Any, container: Any, key: Any, path: str, what: str) -> str:
        if isinstance(value, bool) or value is None or isinstance(value, (LocDict, LocList)):
            raise self.error(f"expected a {what} name, got {describe(value)}", container, key, path)
        text = str(value).strip()
        if not text:
            raise self.error(f"empty {what} name", container, key, path)
        return text


def split_text_hint(data: Any, key: Any) -> str:
    """A hint when an unknown key is the tail of a text split at a comma: in a ``{...}`` mapping
    a comma ends the entry, so ``{description: cost (to China, to US)}`` reads a key ``to US)``
    with no value."""
    text = str(key)
    if data.get(key) is not None or not (" " in text or any(c in text for c in "()[]")):
        return ""
    keys = list(data)
    before = keys[keys.index(key) - 1] if keys.index(key) > 0 else None
    if before is None or not isinstance(data.get(before), str):
        return ""
    return (f" (a comma inside {{...}} ends an entry, so '{text}' was read as a key: if it continues "
            f"{before}, put the whole text in quotes, {before}: \"{data[before]}, {text}\")")


def describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"'{value}'"


def check_expect_entries(expect: Any, ctx: Context) -> None:
    """Each ``expect:`` entry must be a mapping (an id and one check), located if not."""
    for i, entry in enumerate(expect or ()):
        if not isinstance(entry, LocDict):
            raise ctx.error(f"each expectation must be a mapping with an id and one check, got {describe(entry)}",
                            expect, i, f"expect[{i}]")


def sources(value: Any, ctx: Context, container: Any, key: Any, path: str) -> tuple[str, ...]:
    """A ``source:`` value: one claim id or a list of them."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if isinstance(value, LocList) and all(isinstance(v, str) for v in value):
        return tuple(v.strip() for v in value if v.strip())
    raise ctx.error("source must be a claim id or a list of claim ids", container, key, path)


def constant(value: Any, ctx: Context, container: Any, key: Any, path: str) -> Fraction | float:
    """A number written as a number or constant expression (``3/4``)."""
    line, column = container.loc(key) if isinstance(container, (LocDict, LocList)) else (None, None)
    expr = parse_expression(value, (), file=ctx.file, line=line, column=column, key=path)
    try:
        result = expr.evaluate({})
    except (ZeroDivisionError, ValueError, OverflowError) as error:
        raise ctx.error(f"cannot evaluate {value!r}: {error}", container, key, path) from None
    if isinstance(result, float) and not math.isfinite(result):
        raise ctx.error(f"{value!r} is not a finite number", container, key, path)
    return result


def load_parameters(data: Any, ctx: Context, overrides: Mapping[str, Any] | None = None,
                    container: Any = None) -> dict[str, Parameter]:
    """The ``parameters:`` section, with ``overrides`` replacing baselines."""
    if data is None:
        parameters: dict[str, Parameter] = {}
    else:
        data = ctx.mapping(data, container, "parameters", "parameters")
        parameters = {}
        for name, spec in data.items():
            path = f"parameters.{name}"
            name = str(name)
            if not NAME.match(name):
                raise ctx.error(f"parameter name '{name}' must be a letter or underscore followed by "
                                "letters, digits or underscores", data, name, path)
            if name in FUNCTIONS:
                raise ctx.error(f"'{name}' is a function name and cannot name a parameter", data, name, path)
            parameters[name] = _parameter(name, spec, ctx, data, path)
    for name, value in (overrides or {}).items():
        if name not in parameters:
            raise InputError(f"unknown parameter '{name}'{did_you_mean(name, parameters)}",
                             file=ctx.file, key=f"--set {name}")
        p = parameters[name]
        value = to_number(value)
        low, high = (p.written[1:] if len(p.written) == 3 else (written_number(p.low), written_number(p.high)))
        if p.low is not None and p.high is not None and not (p.low <= value <= p.high):
            raise InputError(f"{name} = {written_number(value)} is outside its declared range [{low}, {high}]",
                             file=ctx.file, key=f"--set {name}")
        parameters[name] = Parameter(p.name, value, p.low, p.high, p.distribution, p.description, p.source,
                                     (written_number(value), *p.written[1:]) if p.written else (), p.unit)
    return parameters


def written_number(value: Any) -> str:
    """A number as a person writes it: a short decimal when it has one (``0.02`` for 1/50, up
    to six decimals), else a fraction (``1/3``)."""
    from fractions import Fraction

    if not isinstance(value, Fraction):
        return str(value)
    if value.denominator == 1:
        return str(value.numerator)
    for places in range(1, 7):
        scaled = value * 10 ** places
        if scaled.denominator == 1:
            return f"{float(value):.{places}f}" if abs(value) < 10**12 else str(value)
    return f"{value.numerator}/{value.denominator}"


def _written(raw: Any, value: Any) -> str:
    """A scalar of the file as it was written (YAML gives ``0.02`` back as a float)."""
    if isinstance(raw, (int, float, str)) and not isinstance(raw, bool):
        return str(raw).strip()
    return written_number(value)


def _parameter(name: str, spec: Any, ctx: Context, container: LocDict, path: str) -> Parameter:
    if not isinstance(spec, LocDict):
        return Parameter(name, constant(spec, ctx, container, name, path))
    ctx.check_keys(spec, PARAMETER_KEYS, path, required=("value",))
    value = constant(spec["value"], ctx, spec, "value", f"{path}.value")
    low = high = None
    if "range" in spec:
        rng = spec["range"]
        if not isinstance(rng, LocList) or len(rng) != 2:
            raise ctx.error("range must be a list of two numbers [low, high]", spec, "range", f"{path}.range")
        low = constant(rng[0], ctx, rng, 0, f"{path}.range")
        high = constant(rng[1], ctx, rng, 1, f"{path}.range")
        texts = (_written(spec["value"], value), _written(rng[0], low), _written(rng[1], high))
        if low > high:
            raise ctx.error(f"range [{texts[1]}, {texts[2]}] is empty (low above high)", spec, "range",
                            f"{path}.range")
        if not low <= value <= high:
            raise ctx.error(f"baseline {texts[0]} lies outside the range [{texts[1]}, {texts[2]}]", spec, "value",
                            f"{path}.value")
    distribution = None
    if "distribution" in spec:
        distribution = _distribution(spec["distribution"], ctx, spec, f"{path}.distribution", low, high, value)
    description = spec.get("description") or ""
    if not isinstance(description, str):
        raise ctx.error("description must be text", spec, "description", f"{path}.description")
    unit = spec.get("unit") or ""
    if not isinstance(unit, str):
        raise ctx.error("unit must be text", spec, "unit", f"{path}.unit")
    written = (_written(spec["value"], value),) + ((_written(spec["range"][0], low), _written(spec["range"][1], high))
                                                   if low is not None else ())
    return Parameter(name, value, low, high, distribution, description.strip(),
                     sources(spec.get("source"), ctx, spec, "source", f"{path}.source"), written, unit.strip())


def _distribution(spec: Any, ctx: Context, container: LocDict, path: str, low: Any, high: Any,
                  value: Any) -> dict:
    if isinstance(spec, str):
        spec_type, spec = spec, LocDict()
        spec.line, spec.column = container.loc("distribution")
    else:
        spec = ctx.mapping(spec, container, "distribution", path)
        if "type" not in spec:
            raise ctx.error("distribution needs a type (uniform, triangular, normal or beta)", spec, None, path)
        spec_type = spec["type"]
    if not isinstance(spec_type, str):
        raise ctx.error(f"the distribution type must be one of {', '.join(DISTRIBUTIONS)}, got {describe(spec_type)}",
                        spec, "type", f"{path}.type")
    if spec_type not in DISTRIBUTIONS:
        raise ctx.error(f"unknown distribution '{spec_type}'{did_you_mean(str(spec_type), DISTRIBUTIONS)}; "
                        f"expected one of {', '.join(DISTRIBUTIONS)}", spec if spec else container,
                        "type" if spec else "distribution", f"{path}.type")
    ctx.check_keys(spec, ("type", *DISTRIBUTIONS[spec_type]), path)
    result: dict[str, Any] = {"type": spec_type}
    for key in DISTRIBUTIONS[spec_type]:
        if key in spec:
            result[key] = constant(spec[key], ctx, spec, key, f"{path}.{key}")
    if spec_type in ("uniform", "triangular", "beta") and low is None:
        raise ctx.error(f"a {spec_type} distribution needs the parameter's range", container, "distribution", path)
    if spec_type == "normal":
        if "sd" not in result:
            raise ctx.error("a normal distribution needs sd (its standard deviation)", spec, None, path)
        if result["sd"] <= 0:
            raise ctx.error(f"sd must be positive, got {result['sd']}", spec, "sd", f"{path}.sd")
    if spec_type == "beta":
        for key in ("a", "b"):
            if key not in result:
                raise ctx.error(f"a beta distribution needs {key}", spec, None, path)
            if result[key] <= 0:
                raise ctx.error(f"{key} must be positive, got {result[key]}", spec, key, f"{path}.{key}")
    if spec_type == "triangular" and "mode" in result and not (low <= result["mode"] <= high):
        raise ctx.error(f"mode {_written(spec['mode'], result['mode'])} lies outside the range "
                        f"[{written_number(low)}, {written_number(high)}]", spec, "mode", f"{path}.mode")
    return result
