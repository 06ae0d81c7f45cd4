"""Exact conditions on the parameters under which each candidate equilibrium holds.

For a pure profile the condition is the textbook one: no player gains from a unilateral
switch, ``u_i(s) - u_i(t, s_-i) >= 0`` for every player ``i`` and alternative ``t``. For a
two-player support pair ``(I, J)`` the opponent's mixture makes the player indifferent over
its support (solved by Cramer's rule), every probability is positive, and no strategy outside
the support earns more (support enumeration, as in Nashpy's ``support_enumeration``).

Payoffs become elements of sympy's sparse polynomial ring (or its fraction field when a
parameter divides), where addition, multiplication and determinants are cheap and
predictable; generic ``solve``/``simplify`` are never called. A condition is stored as a pair
``(numerator, denominator)`` of polynomials: it holds where ``numerator/denominator >= 0``
(``> 0`` when strict) and the denominator is nonzero. A work budget counted in polynomial terms
(:mod:`.work`) is charged between steps: when it runs out, :class:`SymbolicBudgetExceeded`
tells the caller to fall back to numerical analysis, at the same step on every machine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from convenience.analysis.sensitivity.candidates import Support, candidate_supports, mixed_note
from convenience.analysis.sensitivity.conditions import (CandidateCondition, Condition, Ratio, collect_conditions,
                                                         fraction_parts, make_condition, normalise,
                                                         numerator_denominator, poly_text, to_algebra)
from convenience.analysis.sensitivity.work import (MIXED_WEIGHT, SymbolicBudgetExceeded, WorkBudget,
                                                   condition_terms, term_count)

if TYPE_CHECKING:
    from convenience.parametric import ParametricGame


@dataclass(frozen=True)
class SymbolicAnalysis:
    """Every candidate's exact condition, plus what the analysis could not cover."""

    parameters: tuple[str, ...]
    candidates: tuple[CandidateCondition, ...]
    notes: tuple[str, ...] = ()
    ring: Any = field(default=None, repr=False, compare=False)
    #: candidates where three players mix (:mod:`convenience.analysis.sensitivity.nplayer_conditions`): their
    #: probabilities are algebraic, not rational, so they are kept apart from ``candidates``
    roots: tuple = ()

    @property
    def tracked(self) -> tuple:
        """Every candidate: ``candidates`` then ``roots`` (the order of the batch checks' labels)."""
        return self.candidates + self.roots

    def point(self, values: Mapping[str, Any]) -> tuple:
        """Exact ring-domain coordinates of a parameter point (missing names are an error)."""
        domain = self.ring.domain
        if not self.parameters:
            return (domain(0),)
        return tuple(domain(*fraction_parts(values[name])) for name in self.parameters)

    def equilibrium_set(self, values: Mapping[str, Any]) -> frozenset[str]:
        """Labels of the candidates that are equilibria at these parameter values (exact)."""
        point = self.point(values)
        return frozenset(c.label for c in self.tracked if c.holds(point))

    def conditional(self) -> tuple[CandidateCondition, ...]:
        return tuple(c for c in self.tracked if c.status == "conditional")

    def to_dict(self) -> dict:
        return {"parameters": list(self.parameters), "candidates": [c.to_dict() for c in self.tracked],
                "notes": list(self.notes)}

    def __getstate__(self) -> dict:
        """Pickled without the compiled evaluators (rebuilt on first use)."""
        return {k: v for k, v in self.__dict__.items() if k not in COMPILED_CACHES}


#: Attributes where the batch checks keep their compiled (lambdified) evaluators.
COMPILED_CACHES = ("_compiled", "_root_payoffs")


def _ratio_of(weight: Any, total: Any, ring: Any) -> Ratio:
    n1, d1 = numerator_denominator(weight, ring)
    n2, d2 = numerator_denominator(total, ring)
    numer, denom = n1 * d2, d1 * n2
    if not denom.is_ground:
        numer, denom = numer.cancel(denom)
    if denom.LC < 0:
        numer, denom = -numer, -denom
    if denom.is_ground and denom != 1:
        numer, denom = numer * (1 / denom.LC), ring.one
    return Ratio(numer, denom)


