"""Sensitivity analysis speed, measured side by side in one run (ratios matter, not seconds).

    python benchmarks/bench_sensitivity.py [--quick]

1. Exact analysis of a 2x2 game with 4 parameters and a 3x3 game with 6 parameters: our
   polynomial-ring path (conditions of every pure profile and mixed support, every threshold)
   against the generic sympy path (``solve`` for the mixtures, ``simplify`` of each condition,
   ``solve`` of each condition for each parameter).
2. Monte Carlo: 100,000 samples of a parametric 3x3 game (batch equilibrium checks) against a
   loop of nashpy's support enumeration and a loop of convenience's own exact solver
   (extrapolated from a few hundred samples).
3. Local processes: the same Monte Carlo with ``workers=1`` and ``workers=2``.
4. A parametric 2x2x2 game with 3 parameters, where three players mix: exact analysis
   (closed-form roots, boundary resultants, every threshold) and 100,000-sample Monte Carlo
   (every candidate, including both roots of the fully mixed quadratic, checked in one batch)
   against the batch 2x2x2 solver (equilibria only, no labels) and a loop of convenience's
   exact N-player solver (extrapolated).
"""

from __future__ import annotations

import itertools
import sys
import time

import numpy as np

from convenience.spec import loads

GAME_2X2 = """
title: 2x2 with four parameters
players: {Row: [A, B], Col: [X, Y]}
parameters:
  a: {value: 3, range: [0, 10]}
  b: {value: 2, range: [0, 10]}
  c: {value: 1, range: [0, 10]}
  d: {value: 4, range: [0, 10]}
payoffs:
  A: {X: [a, b], Y: [c - d, d]}
  B: {X: [d, c], Y: [b - a, a + c]}
"""

GAME_3X3 = """
title: 3x3 with six parameters
players: {Row: [A, B, C], Col: [X, Y, Z]}
parameters:
  a: {value: 3, range: [0, 10]}
  b: {value: 2, range: [0, 10]}
  c: {value: 1, range: [0, 10]}
  d: {value: 4, range: [0, 10]}
  e: {value: 5, range: [0, 10]}
  f: {value: 6, range: [0, 10]}
payoffs:
  A: {X: [a, b], Y: [c, d + 1], Z: [e - 1, f]}
  B: {X: [d, 2*c], Y: [e, a - 1], Z: [f - 2, b]}
  C: {X: [b + c, e], Y: [f, c], Z: [a + 2, d - e]}
"""


GAME_2X2X2 = """
title: 2x2x2 with three parameters
players: {P: [p0, p1], Q: [q0, q1], R: [r0, r1]}
parameters:
  a: {value: 1, range: [-5, 5]}
  b: {value: 1, range: [-3, 3]}
  c: {value: 0, range: [-3, 3]}
payoffs:
  p0:
    q0: {r0: [2 + a, -1, 3], r1: [-2, 3 - a, 1 + c]}
    q1: {r0: [-1, 2 + b, -2 + a], r1: [1, -2, 2]}
  p1:
    q0: {r0: [-3, 1 + a, -1], r1: [2 - c, -1, -3]}
    q1: {r0: [3 + b, -3, 1], r1: [-1, 2 - a, -2 + c]}
"""


def best_of(function, repeat=3):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def ours(text):
    from convenience.analysis.sensitivity.symbolic import symbolic_conditions
    from convenience.analysis.sensitivity.thresholds import exact_thresholds
    from convenience.analysis.sensitivity.work import WorkBudget

    game = loads(text)

    def conditions():
        return symbolic_conditions(game, budget=WorkBudget(None))

    def everything():
        analysis = symbolic_conditions(game, budget=WorkBudget(None))
        for name, p in game.parameters.items():
            exact_thresholds(analysis, name, game.baseline(), p.low, p.high)

    return best_of(conditions), best_of(everything)


def generic_sympy(text, limit=60.0):
    """The textbook sympy route: solve, simplify, solve again, per condition and parameter."""
    import sympy

    game = loads(text)
    pay = game.payoffs
    symbols = [sympy.Symbol(n, real=True) for n in game.parameters]
    m0, m1 = pay.shape[1:]
    deadline = time.perf_counter() + limit
    start = time.perf_counter()
    conditions = []
    for i, j in itertools.product(range(m0), range(m1)):
        for t in range(m0):
            if t != i:
                conditions.append(sympy.simplify(pay[0, i, j] - pay[0, t, j]) >= 0)
        for t in range(m1):
            if t != j:
                conditions.append(sympy.simplify(pay[1, i, j] - pay[1, i, t]) >= 0)
    for k in range(2, min(m0, m1) + 1):
        for rows in itertools.combinations(range(m0), k):
            for cols in itertools.combinations(range(m1), k):
                q = sympy.symbols(f"q0:{k}")
                p = sympy.symbols(f"p0:{k}")
                eqs = [sum(q) - 1] + [sum((pay[0, rows[r], cols[c]] - pay[0, rows[0], cols[c]]) * q[c]
                                          for c in range(k)) for r in range(1, k)]
                eqs += [sum(p) - 1] + [sum((pay[1, rows[r], cols[c]] - pay[1, rows[r], cols[0]]) * p[r]
                                           for r in range(k)) for c in range(1, k)]
                solution = sympy.solve(eqs, list(q) + list(p), dict=True)
                for s in solution:
                    conditions += [sympy.simplify(v) > 0 for v in s.values()]
                if time.perf_counter() > deadline:
                    return None, None
    mixed = time.perf_counter() - start
    for cond in conditions:
        if cond in (sympy.true, sympy.false):
            continue
        for x in symbols:
            if x in cond.free_symbols:
                sympy.solve(sympy.numer(sympy.together(cond.lhs - cond.rhs)), x)
        if time.perf_counter() > deadline:
            return mixed, None
    return mixed, time.perf_counter() - start


