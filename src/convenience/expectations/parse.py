"""Reading ``expect:`` entries: each becomes an :class:`Expectation`, checked against the game.

An entry has an ``id``, optionally the catalogue ``claim`` (and further ``source`` ids) it
tests, exactly one check and the optional modifiers ``at`` and ``robust``. Every mistake is an
:class:`~convenience.errors.InputError` naming file, line, column and key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from convenience.errors import InputError, did_you_mean
from convenience.game import Game, game_kind, strategic

CHECKS = ("equilibrium", "not_equilibrium", "strict", "unique", "outcome", "never_played", "dominant",
          "payoff_dominant", "spe_path", "spe_action", "sustained")
TREE_CHECKS = ("spe_path", "spe_action")
#: ``principal: true`` marks the expectation whose claim is the game's principal one (shown in the index).
ENTRY_KEYS = ("id", "claim", "source", "at", "robust", "principal", *CHECKS)
#: Monte Carlo draws of every claim's share (at least), when no entry asks for more.
DEFAULT_DRAWS = 200


@dataclass(frozen=True)
class Expectation:
    """One parsed ``expect:`` entry."""

    id: str
    check: str
    target: Any
    at: dict
    robust: dict | None
    source: tuple[str, ...]
    where: tuple  # (file, line, column) for error messages


def _loc(container: Any, key: Any) -> tuple[int | None, int | None]:
    try:
        return container.loc(key)
    except Exception:  # noqa: BLE001 - plain dicts carry no positions
        return None, None


def error(message: str, file: str | None, container: Any, key: Any, path: str) -> InputError:
    line, column = _loc(container, key)
    return InputError(message, file=file, line=line, column=column, key=path)


def parse_expectations(game: Game) -> list[Expectation]:
    """The game's ``expect:`` entries, validated against its players, strategies and parameters."""
    file = getattr(game, "file", None)
    kind = game_kind(game)
    out: list[Expectation] = []
    seen: set[str] = set()
    principal: str | None = None
    entries = getattr(game, "expect", ()) or ()
    for i, entry in enumerate(entries):
        path = f"expect[{i}]"
        if not isinstance(entry, Mapping):
            raise error("each expectation must be a mapping with an id and one check", file, entries, i, path)
        for key in entry:
            if key not in ENTRY_KEYS:
                raise error(f"unknown key '{key}'{did_you_mean(str(key), ENTRY_KEYS)}; checks: "
                             f"{', '.join(CHECKS)}", file, entry, key, f"{path}.{key}")
        ident = entry.get("id")
        if not isinstance(ident, str) or not ident.strip():
            raise error("an expectation needs an id", file, entry, "id" if "id" in entry else None, path)
        if ident in seen:
            raise error(f"duplicate expectation id '{ident}'", file, entry, "id", f"{path}.id")
        seen.add(ident)
        if "principal" in entry:
            if not isinstance(entry["principal"], bool):
                raise error(f"principal must be true or false, got {entry['principal']!r}", file, entry,
                            "principal", f"{path}.principal")
            if entry["principal"] and principal is not None:
                raise error(f"only one expectation can be principal ('{principal}' already is)", file, entry,
                            "principal", f"{path}.principal")
            if entry["principal"]:
                principal = ident
        checks = [k for k in CHECKS if k in entry]
        if len(checks) != 1:
            raise error(f"expectation '{ident}' needs exactly one check ({', '.join(CHECKS)}), found "
                         f"{len(checks)}", file, entry, "id", path)
        check = checks[0]
        if check in TREE_CHECKS and kind != "tree":
            raise error(f"'{check}' applies to game trees only", file, entry, check, f"{path}.{check}")
        if check == "sustained" and kind != "repeated":
            raise error("'sustained' applies to repeated games only", file, entry, check, f"{path}.{check}")
        if kind == "tree" and check not in TREE_CHECKS:
            raise error(f"'{check}' does not apply to game trees; use spe_path or spe_action", file, entry,
                         check, f"{path}.{check}")
        target = _parse_target(game, check, entry[check], file, entry, f"{path}.{check}")
        at = _parse_at(game, entry.get("at"), file, entry, f"{path}.at")
        robust = _parse_robust(entry.get("robust"), file, entry, f"{path}.robust")
        sources = (_source_ids(entry.get("claim"), file, entry, "claim", f"{path}.claim")
                   + _source_ids(entry.get("source"), file, entry, "source", f"{path}.source"))
        line, column = _loc(entry, "id")
        out.append(Expectation(ident.strip(), check, target, at, robust, tuple(dict.fromkeys(sources)),
                               (file, line, column)))
    return out