def _det(m: list[list[Any]], one: Any) -> Any:
    """Determinant by cofactor expansion (supports here are small)."""
    k = len(m)
    if k == 0:
        return one
    if k == 1:
        return m[0][0]
    if k == 2:
        return m[0][0] * m[1][1] - m[0][1] * m[1][0]
    total = 0 * one
    for j in range(k):
        minor = [row[:j] + row[j + 1:] for row in m[1:]]
        term = m[0][j] * _det(minor, one)
        total = total + term if j % 2 == 0 else total - term
    return total


def _indifference(m: list[list[Any]], one: Any) -> tuple[list[Any], Any] | None:
    """Opponent weights ``(C_j)`` and their sum ``D`` making every row of ``m`` pay the same.

    The probabilities are ``C_j / D``: Cramer's rule on the system "row r pays what row 0
    pays" plus "weights sum to one", expanded along the row of ones. ``None`` when ``D`` is
    identically zero.
    """
    k = len(m)
    diffs = [[m[r][j] - m[0][j] for j in range(k)] for r in range(1, k)]
    cof = []
    for j in range(k):
        minor = [row[:j] + row[j + 1:] for row in diffs]
        sign = 1 if (k - 1 + j) % 2 == 0 else -1
        cof.append(_det(minor, one) * sign)
    total = cof[0]
    for c in cof[1:]:
        total = total + c
    if not total:
        return None
    return cof, total


def _pure_candidate(support: Support, algebra: np.ndarray, game: ParametricGame) -> CandidateCondition:
    profile = tuple(s[0] for s in support.support)
    ring = algebra.flat[0].ring if hasattr(algebra.flat[0], "ring") else None
    conditions: list[Condition] = []
    seen: set = set()
    for i, strategies in enumerate(game.strategies):
        u = algebra[(i, *profile)]
        for t in range(len(strategies)):
            if t == profile[i]:
                continue
            alt = list(profile)
            alt[i] = t
            numer, denom = numerator_denominator(u - algebra[(i, *alt)], ring)
            ok = collect_conditions([make_condition(numer, denom, False)], conditions, seen)
            if not ok:
                reason = f"{game.players[i]} gains by switching to {strategies[t]}"
                return CandidateCondition(support, (), "never", players=tuple(game.players),
                                          strategies=tuple(game.strategies), reason=reason)
    status = "conditional" if conditions else "always"
    return CandidateCondition(support, tuple(conditions), status, players=tuple(game.players),
                              strategies=tuple(game.strategies))


def _mixed_candidate(support: Support, algebra: np.ndarray, game: ParametricGame, ring: Any) -> CandidateCondition:
    """Conditions of a candidate where players ``a`` and ``b`` mix and any others play pure."""
    n = len(support.support)
    a, b = (p for p in range(n) if len(support.support[p]) > 1)
    rows, cols = support.support[a], support.support[b]
    one = algebra.flat[0].ring.one if hasattr(algebra.flat[0], "ring") else algebra.flat[0].field.one
    fixed = [s[0] if len(s) == 1 else slice(None) for s in support.support]

    def induced(player: int) -> np.ndarray:  # player's payoffs over (a's strategy, b's strategy)
        return algebra[(player, *fixed)]

    A, B = induced(a), induced(b)
    base: dict[str, Any] = {"players": tuple(game.players), "strategies": tuple(game.strategies)}
    # b's weights make a indifferent over `rows`; a's weights make b indifferent over `cols`.
    q = _indifference([[A[i, j] for j in cols] for i in rows], one)
    p = _indifference([[B[i, j] for i in rows] for j in cols], one)
    if q is None or p is None:
        who = game.players[a] if q is None else game.players[b]
        return CandidateCondition(support, (), "degenerate", reason=(
            f"{who}'s indifference system on this support is singular for every parameter value "
            "(a continuum of equilibria may exist; see the solvers)"), **base)
    (cq, dq), (cp, dp) = q, p
    checks = (_mixing_checks(A, B, rows, cols, q, p, ring, one)
              + _pure_player_checks(support, algebra, game, fixed, (a, b), q, p, ring, one)
              + _nonzero_totals((dq, dp), ring))
    conditions: list[Condition] = []
    if not collect_conditions(checks, conditions, set()):
        return CandidateCondition(support, (), "never", reason="some probability or deviation condition "
                                  "fails for every parameter value", **base)
    mixtures = {a: (cp, dp, rows), b: (cq, dq, cols)}
    probabilities = tuple(_mixture(len(game.strategies[k]), mixtures.get(k), support.support[k], ring)
                          for k in range(n))
    status = "conditional" if conditions else "always"
    return CandidateCondition(support, tuple(conditions), status, weights=probabilities, **base)


