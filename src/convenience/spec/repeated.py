"""The ``kind: repeated`` YAML format (see ``docs/format-repeated.md``).

A repeated game is a stage game written exactly as a normal-form body (``players``,
``payoffs``) under ``stage:``, plus how it is repeated: ``discount`` (a number or an
expression of the parameters) for an infinite horizon, or ``horizon`` (a whole number of
periods, with an optional ``discount``) for a finite one; the ``target`` profile to sustain;
and the ``punishment`` that follows a deviation (``nash``, ``minmax`` or a named profile).
Parameters are declared once at the top and shared by the stage payoffs and the discount.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import TYPE_CHECKING, Any

import numpy as np

from convenience.errors import InputError, did_you_mean
from convenience.expressions import parse_expression
from convenience.repeated.game import PUNISHMENTS, ParametricRepeatedGame, check_discount
from convenience.parametric import ParametricGame
from convenience.spec.common import Context, check_expect_entries, describe, load_parameters, sources
from convenience.spec.normal import load_payoffs, load_players
from convenience.yamlio import LocDict, LocList

if TYPE_CHECKING:
    from convenience.normal_form import NormalFormGame

TOP_KEYS = ("kind", "title", "description", "source", "parameters", "stage", "discount", "horizon",
            "target", "punishment", "expect", "notes")
STAGE_KEYS = ("title", "description", "source", "players", "payoffs", "notes")
#: Longest finite horizon accepted (the backward induction enumerates continuation payoffs).
MAX_HORIZON = 50
#: Largest stage payoff (in absolute value) of a repeated game.
MAX_STAGE_PAYOFF = 1e12


def load_repeated(data: LocDict, file: str | None, overrides: Mapping[str, Any] | None = None
                  ) -> ParametricRepeatedGame:
    """A :class:`ParametricRepeatedGame` from a parsed ``kind: repeated`` file."""
    ctx = Context(file)
    title, description = ctx.header(data, TOP_KEYS, required=("title", "stage"))
    parameters = load_parameters(data.get("parameters"), ctx, overrides, data)
    body = ctx.mapping(data["stage"], data, "stage", "stage")
    ctx.check_keys(body, STAGE_KEYS, "stage", required=("players", "payoffs"))
    players, strategies = load_players(body["players"], ctx, body, prefix="stage.")
    loaded = load_payoffs(body["payoffs"], ctx, body, players, strategies, parameters, prefix="stage.")
    expressions, cell_sources = loaded[0], loaded[1]
    extra_fields: dict[str, Any] = {}
    if len(loaded) > 2 and "positions" in {f.name for f in fields(ParametricGame)}:
        extra_fields["positions"] = loaded[2]  # where each payoff cell was written, for error messages
    stage = ParametricGame(
        title=str(body.get("title") or title), players=players, strategies=strategies,
        expressions=expressions, parameters=parameters, description=str(body.get("description") or "").strip(),
        source=sources(body.get("source"), ctx, body, "source", "stage.source"), file=file, sources=cell_sources,
        **extra_fields,
    )
    _check_stage_scale(stage.at(), stage)  # a division by zero at the baseline is an input error naming the cell
    horizon = _horizon(data, ctx)
    discount = None
    if "discount" in data:
        line, column = data.loc("discount")
        discount = parse_expression(data["discount"], parameters, file=file, line=line, column=column,
                                    key="discount")
        try:
            value = discount.evaluate(stage.values())
        except (ZeroDivisionError, ValueError, OverflowError) as error:
            raise ctx.error(f"cannot evaluate the discount factor: {error}", data, "discount", "discount") from None
        check_discount(value, finite=horizon is not None, file=file, line=line, column=column)
    target = _profile(data, "target", ctx, players, strategies) if "target" in data else None
    if target is None and horizon is None:
        raise ctx.error("an infinitely repeated game needs a target profile to sustain "
                        "(target: {player: strategy, ...})", data, None, "target")
    punishment: str | tuple[int, ...] = "nash"
    if "punishment" in data:
        if horizon is not None:
            raise ctx.error("punishment applies to infinite repetition; with a horizon the threats come from "
                            "backward induction", data, "punishment", "punishment")
        raw = data["punishment"]
        if isinstance(raw, (LocDict, LocList)):
            punishment = _profile(data, "punishment", ctx, players, strategies)
        elif raw in PUNISHMENTS:
            punishment = raw
        else:
            raise ctx.error(f"punishment must be {' or '.join(PUNISHMENTS)} or a profile "
                            f"{{player: strategy}}, got {describe(raw)}{did_you_mean(str(raw), PUNISHMENTS)}",
                            data, "punishment", "punishment")
    expect = data.get("expect") or ()
    if expect and not isinstance(expect, LocList):
        raise ctx.error("expect must be a list of claims", data, "expect", "expect")
    check_expect_entries(expect, ctx)
    return ParametricRepeatedGame(
        title=title, stage=stage, discount=discount, horizon=horizon, target=target, punishment=punishment,
        description=description.strip(), source=sources(data.get("source"), ctx, data, "source", "source"),
        expect=tuple(expect), sources=cell_sources, file=file,
        discount_where=data.loc("discount") if "discount" in data else (None, None),
    )


def _check_stage_scale(game: NormalFormGame, stage: ParametricGame) -> None:
    """Refuse stage payoffs beyond +-:data:`MAX_STAGE_PAYOFF`: the linear programs of repeated games
    work in floats and lose every smaller payoff beside such a number."""
    for index, value in np.ndenumerate(game.payoffs):
        if abs(float(value)) > MAX_STAGE_PAYOFF:
            line, column = stage.positions.get(index, (None, None))
            raise InputError(f"stage payoff {float(value):g} is beyond +-{MAX_STAGE_PAYOFF:g}, the limit for repeated "
                             "games (rescale the payoffs: equilibria do not change)", file=stage.file, line=line,
                             column=column, key=stage.cell_key(index))


def _horizon(data: LocDict, ctx: Context) -> int | None:
    if "horizon" not in data:
        return None
    value = data["horizon"]
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_HORIZON:
        raise ctx.error(f"horizon must be a whole number of periods from 1 to {MAX_HORIZON}, got {describe(value)}",
                        data, "horizon", "horizon")
    return value


def _profile(data: LocDict, key: str, ctx: Context, players: tuple[str, ...],
             strategies: tuple[tuple[str, ...], ...]) -> tuple[int, ...]:
    """``{Russia: Loyal, Iran: Commit}`` or ``[Loyal, Commit]`` to strategy indices."""
    raw = data[key]
    entries: list[tuple[Any, Any, int, str]]
    if isinstance(raw, LocDict):
        ctx.check_keys(raw, players, key, required=players)
        entries = [(raw, name, i, f"{key}.{name}") for i, name in enumerate(players)]
    elif isinstance(raw, LocList):
        if len(raw) != len(players):
            raise ctx.error(f"{key} lists {len(raw)} strategies, expected one for each of the {len(players)} "
                            f"players ({', '.join(players)})", data, key, key)
        entries = [(raw, i, i, f"{key}[{players[i]}]") for i in range(len(players))]
    else:
        raise ctx.error(f"{key} must name one strategy per player ({{player: strategy}}), got {describe(raw)}",
                        data, key, key)
    indices = []
    for holder, k, player, path in entries:
        label = ctx.name(holder[k], holder, k, path, "strategy")
        names = strategies[player]
        if label not in names:
            raise ctx.error(f"unknown strategy '{label}' for {players[player]}{did_you_mean(label, names)}; "
                            f"strategies: {', '.join(names)}", holder, k, path)
        indices.append(names.index(label))
    return tuple(indices)
