"""The normal-form YAML format.

Two ways to write payoffs (see ``docs/format.md``):

* **nested mapping**: one level per player, in the order of ``players:``; for two players
  this is the familiar matrix, rows for the first player and columns for the second. A cell
  is a list of payoffs in player order, a mapping from player name to payoff, or
  ``{payoffs: ..., source: ...}``;
* **profile list**: ``- {profile: [s1, s2, s3], payoffs: [u1, u2, u3], source: ...}``, with
  ``profile`` and ``payoffs`` also accepted as mappings keyed by player.

Every cell must be given exactly once; anything missing, extra, misspelled or of the wrong
length is an error naming the place.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from convenience.errors import did_you_mean
from convenience.expressions import Expression, parse_expression
from convenience.parametric import Parameter, ParametricGame
from convenience.spec.common import (
    Context,
    check_expect_entries,
    describe,
    load_parameters,
    sources,
)
from convenience.yamlio import LocDict, LocList

if TYPE_CHECKING:
    from convenience.normal_form import NormalFormGame

#: Largest number of strategy profiles a normal-form game may have (checked before allocating).
MAX_PROFILES = 200_000
TOP_KEYS = ("kind", "title", "description", "source", "players", "parameters", "payoffs",
            "payoff_scale", "expect", "notes")


def load_normal(data: LocDict, file: str | None, overrides: Mapping[str, Any] | None = None) -> ParametricGame:
    """A :class:`ParametricGame` from a parsed normal-form game file."""
    ctx = Context(file)
    title, description = ctx.header(data, TOP_KEYS, required=("title", "players", "payoffs"))
    scale = data.get("payoff_scale", "cardinal")
    if scale not in ("cardinal", "ordinal"):
        raise ctx.error(f"payoff_scale must be 'cardinal' or 'ordinal', got {describe(scale)}",
                        data, "payoff_scale", "payoff_scale")
    parameters = load_parameters(data.get("parameters"), ctx, overrides, data)
    players, strategies = load_players(data["players"], ctx, data)
    expressions, cell_sources, positions = load_payoffs(data["payoffs"], ctx, data, players, strategies, parameters)
    expect = data.get("expect") or ()
    if expect and not isinstance(expect, LocList):
        raise ctx.error("expect must be a list of claims", data, "expect", "expect")
    check_expect_entries(expect, ctx)
    game = ParametricGame(
        title=title, players=players, strategies=strategies, expressions=expressions,
        parameters=parameters, description=description.strip(),
        source=sources(data.get("source"), ctx, data, "source", "source"), expect=tuple(expect),
        ordinal=scale == "ordinal", file=file, sources=cell_sources, positions=positions,
    )
    game.at()  # division by zero or a non-finite payoff at the baseline is an input error
    return game


def load_players(value: Any, ctx: Context, container: LocDict, prefix: str = ""
                 ) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """``players: {Russia: [Split, Coordinate], Iran: [...]}``; ``prefix`` (e.g. ``stage.``) starts keys."""
    players_map = ctx.mapping(value, container, "players", f"{prefix}players")
    if len(players_map) < 1:
        raise ctx.error("a game needs at least one player", container, "players", f"{prefix}players")
    players, strategies = [], []
    for name, names in players_map.items():
        player = ctx.name(name, players_map, name, f"{prefix}players", "player")
        path = f"{prefix}players.{player}"
        names = ctx.sequence(names, players_map, name, path)
        if not names:
            raise ctx.error(f"{player} has no strategies", players_map, name, path)
        seen: dict[str, int] = {}
        labels = []
        for i, s in enumerate(names):
            label = ctx.name(s, names, i, path, "strategy")
            if label in seen:
                raise ctx.error(f"duplicate strategy '{label}' for {player}", names, i, path)
            seen[label] = i
            labels.append(label)
        players.append(player)
        strategies.append(tuple(labels))
    total = 1
    for s in strategies:
        total *= len(s)
    if total > MAX_PROFILES:
        raise ctx.error(f"the game has {total:,} strategy profiles; the limit is {MAX_PROFILES:,}",
                        container, "players", f"{prefix}players")
    return tuple(players), tuple(strategies)


def load_payoffs(value: Any, ctx: Context, container: LocDict, players: tuple[str, ...],
                 strategies: tuple[tuple[str, ...], ...], parameters: Mapping[str, Parameter],
                 prefix: str = "") -> tuple[np.ndarray, dict, dict]:
    """The payoff expressions, shape ``(n, *shape)``, the sources given on cells, and positions."""
    shape = tuple(len(s) for s in strategies)
    cells: dict[tuple[int, ...], list[Expression]] = {}
    cell_sources: dict[tuple[int, ...], tuple[str, ...]] = {}
    positions: dict[tuple[int, ...], tuple[int, int]] = {}
    reader = _CellReader(ctx, players, strategies, parameters, cells, cell_sources, positions)
    reader.prefix = prefix
    if isinstance(value, LocList):
        reader.profile_list(value)
    elif isinstance(value, LocDict):
        reader.nested(value, (), f"{prefix}payoffs")
    else:
        raise ctx.error(f"payoffs must be a nested mapping or a list of profiles, got {describe(value)}",
                        container, "payoffs", f"{prefix}payoffs")
    missing = [idx for idx in itertools.product(*(range(m) for m in shape)) if idx not in cells]
    if missing:
        names = [", ".join(s[k] for s, k in zip(strategies, idx)) for idx in missing[:3]]
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        where = value if isinstance(value, (LocDict, LocList)) else container
        raise ctx.error(f"missing payoffs for {len(missing)} profile(s): ({'), ('.join(names)}){more}",
                        where, None, f"{prefix}payoffs")
    expressions = np.empty((len(players), *shape), dtype=object)
    for idx, exprs in cells.items():
        for i, e in enumerate(exprs):
            expressions[(i, *idx)] = e
    return expressions, cell_sources, positions


class _CellReader:
    prefix = ""

    def __init__(self, ctx: Context, players, strategies, parameters, cells, cell_sources, positions) -> None:
        self.positions = positions
        self.ctx = ctx
        self.players = players
        self.strategies = strategies
        self.parameters = parameters
        self.cells = cells
        self.cell_sources = cell_sources

    def strategy_index(self, player: int, name: Any, container: Any, key: Any, path: str) -> int:
        label = self.ctx.name(name, container, key, path, "strategy")
        names = self.strategies[player]
        if label not in names:
            raise self.ctx.error(f"unknown strategy '{label}' for {self.players[player]}"
                                 f"{did_you_mean(label, names)}; strategies: {', '.join(names)}",
                                 container, key, path)
        return names.index(label)

    def nested(self, data: LocDict, prefix: tuple[int, ...], path: str) -> None:
        depth = len(prefix)
        for name, value in data.items():
            index = self.strategy_index(depth, name, data, name, f"{path}.{name}")
            here = f"{path}.{name}"
            if depth + 1 == len(self.players):
                self.cell(value, data, name, prefix + (index,), here)
            else:
                if not isinstance(value, LocDict):
                    raise self.ctx.error(f"expected a mapping over {self.players[depth + 1]}'s strategies, "
                                         f"got {describe(value)}", data, name, here)
                self.nested(value, prefix + (index,), here)

    def profile_list(self, data: LocList) -> None:
        for i, entry in enumerate(data):
            path = f"{self.prefix}payoffs[{i}]"
            entry = self.ctx.mapping(entry, data, i, path)
            self.ctx.check_keys(entry, ("profile", "payoffs", "source"), path, required=("profile", "payoffs"))
            raw = entry["profile"]
            if isinstance(raw, LocList):
                if len(raw) != len(self.players):
                    raise self.ctx.error(f"profile has {len(raw)} strategies, expected one for each of the "
                                         f"{len(self.players)} players", entry, "profile", f"{path}.profile")
                idx = tuple(self.strategy_index(p, raw[p], raw, p, f"{path}.profile") for p in range(len(raw)))
            elif isinstance(raw, LocDict):
                self.ctx.check_keys(raw, self.players, f"{path}.profile", required=self.players)
                idx = tuple(self.strategy_index(p, raw[name], raw, name, f"{path}.profile.{name}")
                            for p, name in enumerate(self.players))
            else:
                raise self.ctx.error(f"profile must list one strategy per player, got {describe(raw)}",
                                     entry, "profile", f"{path}.profile")
            self.cell(entry, data, i, idx, path)

    def cell(self, value: Any, container: Any, key: Any, idx: tuple[int, ...], path: str) -> None:
        ctx = self.ctx
        if idx in self.cells:
            label = ", ".join(s[k] for s, k in zip(self.strategies, idx))
            raise ctx.error(f"payoffs for ({label}) are given twice", container, key, path)
        cell_source: tuple[str, ...] = ()
        if isinstance(value, LocDict) and "payoffs" in value:
            ctx.check_keys(value, ("payoffs", "source", "profile"), path)
            cell_source = sources(value.get("source"), ctx, value, "source", f"{path}.source")
            container, key, value = value, "payoffs", value["payoffs"]
        n = len(self.players)
        items: list[tuple[Any, Any, Any]]
        if isinstance(value, LocList):
            if len(value) != n:
                raise ctx.error(f"expected {n} payoffs (one per player: {', '.join(self.players)}), "
                                f"got {len(value)}", container, key, path)
            items = [(value, i, self.players[i]) for i in range(n)]
        elif isinstance(value, LocDict):
            ctx.check_keys(value, self.players, path, required=self.players)
            items = [(value, p, p) for p in self.players]
        elif n == 1 and not isinstance(value, (LocDict, LocList)):
            items = [(container, key, self.players[0])]
            value = container
        else:
            raise ctx.error(f"expected {n} payoffs (one per player), got {describe(value)}", container, key, path)
        exprs = []
        for i, (holder, k, player) in enumerate(items):
            line, column = holder.loc(k)
            self.positions[(i, *idx)] = (line, column)
            exprs.append(parse_expression(holder[k], self.parameters, file=ctx.file, line=line,
                                          column=column, key=f"{path}[{player}]"))
        self.cells[idx] = exprs
        if cell_source:
            self.cell_sources[idx] = cell_source


def game_to_yaml_data(game: ParametricGame) -> dict:
    """Plain data for writing a normal-form game back as YAML (``convenience convert``)."""
    from convenience.results import json_number

    def number(v: Any) -> Any:
        return json_number(v) if not isinstance(v, float) else v

    data: dict[str, Any] = {"title": game.title}
    if game.description:
        data["description"] = game.description
    if game.source:
        data["source"] = list(game.source) if len(game.source) > 1 else game.source[0]
    data["players"] = {p: list(s) for p, s in zip(game.players, game.strategies)}
    if game.parameters:
        params = {}
        for name, p in game.parameters.items():
            entry: dict[str, Any] = {"value": number(p.value)}
            if p.range:
                entry["range"] = [number(p.low), number(p.high)]
            if p.distribution:
                entry["distribution"] = {k: (v if k == "type" else number(v)) for k, v in p.distribution.items()}
            if p.description:
                entry["description"] = p.description
            if p.source:
                entry["source"] = list(p.source) if len(p.source) > 1 else p.source[0]
            params[name] = entry
        data["parameters"] = params
    if game.ordinal:
        data["payoff_scale"] = "ordinal"

    def cell_value(idx: tuple[int, ...]) -> Any:
        values = []
        for i in range(game.n_players):
            e = game.expressions[(i, *idx)]
            values.append(json_number(e.args[0]) if e.op == "num" else str(e))
        if idx in game.sources:
            return {"payoffs": values, "source": list(game.sources[idx])}
        return values

    if game.n_players == 2:
        data["payoffs"] = {r: {c: cell_value((i, j)) for j, c in enumerate(game.strategies[1])}
                           for i, r in enumerate(game.strategies[0])}
    else:
        rows = []
        for idx in itertools.product(*(range(m) for m in game.shape)):
            entry = {"profile": [s[k] for s, k in zip(game.strategies, idx)], "payoffs": cell_value(idx)}
            if isinstance(entry["payoffs"], dict):
                entry["source"] = entry["payoffs"]["source"]
                entry["payoffs"] = entry["payoffs"]["payoffs"]
            rows.append(entry)
        data["payoffs"] = rows
    if game.expect:
        data["expect"] = _plain(game.expect)
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def parametric_from_numeric(game: NormalFormGame) -> ParametricGame:
    """Wrap a numeric :class:`NormalFormGame` as a parameter-free :class:`ParametricGame`."""
    from fractions import Fraction

    expressions = np.empty(game.payoffs.shape, dtype=object)
    for idx, v in np.ndenumerate(game.payoffs):
        if isinstance(v, Fraction):
            expressions[idx] = Expression.number(v)
        else:
            expressions[idx] = Expression.number(Fraction(repr(float(v))))
    return ParametricGame(title=game.title or "Untitled game", players=game.players,
                          strategies=game.strategies, expressions=expressions)