def _mixing_checks(A: np.ndarray, B: np.ndarray, rows: tuple, cols: tuple, q: tuple, p: tuple, ring: Any,
                   one: Any) -> list:
    """The two mixing players' conditions: every weight positive, and no better reply outside the support."""
    (cq, dq), (cp, dp) = q, p
    checks = [_ratio(c, dq, ring, True) for c in cq] + [_ratio(c, dp, ring, True) for c in cp]
    for i in range(A.shape[0]):  # a: no better reply outside the support
        if i not in rows:
            gain = sum(((A[rows[0], j] - A[i, j]) * w for j, w in zip(cols, cq)), 0 * one)
            checks.append(_ratio(gain, dq, ring, False))
    for j in range(A.shape[1]):
        if j not in cols:
            gain = sum(((B[i, cols[0]] - B[i, j]) * w for i, w in zip(rows, cp)), 0 * one)
            checks.append(_ratio(gain, dp, ring, False))
    return checks


def _pure_player_checks(support: Support, algebra: np.ndarray, game: ParametricGame, fixed: list,
                        mixing: tuple[int, int], q: tuple, p: tuple, ring: Any, one: Any) -> list:
    """Each player playing pure has no better reply against the two mixtures."""
    (cq, dq), (cp, dp) = q, p
    rows, cols = support.support[mixing[0]], support.support[mixing[1]]
    checks = []
    for k in range(len(support.support)):
        if k in mixing:
            continue
        own = support.support[k][0]
        for t in range(len(game.strategies[k])):
            if t == own:
                continue
            alt = list(fixed)
            alt[k] = t
            mine, other = algebra[(k, *fixed)], algebra[(k, *alt)]
            gain = sum(((mine[i, j] - other[i, j]) * wp * wq for i, wp in zip(rows, cp) for j, wq in zip(cols, cq)),
                       0 * one)
            checks.append(_ratio(gain, dp * dq, ring, False))
    return checks


def _nonzero_totals(totals: tuple, ring: Any) -> list:
    """Each weight total (the mixture's denominator) must not vanish where it depends on the parameters."""
    checks = []
    for total in totals:
        d_num = numerator_denominator(total, ring)[0]
        if not d_num.is_ground:
            d_num = normalise(d_num)
            d_num = -d_num if d_num.LC < 0 else d_num
            checks.append(Condition(f"{poly_text(d_num)} != 0", False, d_num, ring.one, nonzero=True))
    return checks


def _mixture(m: int, mixing: tuple | None, own: tuple, ring: Any) -> tuple:
    """One player's probabilities over its ``m`` strategies: the mixing weights, or its pure strategy."""
    probs: list = [0] * m
    if mixing is None:
        probs[own[0]] = 1
    else:
        weights, total, sup = mixing
        for k, w in zip(sup, weights):
            probs[k] = _ratio_of(w, total, ring)
    return tuple(probs)


