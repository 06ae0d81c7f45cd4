"""Exact conditions and closed forms of candidates where three players mix.

The support profile's system reduces to ``F(r) = 0`` in the pivot probability ``r``
(:mod:`convenience.analysis.sensitivity.nplayer_mixed`); ``F``'s coefficients are polynomials in the
parameters. For a quadratic ``F`` each root is a closed form
``r = (-c1 -+ sqrt(c1^2 - 4 c2 c0)) / (2 c2)``, the other players' probabilities are rational
functions of ``r``, and the candidate is an equilibrium iff the discriminant is non-negative,
every probability is positive and no pure deviation gains. :meth:`RootCandidate.holds` decides
this exactly at a rational point, in ``Q(sqrt(disc))``, so regret is exactly zero.

Where the equilibrium set can change along a parameter, some validity quantity ``P(r)``
(a probability's numerator or denominator, a deviation gain) vanishes at a root of ``F``, a
root becomes complex, or the leading coefficient vanishes: the zeros of the resultants
``Res_r(F, P)`` (computed by reducing ``P`` modulo ``F``, see :func:`quadratic_boundaries`), of
the discriminant and of ``c2``, all polynomials in the parameters (``boundary``). Thresholds
then come from their univariate roots exactly as for pure profiles.
Quartic systems (supports ``(3, 3, 2)``) and payoffs with parameters in denominators are
evaluated numerically point by point, and say so.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from convenience.analysis.sensitivity.candidates import Support
from convenience.analysis.sensitivity.nplayer_mixed import (
    REGRET_TOL, MixedSystem, Tables, lead_lines, pivot_weights, system_of, batch_candidates, best_reply_gaps,
    mixtures_at, system_polynomial,
)
from convenience.analysis.sensitivity.pivot_roots import exact_branch, orientation, padd, pmul, pscale, psub
from convenience.analysis.sensitivity.surd import exact_sign as _sign
from convenience.analysis.sensitivity.conditions import CandidateCondition, normalise, poly_text
from convenience.analysis.sensitivity.work import WorkBudget, term_count

if TYPE_CHECKING:
    from convenience.parametric import ParametricGame


def _domain_fraction(x: Any) -> Fraction:
    return Fraction(int(x.numerator), int(x.denominator))


@dataclass(frozen=True)
class RootCandidate(CandidateCondition):
    """One root of a three-mixer support system, with its closed form where it has one.

    ``status`` is ``"conditional"`` (closed form), ``"numerical"`` (roots located per point),
    ``"never"`` or ``"degenerate"`` (``F`` vanishes identically: a continuum may exist).
    """

    system: Any = field(default=None, repr=False, compare=False)
    sigma: int = 1  # root 1 is branch -sigma, root 2 branch +sigma
    algebra: Any = field(default=None, repr=False, compare=False)
    coeffs: tuple = field(default=(), repr=False, compare=False)  # F's coefficients (parameter polys)
    boundary: tuple | None = field(default=None, repr=False, compare=False)  # polys whose zeros bound it
    closed_form: str = ""
    validity: str = ""
    at_baseline: str = ""  # the mixtures at the baseline when it holds there (exact where quadratic)

    @property
    def probabilities(self) -> None:
        """Irrational in general: use :meth:`profile_at` (exact numbers) instead."""
        return None

    @property
    def branch(self) -> int:
        return -self.sigma if self.support.root == 1 else self.sigma

    def values_at(self, point: tuple) -> np.ndarray:
        """The payoffs at a point (exact Fractions for ring-domain coordinates)."""
        return _values(self.algebra, point)

    def profile_at(self, point: tuple) -> tuple[dict[int, list], bool] | None:
        """``(mixtures, exact)`` at a point, or None when this root does not exist there.

        Exact (numbers in ``Q(sqrt d)``, see :class:`~convenience.analysis.sensitivity.surd.Surd`)
        for quadratic systems; floats otherwise.
        """
        try:
            values = self.values_at(point)
        except ZeroDivisionError:
            return None
        tables = Tables(values, self.support.support)
        if self.system.degree == 2:
            coeffs = system_polynomial(tables, self.system)
            r = exact_branch(coeffs, self.branch)
            if r is None:
                return None
            try:
                return mixtures_at(tables, self.system, r), True
            except ZeroDivisionError:
                return None
        key = ("numeric", id(self.algebra), self.support.support, tuple(point))
        cached = _VALUES.get(key)
        if cached is None or cached[0] is not self.algebra:
            floats = np.array(values, dtype=float)[..., None]
            scale = np.array([max(1.0, float(np.abs(floats).max()))])
            cached = (self.algebra, batch_candidates(floats, self.system, self.sigma, scale))
            _VALUES[key] = cached
        ok, mix = cached[1][self.support.root - 1]
        if not np.isfinite(mix[self.system.roles[2]][0][0]):
            return None
        return {p: [float(x[0]) for x in probs] for p, probs in mix.items()}, False

    def holds(self, point: Any) -> bool:
        if self.status in ("never", "degenerate"):
            return False
        found = self.profile_at(tuple(point))
        if found is None:
            return False
        mixtures, exact = found
        tables = Tables(self.values_at(tuple(point)), self.support.support)
        shape = tuple(len(s) for s in self.strategies)
        if exact:
            if any(_sign(x) <= 0 for probs in mixtures.values() for x in probs):
                return False
            for gap, in_support in best_reply_gaps(tables, mixtures, shape):
                if (_sign(gap) != 0) if in_support else (_sign(gap) < 0):
                    return False
            return True
        floats = Tables(np.array(tables.payoffs, dtype=float), self.support.support)
        tol = REGRET_TOL * max(1.0, float(np.abs(floats.payoffs).max()))
        if any(not x > REGRET_TOL for probs in mixtures.values() for x in probs):
            return False
        return all((abs(g) <= tol) if s else (g >= -tol) for g, s in best_reply_gaps(floats, mixtures, shape))

    def sentence(self) -> str:
        if self.status in ("never", "degenerate"):
            return super().sentence()
        how = ""
        if self.status == "numerical":
            how = (" (decided exactly at each point; thresholds located numerically)" if self.system.degree == 2
                   else " (roots located numerically, point by point)")
        return f"{self.label} is {self.noun} iff {self.validity}, with {self.closed_form}{how}"

    def to_dict(self) -> dict:
        return {"label": self.label, "pure": False, "status": self.status, "conditions": [],
                "sentence": self.sentence(), "closed_form": self.closed_form, "validity": self.validity}


def _pivot_name(parameters: tuple[str, ...]) -> str:
    name = "r"
    while name in parameters:
        name += "_"
    return name


def _wrap(text: str) -> str:
    return text if text.replace("_", "").isalnum() else f"({text})"


def symbolic_mixtures(tables: Tables, system: MixedSystem) -> dict[int, tuple[list, list]]:
    """Each mixer's probabilities as ``(numerators, common denominator)``, polynomials in ``r``."""
    i, j, m = system.roles
    S = tables.support
    out = {m: ([[0, 1], [1, -1]], [1])}
    if system.kind == "pivot":
        ci, cj = pivot_weights(tables, system)
        for player, weights in ((i, ci), (j, cj)):
            total = weights[0]
            for w in weights[1:]:
                total = padd(total, w)
            out[player] = (weights, total)
        return out
    (a1, b1), _ = lead_lines(tables, system)
    xj = [pscale(a1, -1), padd(b1, a1)]
    out[j] = (xj, b1)
    xm = out[m][0]
    g, h = [], []
    for a in range(3):
        ga: list = [0]
        ha: list = [0]
        for c in range(2):
            d = tables.value(j, S[j][0], {i: a, m: c}) - tables.value(j, S[j][1], {i: a, m: c})
            ga = padd(ga, pscale(xm[c], d))
        for b in range(2):
            d = tables.value(m, S[m][0], {i: a, j: b}) - tables.value(m, S[m][1], {i: a, j: b})
            ha = padd(ha, pscale(xj[b], d))
        g.append(ga)
        h.append(ha)
    w = [psub(pmul(g[1], h[2]), pmul(g[2], h[1])), psub(pmul(g[2], h[0]), pmul(g[0], h[2])),
         psub(pmul(g[0], h[1]), pmul(g[1], h[0]))]
    out[i] = (w, padd(padd(w[0], w[1]), w[2]))
    return out


