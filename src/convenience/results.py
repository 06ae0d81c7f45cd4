"""One result type for every solver: verified equilibria with labels, method and notes.

Every :class:`Equilibrium` is built by :func:`make_equilibrium`, which computes its expected
payoffs and its regret and refuses a profile that is not an equilibrium: exactly zero regret
for exact games, at most ``REGRET_TOL`` times the payoff range for float games.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np

from convenience.errors import ComputationError
from convenience.numbers import format_number, json_number
from convenience.normal_form import NormalFormGame, Profile

if TYPE_CHECKING:
    from convenience.game import NumericGame

#: Largest regret, relative to the payoff range, accepted for a float equilibrium.
REGRET_TOL = 1e-9


def _is_float_array(x: Any) -> bool:
    return isinstance(x, np.ndarray) and x.dtype.kind == "f"


@dataclass(frozen=True, eq=False)
class Equilibrium:
    """A verified (mixed) strategy profile with its payoffs and regret."""

    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    profile: Profile
    payoffs: tuple
    regret: Any
    exact: bool

    @property
    def support(self) -> tuple[tuple[str, ...], ...]:
        """The strategies each player uses with positive probability."""
        return tuple(tuple(s for s, p in zip(names, x) if p > 0)
                     for names, x in zip(self.strategies, self.profile))

    @property
    def support_indices(self) -> tuple[tuple[int, ...], ...]:
        return tuple(tuple(np.flatnonzero(x > 0).tolist()) if _is_float_array(x)
                     else tuple(int(k) for k in np.flatnonzero([p > 0 for p in x]))
                     for x in self.profile)

    @property
    def is_pure(self) -> bool:
        return all(len(s) == 1 for s in self.support)

    @property
    def pure_indices(self) -> tuple[int, ...] | None:
        """Strategy indices of a pure equilibrium, else None."""
        return tuple(s[0] for s in self.support_indices) if self.is_pure else None

    def strategy_label(self, player: int) -> str:
        """``"Coordinate"`` or ``"Split 1/3, Coordinate 2/3"``."""
        names, x = self.strategies[player], self.profile[player]
        used = [(n, p) for n, p in zip(names, x) if p > 0]
        if len(used) == 1:
            return used[0][0]
        return ", ".join(f"{n} {format_number(p)}" for n, p in used)

    def label(self) -> str:
        """``"Russia: Coordinate; Iran: Split 1/3, Coordinate 2/3"``."""
        return "; ".join(f"{p}: {self.strategy_label(i)}" for i, p in enumerate(self.players))

    def key(self, digits: int = 9) -> tuple:
        """A hashable identity of the profile (rounded for floats), for de-duplication."""
        if self.exact:
            return tuple(tuple(x) for x in self.profile)
        return tuple(tuple(round(v, digits) + 0.0 for v in np.asarray(x, dtype=float).tolist())
                     for x in self.profile)

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form: strategies and payoffs by name, exact values as strings."""
        return {
            "profile": {p: {s: json_number(v) for s, v in zip(names, x)}
                        for p, names, x in zip(self.players, self.strategies, self.profile)},
            "support": {p: list(s) for p, s in zip(self.players, self.support)},
            "payoffs": {p: json_number(v) for p, v in zip(self.players, self.payoffs)},
            "max_regret": json_number(self.regret),
            "pure": self.is_pure,
            "exact": self.exact,
        }


def make_equilibrium(game: NormalFormGame, profile: Sequence[Any], tol: float | None = None) -> Equilibrium:
    """Verify ``profile`` and wrap it as an :class:`Equilibrium`.

    For an exact game the profile is converted to ``Fraction`` and its regret must be exactly
    zero; for a float game regret must not exceed ``tol`` (default ``REGRET_TOL``) times the
    payoff range. Probabilities must be non-negative and sum to one per player.
    """
    if game.is_exact:
        prof = tuple(np.array([Fraction(v) for v in x], dtype=object) for x in profile)
        for x in prof:
            if any(v < 0 for v in x) or sum(x) != 1:
                raise ComputationError(f"not a mixed strategy: {[str(v) for v in x]}")
    else:
        prof = tuple(np.asarray(x, dtype=float) for x in profile)
        for x in prof:
            if (x < -1e-12).any() or abs(x.sum() - 1.0) > 1e-9:
                raise ComputationError(f"not a mixed strategy: {x}")
        prof = tuple(np.clip(x, 0.0, None) / np.clip(x, 0.0, None).sum() for x in prof)
    regret = game.regret(prof)
    if game.is_exact:
        if regret != 0:
            raise ComputationError(f"profile is not an equilibrium (regret {regret})")
    else:
        limit = (REGRET_TOL if tol is None else tol) * game.payoff_range()
        if regret > limit:
            raise ComputationError(f"profile is not an equilibrium (regret {regret:.3g} > {limit:.3g})")
        regret = max(float(regret), 0.0)
    payoffs = tuple(game.expected_payoffs(prof))
    if not game.is_exact:
        payoffs = tuple(float(v) for v in payoffs)
    return Equilibrium(game.players, game.strategies, prof, payoffs, regret, game.is_exact)