def _ratio(numer: Any, denom: Any, ring: Any, strict: bool) -> Condition | bool:
    """Condition ``numer/denom >= 0`` (or ``> 0``) for ring or field elements."""
    n1, d1 = numerator_denominator(numer, ring)
    n2, d2 = numerator_denominator(denom, ring)
    # numer/denom = (n1 * d2) / (d1 * n2)
    return make_condition(n1 * d2, d1 * n2, strict)


def symbolic_conditions(game: ParametricGame, *, budget: WorkBudget | None = None, mixed: bool = True) -> SymbolicAnalysis:
    """Exact equilibrium conditions of every candidate of a parametric normal-form game.

    Raises :class:`NotRational` when a payoff is not a rational function of the parameters
    and :class:`SymbolicBudgetExceeded` when the work ``budget`` (default: a fresh
    :data:`~.work.SYMBOLIC_WORK`) runs out; callers fall back to numerical analysis in both
    cases.
    """
    budget = WorkBudget() if budget is None else budget
    names = tuple(game.parameters)
    algebra, ring, _ = to_algebra(game.payoffs, names)
    budget.charge(term_count(*algebra.flat))
    shape = tuple(len(s) for s in game.strategies)
    notes = []
    note = mixed_note(shape)
    if note and mixed:
        notes.append(note)
    out = []
    groups: dict = {}
    for support in candidate_supports(tuple(game.strategies), mixed=mixed):
        if support.root:
            groups.setdefault(support.support, []).append(support)
            continue
        if support.is_pure:
            candidate = _pure_candidate(support, algebra, game)
            budget.charge(1 + condition_terms(candidate.conditions))
        else:
            candidate = _mixed_candidate(support, algebra, game, ring)
            budget.charge(1 + MIXED_WEIGHT * condition_terms(candidate.conditions))
        out.append(candidate)
    roots = _root_candidates(groups, algebra, ring, game, budget, notes) if groups else []
    if any(c.status == "degenerate" for c in out + roots):
        notes.append("some mixed supports are degenerate for every parameter value (continua possible)")
    return SymbolicAnalysis(names, tuple(out), tuple(notes), ring, tuple(roots))


def _root_candidates(groups: dict, algebra: np.ndarray, ring: Any, game: ParametricGame, budget: WorkBudget,
                     notes: list) -> list:
    """Candidates where three players mix; boundaries (for exact thresholds) while the budget lasts."""
    from convenience.analysis.sensitivity.nplayer_conditions import root_candidates

    names = tuple(str(g) for g in ring.symbols) if game.parameters else ()
    values = game.baseline()
    point = tuple(ring.domain(*fraction_parts(values[n])) for n in names) or (ring.domain(0),)
    out = []
    exact = True
    for group in groups.values():
        if exact:
            try:
                out += root_candidates(group, algebra, ring, game, point, budget)
                continue
            except SymbolicBudgetExceeded:
                exact = False
                notes.append("thresholds of candidates where three players mix located numerically "
                             f"(the symbolic work budget of {budget.limit:,} polynomial terms ran out)")
        out += root_candidates(group, algebra, ring, game, point, WorkBudget(None), boundaries=False)
    if any(c.status == "numerical" for c in out):
        notes.append("candidates where three players mix on larger supports (or with parameters in "
                     "denominators) are solved numerically at each point")
    return out


