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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from convenience.analysis.sensitivity.candidates import Support, candidate_supports, mixed_note
from convenience.analysis.sensitivity.work import (MIXED_WEIGHT, SymbolicBudgetExceeded, WorkBudget,
                                                   condition_terms, term_count)


class NotRational(Exception):
    """A payoff is not a rational function of the parameters (``max``, ``sqrt``, ...)."""


@dataclass(frozen=True)
class Condition:
    """One inequality ``numerator/denominator >= 0`` (``> 0`` when ``strict``)."""

    text: str
    strict: bool
    numer: Any = field(repr=False, compare=False)
    denom: Any = field(repr=False, compare=False)
    nonzero: bool = False  # the condition is ``numer != 0`` (a Cramer denominator)

    @property
    def expression(self) -> Any:
        """The left-hand side as a sympy expression (compared with zero)."""
        return self.numer.as_expr() / self.denom.as_expr()

    def holds(self, point: Sequence[Any]) -> bool:
        """Exact check at a point given as ring-domain values in the ring's symbol order."""
        if self.nonzero:
            return self.numer(*point) != 0
        d = self.denom(*point)
        if d == 0:
            return False
        value = self.numer(*point) * d
        return value > 0 if self.strict else value >= 0

    def to_dict(self) -> dict:
        return {"condition": self.text, "strict": self.strict, "nonzero": self.nonzero}


@dataclass(frozen=True)
class CandidateCondition:
    """When one candidate (pure profile or mixed support pair) is an equilibrium.

    ``status`` is ``"always"``, ``"never"``, ``"conditional"`` or ``"degenerate"`` (the
    indifference system is singular for every parameter value: a continuum of mixed
    equilibria may exist and is left to the solvers). ``probabilities`` gives, for mixed
    candidates, each player's strategy probabilities as sympy expressions.
    """

    support: Support
    conditions: tuple[Condition, ...]
    status: str
    weights: tuple[tuple[Any, ...], ...] | None = None  # Ratio (or 0) per strategy, mixed only
    players: tuple[str, ...] = ()
    strategies: tuple[tuple[str, ...], ...] = ()
    reason: str = ""
    noun: str = "an equilibrium"  # "subgame perfect" for tree choice profiles
    outcome: str = ""  # tree choice profiles: the choices on the equilibrium path

    @property
    def label(self) -> str:
        return self.support.label

    @property
    def probabilities(self) -> tuple[tuple[Any, ...], ...] | None:
        """Each player's strategy probabilities as sympy expressions (mixed candidates)."""
        if self.weights is None:
            return None
        return tuple(tuple(w.as_expr() if isinstance(w, Ratio) else w for w in row) for row in self.weights)

    def holds(self, point: Sequence[Any]) -> bool:
        if self.status in ("never", "degenerate"):
            return False
        return all(c.holds(point) for c in self.conditions)

    def sentence(self) -> str:
        """Plain words: ``"Stag/Stag is an equilibrium iff c <= b"``."""
        if self.status == "always":
            return f"{self.label} is {self.noun} for every parameter value"
        if self.status == "never":
            return f"{self.label} is never {self.noun}" + (f" ({self.reason})" if self.reason else "")
        if self.status == "degenerate":
            return f"{self.label}: {self.reason}"
        text = f"{self.label} is {self.noun} iff " + " and ".join(c.text for c in self.conditions)
        if self.weights is not None:
            text += f", with {self.mixture_text()}"
        return text

    def mixture_text(self) -> str:
        parts = []
        for player, strategies, probs, support in zip(self.players, self.strategies, self.weights,
                                                      self.support.support):
            if len(support) == 1:
                parts.append(f"{player}: {strategies[support[0]]}")
                continue
            inner = ", ".join(f"{strategies[k]} = {probs[k]}" for k in support)
            parts.append(f"{player}: {inner}")
        return "; ".join(parts)

    def to_dict(self) -> dict:
        out = {"label": self.label, "pure": self.support.is_pure, "status": self.status,
               "conditions": [c.to_dict() for c in self.conditions], "sentence": self.sentence()}
        if self.weights is not None:
            out["probabilities"] = {player: {strategies[k]: str(probs[k]) for k in support}
                                    for player, strategies, probs, support in
                                    zip(self.players, self.strategies, self.weights,
                                        self.support.support)}
        return out


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


