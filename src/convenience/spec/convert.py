"""Writing games in other formats: YAML and Gambit's ``.nfg`` and ``.efg``.

Parametric payoffs keep their expressions in YAML; Gambit's formats hold numbers, so the
game is written at its parameter values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from convenience.errors import InputError
from convenience.game import Game, game_kind
from convenience.game import numeric as numeric_game

if TYPE_CHECKING:
    from convenience.normal_form import NormalFormGame
    from convenience.parametric import ParametricGame


def convert_game(game: Game, suffix: str, path: str | None = None) -> str:
    """The text of ``game`` in the format named by ``suffix`` (``.yaml``, ``.nfg``, ``.efg``)."""
    import yaml

    kind = game_kind(game)
    if suffix in (".yaml", ".yml"):
        if kind == "normal":
            from convenience.spec.normal import game_to_yaml_data

            data = game_to_yaml_data(cast("ParametricGame", game))
        elif kind == "tree":
            from convenience.spec.tree import tree_to_yaml_data

            data = tree_to_yaml_data(game)
        else:
            raise InputError(f"cannot write a {kind} game as YAML yet", file=path)
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    if suffix == ".nfg":
        if kind == "tree":
            from convenience.extensive.reduced import reduced_normal_form

            numeric = reduced_normal_form(game)
        elif kind == "normal":
            numeric = cast("NormalFormGame", numeric_game(game))
        else:
            raise InputError(f"cannot write a {kind} game as .nfg", file=path)
        from convenience.spec.gambit_nfg import write_nfg

        return write_nfg(numeric)
    if suffix == ".efg":
        if kind != "tree":
            raise InputError("only game trees can be written as .efg", file=path)
        from convenience.spec.gambit_efg import write_efg

        return write_efg(numeric_game(game))
    raise InputError(f"unknown output format '{suffix}': expected .yaml, .nfg or .efg", file=path)