def _source_ids(value: Any, file: str | None, entry: Any, key: str, path: str) -> list[str]:
    """The catalogue ids (or literature references) under ``claim`` or ``source``: one text or a list of texts."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise error(f"{key} must be a source id or a list of them", file, entry, key, path)


def _parse_target(game: Game, check: str, value: Any, file: str | None, entry: Any, path: str) -> Any:
    if check == "sustained":
        if not isinstance(value, bool):
            raise error("sustained must be true or false", file, entry, check, path)
        return value
    if check == "unique" and value is True:
        return True
    if check == "spe_path":
        if not isinstance(value, list) or not value or not all(isinstance(a, str) for a in value):
            raise error("spe_path must be a list of action names", file, entry, check, path)
        return tuple(value)
    if check == "spe_action":
        if not isinstance(value, Mapping) or not value:
            raise error("spe_action must map node names to actions", file, entry, check, path)
        return {str(k): str(v) for k, v in value.items()}
    named = strategic(game)  # a profile check: parse_expectations refuses these for trees
    players, strategies = named.players, named.strategies
    full = check in ("equilibrium", "not_equilibrium", "strict", "unique", "payoff_dominant")
    if isinstance(value, list):
        if len(value) != len(players):
            raise error(f"a profile lists one strategy per player ({', '.join(players)})", file, entry, check, path)
        value = dict(zip(players, value))
    if not isinstance(value, Mapping) or not value:
        raise error(f"{check} needs a profile such as {{{players[0]}: {strategies[0][0]}}}", file, entry, check, path)
    chosen: dict[int, int] = {}
    for name, strategy in value.items():
        if name not in players:
            raise error(f"unknown player '{name}'{did_you_mean(str(name), players)}", file, value, name,
                         f"{path}.{name}")
        p = players.index(name)
        if strategy not in strategies[p]:
            raise error(f"unknown strategy '{strategy}' for {name}{did_you_mean(str(strategy), strategies[p])}",
                         file, value, name, f"{path}.{name}")
        chosen[p] = strategies[p].index(strategy)
    if full and len(chosen) != len(players):
        missing = [p for i, p in enumerate(players) if i not in chosen]
        raise error(f"{check} needs a strategy for every player; missing {', '.join(missing)}", file, entry,
                     check, path)
    return chosen


def _parse_at(game: Game, value: Any, file: str | None, entry: Any, path: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise error("at must map parameter names to values", file, entry, "at", path)
    from convenience.parametric import to_number
    from convenience.spec.common import Context, constant

    params = getattr(game, "parameters", {}) or {}
    out = {}
    for name, raw in value.items():
        if name not in params:
            raise error(f"unknown parameter '{name}'{did_you_mean(str(name), params)}", file, value, name,
                         f"{path}.{name}")
        out[name] = to_number(constant(raw, Context(file), value, name, f"{path}.{name}"))
    return out


def _parse_robust(value: Any, file: str | None, entry: Any, path: str) -> dict | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise error("robust needs at_least (a share between 0 and 1)", file, entry, "robust", path)
    for key in value:
        if key not in ("at_least", "draws", "seed"):
            raise error(f"unknown key '{key}'{did_you_mean(str(key), ('at_least', 'draws', 'seed'))}; robust takes "
                        "at_least, draws and seed", file, value, key, f"{path}.{key}")
    from convenience.expectations.verdict import DEFAULT_BAR

    share, draws = value.get("at_least", DEFAULT_BAR), value.get("draws", DEFAULT_DRAWS)
    seed = value.get("seed", 0)
    if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 1:
        raise error("at_least must be a share between 0 and 1", file, value, "at_least", f"{path}.at_least")
    if isinstance(draws, bool) or not isinstance(draws, int) or not 1 <= draws <= 100_000:
        raise error("draws must be a whole number from 1 to 100000", file, value, "draws", f"{path}.draws")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise error("seed must be a whole number", file, value, "seed", f"{path}.seed")
    return {"at_least": float(share), "draws": draws, "seed": seed}
