"""Numeric normal-form games: labels plus one payoff array with absolute axes.

``payoffs[i][s0, ..., s(n-1)]`` is player ``i``'s payoff when each player ``j`` plays its
strategy ``sj``. An exact game holds ``fractions.Fraction`` entries (``dtype=object``), a
float game ``float64``; the two are never mixed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Sequence, Union

import numpy as np

from convenience.display import NotebookDisplay

if TYPE_CHECKING:
    import numpy.typing as npt

Profile = tuple[np.ndarray, ...]


@dataclass(frozen=True, eq=False)
class NormalFormGame(NotebookDisplay):
    """A finite game in strategic form, with the names users wrote."""

    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    payoffs: np.ndarray
    title: str = ""
    _float: np.ndarray | None = field(default=None, repr=False, compare=False)

    kind = "normal"

    def __post_init__(self) -> None:
        expected = (len(self.players), *(len(s) for s in self.strategies))
        if self.payoffs.shape != expected:
            raise ValueError(f"payoff array has shape {self.payoffs.shape}, expected {expected}")

    # -- construction -------------------------------------------------------------------
    @classmethod
    def from_arrays(cls, *arrays: Any, players: Sequence[str] | None = None,
                    strategies: Sequence[Sequence[str]] | None = None, title: str = "") -> "NormalFormGame":
        """A game from one payoff array per player (all of the same shape), as in pygambit's
        ``Game.from_arrays``: ``payoff[player][s0, s1, ...]``, absolute axes.

        Integer or ``Fraction`` entries give an exact game; floats give a float game. Default
        names read well in results: two players are ``Row`` (strategies ``R1, R2, ...``) and
        ``Column`` (``C1, C2, ...``); more are ``Player 1, Player 2, ...`` with strategies
        ``s1, s2, ...``.
        """
        n = len(arrays)
        if n == 0:
            raise ValueError("need one payoff array per player")
        raw = [np.asarray(a, dtype=object) for a in arrays]
        shape = raw[0].shape
        if any(a.shape != shape for a in raw) or len(shape) != n:
            raise ValueError(f"need {n} payoff arrays with {n} axes each, all of one shape")
        if players is not None and len(players) != n:
            raise ValueError(f"{len(players)} player names for {n} payoff arrays")
        if strategies is not None and [len(s) for s in strategies] != list(shape):
            raise ValueError(f"strategy names for {[len(s) for s in strategies]} strategies, payoffs of shape {shape}")
        flat = [x for a in raw for x in a.ravel()]
        exact = all(isinstance(x, (int, Fraction, np.integer)) and not isinstance(x, bool) for x in flat)
        if exact:
            payoffs = np.empty((n, *shape), dtype=object)
            for i, a in enumerate(raw):
                payoffs[i] = np.vectorize(lambda v: Fraction(int(v)) if isinstance(v, np.integer) else Fraction(v),
                                          otypes=[object])(a)
        else:
            payoffs = np.array([np.asarray(a, dtype=float) for a in arrays], dtype=float)
        default = ("Row", "Column") if n == 2 else tuple(f"Player {i + 1}" for i in range(n))
        players = tuple(players) if players else default
        if strategies is None:
            prefixes = ("R", "C") if n == 2 else ("s",) * n
            strategies = [[f"{prefix}{k + 1}" for k in range(m)] for prefix, m in zip(prefixes, shape)]
        return cls(tuple(players), tuple(tuple(s) for s in strategies), payoffs, title)

    # -- properties ---------------------------------------------------------------------
    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def shape(self) -> tuple[int, ...]:
        return self.payoffs.shape[1:]

    @property
    def is_exact(self) -> bool:
        return self.payoffs.dtype == object

    @property
    def n_profiles(self) -> int:
        return int(np.prod(self.shape))

    def float_payoffs(self) -> np.ndarray:
        """The payoffs as a float64 array (computed once)."""
        if self._float is None:
            object.__setattr__(self, "_float", np.asarray(self.payoffs, dtype=float))
        return self._float  # type: ignore[return-value]  # set just above when it was None

    def is_zero_sum(self) -> bool:
        total = self.payoffs.sum(axis=0)
        if self.is_exact:
            return all(v == 0 for v in total.ravel())
        return bool(np.allclose(total, 0.0, atol=1e-12 * max(1.0, np.abs(self.payoffs).max())))

    def is_symmetric(self) -> bool:
        """Two-player symmetric: same strategies and B equal to A transposed."""
        if self.n_players != 2 or self.shape[0] != self.shape[1]:
            return False
        return bool(np.all(self.payoffs[1] == self.payoffs[0].T))

    def payoff_range(self) -> float:
        """Largest minus smallest payoff (at least 1): the scale of float tolerances."""
        values = self.float_payoffs()
        return max(1.0, float(values.max() - values.min())) if values.size else 1.0

    # -- profiles -----------------------------------------------------------------------
    def pure_profile(self, indices: Sequence[int]) -> Profile:
        """The mixed-strategy form of a pure profile given by strategy indices."""
        one = Fraction(1) if self.is_exact else 1.0
        zero = Fraction(0) if self.is_exact else 0.0
        profile = []
        for m, k in zip(self.shape, indices):
            x = np.array([zero] * m, dtype=object if self.is_exact else float)
            x[k] = one
            profile.append(x)
        return tuple(profile)

    def pure_payoffs_against(self, profile: Profile, player: int) -> np.ndarray:
        """Player's payoff from each of its pure strategies against the others' mixtures.

        In exact arithmetic only the others' supports are read (a strategy played with
        probability zero adds exactly zero), so checking a pure profile of a game with many
        players reads a handful of payoffs instead of every one.
        """
        table = self.payoffs[player]
        if not self.is_exact:
            table = self.float_payoffs()[player]
        else:
            supports = [range(m) if j == player else [k for k, v in enumerate(x) if v != 0]
                        for j, (m, x) in enumerate(zip(self.shape, profile))]
            if any(len(S) < m for S, m in zip(supports, self.shape)):
                table = table[np.ix_(*supports)]
                profile = tuple(x if j == player else np.asarray([x[k] for k in S], dtype=object)
                                for j, (x, S) in enumerate(zip(profile, supports)))
        values = np.moveaxis(table, player, 0)
        others = [p for j, p in enumerate(profile) if j != player]
        for x in reversed(others):
            values = values @ x if self.is_exact else values @ np.asarray(x, dtype=float)
        return values

    def expected_payoffs(self, profile: Profile) -> tuple:
        """Each player's expected payoff under a mixed profile."""
        return tuple(self.pure_payoffs_against(profile, i) @ profile[i] for i in range(self.n_players))

    def regrets(self, profile: Profile) -> tuple:
        """For each player, the gain from the best pure deviation (zero at an equilibrium)."""
        out = []
        for i in range(self.n_players):
            values = self.pure_payoffs_against(profile, i)
            out.append(max(values) - values @ profile[i])
        return tuple(out)

    def regret(self, profile: Profile) -> Any:
        """Largest regret over players: exactly zero at an equilibrium of an exact game."""
        return max(self.regrets(profile))

    def profile_label(self, indices: Sequence[int]) -> str:
        """``"Russia: Coordinate, Iran: Coordinate"`` for a pure profile."""
        return ", ".join(f"{p}: {s[k]}" for p, s, k in zip(self.players, self.strategies, indices))


#: A strategic-form game, or its payoffs alone as an array ``(players, *shape)``: the
#: stability measures and the topology of 2x2 games take either.
GameOrPayoffs = Union[NormalFormGame, "npt.ArrayLike"]


def payoff_array(game: GameOrPayoffs) -> np.ndarray:
    """The payoffs ``(players, *shape)`` as a float64 array: a game's own (computed once), an
    array's as given."""
    if isinstance(game, NormalFormGame):
        return game.float_payoffs()
    return np.asarray(game, dtype=float)
