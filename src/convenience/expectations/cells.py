"""Exact regions of claims about a strategic form's whole equilibrium set.

``outcome``, ``unique``, ``never_played`` and ``payoff_dominant`` speak of every equilibrium,
mixed ones included, so no single sign condition decides them. They are decided by *cells*:
every payoff difference ``u_p(s, o) - u_p(r, o)`` between two strategies of one player against
the same strategies of the others (an *atom*) has one sign throughout a cell, and where those
signs leave one profile after iterated strict dominance, that profile is the only
equilibrium; where they leave two strategies to each of two players, without ties, the game
has a fully mixed equilibrium and either two pure ones (coordination) or none (matching
pennies), whatever the magnitudes. Each claim is then decided in the cell by the signs alone,
except that a payoff-dominant profile must also pay each player more than the other pure
equilibrium, and more than the mixed one: the mixed equilibrium pays player ``p``
``v_p = u_p(P) + (1 - q)(u_p(P_p, o') - u_p(P))`` (``q`` the probability of the other's part
of ``P``, ``o'`` its other strategy), so ``u_p(P) > v_p`` exactly while ``u_p(P) > u_p(P_p, o')``:
again linear conditions.

The region is the union of the cells where the claim holds: the cells the declared box allows
are listed by adding atoms one at a time and keeping a sign pattern only when a linear
programme finds a point of the box strictly inside it (atoms linear in the parameters), and
the union is written as few alternatives as the cells allow (a minimal sum of products, the
cells the box excludes left free). When some cell of the box is of another shape (three
strategies left to two players, ties throughout, payoffs not linear) there is no exact region
here and the caller scans instead. Ties on a cell's boundary are set aside, as for trees.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from convenience.expectations.parse import Expectation

if TYPE_CHECKING:
    from convenience.parametric import ParametricGame

#: Checks decided here.
SET_CHECKS = frozenset({"outcome", "unique", "never_played", "payoff_dominant"})
#: Most atoms whose signs vary over the box (2^k sign patterns at worst).
MAX_ATOMS = 12
#: Most alternatives ("or") an exact region may list; longer ones are scanned instead.
MAX_DISJUNCTS = 4
#: Most payoff differences (pairs of a player's strategies times the others' profiles) examined.
MAX_DIFFERENCES = 2000
#: A cell thinner than this (in the linear programme's slack) counts as a boundary.
SLACK = 1e-9
NOTE = "ties on a boundary aside"


class NoExactRegion(Exception):
    """The claim has no exact region of the kind derived here (the caller scans instead)."""


@dataclass(frozen=True)
class Atom:
    """A payoff difference whose sign varies over the box: ``positive`` / ``negative`` are the
    texts of ``difference > 0`` / ``< 0``; ``linear`` gives ``(coefficients, constant)`` when
    the difference is linear in the varying parameters."""

    key: Any
    positive: str
    negative: str
    linear: tuple[tuple[float, ...], float] | None


class Signs:
    """The sign of every payoff difference of a game over a box: constant (+1, -1, 0) or one of
    the varying :class:`Atom` s (the same difference up to a positive factor shares one)."""

    def __init__(self, box: Any) -> None:
        self.box = box
        self.atoms: list[Atom] = []
        self._index: dict[Any, int] = {}
        self._memo: dict[Any, tuple[int, int]] = {}

    def sign(self, expression: Any) -> tuple[int, int]:
        """``(constant sign, 0)`` or ``(0, ±(atom index + 1))``."""
        import sympy

        from convenience.analysis.sensitivity.conditions import normalise
        from convenience.expectations.box import corner_values

        key = sympy.sympify(expression)
        if key in self._memo:
            return self._memo[key]
        poly = self.box.ring.from_expr(sympy.expand(key.subs(self.box.constants)))
        if any(poly.degree(g) > 1 for g in self.box.ring.gens):
            raise NoExactRegion("a payoff difference is not linear in each parameter")
        if not poly:
            found = (0, 0)
        elif poly.is_ground:
            found = (1 if Fraction(str(poly.LC)) > 0 else -1, 0)
        else:
            corners = corner_values(poly, self.box.box)
            if all(c >= 0 for c in corners):
                found = (1, 0)  # zero at most on the box's boundary
            elif all(c <= 0 for c in corners):
                found = (-1, 0)
            else:
                unit = normalise(poly)
                flip = 1
                if unit.LC < 0:
                    unit, flip = -unit, -1
                if unit not in self._index:
                    if len(self.atoms) >= MAX_ATOMS:  # stop early: no exact region of this size
                        raise NoExactRegion(f"more than {MAX_ATOMS} payoff differences change sign over the box")
                    self._index[unit] = len(self.atoms)
                    self.atoms.append(self._atom(unit))
                found = (0, flip * (self._index[unit] + 1))
        self._memo[key] = found
        return found

    def _atom(self, poly: Any) -> Atom:
        positive = self.box.classify(poly.as_expr(), True)
        negative = self.box.classify((-poly).as_expr(), True)
        linear = None
        if all(sum(m) <= 1 for m, _ in poly.terms()):
            coeffs = [0.0] * self.box.ring.ngens
            constant = 0.0
            for monom, c in poly.terms():
                value = float(Fraction(int(c.numerator), int(c.denominator)))
                if sum(monom):
                    coeffs[monom.index(1)] = value
                else:
                    constant = value
            linear = (tuple(coeffs), constant)
        return Atom(poly, str(positive), str(negative), linear)

    def cells(self) -> Iterator[tuple[int, ...]]:
        """Every sign pattern (±1 per atom) with a point of the box strictly inside it; when
        some atom is not linear, every pattern (those empty in the box included)."""
        k = len(self.atoms)
        if k > MAX_ATOMS:
            raise NoExactRegion(f"{k} payoff differences change sign over the box")
        if any(a.linear is None for a in self.atoms):
            yield from itertools.product((1, -1), repeat=k)
            return
        stack: list[tuple[int, ...]] = [()]
        while stack:
            prefix = stack.pop()
            if len(prefix) == k:
                yield prefix
                continue
            for s in (-1, 1):
                if self._inside(prefix + (s,)):
                    stack.append(prefix + (s,))

    def _inside(self, pattern: tuple[int, ...]) -> bool:
        """Whether the box has a point where every atom of ``pattern`` has its sign (strictly)."""
        import numpy as np
        from scipy.optimize import linprog

        dims = self.box.ring.ngens
        rows, bounds = [], []
        for s, atom in zip(pattern, self.atoms):
            coeffs, constant = atom.linear  # type: ignore[misc]
            scale = max(1.0, *(abs(c) for c in coeffs), abs(constant))
            # s * (a.x + b) >= t  <=>  -s*a.x + t <= s*b
            rows.append([-s * c / scale for c in coeffs] + [1.0])
            bounds.append(s * constant / scale)
        limits = [(float(lo), float(hi)) for lo, hi in self.box.box] + [(None, 1.0)]
        found = linprog(np.r_[np.zeros(dims), -1.0], A_ub=np.array(rows), b_ub=np.array(bounds), bounds=limits,
                        method="highs")
        return bool(found.status == 0 and -found.fun > SLACK)


# -- what the signs of one cell say about the equilibrium set --------------------------------
@dataclass(frozen=True)
class Structure:
    """The equilibria a cell's signs imply: ``pure`` profiles, and ``mixed`` (one fully mixed
    equilibrium over ``alive``, each of two players keeping two strategies); ``mixed`` None when
    the signs leave the other equilibria open (only ``alive`` and ``pure`` are then known: no
    equilibrium plays a strategy outside ``alive``, and every pure one is listed)."""

    alive: tuple[tuple[int, ...], ...]
    pure: tuple[tuple[int, ...], ...]
    mixed: bool | None


def structure(shape: Sequence[int], better: Callable[[int, tuple[int, ...], int, int], int]) -> Structure:
    """The equilibrium set implied by ``better(p, profile, s, r)`` (the sign of ``u_p(s, o) -
    u_p(r, o)`` with ``o`` the others' part of ``profile``), as far as the signs decide it."""
    n = len(shape)
    alive = [list(range(m)) for m in shape]
    changed = True
    while changed:
        changed = False
        for p in range(n):
            others = [alive[q] if q != p else [0] for q in range(n)]
            keep = [i for i in alive[p] if not any(
                all(better(p, o, j, i) > 0 for o in itertools.product(*others)) for j in alive[p] if j != i)]
            if len(keep) < len(alive[p]):
                alive[p], changed = keep, True
    pure = tuple(x for x in itertools.product(*alive)
                 if all(better(p, x, r, x[p]) <= 0 for p in range(n) for r in range(shape[p]) if r != x[p]))
    if all(len(a) == 1 for a in alive):
        return Structure(tuple(map(tuple, alive)), pure, False)
    if n == 2 and all(len(a) == 2 for a in alive):
        for p in range(2):
            q = 1 - p
            for o in alive[q]:
                profile = [0, 0]
                profile[q] = o
                if better(p, tuple(profile), alive[p][0], alive[p][1]) == 0:  # a tie throughout the cell
                    return Structure(tuple(map(tuple, alive)), pure, None)
        return Structure(tuple(map(tuple, alive)), pure, True)
    return Structure(tuple(map(tuple, alive)), pure, None)


def decide(exp: Expectation, s: Structure) -> bool | None | list[tuple[int, tuple[int, ...], tuple[int, ...]]]:
    """Whether ``exp`` holds given the cell's equilibria (None: the signs do not tell); for
    ``payoff_dominant`` in a coordination cell, the comparisons ``(player, profile, other)``
    meaning ``u_p(profile) > u_p(other)`` that must hold as well."""
    target = exp.target
    if s.mixed is None:
        return _open(exp, s)
    if exp.check == "outcome":
        return not s.mixed and all(s.pure[0][p] == k for p, k in target.items())
    if exp.check == "never_played":
        if s.mixed:
            return all(k not in s.alive[p] for p, k in target.items())
        return all(s.pure[0][p] != k for p, k in target.items())
    wanted = None if target is True else tuple(target[p] for p in range(len(target)))
    if exp.check == "unique":
        if s.mixed:
            return not s.pure and wanted is None
        return wanted is None or s.pure[0] == wanted
    # payoff_dominant: an equilibrium paying everyone more than every other one
    if wanted not in s.pure:
        return False
    if not s.mixed:
        return True
    comparisons = []
    for other in s.pure:
        if other != wanted:
            comparisons += [(p, wanted, other) for p in range(2)]
    for p in range(2):  # the mixed equilibrium: u_p(P) > u_p(P with the other's other strategy)
        q = 1 - p
        switched = list(wanted)
        switched[q] = next(k for k in s.alive[q] if k != wanted[q])
        comparisons.append((p, wanted, tuple(switched)))
    return comparisons


def _open(exp: Expectation, s: Structure) -> bool | None:
    """What the surviving strategies and the pure equilibria alone decide: every equilibrium
    plays only surviving strategies, and mixed equilibria can only add to the pure ones."""
    target = exp.target
    if exp.check == "outcome":
        if all(s.alive[p] == (k,) for p, k in target.items()):
            return True
        return False if any(any(e[p] != k for p, k in target.items()) for e in s.pure) else None
    if exp.check == "never_played":
        if all(k not in s.alive[p] for p, k in target.items()):
            return True
        return False if any(any(e[p] == k for p, k in target.items()) for e in s.pure) else None
    if exp.check == "unique":
        wanted = None if target is True else tuple(target[p] for p in range(len(target)))
        return False if len(s.pure) > 1 or (wanted is not None and s.pure and s.pure[0] != wanted) else None
    wanted = tuple(target[p] for p in range(len(target)))
    return False if wanted not in s.pure else None


# -- the region --------------------------------------------------------------------------------
def sign_table(payoffs: Any, shape: Sequence[int], signs: Signs) -> dict[tuple, Any]:
    """For each player ``p``, others' profile (``p``'s entry 0) and pair ``s < r`` of ``p``'s strategies: the
    sign of ``u_p(s, o) - u_p(r, o)`` as :meth:`Signs.sign` gives it (a constant, or an atom of the cells)."""
    table = {}
    for p in range(len(shape)):
        for profile in itertools.product(*(range(m) if q != p else [0] for q, m in enumerate(shape))):
            for s, r in itertools.combinations(range(shape[p]), 2):
                a, b = list(profile), list(profile)
                a[p], b[p] = s, r
                table[(p, profile, s, r)] = signs.sign(payoffs[(p, *a)] - payoffs[(p, *b)])
    return table


def comparison_in(table: dict[tuple, Any], cell: tuple[int, ...]) -> Callable[[int, tuple[int, ...], int, int], int]:
    """``better(p, profile, s, r)`` in one cell: the sign of ``u_p(s, o) - u_p(r, o)`` read from
    :func:`sign_table`, each atom's sign taken from ``cell``."""
    def better(p: int, profile: tuple[int, ...], s: int, r: int) -> int:
        if s == r:
            return 0
        key = list(profile)
        key[p] = 0
        lo, hi = (s, r) if s < r else (r, s)
        constant, atom = table[(p, tuple(key), lo, hi)]
        value = constant if atom == 0 else cell[abs(atom) - 1] * (1 if atom > 0 else -1)
        return value if s < r else -value

    return better


def set_region(game: ParametricGame, exp: Expectation, box: Any) -> Any:
    """The exact region of an ``outcome``, ``unique``, ``never_played`` or ``payoff_dominant``
    claim of the strategic form ``game`` over ``box``
    (:class:`~convenience.expectations.box.ExactConditions`); raises
    :class:`NoExactRegion` when the cells do not decide it."""
    payoffs, shape = game.payoffs, tuple(game.shape)
    if sum(math.comb(m, 2) * math.prod(shape) // m for m in shape) > MAX_DIFFERENCES:
        raise NoExactRegion("the game has too many payoff differences to sort into cells")
    signs, cells = _cells_of(payoffs, shape, box)
    groups: dict[Any, list[tuple[int, ...]]] = {}
    extras = Signs(box)  # the payoff comparisons a payoff-dominant profile needs besides the cell
    every = [cell for cell, _ in cells]
    for cell, implied in cells:
        verdict = decide(exp, implied)
        if verdict is None:
            raise NoExactRegion("in part of the box the signs of the payoff differences leave the equilibria open")
        if verdict is False:
            continue
        key: Any = True
        if verdict is not True:
            extra = []
            for p, mine, other in verdict:
                constant, atom = extras.sign(payoffs[(p, *mine)] - payoffs[(p, *other)])
                if constant:
                    if constant < 0:
                        key = None
                        break
                    continue
                if atom == 0:  # an exact tie: never strictly more
                    key = None
                    break
                extra.append(atom)
            if key is None:
                continue
            key = tuple(sorted(set(extra)))
        groups.setdefault(key, []).append(cell)
    return _union(signs, extras, groups, set(every))


#: The last game's cells, by box: ``(payoffs, {box key: (signs, [(cell, structure)]) or the error})``.
_CELLS: dict[str, tuple[Any, dict[Any, Any]]] = {}


def _cells_of(payoffs: Any, shape: tuple[int, ...], box: Any) -> tuple[Signs, list[tuple[tuple[int, ...], Structure]]]:
    """The signs of the payoff differences of ``payoffs`` over ``box``, its cells and the
    equilibria each cell's signs imply (:func:`structure`). The claims of one game about its
    equilibrium set read the same cells, so they are found once per game and box; a failure
    (no exact region of this kind) is remembered and raised again."""
    memo = _CELLS.get("last")
    if memo is None or memo[0] is not payoffs:
        _CELLS.clear()
        memo = _CELLS["last"] = (payoffs, {})
    found = memo[1]
    if box.key not in found:
        try:
            signs = Signs(box)
            table = sign_table(payoffs, shape, signs)
            found[box.key] = (signs, [(cell, structure(shape, comparison_in(table, cell))) for cell in signs.cells()])
        except Exception as error:  # noqa: BLE001 - raised again to every claim that asks (the caller sorts them)
            found[box.key] = error
    if isinstance(found[box.key], Exception):
        raise found[box.key]
    return found[box.key]


def _union(signs: Signs, extras: Signs, groups: dict[Any, list[tuple[int, ...]]], every: set) -> Any:
    """The region made of the cells in ``groups`` (each group's extra conditions, atoms of
    ``extras``, ANDed to it); ``every`` the cells of the box."""
    from convenience.expectations.box import ExactConditions

    k = len(signs.atoms)
    if not groups:
        return ExactConditions((), "and", nowhere=True)
    if set(groups) == {True} and set(groups[True]) == every:
        return ExactConditions((), "and", everywhere=True)
    texts: list[tuple[str, ...]] = []
    for key, cells in groups.items():
        extra = [(extras, a) for a in (() if key is True else key)]
        for term in cover(k, cells, every):
            kept = _tightest([(signs, a) for a in term] + extra)
            texts.append(tuple(dict.fromkeys(_literal(source, a) for source, a in kept)))
    if len(texts) > MAX_DISJUNCTS:
        raise NoExactRegion(f"the exact region has {len(texts)} alternatives")
    if len(texts) == 1:
        return ExactConditions(texts[0], "and", note=NOTE)
    return ExactConditions(tuple(" and ".join(t) if len(t) == 1 else f"({' and '.join(t)})" for t in texts), "or",
                           note=NOTE)


def _tightest(literals: list[tuple[Signs, int]]) -> list[tuple[Signs, int]]:
    """The literals without the bounds on one parameter that a tighter one implies
    (``a > 0`` beside ``a > 1``)."""
    best: dict[tuple[int, int], tuple[float, int]] = {}
    for i, (source, atom) in enumerate(literals):
        linear = source.atoms[abs(atom) - 1].linear
        if linear is None or sum(1 for c in linear[0] if c) != 1:
            continue
        k = next(j for j, c in enumerate(linear[0]) if c)
        slope = linear[0][k] * (1 if atom > 0 else -1)
        bound = -linear[1] * (1 if atom > 0 else -1) / slope  # x > bound (slope > 0) or x < bound
        side = 1 if slope > 0 else -1
        if (k, side) not in best or side * bound > side * best[(k, side)][0]:
            best[(k, side)] = (bound, i)
    keep = {i for _, i in best.values()}
    return [lit for i, lit in enumerate(literals) if i in keep or not _bound_only(lit)]


def _bound_only(literal: tuple[Signs, int]) -> bool:
    source, atom = literal
    linear = source.atoms[abs(atom) - 1].linear
    return linear is not None and sum(1 for c in linear[0] if c) == 1


def _literal(signs: Signs, atom: int) -> str:
    a = signs.atoms[abs(atom) - 1]
    return a.positive if atom > 0 else a.negative


def cover(k: int, cells: list[tuple[int, ...]], every: set) -> list[tuple[int, ...]]:
    """Few products of atom signs (``±(index + 1)``) covering exactly ``cells`` among the cells
    of the box (the others left free): a minimal sum of products."""
    if k == 0:
        return [()]
    key = (k, tuple(cells), frozenset(every))
    if key not in _COVERS:
        if len(_COVERS) >= MAX_COVERS:
            _COVERS.clear()
        _COVERS[key] = _cover(k, cells, every)
    return list(_COVERS[key])


#: Covers already found (a minimal sum of products depends on nothing but its cells).
_COVERS: dict[tuple, list[tuple[int, ...]]] = {}
#: Most covers remembered.
MAX_COVERS = 256


def _cover(k: int, cells: list[tuple[int, ...]], every: set) -> list[tuple[int, ...]]:
    from sympy import symbols
    from sympy.logic.boolalg import And, Not

    names = symbols(f"a0:{k}")
    bit = [[1 if s > 0 else 0 for s in cell] for cell in cells]
    free = [[1 if s > 0 else 0 for s in cell] for cell in itertools.product((1, -1), repeat=k) if cell not in every]
    form = _sum_of_products(list(names), bit, free)
    if form is True or form == True:  # noqa: E712 - sympy's true
        return [()]
    out = []
    for term in (form.args if form.func.__name__ == "Or" else (form,)):
        literals = term.args if isinstance(term, And) else (term,)
        out.append(tuple(-(names.index(x.args[0]) + 1) if isinstance(x, Not) else names.index(x) + 1
                         for x in literals))
    return out


def _sum_of_products(names: list, minterms: list[list[int]], free: list[list[int]]) -> Any:
    """sympy's ``SOPform(names, minterms, free)`` (Quine-McCluskey, then a prime implicant
    table), with its first step, the merging of terms that differ in one place, done through
    a hash of the terms instead of comparing every pair: the same prime implicants in the same
    order, so the same minimal form, in a fraction of the time once there are a few hundred
    cells."""
    from sympy.logic import boolalg

    table = getattr(boolalg, "_rem_redundancy", None)
    as_product = getattr(boolalg, "_convert_to_varsSOP", None)
    if table is None or as_product is None:  # a sympy without these steps: its own function
        return boolalg.SOPform(names, minterms, free)
    if not minterms:
        return boolalg.false
    essential = table(prime_implicants(minterms + free), minterms)
    return boolalg.Or(*[as_product(term, names) for term in essential])


def prime_implicants(terms: list[list[int]]) -> list[list[int]]:
    """The terms left by repeatedly merging pairs that differ in one place (that place becomes 3,
    "either"), exactly as sympy's ``_simplified_pairs`` lists them: terms are grouped by their
    number of ones, and a term with ``c`` ones is merged with each term of ``c + 1`` ones equal
    to it but for one place, in the order sympy compares them. Each term's partners are found
    by looking up its one-place variants rather than by comparing it with the whole group."""
    out: list[list[int]] = []
    while terms:
        groups: dict[int, list[int]] = {}
        where: dict[tuple[int, ...], list[int]] = {}
        for n, term in enumerate(terms):
            groups.setdefault(sum(1 for t in term if t == 1), []).append(n)
            where.setdefault(tuple(term), []).append(n)
        merged: list[list[int]] = []
        seen: set[tuple[int, ...]] = set()
        used = [False] * len(terms)
        width = len(terms[0])
        for ones in range(width):
            for i in groups.get(ones, ()):
                term = terms[i]
                partners = []
                for place, value in enumerate(term):
                    if value != 1:
                        variant = tuple(term[:place]) + (1,) + tuple(term[place + 1:])
                        partners += [(j, place) for j in where.get(variant, ())]
                for j, place in sorted(partners):
                    used[i] = used[j] = True
                    new = term[:]
                    new[place] = 3
                    if tuple(new) not in seen:
                        seen.add(tuple(new))
                        merged.append(new)
        out[:0] = [terms[i] for i in range(len(terms)) if not used[i]]
        terms = merged
    return out


__all__ = ["MAX_ATOMS", "NoExactRegion", "SET_CHECKS", "Signs", "Structure", "cover", "decide", "set_region", "structure"]