def make_bimatrix_equilibria(game: NormalFormGame, profiles: Sequence[Sequence[Any]],
                             tol: float | None = None) -> list:
    """:func:`make_equilibrium` for many profiles of one two-player float game at once.

    The same checks and the same numbers (strategies clipped at zero and renormalised, regret
    at most ``tol`` times the payoff range, expected payoffs), with every profile's payoffs
    computed in one matrix product instead of one call per profile. Returns, in order, an
    :class:`Equilibrium` or the :class:`ComputationError` that :func:`make_equilibrium` raises.
    """
    if game.is_exact or game.n_players != 2:
        raise ValueError("make_bimatrix_equilibria needs a two-player float game")
    if not len(profiles):
        return []
    m, n = game.shape
    X = np.array([np.asarray(p[0], dtype=float) for p in profiles]).reshape(len(profiles), m)
    Y = np.array([np.asarray(p[1], dtype=float) for p in profiles]).reshape(len(profiles), n)
    bad: dict[int, ComputationError] = {}
    for Z in (X, Y):
        wrong = (Z < -1e-12).any(axis=1) | (np.abs(Z.sum(axis=1) - 1.0) > 1e-9)
        for row in np.flatnonzero(wrong):
            bad.setdefault(int(row), ComputationError(f"not a mixed strategy: {Z[row]}"))
    X = np.clip(X, 0.0, None)
    Y = np.clip(Y, 0.0, None)
    with np.errstate(invalid="ignore", divide="ignore"):  # rows already marked bad
        X /= X.sum(axis=1, keepdims=True)
        Y /= Y.sum(axis=1, keepdims=True)
    A, B = game.float_payoffs()
    rows = Y @ A.T  # row player's payoff from each pure strategy, one profile per row
    cols = X @ B
    value0 = np.einsum("ij,ij->i", rows, X)
    value1 = np.einsum("ij,ij->i", cols, Y)
    regret = np.maximum(rows.max(axis=1) - value0, cols.max(axis=1) - value1)
    limit = (REGRET_TOL if tol is None else tol) * game.payoff_range()
    out: list[Equilibrium | ComputationError] = []
    for r in range(len(X)):
        if r in bad:
            out.append(bad[r])
        elif not regret[r] <= limit:
            out.append(ComputationError(f"profile is not an equilibrium (regret {regret[r]:.3g} > {limit:.3g})"))
        else:
            out.append(Equilibrium(game.players, game.strategies, (X[r], Y[r]),
                                   (float(value0[r]), float(value1[r])), max(float(regret[r]), 0.0), False))
    return out


@dataclass(frozen=True, eq=False)
class SolveResult:
    """What every solver returns: the method, its options, the equilibria and notes.

    ``components`` lists connected sets of equilibria (degenerate games); ``notes`` says
    what a reader must know (degeneracy, tolerances, candidates rejected, ties).
    ``extra`` carries method-specific structured data (e.g. dominance steps).
    """

    game: NumericGame
    method: str
    options: dict = field(default_factory=dict)
    equilibria: tuple = ()
    components: tuple = ()
    notes: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)

    @property
    def exact(self) -> bool:
        return bool(self.equilibria) and all(getattr(e, "exact", False) for e in self.equilibria)

    @property
    def pure_equilibria(self) -> tuple:
        return tuple(e for e in self.equilibria if getattr(e, "is_pure", False))

    def to_dict(self, lazy: bool = False) -> dict[str, Any]:
        """The stable JSON form documented in the CLI reference. ``lazy``: the equilibria as a
        generator, each made as it is read, for writers that write one at a time
        (:func:`convenience.json_text.iter_json`): a tree's equilibria can be large."""
        game = self.game
        data: dict[str, Any] = {
            "title": getattr(game, "title", ""),
            "method": self.method,
            "options": {k: v for k, v in self.options.items()},
            "players": list(getattr(game, "players", ())),
        }
        if isinstance(game, NormalFormGame):
            data["strategies"] = {p: list(s) for p, s in zip(game.players, game.strategies)}
        made = (e.to_dict() for e in self.equilibria)
        data["equilibria"] = made if lazy else list(made)
        data["components"] = [c.to_dict() if hasattr(c, "to_dict") else c for c in self.components]
        data["notes"] = list(self.notes)
        for key, value in self.extra.items():  # structured analyses, e.g. a repeated game's thresholds
            if hasattr(value, "to_dict"):
                data[key] = value.to_dict()
        return data

    def _repr_markdown_(self) -> str:
        from convenience.report.solution import result_markdown

        return result_markdown(self)

    def _repr_html_(self) -> str:
        from convenience.display import markdown_to_html

        return markdown_to_html(self._repr_markdown_())

    def to_frame(self) -> Any:
        """The equilibria as a pandas DataFrame (see :mod:`convenience.frames`)."""
        from convenience.frames import equilibria_frame

        return equilibria_frame(self)