def register_ring_pickling() -> None:
    """Pickle sympy polynomial rings by their constructor arguments.

    sympy's ``PolyRing.__getstate__`` deletes keys of the dict it iterates once the ring has
    cached monomial functions, so a ring in use cannot be pickled; rings are cached by their
    arguments, so rebuilding one from them gives the same ring.
    """
    import copyreg

    from sympy.polys.rings import PolyRing

    copyreg.pickle(PolyRing, _ring_arguments)


def _ring_arguments(ring: Any) -> tuple:
    from sympy.polys.rings import PolyRing

    return PolyRing, (ring.symbols, ring.domain, ring.order)


def fraction_parts(value: Any) -> tuple[int, int]:
    """``(numerator, denominator)`` of an exact value (floats read as their shortest decimal)."""
    if isinstance(value, float):
        value = Fraction(repr(value))
    if hasattr(value, "is_Rational"):
        return int(value.p), int(value.q)
    value = Fraction(value)
    return value.numerator, value.denominator


# -- building -----------------------------------------------------------------------------------
def _to_algebra(payoffs: np.ndarray, names: tuple[str, ...]):
    """Payoffs as ring (or fraction-field) elements; raises NotRational otherwise."""
    import sympy
    from sympy.polys.fields import field as make_field
    from sympy.polys.polyerrors import PolynomialError
    from sympy.polys.rings import ring as make_ring

    register_ring_pickling()
    symbols = [sympy.Symbol(n, real=True) for n in names] or [sympy.Symbol("_none", real=True)]
    ring = make_ring(symbols, sympy.QQ)[0]
    out = np.empty(payoffs.shape, dtype=object)
    try:
        for index, expr in np.ndenumerate(payoffs):
            out[index] = ring.from_expr(sympy.sympify(expr))
        return out, ring, False
    except (ValueError, PolynomialError, sympy.CoercionFailed):
        pass
    fld = make_field(symbols, sympy.QQ)[0]
    for index, expr in np.ndenumerate(payoffs):
        try:
            out[index] = fld.from_expr(sympy.sympify(expr))
        except (ValueError, PolynomialError, sympy.CoercionFailed):
            raise NotRational(_non_rational_text(sympy.sympify(expr))) from None
    return out, fld.ring, True


def _non_rational_text(expr: Any) -> str:
    """``"a payoff uses min(1, d + r)"``: the parts of ``expr`` that are not rational."""
    import sympy

    parts = [a for a in expr.atoms(sympy.Min, sympy.Max, sympy.Function, sympy.Pow)
             if not (isinstance(a, sympy.Pow) and a.exp.is_Integer)]
    text = ", ".join(sorted({str(a) for a in parts})) or str(expr)
    for name in ("Min", "Max", "Abs"):
        text = text.replace(f"{name}(", f"{name.lower()}(")
    return f"a payoff uses {text}"


def _split(x: Any, ring: Any) -> tuple[Any, Any]:
    if type(x).__name__ == "FracElement":
        return x.numer, x.denom
    return x, ring.one


def _normalise(p: Any) -> Any:
    """Scale a polynomial by a positive rational so its coefficients are coprime integers."""
    if not p:
        return p
    from math import gcd, lcm

    coeffs = [Fraction(int(c.numerator), int(c.denominator)) for c in p.coeffs()]
    den = lcm(*(c.denominator for c in coeffs))
    num = gcd(*(int(c * den) for c in coeffs))
    return p * p.ring.domain(den, num)


def poly_text(p: Any) -> str:
    """``"B_R - T - k"``: a polynomial written straight from its terms (no sympy printing)."""
    names = [str(g) for g in p.ring.symbols]
    out = []
    terms = sorted(p.terms(), key=lambda t: t[1] < 0)  # positive terms first, otherwise ring order
    for monom, coeff in terms:
        c = Fraction(int(coeff.numerator), int(coeff.denominator))
        factors = [name if e == 1 else f"{name}^{e}" for name, e in zip(names, monom) if e]
        a = abs(c)
        if not factors:
            body = str(a)
        else:
            body = "*".join(factors)
            if a.numerator != 1:
                body = f"{a.numerator}*{body}"
            if a.denominator != 1:
                body = f"{body}/{a.denominator}"
        if not out:
            out.append(f"-{body}" if c < 0 else body)
        else:
            out.append(f" - {body}" if c < 0 else f" + {body}")
    return "".join(out) or "0"