def batch_presence(analysis: SymbolicAnalysis, values: Mapping[str, Any], size: int) -> np.ndarray:
    """Which candidates hold at many points at once: ``(size, candidates)`` booleans.

    Each condition's numerator and denominator are compiled once (``sympy.lambdify``) and
    evaluated over the arrays in float arithmetic, with a tolerance of ``1e-9`` relative to
    the magnitude of the terms, so boundary points count as on the boundary.
    """
    import sympy

    compiled = analysis.__dict__.get("_compiled")
    symbols, args = _lambdify_inputs(analysis, values, size)
    if compiled is None:
        compiled = {}
        for cand in analysis.candidates:
            for c in cand.conditions:
                for p in (c.numer, c.denom):
                    if p not in compiled:
                        compiled[p] = sympy.lambdify(symbols, p.as_expr(), "numpy")
        object.__setattr__(analysis, "_compiled", compiled)
    cache: dict = {}

    def ev(p: Any) -> np.ndarray:
        if p not in cache:
            with np.errstate(all="ignore"):
                cache[p] = np.broadcast_to(np.asarray(compiled[p](*args), dtype=float), (size,))
        return cache[p]

    out = np.zeros((size, len(analysis.candidates)), dtype=bool)
    for k, cand in enumerate(analysis.candidates):
        if cand.status in ("never", "degenerate"):
            continue
        ok = np.ones(size, dtype=bool)
        for c in cand.conditions:
            n = ev(c.numer)
            if c.nonzero:
                ok &= np.abs(n) > 1e-12
                continue
            d = ev(c.denom)
            v = n * np.sign(d)
            tol = 1e-9 * np.maximum(1.0, np.abs(n))
            ok &= (d != 0) & ((v > tol) if c.strict else (v >= -tol))
        out[:, k] = ok
    if analysis.roots:
        out = np.concatenate([out, _root_presence(analysis, symbols, args, size)], axis=1)
    return out


def root_presence(analysis: SymbolicAnalysis, values: Mapping[str, Any], size: int) -> np.ndarray:
    """Batch checks of ``analysis.roots`` at many points: ``(size, len(roots))`` booleans."""
    return _root_presence(analysis, *_lambdify_inputs(analysis, values, size), size)


def _lambdify_inputs(analysis: SymbolicAnalysis, values: Mapping[str, Any], size: int) -> tuple[list, list]:
    """``(symbols, arrays)`` for the compiled conditions: the parameters (a placeholder when there
    are none) and their values broadcast to ``size`` points."""
    import sympy

    symbols = [sympy.Symbol(n, real=True) for n in analysis.parameters] or [sympy.Symbol("_none", real=True)]
    args = [np.broadcast_to(np.asarray(values[n], dtype=float), (size,)) for n in analysis.parameters] or [np.zeros(size)]
    return symbols, args


def _root_presence(analysis: SymbolicAnalysis, symbols: list, args: list, size: int) -> np.ndarray:
    """Batch checks of the candidates where three players mix: payoffs, then root by root."""
    import sympy

    from convenience.analysis.sensitivity.nplayer_mixed import batch_candidates

    out = np.zeros((size, len(analysis.roots)), dtype=bool)
    algebra = analysis.roots[0].algebra
    compiled = analysis.__dict__.get("_root_payoffs")
    if compiled is None:
        compiled = sympy.lambdify(symbols, [x.as_expr() for x in algebra.ravel()], "numpy")
        object.__setattr__(analysis, "_root_payoffs", compiled)
    with np.errstate(all="ignore"):
        flat = [np.broadcast_to(np.asarray(v, dtype=float), (size,)) for v in compiled(*args)]
    payoffs = np.array(flat).reshape(algebra.shape + (size,))
    finite = np.all(np.isfinite(payoffs.reshape(-1, size)), axis=0)
    payoffs = np.where(np.isfinite(payoffs), payoffs, 0.0)
    scale = np.maximum(1.0, np.abs(payoffs.reshape(-1, size)).max(axis=0))
    done: dict = {}
    for k, cand in enumerate(analysis.roots):
        if cand.status in ("never", "degenerate"):
            continue
        key = cand.support.support
        if key not in done:
            done[key] = batch_candidates(payoffs, cand.system, cand.sigma, scale)
        out[:, k] = done[key][cand.support.root - 1][0] & finite
    return out
