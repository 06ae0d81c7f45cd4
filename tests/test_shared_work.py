"""Work shared between the claims of one game, and shortcuts that skip work whose answer is
known: each gives the answer the work done afresh gives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from convenience.expectations import parse_expectations
from convenience.expectations.conditions import exact_conditions
from convenience.expectations.draws import ranged
from convenience.spec import load_game

ROOT = Path(__file__).resolve().parents[1]


def _forget() -> None:
    """Empty every memo of the exact regions."""
    from convenience.expectations import box, cells, conditions

    box._CLASSIFIED.clear()
    cells._CELLS.clear()
    cells._COVERS.clear()
    conditions._ANALYSES.clear()


@pytest.mark.parametrize("name", ["alliance", "federation", "second-afghanistan", "assad", "israel-strikes", "israel-restraint"])
def test_exact_regions_with_the_memos_equal_those_found_afresh(name):
    game = load_game(ROOT / "games" / f"{name}.yaml")
    varying = ranged(game)
    exps = parse_expectations(game)
    _forget()
    shared = [exact_conditions(game, exp, varying) for exp in exps]  # later claims read the earlier ones' work
    alone = []
    for exp in exps:
        _forget()
        alone.append(exact_conditions(game, exp, varying))
    assert shared == alone
    assert any(region is not None for region in shared)


def test_a_classification_is_remembered_for_its_box_only():
    """The same payoff difference over the same ranges, with another value of a parameter the
    box holds fixed, is classified again (and differently)."""
    import sympy

    from convenience.expectations.box import Box, _CLASSIFIED

    game = load_game(ROOT / "games" / "federation.yaml")
    phi, c_r = sympy.Symbol("phi", real=True), sympy.Symbol("c_R", real=True)
    low = Box(game, ["phi"], {**game.baseline(), "c_R": -1})
    high = Box(game, ["phi"], {**game.baseline(), "c_R": 9})
    _CLASSIFIED.clear()
    expression = phi - c_r
    assert low.classify(expression, True) is not high.classify(expression, True)
    assert low.classify(expression, True) == low._classify(sympy.sympify(expression), True)
    assert high.classify(expression, True) == high._classify(sympy.sympify(expression), True)
    assert low.classify(expression, True) is True  # phi in [0, 6] is always above -1 ...
    assert high.classify(expression, True) is False  # ... and never above 9
    middle = Box(game, ["phi"], {**game.baseline(), "c_R": 2})
    assert middle.classify(expression, True) == "phi > 2"


def _tied_game(rng, m: int, n: int):
    """A float bimatrix game in which some strategy of the listed polytope's player meets two
    equal best replies."""
    from convenience.normal_form import NormalFormGame

    A = rng.integers(0, 5, size=(m, n)).astype(float) + rng.random((m, n))
    B = rng.integers(0, 5, size=(m, n)).astype(float) + rng.random((m, n))
    if m <= n:
        i, (j, k) = rng.integers(m), rng.choice(n, 2, replace=False)
        B[i, j] = B[i, k] = B[i].max() + rng.integers(0, 2)
    else:
        j, (i, k) = rng.integers(n), rng.choice(m, 2, replace=False)
        A[i, j] = A[k, j] = A[:, j].max() + rng.integers(0, 2)
    return NormalFormGame(("R", "C"), (tuple(f"r{i}" for i in range(m)), tuple(f"c{j}" for j in range(n))),
                          np.stack([A, B]))


def test_a_pure_strategy_with_tied_best_replies_is_sent_to_the_exact_path_as_the_float_path_would(monkeypatch):
    import convenience.solvers.vertex_enumeration as ve

    rng = np.random.default_rng(11)
    shapes = [(2, 2), (2, 3), (3, 2), (3, 3), (4, 4), (3, 5), (5, 3)]
    for k in range(70):
        game = _tied_game(rng, *shapes[k % len(shapes)])
        assert ve._tied_pure_reply(game)
        assert ve._float_path(game) is None  # the float path rejects it too: the shortcut changes nothing
        quick = ve.vertex_enumeration(game)
        with monkeypatch.context() as patch:
            patch.setattr(ve, "_tied_pure_reply", lambda game: False)
            slow = ve.vertex_enumeration(game)
        assert [e.key(12) for e in quick.equilibria] == [e.key(12) for e in slow.equilibria]
        assert quick.notes == slow.notes
        assert len(quick.components) == len(slow.components)


def test_a_game_without_tied_best_replies_takes_the_float_path():
    import convenience.solvers.vertex_enumeration as ve
    from convenience.normal_form import NormalFormGame

    rng = np.random.default_rng(2)
    game = NormalFormGame(("R", "C"), (("a", "b", "c"), ("x", "y", "z")), rng.random((2, 3, 3)))
    assert not ve._tied_pure_reply(game)
    assert any(note.startswith("float path") for note in ve.vertex_enumeration(game).notes)


def test_the_mixed_search_skips_only_the_pure_equilibria():
    from convenience.solvers.fixed_players import equilibria_with_a_pure_player
    from convenience.normal_form import NormalFormGame

    rng = np.random.default_rng(7)
    skipped = 0
    for shape in [(2, 2, 2)] * 10 + [(2, 3, 2)] * 5:
        payoffs = rng.integers(0, 5, size=(3, *shape)).astype(float)
        game = NormalFormGame(("A", "B", "C"), tuple(tuple(f"s{k}" for k in range(m)) for m in shape), payoffs)
        every = [e.key() for e in equilibria_with_a_pure_player(game)]
        pure = {e.key() for e in equilibria_with_a_pure_player(game) if e.is_pure}
        mixed = [e for e in equilibria_with_a_pure_player(game, mixed=True)]
        assert [e.key() for e in mixed] == [key for key in every if key not in pure]
        assert all(sum(int(np.count_nonzero(np.asarray(x, dtype=float))) > 1 for x in e.profile) >= 2
                   for e in mixed)
        skipped += len(pure)
    assert skipped > 0


def test_the_claims_of_a_game_report_progress_and_the_verdicts_do_not_change():
    from convenience.expectations.run import judge_game

    game = load_game(ROOT / "games" / "patrons.yaml")
    seen: list[tuple[str, int, int]] = []
    told = judge_game(game, progress=lambda stage, done, total: seen.append((stage, done, total)))
    quiet = judge_game(game)
    assert [c.to_dict() for c in told.claims] == [c.to_dict() for c in quiet.claims]
    total = len(parse_expectations(game)) + 2
    assert seen[0] == ("verdict draws", 0, total) and seen[-1] == ("claims judged", total, total)
    assert [done for _, done, _ in seen] == sorted(done for _, done, _ in seen)
    assert {stage for stage, _, _ in seen} >= {f"claim {e.id}" for e in parse_expectations(game)}


def test_check_on_a_terminal_shows_each_game_moving_and_prints_the_same(monkeypatch):
    from contextlib import contextmanager

    import convenience.commands as commands
    import convenience.commands.report as report
    from convenience.commands.check import _checked
    from convenience.commands.grammar import Messages
    from convenience.pipeline import AnalysisOptions

    paths = [ROOT / "games" / "patrons.yaml", ROOT / "games" / "post-war.yaml"]
    options = AnalysisOptions(parts=frozenset({"expectations"}))
    plain = _checked(paths, options, {}, 1, None, Messages(False, False))  # off a terminal: no bars
    moves: list[tuple] = []

    @contextmanager
    def bars(title, verb, count):
        yield (lambda name: moves.append(("done", name)), lambda *args: moves.append(args))

    monkeypatch.setattr(commands, "is_terminal", lambda: True)
    monkeypatch.setattr(report, "game_progress", bars)
    shown = _checked(paths, options, {}, 1, None, Messages(False, False))
    assert [v.to_dict() for v in shown.verdicts()] == [v.to_dict() for v in plain.verdicts()]
    assert sum(1 for m in moves if m[0] == "done") == 2
    stages = [m for m in moves if m[0] != "done"]
    assert any(stage.startswith("claim ") for _, stage, _, _ in stages)
    assert {name for name, _, _, _ in stages} == {str(p) for p in paths}
    moves.clear()
    _checked(paths, options, {}, 1, None, Messages(True, False))  # quiet: no bars
    assert not moves
