"""The one Monte Carlo engine: its seed discipline, its independence from the workers, and the
rule that no module outside ``analysis/montecarlo/`` draws random parameter points itself."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest

from convenience.analysis.montecarlo import engine
from convenience.analysis.montecarlo.distributions import Distribution

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "convenience"
ENGINE = PACKAGE / "analysis" / "montecarlo"

#: Modules that draw random numbers which are not parameter points, and what they draw.
OTHER_RANDOMNESS = {
    "solvers/nplayer.py": "random starting profiles of the numerical N-player solver",
    "solvers/nplayer_components.py": "a random direction to find a verified interior point of a continuum",
    "extensive/random_trees.py": "random game trees (benchmarks and tests)",
    "analysis/stability/measures.py": "random mixtures of best replies (basins of attraction)",
    "analysis/stability/dynamics.py": "random starting mixtures of the replicator dynamics",
    "analysis/stability/perfection.py": "random trembles and starting profiles of N-player perfection",
}

RANDOM_CONSTRUCTORS = {"default_rng", "SeedSequence", "RandomState", "Generator"}


def random_draws(source: str) -> list[tuple[int, str]]:
    """``(line, what)`` for every place ``source`` builds a random generator, calls numpy's or
    Python's random functions, imports :mod:`random`, or samples a distribution itself."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import) and any(alias.name == "random" for alias in node.names):
            found.append((node.lineno, "import random"))
        elif isinstance(node, ast.ImportFrom) and node.module in ("random", "numpy.random"):
            found.append((node.lineno, f"from {node.module} import ..."))
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in RANDOM_CONSTRUCTORS | {"sample_parameters"}:
                found.append((node.lineno, func.id))
            elif isinstance(func, ast.Attribute):
                owner = func.value
                if isinstance(owner, ast.Attribute) and owner.attr == "random":  # np.random.anything(...)
                    found.append((node.lineno, f"random.{func.attr}"))
                elif func.attr == "sample_parameters":
                    found.append((node.lineno, func.attr))
                elif func.attr == "sample" and len(node.args) == 2:  # distribution.sample(rng, size)
                    found.append((node.lineno, "Distribution.sample"))
    return found


def test_no_module_outside_the_engine_draws_parameter_points():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if path.is_relative_to(ENGINE) or relative in OTHER_RANDOMNESS:
            continue
        offenders += [f"{relative}:{line}: {what}" for line, what in random_draws(path.read_text(encoding="utf-8"))]
    assert not offenders, "draw parameter points through convenience.analysis.montecarlo.engine:\n" + "\n".join(offenders)


def test_the_modules_allowed_other_randomness_exist_and_use_it():
    for relative in OTHER_RANDOMNESS:
        assert random_draws((PACKAGE / relative).read_text(encoding="utf-8")), relative


def test_the_rule_can_fail():
    source = ("import numpy as np\nimport random\n"
              "def f(d, seed):\n    rng = np.random.default_rng(seed)\n    x = np.random.uniform(0, 1, 3)\n"
              "    return d.sample(rng, 10), sample_parameters({}, rng, 3)\n")
    assert [what for _, what in random_draws(source)] == ["import random", "random.default_rng", "random.uniform",
                                                          "Distribution.sample", "sample_parameters"]
    assert random_draws("def f(rng: 'np.random.Generator', size: int):\n    return rng.uniform(0, 1, size)\n") == []


UNIFORM = {"a": Distribution("a", "uniform", 1.0, 0.0, 2.0), "b": Distribution("b", "triangular", 1.0, 0.0, 3.0),
           "c": Distribution("c", "fixed", 5.0)}


def test_a_stream_is_its_entropy_and_draws_the_parameters_in_order():
    drawn = engine.stream_draws(UNIFORM, [3, 7], 50)
    rng = np.random.default_rng([3, 7])
    assert np.array_equal(drawn["a"], rng.uniform(0.0, 2.0, 50))
    assert np.array_equal(drawn["b"], rng.triangular(0.0, 1.0, 3.0, 50))
    assert np.array_equal(drawn["c"], np.full(50, 5.0))
    other = engine.stream_draws(UNIFORM, [3, 8], 50)
    assert not np.array_equal(drawn["a"], other["a"])


def test_the_block_stream_is_fixed_by_samples_and_seed():
    first = list(engine.blocks(UNIFORM, 30_000, 4))
    assert [len(b["a"]) for b in first] == [25_000, 5_000]
    seeds = np.random.SeedSequence(4).spawn(2)
    assert np.array_equal(first[1]["a"], np.random.default_rng(seeds[1]).uniform(0.0, 2.0, 5_000))
    points = engine.points(UNIFORM, 30_000, 4)
    assert len(points) == 30_000 and set(points[0]) == {"a", "b"}  # the fixed one is left out
    assert points[25_000]["a"] == first[1]["a"][0]