def _gap_numerators(tables: Tables, mix: dict, shape: tuple[int, ...]) -> list[list]:
    """Numerators (polynomials in r) of every non-support deviation gain; their denominators
    are products of the mixers' denominators (already tracked)."""
    out = []
    S = tables.support
    for p, s in enumerate(S):
        others = [q for q in tables.mixers if q != p]
        for t in range(shape[p]):
            if t in s:
                continue
            total: list = [0]
            for pos in itertools.product(*(range(len(S[q])) for q in others)):
                at = dict(zip(others, pos))
                weight: list = [1]
                for q in others:
                    weight = pmul(weight, mix[q][0][at[q]])
                total = padd(total, pscale(weight, tables.value(p, s[0], at) - tables.value(p, t, at)))
            out.append(total)
    return out


def root_candidates(support_group: list[Support], algebra: np.ndarray, ring: Any, game: ParametricGame,
                    baseline_point: tuple, budget: WorkBudget, *, boundaries: bool = True) -> list[RootCandidate]:
    """The candidates of one support profile (one per root), with closed forms and boundaries."""
    support = support_group[0].support
    system = system_of(support)
    if system is None:
        raise ValueError(f"not a support profile where three players mix: {support}")
    base: dict[str, Any] = {"players": tuple(game.players), "strategies": tuple(game.strategies)}
    tables = Tables(algebra, support)
    coeffs = system_polynomial(tables, system)
    coeffs = [c if hasattr(c, "ring") or hasattr(c, "field") else ring(c) for c in coeffs]
    trivial = _trivial_candidates(support_group, coeffs, system, algebra, base)
    if trivial is not None:
        return trivial
    sigma = _orientation(algebra, baseline_point, support, system)
    pivot = _pivot_name(tuple(str(g) for g in ring.symbols))
    if any(type(x).__name__ == "FracElement" for x in algebra.flat):
        i, j, m = system.roles
        closed = _Closed(None, [f"{game.players[m]}: {game.strategies[m][support[m][0]]} = {pivot}"],
                         f"the indifference conditions of the support ({pivot} a root of a polynomial)",
                         "a root gives positive probabilities and no player gains from a pure deviation", None)
    else:
        closed = _closed_forms(tables, system, coeffs, ring, game, pivot, sigma, budget, boundaries)
    out = []
    for s in support_group:
        form, status = _root_form(s.root, system.degree, closed, pivot)
        cand = RootCandidate(s, (), status, system=system, sigma=sigma, algebra=algebra, coeffs=tuple(coeffs),
                             boundary=closed.boundary, closed_form=form, validity=closed.validity, **base)
        out.append(_with_baseline(cand, baseline_point))
    return out


