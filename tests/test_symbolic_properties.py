"""Properties: exact conditions, batch checks and an exact solver agree on random parametric games."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from convenience.analysis.sensitivity.symbolic import symbolic_conditions
from convenience.analysis.sensitivity.vectorised import CandidateChecker, GameEvaluator
from convenience.spec import loads

NAMES = ("a", "b")


@st.composite
def linear_games(draw):
    """A random two-player game with payoffs c0 + c1*a + c2*b (small integers)."""
    rows = draw(st.integers(2, 3))
    cols = draw(st.integers(2, 3))
    coef = st.integers(-6, 6)
    lines = ["title: random", "players:", f"  Row: [{', '.join(f'r{i}' for i in range(rows))}]",
             f"  Col: [{', '.join(f'c{j}' for j in range(cols))}]", "parameters:",
             "  a: {value: 1, range: [-5, 5]}", "  b: {value: 2, range: [-5, 5]}", "payoffs:"]
    for i in range(rows):
        lines.append(f"  r{i}:")
        for j in range(cols):
            cells = []
            for _ in range(2):
                c0, c1, c2 = draw(coef), draw(coef), draw(coef)
                cells.append(f"'{c0} + {c1}*a + {c2}*b'")
            lines.append(f"    c{j}: [{', '.join(cells)}]")
    point = {n: Fraction(draw(st.integers(-500, 500)), draw(st.integers(1, 97))) for n in NAMES}
    return loads("\n".join(lines) + "\n"), point


def _nondegenerate(numeric) -> bool:
    """No ties in any player's payoffs against a fixed opponent strategy, and no singular supports."""
    A = np.array(numeric.payoffs[0], dtype=object)
    B = np.array(numeric.payoffs[1], dtype=object)
    for j in range(A.shape[1]):
        if len(set(A[:, j])) < A.shape[0]:
            return False
    for i in range(B.shape[0]):
        if len(set(B[i, :])) < B.shape[1]:
            return False
    return True


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(linear_games())
def test_exact_conditions_match_the_exact_solver(case):
    from convenience.solvers import solve

    game, point = case
    numeric = game.at(point)
    assume(_nondegenerate(numeric))
    result = solve(numeric, method="support-enumeration")
    assume(len(result.equilibria) % 2 == 1)  # nondegenerate games have an odd number
    from convenience.analysis.sensitivity.candidates import support_label

    solver_set = {support_label(game.strategies, e.support_indices) for e in result.equilibria}
    analysis = symbolic_conditions(game)
    assert analysis.equilibrium_set(point) == solver_set
    evaluator = GameEvaluator(game)
    batch = evaluator.sets({n: np.array([float(v)]) for n, v in point.items()})[0]
    assert batch == solver_set


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.integers(0, 2**32 - 1), st.sampled_from([(2, 2), (2, 3), (3, 3), (3, 4)]))
def test_batch_mixed_equilibria_have_zero_regret(seed, shape):
    """Every candidate the batch check accepts is an equilibrium when its mixture is recomputed."""
    from convenience.normal_form import NormalFormGame

    rng = np.random.default_rng(seed)
    payoffs = rng.normal(size=(2, *shape, 50))
    strategies = tuple(tuple(f"s{k}" for k in range(m)) for m in shape)
    checker = CandidateChecker(strategies)
    presence = checker.check(payoffs)
    for g in range(payoffs.shape[-1]):
        count = 0
        for c, cand in enumerate(checker.candidates):
            if not presence[g, c]:
                continue
            count += 1
            rows, cols = cand.support
            A, B = payoffs[0, ..., g], payoffs[1, ..., g]
            profile = [np.zeros(shape[0]), np.zeros(shape[1])]
            # solve the indifference systems directly for the mixture
            for player, (M, own, other) in enumerate(((B.T, cols, rows), (A, rows, cols))):
                k = len(other)
                sub = M[np.ix_(own, other)]
                system = np.vstack([sub[1:] - sub[:1], np.ones(k)])
                rhs = np.zeros(k)
                rhs[-1] = 1
                profile[player][list(other)] = np.linalg.solve(system, rhs)
            game = NormalFormGame(("R", "C"), strategies, payoffs[..., g])
            assert game.regret(tuple(profile)) <= 1e-7
        assert count % 2 == 1  # random games are nondegenerate: an odd number of equilibria