def test_a_game_stream_depends_on_its_file_name_not_its_directory():
    class Game:
        def __init__(self, file):
            self.file, self.title = file, "t"

    assert engine.game_entropy(Game("/a/x.yaml"), 2) == engine.game_entropy(Game("/b/x.yaml"), 2)
    assert engine.game_entropy(Game("/a/x.yaml"), 2) != engine.game_entropy(Game("/a/y.yaml"), 2)
    assert engine.game_entropy(Game("/a/x.yaml"), 2, 1)[:2] == engine.game_entropy(Game("/a/x.yaml"), 2)


def _block_sums(shared, task):
    seed, size, start, stop = task
    _, drawn = engine.block_draws(shared, (seed, size))
    return float(drawn["a"][start:stop].sum()), stop - start


def _squares(shared, piece):
    return [shared * p["a"] ** 2 for p in piece]


def test_the_batch_path_gives_the_same_answer_with_one_and_two_workers():
    one = engine.run_batch(_block_sums, 60_000, 9, shared=UNIFORM, workers=1)
    two = engine.run_batch(_block_sums, 60_000, 9, shared=UNIFORM, workers=2)
    assert sum(n for _, n in one) == sum(n for _, n in two) == 60_000
    assert len(two) > len(one)  # the blocks were cut for the two workers ...
    assert sum(s for s, _ in one) == pytest.approx(sum(s for s, _ in two), rel=1e-12)  # ... the draws were not


def test_the_pointwise_path_gives_the_same_answer_with_one_and_two_workers():
    items = engine.points(UNIFORM, 200, 1)
    runner1, _ = engine.point_runner(3.0, workers=1)
    runner2, _ = engine.point_runner(3.0, workers=2)
    with runner1, runner2:
        assert engine.run_pointwise(runner1, _squares, items) == engine.run_pointwise(runner2, _squares, items)


def test_the_pointwise_path_charges_its_budget_in_points():
    from convenience.budget import BudgetExceeded, WorkBudget

    runner, _ = engine.point_runner(1.0)
    budget = WorkBudget(10, "points evaluated")
    with runner:
        assert len(engine.run_pointwise(runner, _squares, engine.points(UNIFORM, 10, 0), budget=budget)) == 10
        with pytest.raises(BudgetExceeded):
            engine.run_pointwise(runner, _squares, engine.points(UNIFORM, 1, 0), budget=budget)


def test_the_analyses_built_on_the_engine_give_the_same_answer_with_one_and_two_workers():
    from convenience.analysis.sensitivity.ordinal import ordinal_analysis
    from convenience.analysis.sensitivity.analyze import analyze
    from convenience.spec import load_game, loads

    root = Path(__file__).resolve().parent.parent
    game = load_game(root / "games" / "alliance.yaml")
    serial = analyze(game, samples=30_000, seed=3).monte_carlo.to_dict()
    assert analyze(game, samples=30_000, seed=3, workers=2).monte_carlo.to_dict() == serial
    tree = load_game(root / "tests" / "data" / "tree_bayesian_entry.yaml")  # solved draw by draw
    serial = analyze(tree, samples=40, seed=5).monte_carlo.to_dict()
    assert analyze(tree, samples=40, seed=5, workers=2).monte_carlo.to_dict() == serial
    ranks = loads("title: Ordinal\npayoff_scale: ordinal\nplayers:\n  Row: [U, D]\n  Col: [L, R]\npayoffs:\n"
                  "  U: {L: [4, 2], R: [1, 4]}\n  D: {L: [3, 1], R: [2, 3]}\n")
    assert (ordinal_analysis(ranks, samples=30_000, seed=2, workers=2).to_dict()
            == ordinal_analysis(ranks, samples=30_000, seed=2).to_dict())


def test_a_claims_robust_share_counts_the_engines_draws_judged_one_by_one():
    from convenience.analysis.montecarlo.distributions import distribution_of
    from convenience.expectations import robust_share
    from convenience.expectations.checks import Point
    from convenience.expectations.draws import holds_safely
    from convenience.expectations.parse import parse_expectations
    from convenience.spec import load_game

    game = load_game(Path(__file__).resolve().parent.parent / "games" / "alliance.yaml")
    exp = parse_expectations(game)[0]
    base = game.baseline()
    dists = {name: distribution_of(p) for name, p in game.parameters.items()}
    drawn = engine.stream_draws(dists, 0, 200)
    one_by_one = sum(holds_safely(Point(game, {**base, **{n: float(c[k]) for n, c in drawn.items()}}), exp)
                     for k in range(200))
    assert robust_share(game, exp, base) == (one_by_one / 200, 200)
    assert 0 < one_by_one < 200  # the claim fails in some draws: the count could be wrong