def _inequality_text(numer: Any, denom: Any, strict: bool) -> str:
    """``"k <= B_I"``-style text of ``numer/denom >= 0`` (``>`` when strict)."""
    op, flipped = (">", "<") if strict else (">=", "<=")
    if denom.is_ground:
        g = numer if denom.LC > 0 else -numer
        ring = g.ring
        pos = ring.from_dict({m: c for m, c in g.terms() if c > 0})
        neg = ring.from_dict({m: -c for m, c in g.terms() if c < 0})
        if pos.is_ground and not neg.is_ground:
            return f"{poly_text(neg)} {flipped} {poly_text(pos)}"
        return f"{poly_text(pos)} {op} {poly_text(neg)}"

    def wrap(p: Any) -> str:
        text = poly_text(p)
        return f"({text})" if len(p.terms()) > 1 or text.startswith("-") else text

    return f"{wrap(numer)}/{wrap(denom)} {op} 0"


@dataclass(frozen=True)
class Ratio:
    """A probability ``numer/denom`` of two polynomials in the parameters."""

    numer: Any
    denom: Any

    def __str__(self) -> str:
        if self.denom.is_ground and self.denom == 1:
            return poly_text(self.numer)
        wrap = [f"({poly_text(p)})" if len(p.terms()) > 1 or poly_text(p).startswith("-") else poly_text(p)
                for p in (self.numer, self.denom)]
        return f"{wrap[0]}/{wrap[1]}"

    def as_expr(self) -> Any:
        return self.numer.as_expr() / self.denom.as_expr()


def _ratio_of(weight: Any, total: Any, ring: Any) -> Ratio:
    n1, d1 = _split(weight, ring)
    n2, d2 = _split(total, ring)
    numer, denom = n1 * d2, d1 * n2
    if not denom.is_ground:
        numer, denom = numer.cancel(denom)
    if denom.LC < 0:
        numer, denom = -numer, -denom
    if denom.is_ground and denom != 1:
        numer, denom = numer * (1 / denom.LC), ring.one
    return Ratio(numer, denom)


def _condition(numer: Any, denom: Any, strict: bool) -> Condition | bool:
    """A Condition, or True/False when it does not depend on the parameters."""
    if not numer or (numer.is_ground and denom.is_ground):
        if not denom:
            return False
        value = numer.LC * denom.LC if numer else 0
        return value > 0 if strict else value >= 0
    if not denom.is_ground:
        numer, denom = numer.cancel(denom)
        if numer.is_ground and denom.is_ground:
            return _condition(numer, denom, strict)
    numer, denom = _normalise(numer), _normalise(denom)
    if denom.LC < 0:  # same sign of the ratio, friendlier text
        numer, denom = -numer, -denom
    return Condition(_inequality_text(numer, denom, strict), strict, numer, denom)


def _collect(conditions: list, candidate_conditions: list, seen: set) -> bool:
    """Append new Condition objects; False when some condition is constantly false."""
    for c in conditions:
        if c is False:
            return False
        if c is True:
            continue
        key = (c.numer, c.denom, c.strict)
        if key not in seen:
            seen.add(key)
            candidate_conditions.append(c)
    return True


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


def _pure_candidate(support: Support, algebra: np.ndarray, game: Any) -> CandidateCondition:
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
            numer, denom = _split(u - algebra[(i, *alt)], ring)
            ok = _collect([_condition(numer, denom, False)], conditions, seen)
            if not ok:
                reason = f"{game.players[i]} gains by switching to {strategies[t]}"
                return CandidateCondition(support, (), "never", players=tuple(game.players),
                                          strategies=tuple(game.strategies), reason=reason)
    status = "conditional" if conditions else "always"
    return CandidateCondition(support, tuple(conditions), status, players=tuple(game.players),
                              strategies=tuple(game.strategies))