def _trivial_candidates(support_group: list[Support], coeffs: list, system: Any, algebra: np.ndarray,
                        base: dict[str, Any]) -> list[RootCandidate] | None:
    """The candidates of a system that vanishes (degenerate) or has no root (never); None otherwise."""
    if all(not c for c in coeffs):
        reason = ("the indifference system is singular for every parameter value "
                  "(a continuum of equilibria may exist; see the solvers)")
        return [RootCandidate(s, (), "degenerate", reason=reason, system=system, algebra=algebra, **base)
                for s in support_group]
    if all(not c for c in coeffs[1:]):
        return [RootCandidate(s, (), "never", reason="the indifference conditions have no solution "
                              "for any parameter value", system=system, algebra=algebra, **base)
                for s in support_group]
    return None


def _orientation(algebra: np.ndarray, baseline_point: tuple, support: tuple, system: Any) -> int:
    """Which root of a quadratic system is named 1 (the smaller at the baseline); 1 otherwise."""
    if system.degree != 2:
        return 1
    try:
        at_base = Tables(_values(algebra, baseline_point), support)
        return orientation([Fraction(c) for c in system_polynomial(at_base, system)])
    except ZeroDivisionError:  # a payoff undefined at the baseline: keep the default naming
        return 1


@dataclass(frozen=True)
class _Closed:
    """What the closed form of a support's roots says: root formulas, mixtures, the equation, validity."""

    root_form: dict[int, str] | None  # root number -> the quadratic formula (polynomial rings only)
    parts: list[str]  # each mixing probability in terms of the pivot
    equation: str
    validity: str
    boundary: Any