def monte_carlo_rates(quick):
    import warnings

    import nashpy

    from convenience.analysis.sensitivity.analyze import analyze
    from convenience.analysis.sensitivity.vectorised import payoff_function
    from convenience.solvers import solve

    from convenience.analysis.montecarlo.distributions import distribution_of
    from convenience.analysis.montecarlo.robustness import monte_carlo

    game = loads(GAME_3X3)
    samples = 20_000 if quick else 100_000
    dists = {k: distribution_of(p) for k, p in game.parameters.items()}
    monte_carlo(game, dists, samples=1000)  # compile the payoff function once
    batch = best_of(lambda: monte_carlo(game, dists, samples=samples, seed=1), repeat=3)
    whole = best_of(lambda: analyze(game, samples=samples, seed=1, work_limit=None), repeat=1)
    f = payoff_function(game)
    rng = np.random.default_rng(0)
    n = 100 if quick else 300
    values = {k: rng.uniform(0, 10, n) for k in game.parameters}
    payoffs = f(**values)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for g in range(n):
            list(nashpy.Game(payoffs[0, ..., g], payoffs[1, ..., g]).support_enumeration())
    nash_per = (time.perf_counter() - start) / n
    start = time.perf_counter()
    m = n // 3
    for g in range(m):
        game.at({k: float(v[g]) for k, v in values.items()})
        solve(game.at({k: float(v[g]) for k, v in values.items()}), method="support-enumeration")
    own_per = (time.perf_counter() - start) / m
    return samples, batch, whole, nash_per * samples, own_per * samples


def workers_rates(quick):
    from convenience.analysis.montecarlo.distributions import distribution_of
    from convenience.analysis.montecarlo.robustness import monte_carlo

    game = loads(GAME_3X3)
    dists = {k: distribution_of(p) for k, p in game.parameters.items()}
    samples = 200_000 if quick else 1_000_000
    one = best_of(lambda: monte_carlo(game, dists, samples=samples, seed=1), repeat=1)
    two = best_of(lambda: monte_carlo(game, dists, samples=samples, seed=1, workers=2), repeat=1)
    return samples, one, two


def three_mixers(quick):
    from convenience.solvers.batch import solve_2x2x2
    from convenience.analysis.montecarlo.distributions import distribution_of
    from convenience.analysis.montecarlo.robustness import monte_carlo
    from convenience.analysis.sensitivity.vectorised import payoff_function
    from convenience.solvers import solve

    game = loads(GAME_2X2X2)
    cond, full = ours(GAME_2X2X2)
    samples = 20_000 if quick else 100_000
    dists = {k: distribution_of(p) for k, p in game.parameters.items()}
    monte_carlo(game, dists, samples=1000)
    batch = best_of(lambda: monte_carlo(game, dists, samples=samples, seed=1), repeat=3)
    rng = np.random.default_rng(0)
    values = {k: rng.uniform(float(p.low), float(p.high), samples) for k, p in game.parameters.items()}
    payoffs = payoff_function(game)(**values)
    closed = best_of(lambda: solve_2x2x2(payoffs), repeat=3)
    n = 10 if quick else 30
    start = time.perf_counter()
    for g in range(n):
        solve(game.at({k: float(v[g]) for k, v in values.items()}))
    own = (time.perf_counter() - start) / n * samples
    return cond, full, samples, batch, closed, own


def main() -> None:
    quick = "--quick" in sys.argv
    print("== exact analysis (best of 3)")
    for name, text in (("2x2, 4 parameters", GAME_2X2), ("3x3, 6 parameters", GAME_3X3)):
        cond, full = ours(text)
        mixed, generic = generic_sympy(text, limit=30.0 if quick else 120.0)
        print(f"{name}: ours conditions {cond * 1e3:.0f} ms, conditions + every threshold {full * 1e3:.0f} ms")
        if mixed is None:
            print("   generic sympy: mixed equilibria did not finish within the limit")
        else:
            g = "did not finish" if generic is None else f"{generic * 1e3:.0f} ms ({generic / full:.0f}x ours)"
            print(f"   generic sympy: conditions {mixed * 1e3:.0f} ms ({mixed / cond:.0f}x ours), "
                  f"with thresholds {g}")
    print("== Monte Carlo, parametric 3x3")
    samples, batch, whole, nash, own = monte_carlo_rates(quick)
    print(f"{samples} samples: batch Monte Carlo {batch:.2f} s (whole analyze() incl. symbolic, sweeps: "
          f"{whole:.2f} s); loop of nashpy support "
          f"enumeration {nash:.0f} s ({nash / batch:.0f}x); loop of convenience exact solve {own:.0f} s "
          f"({own / batch:.0f}x) (loops extrapolated)")
    print("== three players mixing: parametric 2x2x2, 3 parameters")
    cond, full, samples, batch, closed, own = three_mixers(quick)
    print(f"exact: conditions incl. closed-form roots {cond * 1e3:.0f} ms, conditions + every threshold "
          f"{full * 1e3:.0f} ms")
    print(f"{samples} samples: Monte Carlo {batch:.2f} s; batch solve_2x2x2 (equilibria only) {closed:.2f} s; "
          f"loop of convenience exact solve {own:.0f} s ({own / batch:.0f}x, extrapolated)")
    print("== local processes")
    samples, one, two = workers_rates(quick)
    print(f"{samples} samples: workers=1 {one:.2f} s, workers=2 {two:.2f} s (ratio {one / two:.2f})")


if __name__ == "__main__":
    main()