def _mixed_candidate(support: Support, algebra: np.ndarray, game: Any, ring: Any) -> CandidateCondition:
    """Conditions of a candidate where players ``a`` and ``b`` mix and any others play pure."""
    n = len(support.support)
    a, b = (p for p in range(n) if len(support.support[p]) > 1)
    rows, cols = support.support[a], support.support[b]
    one = algebra.flat[0].ring.one if hasattr(algebra.flat[0], "ring") else algebra.flat[0].field.one
    fixed = [s[0] if len(s) == 1 else slice(None) for s in support.support]

    def induced(player: int) -> np.ndarray:  # player's payoffs over (a's strategy, b's strategy)
        return algebra[(player, *fixed)]

    A, B = induced(a), induced(b)
    base = dict(players=tuple(game.players), strategies=tuple(game.strategies))
    # b's weights make a indifferent over `rows`; a's weights make b indifferent over `cols`.
    q = _indifference([[A[i, j] for j in cols] for i in rows], one)
    p = _indifference([[B[i, j] for i in rows] for j in cols], one)
    if q is None or p is None:
        who = game.players[a] if q is None else game.players[b]
        return CandidateCondition(support, (), "degenerate", reason=(
            f"{who}'s indifference system on this support is singular for every parameter value "
            "(a continuum of equilibria may exist; see the solvers)"), **base)
    conditions: list[Condition] = []
    seen: set = set()
    (cq, dq), (cp, dp) = q, p
    checks = []
    for c in cq:
        checks.append(_ratio(c, dq, ring, True))
    for c in cp:
        checks.append(_ratio(c, dp, ring, True))
    for i in range(A.shape[0]):  # a: no better reply outside the support
        if i not in rows:
            gain = sum(((A[rows[0], j] - A[i, j]) * w for j, w in zip(cols, cq)), 0 * one)
            checks.append(_ratio(gain, dq, ring, False))
    for j in range(A.shape[1]):
        if j not in cols:
            gain = sum(((B[i, cols[0]] - B[i, j]) * w for i, w in zip(rows, cp)), 0 * one)
            checks.append(_ratio(gain, dp, ring, False))
    for k in range(n):  # players playing pure: no better reply against the two mixtures
        if k in (a, b):
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
    for total in (dq, dp):
        d_num = _split(total, ring)[0]
        if not d_num.is_ground:
            d_num = _normalise(d_num)
            d_num = -d_num if d_num.LC < 0 else d_num
            checks.append(Condition(f"{poly_text(d_num)} != 0", False, d_num, ring.one, nonzero=True))
    if not _collect(checks, conditions, seen):
        return CandidateCondition(support, (), "never", reason="some probability or deviation condition "
                                  "fails for every parameter value", **base)
    probabilities = []
    for player in range(n):
        m = len(game.strategies[player])
        probs: list = [0] * m
        if player in (a, b):
            weights, total, sup = (cp, dp, rows) if player == a else (cq, dq, cols)
            for k, w in zip(sup, weights):
                probs[k] = _ratio_of(w, total, ring)
        else:
            probs[support.support[player][0]] = 1
        probabilities.append(tuple(probs))
    status = "conditional" if conditions else "always"
    return CandidateCondition(support, tuple(conditions), status, weights=tuple(probabilities), **base)


def _ratio(numer: Any, denom: Any, ring: Any, strict: bool) -> Condition | bool:
    """Condition ``numer/denom >= 0`` (or ``> 0``) for ring or field elements."""
    n1, d1 = _split(numer, ring)
    n2, d2 = _split(denom, ring)
    # numer/denom = (n1 * d2) / (d1 * n2)
    return _condition(n1 * d2, d1 * n2, strict)


def symbolic_conditions(game: Any, *, budget: WorkBudget | None = None, mixed: bool = True) -> SymbolicAnalysis:
    """Exact equilibrium conditions of every candidate of a parametric normal-form game.

    Raises :class:`NotRational` when a payoff is not a rational function of the parameters
    and :class:`SymbolicBudgetExceeded` when the work ``budget`` (default: a fresh
    :data:`~.work.SYMBOLIC_WORK`) runs out; callers fall back to numerical analysis in both
    cases.
    """
    budget = WorkBudget() if budget is None else budget
    names = tuple(game.parameters)
    algebra, ring, _ = _to_algebra(game.payoffs, names)
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


def _root_candidates(groups: dict, algebra: np.ndarray, ring: Any, game: Any, budget: WorkBudget,
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


def batch_presence(analysis: SymbolicAnalysis, values: Mapping[str, np.ndarray], size: int) -> np.ndarray:
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