def _closed_forms(tables: Tables, system: Any, coeffs: list, ring: Any, game: ParametricGame, pivot: str,
                  sigma: int, budget: WorkBudget, boundaries: bool) -> _Closed:
    """The root formulas, the mixtures in terms of the pivot and the boundaries, over a polynomial ring."""
    import sympy

    support = tables.support
    i, j, m = system.roles
    ext_ring = sympy.polys.rings.ring([sympy.Symbol(pivot, real=True)] + list(ring.symbols), sympy.QQ)[0]

    def to_ext(c: Any) -> Any:
        if not hasattr(c, "terms"):
            return ext_ring(c)
        return ext_ring.from_dict({(0,) + tuple(mon): co for mon, co in c.terms()})

    def ext_poly(f: list) -> Any:
        return sum((to_ext(c) * ext_ring.gens[0] ** k for k, c in enumerate(f)), ext_ring.zero)

    mix = symbolic_mixtures(tables, system)
    parts = []
    for player in (m, i, j):
        nums, den = mix[player]
        den_text = _short(ext_poly(den))
        for k, num in zip(support[player], nums):
            if player == m and k == support[m][1]:
                continue
            value = pivot if player == m else (
                _short(ext_poly(num)) if den_text == "1" else f"{_wrap(_short(ext_poly(num)))}/{_wrap(den_text)}")
            parts.append(f"{game.players[player]}: {game.strategies[player][k]} = {value}")
    c = (list(coeffs) + [ring.zero] * 3)[:3]
    root_form = None
    if system.degree == 2:
        c0, c1, c2 = (to_ext(x) for x in c)
        disc = c1 * c1 - 4 * c2 * c0
        sign_text = "-" if -sigma < 0 else "+"
        mark = {1: sign_text, 2: "+" if sign_text == "-" else "-"}
        root_form = {k: f"{pivot} = (-{_wrap(_short(c1))} {mark[k]} sqrt({_short(disc)}))/(2*{_wrap(_short(c2))})"
                     for k in (1, 2)}
    budget.charge(1 + term_count(*coeffs))
    boundary = None
    if boundaries and system.degree == 2:
        others = [den for _, den in mix.values()] + [n for nums, _ in mix.values() for n in nums]
        others += _gap_numerators(tables, mix, tuple(len(s) for s in game.strategies))
        boundary = quadratic_boundaries(c, others, ring, budget)
    validity = ("its root exists (the discriminant is non-negative), every probability below is positive "
                "and no player gains from a pure deviation")
    return _Closed(root_form, parts, f"F({pivot}) = {_short(ext_poly(coeffs))} = 0", validity, boundary)


def _root_form(root: int, degree: int, closed: _Closed, pivot: str) -> tuple[str, str]:
    """The closed form of one root's candidate and its status (conditional when exact, else numerical)."""
    tail = "; ".join(closed.parts)
    if degree == 2 and closed.root_form is not None:
        return f"{closed.root_form[root]} (root {root} of {closed.equation}); " + tail, "conditional"
    if degree == 2:
        return (f"{pivot} on branch {root} of the quadratic formula (root {root} the smaller at the "
                f"baseline) for {closed.equation}; " + tail), "numerical"
    return f"{pivot} the root number {root} in [0, 1] of {closed.equation}; " + tail, "numerical"