@st.composite
def one_parameter_games(draw):
    """A random 2x2 or 2x3 game whose payoffs are c0 + c1*t, t in [-10, 10]."""
    cols = draw(st.integers(2, 3))
    coef = st.integers(-9, 9)
    lines = ["title: random", "players:", "  Row: [r0, r1]", f"  Col: [{', '.join(f'c{j}' for j in range(cols))}]",
             "parameters:", f"  t: {{value: {draw(st.integers(-9, 9))}, range: [-10, 10]}}", "payoffs:"]
    for i in range(2):
        lines.append(f"  r{i}:")
        for j in range(cols):
            cells = [f"'{draw(coef)} + {draw(coef)}*t'" for _ in range(2)]
            lines.append(f"    c{j}: [{', '.join(cells)}]")
    return loads("\n".join(lines) + "\n")


@settings(max_examples=40, deadline=None, derandomize=True)
@given(one_parameter_games())
def test_exact_thresholds_agree_with_bisection(game):
    """Every exact threshold is found by grid-and-bisection on the batch checks, and vice versa."""
    from convenience.analysis.sensitivity.thresholds import exact_thresholds, numeric_thresholds

    analysis = symbolic_conditions(game)
    baseline = float(game.parameters["t"].value)
    exact = exact_thresholds(analysis, "t", game.baseline(), -10, 10)
    evaluator = GameEvaluator(game)
    # roots are fractions with denominators below 40, so distinct roots are more than 1/1600 apart:
    # a grid four times finer brackets each one separately
    numeric = numeric_thresholds(lambda xs: evaluator.sets({"t": xs}), "t", baseline, -10.0, 10.0, points=64001)
    found = [t.value for t in numeric.thresholds]
    for t in exact.thresholds:
        assert any(abs(t.value - x) < 1e-6 for x in found), (t, found)
    for x in found:
        assert any(abs(t.value - x) < 1e-6 for t in exact.thresholds), (x, exact.thresholds)


@st.composite
def three_player_games(draw):
    """A random 2x2x2 game with payoffs c0 + c1*a (small integers) and a rational point."""
    coef = st.integers(-5, 5)
    lines = ["title: random3", "players:", "  P: [p0, p1]", "  Q: [q0, q1]", "  R: [r0, r1]", "parameters:",
             "  a: {value: 1, range: [-5, 5]}", "payoffs:"]
    for i in range(2):
        lines.append(f"  p{i}:")
        for j in range(2):
            inner = ", ".join(f"r{k}: [{', '.join(repr(f'{draw(coef)} + {draw(coef)}*a') for _ in range(3))}]"
                              for k in range(2))
            lines.append(f"    q{j}: {{{inner}}}")
    point = {"a": Fraction(draw(st.integers(-500, 500)), draw(st.integers(1, 97)))}
    return loads("\n".join(lines) + "\n"), point


@settings(max_examples=40, deadline=None, derandomize=True)
@given(three_player_games())
def test_three_player_candidates_are_verified_equilibria(case):
    """Exact conditions and batch checks agree, and every candidate they accept has zero regret."""
    import sympy

    from convenience.results import make_equilibrium

    game, point = case
    analysis = symbolic_conditions(game)
    exact = analysis.equilibrium_set(point)
    batch = GameEvaluator(game).sets({"a": np.array([float(point["a"])])})[0]
    assert exact == batch
    numeric = game.at(point)
    subs = {sympy.Symbol("a", real=True): sympy.Rational(point["a"].numerator, point["a"].denominator)}
    for cand in analysis.candidates:
        if cand.label not in exact or cand.probabilities is None:
            continue
        profile = [[Fraction(str(sympy.sympify(x).subs(subs))) for x in row] for row in cand.probabilities]
        assert make_equilibrium(numeric, profile).regret == 0