def _with_baseline(cand: RootCandidate, point: tuple) -> RootCandidate:
    """The candidate with its mixtures at the baseline written out, when it holds there."""
    found = cand.profile_at(point) if cand.holds(point) else None
    if found is None:
        return cand
    mixtures, exact = found
    parts = []
    for player, support in enumerate(cand.support.support):
        names = cand.strategies[player]
        if len(support) == 1:
            parts.append(f"{cand.players[player]}: {names[support[0]]}")
            continue
        values = [str(x) if exact else f"{x:.12g}" for x in mixtures[player]]
        if exact:
            values = [v if "sqrt" not in v else f"{v} ≈ {float(x):.6g}" for v, x in zip(values, mixtures[player])]
        parts.append(f"{cand.players[player]}: " + ", ".join(f"{names[k]} {v}" for k, v in zip(support, values)))
    regret = "regret exactly 0" if exact else f"regret at most {REGRET_TOL:g} x payoff scale"
    return replace(cand, at_baseline="; ".join(parts) + f" ({regret})")


_VALUES: dict = {}  # (id(algebra), point) -> (algebra, payoffs): thresholds ask many candidates per point


#: Boundary polynomials with more terms than this are not computed (thresholds then come from a
#: batch scan): sparse products stay cheap, but the equations would be unreadable anyway.
MAX_BOUNDARY_TERMS = 4000


def _short(p: Any, limit: int = 60) -> str:
    """A polynomial's text, or its size when it is too long to read."""
    n = len(p.terms())
    return poly_text(p) if n <= limit else f"(a polynomial of {n} terms)"


def quadratic_boundaries(c: list, others: list[list], ring: Any, budget: WorkBudget) -> tuple | None:
    """Polynomials in the parameters whose zeros bound where a root of ``c2 r^2 + c1 r + c0``
    exists and keeps every quantity in ``others`` (polynomials in ``r``) away from zero.

    The leading coefficient, the discriminant, and for each ``P`` the resultant with the
    quadratic, computed by reducing ``c2^k P`` modulo the quadratic to ``A r + B`` and taking
    ``c2 B^2 - c1 A B + c0 A^2`` (which vanishes with the resultant where ``c2 != 0``).
    Sparse products only, charged to the work budget (their terms) and checked against a size
    bound; ``None`` when the bound is exceeded.
    """
    c0, c1, c2 = (ring(x) if not hasattr(x, "terms") else x for x in c)
    polys = [c2, c1 * c1 - 4 * c2 * c0]
    for P in others:
        P = [ring(x) if not hasattr(x, "terms") else x for x in P]
        while len(P) > 2:  # c2 * P - top * r^(d - 2) * F lowers the degree by one
            top = P.pop()
            d = len(P)
            P = [c2 * x for x in P]
            P[d - 1] = P[d - 1] - top * c1
            P[d - 2] = P[d - 2] - top * c0
            budget.charge(term_count(*P))
        A = P[1] if len(P) > 1 else ring.zero
        B = P[0] if P else ring.zero
        polys.append(c2 * B * B - c1 * A * B + c0 * A * A if A else B)
        if any(len(p.terms()) > MAX_BOUNDARY_TERMS for p in polys[-1:]):
            return None
        budget.charge(term_count(polys[-1]))
    return tuple(dict.fromkeys(_to_params(p, ring) for p in polys if p and not p.is_ground))


def _values(algebra: np.ndarray, point: tuple) -> np.ndarray:
    """Exact payoffs at a point (cached for the last few points)."""
    key = (id(algebra), tuple(point))
    cached = _VALUES.get(key)
    if cached is not None and cached[0] is algebra:
        return cached[1]
    if len(_VALUES) > 256:
        _VALUES.clear()
    out = _evaluate(algebra, point)
    _VALUES[key] = (algebra, out)
    return out


def _evaluate(algebra: np.ndarray, point: tuple) -> np.ndarray:
    out = np.empty(algebra.shape, dtype=object)
    for index, x in np.ndenumerate(algebra):
        if type(x).__name__ == "FracElement":
            out[index] = _domain_fraction(x.numer(*point)) / _domain_fraction(x.denom(*point))
        else:
            out[index] = _domain_fraction(x(*point))
    return out


def _to_params(p: Any, ring: Any) -> Any:
    """An extended-ring polynomial free of the pivot as a polynomial of the parameter ring."""
    drop = len(p.ring.gens) - ring.ngens  # resultants already live in a ring without the pivot
    q = ring.from_dict({tuple(mon[drop:]): c for mon, c in p.terms()})
    q = normalise(q)
    return -q if q.LC < 0 else q
